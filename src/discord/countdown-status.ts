import type { APIEmbed, APIEmbedField } from 'discord.js';
import { DateTime } from 'luxon';
import { decide, scheduleView } from '../domain/countdown.ts';
import type { Film } from '../domain/film.ts';
import { filmLabelIn } from '../domain/i18n/film-words.ts';
import type { MessageKey } from '../domain/i18n/index.ts';
import { utcOffsetLabel } from '../domain/zones.ts';
import {
  MAX_COUNTDOWNS_PER_GUILD,
  type Countdown,
  type CountdownResult,
} from '../domain/countdown-record.ts';
import { dateTimeWithRelative } from '../domain/markup.ts';
import { discordMarkup } from './format.ts';
import { fitEmbed, type Reader } from './embeds.ts';

const full = (at: DateTime) => dateTimeWithRelative(discordMarkup, at);
const parse = (iso: string) => DateTime.fromISO(iso, { setZone: true });

/**
 * "a post every day at 09:00 Europe/London (UTC+1 now), …", or the live message's cadence, in the
 * reader's language: the clause that follows "in #channel:" in replies and `/countdown status`.
 */
export function scheduleText(
  c: Pick<Countdown, 'style' | 'time' | 'zone'>,
  now: DateTime,
  { locale, t }: Reader,
): string {
  return t(
    locale,
    c.style === 'post' ? 'countdownCommand.schedule.post' : 'countdownCommand.schedule.live',
    { time: c.time, zone: c.zone, offset: utcOffsetLabel(c.zone, now) },
  );
}

/** What Discord's error codes mean, as a status line names them (`countdownCommand.result.code.*`). */
const CODE_KEYS: ReadonlyMap<number, MessageKey> = new Map<number, MessageKey>([
  [0, 'countdownCommand.result.code.timeout'],
  [429, 'countdownCommand.result.code.rateLimited'],
  [10003, 'countdownCommand.result.code.channelDeleted'],
  [10004, 'countdownCommand.result.code.serverGone'],
  [10008, 'countdownCommand.result.code.messageDeleted'],
  [50001, 'countdownCommand.result.code.missingAccess'],
  [50013, 'countdownCommand.result.code.missingPermissions'],
  [50083, 'countdownCommand.result.code.threadArchived'],
  [160005, 'countdownCommand.result.code.threadLocked'],
  [50008, 'countdownCommand.result.code.notTextChannel'],
  [50024, 'countdownCommand.result.code.wrongChannelType'],
  [200000, 'countdownCommand.result.code.autoMod'],
  [240000, 'countdownCommand.result.code.harmfulLinks'],
]);

/** The last delivery of a countdown, in the reader's language: "posted <t:…:R>", "failed …: Discord said …". */
export function resultText(result: CountdownResult, { locale, t }: Reader): string {
  const when = discordMarkup.relative(parse(result.at));
  switch (result.outcome) {
    case 'posted':
      return t(
        locale,
        result.late === true
          ? 'countdownCommand.result.postedLate'
          : 'countdownCommand.result.posted',
        { when },
      );
    case 'edited':
      return t(locale, 'countdownCommand.result.edited', { when });
    case 'reposted':
      return t(locale, 'countdownCommand.result.reposted', { when });
    case 'skipped':
      return t(locale, 'countdownCommand.result.skipped', {
        slot: result.slot ? discordMarkup.shortDateTime(parse(result.slot)) : '',
      });
    case 'failed': {
      const code = result.code ?? 0;
      return t(locale, 'countdownCommand.result.failed', {
        when,
        code: t(locale, CODE_KEYS.get(code) ?? 'countdownCommand.result.code.other'),
        number: code,
      });
    }
  }
}

/** One countdown, as `/countdown status` shows it to `reader`. */
export function countdownStatusField(
  c: Countdown,
  film: Film | undefined,
  release: DateTime | undefined,
  now: DateTime,
  reader: Reader,
): APIEmbedField {
  const { locale, t } = reader;
  const title = film ? filmLabelIn(film, locale, t) : c.filmId;
  const lines = [
    t(locale, 'countdownCommand.status.where', {
      channel: discordMarkup.channel(c.channelId),
      schedule: scheduleText(c, now, reader),
    }),
  ];
  if (c.style === 'live' && c.liveMessageId !== undefined) {
    lines.push(
      t(locale, 'countdownCommand.status.liveMessage', {
        url: `https://discord.com/channels/${c.guildId}/${c.channelId}/${c.liveMessageId}`,
      }),
    );
  }
  switch (c.status) {
    case 'active': {
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
        if (next) {
          lines.push(
            t(
              locale,
              c.style === 'post'
                ? 'countdownCommand.status.nextPost'
                : 'countdownCommand.status.nextUpdate',
              { at: full(next) },
            ),
          );
        }
      }
      break;
    }
    case 'paused':
      // The reason by its kind in the reader's language; a record paused before kinds were kept
      // has only the scheduler's English words.
      lines.push(
        t(locale, 'countdownCommand.status.paused', {
          reason:
            c.pausedKind !== undefined
              ? t(locale, `countdownCommand.pauseReason.${c.pausedKind}`, {
                  code: c.lastResult?.code ?? 0,
                })
              : (c.pausedReason ?? t(locale, 'countdownCommand.status.pausedUnknown')),
        }),
      );
      break;
    case 'finished':
      lines.push(
        t(locale, 'countdownCommand.status.finished', {
          relative: c.endedAt ? discordMarkup.relative(parse(c.endedAt)) : '',
        }),
      );
      break;
    case 'ended':
      lines.push(
        t(
          locale,
          c.lastResult?.code === 10003
            ? 'countdownCommand.status.endedChannelDeleted'
            : c.lastResult?.code === 10004
              ? 'countdownCommand.status.endedServerGone'
              : 'countdownCommand.status.ended',
        ),
      );
      break;
  }
  if (c.lastResult) {
    lines.push(
      t(locale, 'countdownCommand.status.last', { result: resultText(c.lastResult, reader) }),
    );
  }
  const name = t(locale, 'countdownCommand.status.fieldName', {
    film: title,
    state: t(locale, `countdownCommand.status.state.${c.status}`),
  });
  return { name: name.slice(0, 256), value: lines.join('\n').slice(0, 1024) };
}

/** The `/countdown status` embed for a server (`guildName` when known), in the reader's language. */
export function countdownStatusEmbed(
  fields: APIEmbedField[],
  guildName: string | undefined,
  { locale, t }: Reader,
): APIEmbed {
  // Ten countdowns with long names and reasons can pass the 6,000 characters of one message:
  // fitEmbed shortens the last fields' values rather than let Discord refuse the whole reply.
  return fitEmbed({
    title: guildName
      ? t(locale, 'countdownCommand.status.titleIn', { guild: guildName })
      : t(locale, 'countdownCommand.status.title'),
    color: 0xb3122d,
    fields,
    footer: {
      text: t(locale, 'countdownCommand.status.footer', { max: MAX_COUNTDOWNS_PER_GUILD }),
    },
  });
}
