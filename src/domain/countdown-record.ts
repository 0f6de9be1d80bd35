import { DateTime } from 'luxon';
import * as z from 'zod';
import { fallbackReasons } from './reminders.ts';
import { isZone } from './zones.ts';

/**
 * The stored countdown record and the rules about the record itself (its id, the per-server cap,
 * resuming). When it posts and what it says are in countdown.ts.
 */

const snowflake = z.string().regex(/^\d{1,20}$/);

const isoInstant = z.string().refine((s) => DateTime.fromISO(s, { setZone: true }).isValid, {
  message: 'must be an ISO 8601 instant',
});

const lastResultSchema = z.object({
  at: isoInstant,
  /** What happened: a new post, an edit of the live message, a repost after it was deleted, a slot missed for too long, a failure. */
  outcome: z.enum(['posted', 'edited', 'reposted', 'skipped', 'failed']),
  slot: isoInstant.optional(),
  slotKind: z.enum(['daily', 'hour-before', 'release', 'refresh', 'start']).optional(),
  late: z.boolean().optional(),
  /** Discord's error code for a failure (0 for a timeout). */
  code: z.number().int().optional(),
  messageId: z.string().optional(),
});

/**
 * Refusals that pause a countdown until an admin fixes them: every way a channel stops taking the
 * bot's messages (the reminders' `fallbackReasons`) except its deletion, which ends the countdown.
 */
const pauseKindSchema = z.enum(fallbackReasons).exclude(['unknown_channel']);
export const PAUSE_KINDS = pauseKindSchema.options;
export type PauseKind = z.infer<typeof pauseKindSchema>;
export const isPauseKind = (kind: string): kind is PauseKind =>
  (PAUSE_KINDS as readonly string[]).includes(kind);

export const countdownSchema = z.object({
  id: z.string().min(1),
  guildId: snowflake,
  channelId: snowflake,
  filmId: z.string().min(1),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  zone: z.string().refine(isZone, { message: 'must be an IANA time zone' }),
  style: z.enum(['post', 'live']),
  createdBy: snowflake,
  createdAt: isoInstant,
  status: z.enum(['active', 'paused', 'finished', 'ended']),
  pausedReason: z.string().optional(),
  /**
   * Which refusal paused it (written with `pausedReason` since countdowns spoke Korean), so
   * /countdown status can say why in the reader's language; `pausedReason` keeps the English
   * words, and is all older records have.
   */
  pausedKind: pauseKindSchema.optional(),
  /** Everything up to this instant is handled (sent, skipped or given up); nothing before it is ever sent. */
  lastSlot: isoInstant.optional(),
  lastResult: lastResultSchema.optional(),
  liveMessageId: snowflake.optional(),
  /**
   * The release instant the live message last showed (set by every post and edit of it); when
   * `/release set` moves the release away from it, the next tick edits the message at once
   * instead of waiting for its next hourly refresh.
   */
  liveRelease: isoInstant.optional(),
  /** The next post as last planned; shown by /countdown status and refreshed by every tick that acts. */
  nextSlot: isoInstant.optional(),
  /**
   * Written before a message is sent and cleared after: if the process dies in between, the
   * retry reuses the nonce and Discord hands back the message instead of posting a second one.
   */
  sending: z
    .object({
      slot: z.string().min(1),
      nonce: z.string().min(1).max(25),
      attempts: z.number().int().min(0).default(0),
      retryAt: isoInstant.optional(),
    })
    .optional(),
  /** The Discord scheduled event created with `event:true`, if any. */
  eventId: snowflake.optional(),
  /**
   * The release instant the event's start and end were last set for; when `/release set` moves the
   * release away from it, the countdown tick moves the event.
   */
  eventRelease: isoInstant.optional(),
  endedAt: isoInstant.optional(),
});

export type Countdown = z.infer<typeof countdownSchema>;
export type CountdownResult = NonNullable<Countdown['lastResult']>;

/** One countdown per channel and film: the id says which. */
export const countdownId = (guildId: string, channelId: string, filmId: string): string =>
  `${guildId}:${channelId}:${filmId}`;

export const MAX_COUNTDOWNS_PER_GUILD = 10;

/** The zone of a countdown when neither `/countdown start` nor the server names one. */
export const DEFAULT_COUNTDOWN_ZONE = 'Europe/London';

/**
 * The zone a new countdown in `channelId` takes when `/countdown start` names none, and why: the
 * server's zone, which is the one zone every other running (or paused) countdown of the server
 * uses, else Europe/London. Never one channel's pick among several, and never a stopped or
 * finished countdown's: starting a channel again does not silently take whichever other
 * channel's zone happened to be listed last.
 */
export function defaultCountdownZone(
  existing: readonly Pick<Countdown, 'channelId' | 'zone' | 'status'>[],
  channelId: string,
): { zone: string; from: 'server' | 'default' } {
  const zones = new Set(
    existing
      .filter((c) => c.channelId !== channelId && (c.status === 'active' || c.status === 'paused'))
      .map((c) => c.zone),
  );
  const [only] = zones;
  return zones.size === 1 && only !== undefined
    ? { zone: only, from: 'server' }
    : { zone: DEFAULT_COUNTDOWN_ZONE, from: 'default' };
}

/**
 * A paused countdown started again, possibly with new settings. Nothing missed while it was paused
 * is sent: it picks up at its next slot.
 */
export function resumeCountdown(
  paused: Countdown,
  settings: Pick<Countdown, 'time' | 'zone' | 'style'>,
  now: DateTime,
): Countdown {
  const { pausedReason: _reason, pausedKind: _kind, sending: _sending, ...rest } = paused;
  const last =
    paused.lastSlot === undefined ? now : DateTime.fromISO(paused.lastSlot, { setZone: true });
  return {
    ...rest,
    ...settings,
    status: 'active',
    lastSlot: DateTime.max(last, now).toUTC().toISO() ?? '',
    ...(settings.style === 'live' ? {} : { liveMessageId: undefined }),
  };
}
