import type { APIEmbed, APIEmbedField } from 'discord.js';
import { DateTime } from 'luxon';
import { decide, scheduleView } from '../domain/countdown.ts';
import type { Film } from '../domain/film.ts';
import { utcOffsetLabel } from '../domain/zones.ts';
import type { Countdown, CountdownResult } from '../domain/countdown-record.ts';
import { dateTimeWithRelative } from '../domain/markup.ts';
import { discordMarkup } from './format.ts';
import { fitEmbed } from './embeds.ts';

const full = (at: DateTime) => dateTimeWithRelative(discordMarkup, at);
const parse = (iso: string) => DateTime.fromISO(iso, { setZone: true });

/** "every day at 09:00 Europe/London (UTC+1 now)", or the live message's cadence. */
export function scheduleText(c: Pick<Countdown, 'style' | 'time' | 'zone'>, now: DateTime): string {
  const zone = `${c.zone} (${utcOffsetLabel(c.zone, now)} now)`;
  return c.style === 'post'
    ? `a post every day at ${c.time} ${zone}, one an hour before release and an "out now" post at release`
    : `one live message, refreshed every hour (every minute in the last hour, days counted in ${zone}), turned into "out now" at release`;
}

const CODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'timeout'],
  [429, 'rate limited'],
  [10003, 'channel deleted'],
  [10004, 'server gone'],
  [10008, 'message deleted'],
  [50001, 'Missing Access'],
  [50013, 'Missing Permissions'],
  [50083, 'thread archived'],
  [160005, 'thread locked'],
  [50008, 'not a text channel'],
  [50024, 'wrong channel type'],
  [200000, 'blocked by AutoMod'],
  [240000, 'blocked by the harmful links filter'],
]);

export function resultText(result: CountdownResult): string {
  const when = discordMarkup.relative(parse(result.at));
  switch (result.outcome) {
    case 'posted':
      return `posted ${when}${result.late === true ? ' (late: I was offline at its time)' : ''}`;
    case 'edited':
      return `live message updated ${when}`;
    case 'reposted':
      return `live message was deleted; posted a new one ${when}`;
    case 'skipped':
      return `skipped the post due ${result.slot ? discordMarkup.shortDateTime(parse(result.slot)) : ''}: I was offline for more than 6 hours`;
    case 'failed': {
      const code = result.code ?? 0;
      return `failed ${when}: Discord said ${CODE_NAMES.get(code) ?? 'error'} (${code})`;
    }
  }
}

/** One countdown, as `/countdown status` shows it. */
export function countdownStatusField(
  c: Countdown,
  film: Film | undefined,
  release: DateTime | undefined,
  now: DateTime,
): APIEmbedField {
  const title = film ? `${film.title} (${film.year})` : c.filmId;
  const lines = [`in ${discordMarkup.channel(c.channelId)}: ${scheduleText(c, now)}`];
  if (c.style === 'live' && c.liveMessageId !== undefined) {
    lines.push(
      `Live message: https://discord.com/channels/${c.guildId}/${c.channelId}/${c.liveMessageId}`,
    );
  }
  let state: string;
  switch (c.status) {
    case 'active': {
      state = 'running';
      if (release) {
        const since = DateTime.max(
          parse(c.createdAt),
          c.lastSlot ? parse(c.lastSlot) : parse(c.createdAt),
        );
        const decision = decide(
          scheduleView(c.style, { time: c.time, zone: c.zone }, release, now),
          since,
        );
        const next =
          c.style === 'live' && c.liveMessageId === undefined
            ? now
            : decision.action === 'wait'
              ? decision.next?.at
              : now;
        if (next) lines.push(`Next ${c.style === 'post' ? 'post' : 'update'}: ${full(next)}`);
      }
      break;
    }
    case 'paused':
      state = 'paused';
      lines.push(
        `Paused: ${c.pausedReason ?? 'Discord refused a post'}. Fix it, then run /countdown start again to resume.`,
      );
      break;
    case 'finished':
      state = 'finished';
      lines.push(
        `Finished ${c.endedAt ? discordMarkup.relative(parse(c.endedAt)) : ''} with its "out now" post.`,
      );
      break;
    case 'ended':
      state = 'ended';
      lines.push(
        c.lastResult?.code === 10003
          ? 'Ended: the channel was deleted.'
          : c.lastResult?.code === 10004
            ? 'Ended: I am no longer in that server.'
            : 'Ended.',
      );
      break;
  }
  if (c.lastResult) lines.push(`Last: ${resultText(c.lastResult)}`);
  return { name: `${title} · ${state}`.slice(0, 256), value: lines.join('\n').slice(0, 1024) };
}

export function countdownStatusEmbed(
  fields: APIEmbedField[],
  guildName: string | undefined,
): APIEmbed {
  // Ten countdowns with long names and reasons can pass the 6,000 characters of one message:
  // fitEmbed shortens the last fields' values rather than let Discord refuse the whole reply.
  return fitEmbed({
    title: `Countdowns${guildName ? ` in ${guildName}` : ''}`,
    color: 0xb3122d,
    fields,
    footer: { text: 'Times show in your own time zone. At most 10 countdowns per server.' },
  });
}
