import { DateTime } from 'luxon';
import {
  ApplicationCommandOptionType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';

export interface ParsedCommand {
  /** The command with its subcommands, e.g. `countdown start`. */
  name: string;
  options: Record<string, string>;
}

const isSub = (o: APIApplicationCommandOption) =>
  o.type === ApplicationCommandOptionType.Subcommand ||
  o.type === ApplicationCommandOptionType.SubcommandGroup;

const unquote = (v: string) => v.trim().replace(/^(["'“])(.*)(["'”])$/s, '$2');

/**
 * Read a line as the Discord client's command bar would: `/ask question:who plays Choi? title:ballerina`.
 * Option values run until the next `name:` of the same command, so they may contain spaces;
 * text before the first `name:` fills the first option not given (`/film ballerina`).
 */
export function parseCommandLine(
  line: string,
  commands: readonly APIApplicationCommand[],
): ParsedCommand {
  const words = line.trim().replace(/^\//, '').split(/\s+/);
  const root = commands.find((c) => c.name === words[0]?.toLowerCase());
  if (!root) {
    const known = commands.map((c) => `/${c.name}`).join(' ') || '(none registered yet)';
    throw new Error(`no command /${words[0] ?? ''}; commands: ${known}`);
  }
  const path = [root.name];
  let options: readonly APIApplicationCommandOption[] = root.options ?? [];
  let used = 1;
  while (options.some(isSub)) {
    const next = words[used]?.toLowerCase();
    const sub = options.find((o) => isSub(o) && o.name === next);
    if (
      sub?.type !== ApplicationCommandOptionType.Subcommand &&
      sub?.type !== ApplicationCommandOptionType.SubcommandGroup
    ) {
      throw new Error(
        `/${path.join(' ')} needs one of: ${options
          .filter(isSub)
          .map((o) => o.name)
          .join(', ')}`,
      );
    }
    path.push(sub.name);
    options = sub.options ?? [];
    used += 1;
  }
  const rest = words.slice(used).join(' ');
  const names = options.map((o) => o.name);
  const found: { name: string; at: number; valueAt: number }[] = [];
  for (const name of names) {
    const re = new RegExp(`(?:^|\\s)(${name.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}):`, 'g');
    for (const m of rest.matchAll(re)) {
      const at = m.index + (m[0].startsWith(' ') ? 1 : 0);
      found.push({ name, at, valueAt: at + name.length + 1 });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const parsed: Record<string, string> = {};
  found.forEach((f, i) => {
    parsed[f.name] = unquote(rest.slice(f.valueAt, found[i + 1]?.at ?? rest.length));
  });
  const leading = unquote(rest.slice(0, found[0]?.at ?? rest.length));
  if (leading !== '') {
    const free = options.find((o) => parsed[o.name] === undefined);
    if (!free) throw new Error(`"${leading}" is not an option; options: ${names.join(', ')}`);
    parsed[free.name] = leading;
  }
  return { name: path.join(' '), options: parsed };
}

/** `2023-10-05T08:00+01:00`: an explicit offset (or Z) at the end of the time. */
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * An instant typed as `<date> [<time>] [<IANA zone>]` (`2023-10-05 08:00`, `2023-10-05 08:00
 * Europe/London`, `2023-10-05T08:00+01:00`): in the zone when one is given, at the offset when the
 * time carries one, and otherwise in UTC, never the host's zone, so the same line means the same
 * instant on every machine. Throws an Error saying what is expected when it is not an instant.
 */
export function instantFrom(text: string): DateTime {
  const [date = '', time = '00:00', zone = 'UTC'] = text.trim().split(/\s+/);
  const iso = date.includes('T') ? date : `${date}T${time}`;
  const instant = DateTime.fromISO(iso, { zone, setZone: true });
  if (!instant.isValid)
    throw new Error(
      `not a time: "${text}" (e.g. :time 2023-10-05 08:00, read as UTC, or :time 2023-10-05 08:00 Europe/London)`,
    );
  return instant;
}

/** How `instantFrom` read `text`: "as UTC", "in Europe/London", or "at its offset". */
export function readAs(text: string): string {
  const [date = '', time = '', zone] = text.trim().split(/\s+/);
  if (zone !== undefined) return `in ${zone}`;
  return HAS_OFFSET.test(date.includes('T') ? date : time) ? 'at its offset' : 'as UTC';
}
