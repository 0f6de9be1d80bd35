import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIEmbed,
  type APIMessage,
  type APIMessageComponent,
} from 'discord-api-types/v10';
import { DateTime } from 'luxon';

export interface RenderContext {
  /** "Now" for relative timestamps (`<t:…:R>`): the bot's clock, not the machine's. */
  now: DateTime;
  /** Zone and locale timestamps are shown in, as the Discord client uses the viewer's. */
  zone: string;
  locale: string;
  /** Names for `<@id>`, `<#id>` and `<@&id>` mentions. */
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  roleName(id: string): string | undefined;
  color: boolean;
}

const TIME = { hour: '2-digit', minute: '2-digit' } as const;
const STYLE = {
  t: TIME,
  T: { ...TIME, second: '2-digit' },
  d: { day: '2-digit', month: '2-digit', year: 'numeric' },
  D: { day: 'numeric', month: 'long', year: 'numeric' },
  f: { day: 'numeric', month: 'long', year: 'numeric', ...TIME },
  F: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', ...TIME },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** The thresholds the Discord client uses for `<t:…:R>` ("in a day" from 22 hours on). */
const RELATIVE: readonly [Intl.RelativeTimeFormatUnit, number, number][] = [
  ['second', 1, 45],
  ['minute', 60, 45],
  ['hour', 3600, 22],
  ['day', 86_400, 26],
  ['month', 2_592_000, 11],
];

function relative(unix: number, now: DateTime, locale: string): string {
  const seconds = unix - now.toSeconds();
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  for (const [unit, size, limit] of RELATIVE) {
    const value = Math.round(seconds / size);
    if (Math.abs(value) < limit) return format.format(value, unit);
  }
  return format.format(Math.round(seconds / 31_536_000), 'year');
}

/** Discord's `<t:unix:style>` as the Discord client would show it, in `zone`. */
export function renderTimestamp(
  unix: number,
  style: string,
  ctx: Pick<RenderContext, 'now' | 'zone' | 'locale'>,
): string {
  const at = DateTime.fromSeconds(unix, { zone: ctx.zone, locale: ctx.locale });
  if (style === 'R') return relative(unix, ctx.now, ctx.locale);
  const key = style in STYLE ? (style as keyof typeof STYLE) : 'f';
  // A 12-hour clock writes the hour without a leading zero, as the Discord client does ("오전 8:00").
  const twelveHour = ['h11', 'h12'].includes(
    new Intl.DateTimeFormat(ctx.locale, { hour: 'numeric' }).resolvedOptions().hourCycle ?? '',
  );
  const options: Intl.DateTimeFormatOptions =
    twelveHour && 'hour' in STYLE[key] ? { ...STYLE[key], hour: 'numeric' } : STYLE[key];
  const text = at.toLocaleString(options);
  // Only times need a zone to be read right; dates alone are clear without one.
  return key === 'd' || key === 'D' ? text : `${text} ${at.toFormat('ZZZZ')}`;
}

/** Timestamps, mentions and the Markdown Discord would render, as plain terminal text. */
export function renderText(text: string, ctx: RenderContext): string {
  const bold = (s: string) => (ctx.color ? `\x1b[1m${s}\x1b[22m` : s);
  const italic = (s: string) => (ctx.color ? `\x1b[3m${s}\x1b[23m` : s);
  return text
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_, unix: string, style: string | undefined) =>
      renderTimestamp(Number(unix), style ?? 'f', ctx),
    )
    .replace(/<@!?(\d+)>/g, (raw, id: string) => `@${ctx.userName(id) ?? raw}`)
    .replace(/<@&(\d+)>/g, (raw, id: string) => `@${ctx.roleName(id) ?? raw}`)
    .replace(/<#(\d+)>/g, (raw, id: string) => `#${ctx.channelName(id) ?? raw}`)
    .replace(/\*\*(.+?)\*\*/gs, (_, s: string) => bold(s))
    .replace(/(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])/g, (_, s: string) => italic(s));
}

const indent = (prefix: string, text: string) =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

function renderEmbed(embed: APIEmbed, ctx: RenderContext): string {
  const bar = ctx.color ? '\x1b[35m▌\x1b[39m ' : '▌ ';
  const lines: string[] = [];
  if (embed.author?.name) lines.push(renderText(embed.author.name, ctx));
  if (embed.title)
    lines.push(
      ctx.color ? `\x1b[1m${renderText(embed.title, ctx)}\x1b[22m` : renderText(embed.title, ctx),
    );
  if (embed.description) lines.push(renderText(embed.description, ctx));
  for (const field of embed.fields ?? []) {
    const name = renderText(field.name, ctx);
    lines.push('', ctx.color ? `\x1b[1m${name}\x1b[22m` : name, renderText(field.value, ctx));
  }
  if (embed.footer?.text)
    lines.push(
      '',
      ctx.color
        ? `\x1b[2m${renderText(embed.footer.text, ctx)}\x1b[22m`
        : renderText(embed.footer.text, ctx),
    );
  if (embed.timestamp)
    lines.push(renderTimestamp(Math.floor(Date.parse(embed.timestamp) / 1000), 'f', ctx));
  return indent(bar, lines.join('\n'));
}

function renderComponents(components: readonly APIMessageComponent[]): string[] {
  const rows: string[] = [];
  for (const row of components) {
    if (row.type !== ComponentType.ActionRow) continue;
    const parts = row.components.map((c) => {
      if (c.type === ComponentType.Button) {
        const label = 'label' in c && c.label !== undefined ? c.label : '…';
        const disabled = c.disabled === true ? ' (disabled)' : '';
        return c.style === ButtonStyle.Link ? `[${label} ↗ ${c.url}]` : `[${label}]${disabled}`;
      }
      if (c.type === ComponentType.StringSelect)
        return `[select: ${c.placeholder ?? c.options.map((o) => o.label).join(' | ')}]`;
      return `[${ComponentType[c.type]}]`;
    });
    if (parts.length > 0) rows.push(parts.join(' '));
  }
  return rows;
}

/** A message as a block of terminal text: who, what, embeds with their fields, buttons. */
export function renderMessage(message: APIMessage, ctx: RenderContext, heading?: string): string {
  const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const dim = (s: string) => (ctx.color ? `\x1b[2m${s}\x1b[22m` : s);
  const edited = message.edited_timestamp === null ? '' : ' (edited)';
  const title =
    heading ?? `${message.author.username}${ephemeral ? ' · only you can see this' : ''}${edited}`;
  const body: string[] = [];
  if (message.content !== '') body.push(renderText(message.content, ctx));
  for (const embed of message.embeds) body.push(renderEmbed(embed, ctx));
  const buttons = renderComponents(message.components ?? []);
  if (buttons.length > 0) body.push(...buttons);
  return [dim(`┌ ${title}`), indent(dim('│ '), body.join('\n') || dim('(empty)')), dim('└')].join(
    '\n',
  );
}
