import { createHash } from 'node:crypto';
import type { DateTime, DurationLikeObject } from 'luxon';
import * as z from 'zod';
import type { Film } from './film.ts';
import type { Markup } from './markup.ts';
import { filmLabelIn, whereIn } from './i18n/film-words.ts';
import { LOCALES, type Locale, type Translate } from './i18n/index.ts';

/**
 * Reminder rules. A reminder is stored relative to the release ("a day before"), never as an
 * absolute instant, so moving the release moves it. Everything here is pure: instants come in as
 * parameters.
 */

export const reminderOffsets = ['week', 'day', 'hour', 'release'] as const;
export type ReminderOffset = (typeof reminderOffsets)[number];

export const reminderPlaces = ['dm', 'here'] as const;
export type ReminderPlace = (typeof reminderPlaces)[number];

export const DEFAULT_OFFSET: ReminderOffset = 'day';
export const MAX_REMINDERS_PER_USER = 25;

/** Past this, a reminder the bot sends says it is late (the bot was down when it was due). */
export const LATE_AFTER_MS = 60_000;

const before: Readonly<Record<ReminderOffset, DurationLikeObject>> = {
  week: { weeks: 1 },
  day: { days: 1 },
  hour: { hours: 1 },
  release: {},
};

/**
 * The moment of a reminder as words in `locale`: "a day before release", "공개 하루 전". Used in
 * confirmations, the list, autocomplete labels and late DMs (a DM passes the reminder's stored
 * locale, `reminderLocale`).
 */
export const offsetLabel = (offset: ReminderOffset, locale: Locale, t: Translate): string =>
  t(locale, `reminder.offset.${offset}`);

export const isReminderOffset = (value: string): value is ReminderOffset =>
  (reminderOffsets as readonly string[]).includes(value);

/**
 * When a reminder is due. Weeks and days are calendar arithmetic in the release's own zone, so
 * "a day before" an 08:00 London release is 08:00 London the day before even when the clocks
 * change in between; an hour is always sixty minutes. The caller passes the release in its zone.
 */
export const dueInstant = (release: DateTime, offset: ReminderOffset): DateTime =>
  release.minus(before[offset]);

/** Offsets whose moment is still ahead at `now`, in the order a user would read them. */
export const offsetsStillAhead = (release: DateTime, now: DateTime): ReminderOffset[] =>
  reminderOffsets.filter((offset) => dueInstant(release, offset) > now);

/**
 * How a due reminder is delivered at `now`:
 * - `on_time`: within a minute of its moment, before release;
 * - `late`: the bot was down at its moment, the film is not out yet: sent with an apology;
 * - `out_now`: the release has come (a `release` reminder, or one overtaken by the release): it
 *   becomes the single "out now" message for that user and film, never a stale "tomorrow!".
 */
export type DeliveryTiming =
  { kind: 'on_time' } | { kind: 'late' } | { kind: 'out_now'; late: boolean };

export function deliveryTiming(dueAt: DateTime, release: DateTime, now: DateTime): DeliveryTiming {
  if (now >= release)
    return { kind: 'out_now', late: now.toMillis() - release.toMillis() > LATE_AFTER_MS };
  if (now.toMillis() - dueAt.toMillis() > LATE_AFTER_MS) return { kind: 'late' };
  return { kind: 'on_time' };
}

/** The language a reminder is delivered in: the one it was asked in; records from before 'en'. */
export const reminderLocale = (reminder: Pick<Reminder, 'locale'>): Locale =>
  reminder.locale ?? 'en';

export interface ReminderTextInput {
  /** The language of the reader (`reminderLocale` of the reminder the text delivers). */
  locale: Locale;
  t: Translate;
  film: Film;
  release: DateTime;
  offset: ReminderOffset;
  dueAt: DateTime;
  timing: DeliveryTiming;
  /**
   * Set for a `here` post: the users it pings (several when reminders due together in one
   * channel go out as one post, see `mentionChunks`).
   */
  mentionUserIds?: readonly string[];
  /** How instants and mentions are written (Discord markup in the bot). */
  markup: Markup;
}

/** The text of a reminder as it is delivered. */
export function reminderText({ mentionUserIds = [], ...input }: ReminderTextInput): string {
  // One person: pinged inline, as a reply to them. Several: the text first, then who it is for.
  if (mentionUserIds.length <= 1) return textFor(input, mentionUserIds[0]);
  return `${textFor(input, undefined)}\n${mentionUserIds.map((id) => input.markup.user(id)).join(' ')}`;
}

function textFor(
  {
    locale,
    t,
    film,
    release,
    offset,
    dueAt,
    timing,
    markup,
  }: Omit<ReminderTextInput, 'mentionUserIds'>,
  mentionUserId: string | undefined,
): string {
  const vars = {
    ping: mentionUserId === undefined ? '' : `${markup.user(mentionUserId)} `,
    film: filmLabelIn(film, locale, t),
    where: whereIn(film, locale, t),
    dateTime: markup.dateTime(release),
    relative: markup.relative(release),
  };
  if (timing.kind === 'out_now') {
    return t(locale, timing.late ? 'reminder.outNowLate' : 'reminder.outNow', vars);
  }
  if (timing.kind === 'late') {
    return t(locale, 'reminder.late', {
      ...vars,
      dueAt: markup.shortDateTime(dueAt),
      offset: offsetLabel(offset, locale, t),
    });
  }
  // `release` is always out_now once due, so only the three "before" offsets reach this line.
  return t(locale, `reminder.${offset}`, vars);
}

/** Discord's longest message content, in characters. */
export const MESSAGE_CONTENT_MAX = 2000;
/** Discord's cap on `allowed_mentions.users` in one message. */
export const MENTION_USERS_MAX = 100;

/**
 * Split the users of a grouped `here` post (in the order given, each once) into as few posts as
 * Discord allows: each mentions at most `MENTION_USERS_MAX` users and its content, as `render`
 * builds it for those users, stays within `MESSAGE_CONTENT_MAX` characters. 100 mentions of
 * 19-digit ids (23 characters with the space) do not fit in 2,000 characters beside the text, so
 * in practice the content limit decides (about 80 a post). Hand-written: discord.js exports
 * neither limit. Pure: the same users give the same chunks in any process, which keeps a
 * chunk's nonce stable across a restart. `mention` writes one mention as `render` does (past two
 * users each adds a space and one). Throws if one user alone does not fit (a text bug).
 */
export function mentionChunks(
  userIds: readonly string[],
  render: (userIds: readonly string[]) => string,
  mention: (userId: string) => string,
): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  const start = (userId: string) => {
    current = [userId];
    length = render(current).length;
    if (length > MESSAGE_CONTENT_MAX)
      throw new Error(`a reminder for one user is ${length} characters, over Discord's limit`);
  };
  for (const userId of userIds) {
    if (current.length === 0) {
      start(userId);
      continue;
    }
    // Past two users the layout is fixed, so each adds one space and one mention.
    const grown =
      current.length < 2
        ? render([...current, userId]).length
        : length + 1 + mention(userId).length;
    if (current.length >= MENTION_USERS_MAX || grown > MESSAGE_CONTENT_MAX) {
      chunks.push(current);
      start(userId);
    } else {
      current.push(userId);
      length = grown;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Why a `here` reminder came by DM: each way a channel stops taking the bot's messages. */
export const fallbackReasons = [
  'unknown_channel',
  'missing_access',
  'missing_permissions',
  'thread_closed',
  'not_text_channel',
  'blocked',
] as const;
export type FallbackReason = (typeof fallbackReasons)[number];

export const isFallbackReason = (kind: string): kind is FallbackReason =>
  (fallbackReasons as readonly string[]).includes(kind);

/** Prefixed to a `here` reminder that could not be posted in its channel and comes by DM instead. */
export const fallbackPreface = (
  channelId: string,
  reason: FallbackReason,
  markup: Markup,
  locale: Locale,
  t: Translate,
): string =>
  `${t(locale, 'reminder.fallback', {
    channel: markup.channel(channelId),
    why: t(locale, `reminder.fallbackWhy.${reason}`),
  })}\n`;

/**
 * What each subscriber is told, once, when the release instant changes: old and new side by side,
 * in `locale` (the language the reminder that carries the notice was asked in).
 */
export function releaseChangedText(
  film: Film,
  previous: DateTime,
  current: DateTime,
  now: DateTime,
  markup: Markup,
  locale: Locale,
  t: Translate,
): string {
  const out = current <= now;
  return [
    t(locale, 'reminder.releaseChanged.head', {
      film: filmLabelIn(film, locale, t),
      where: whereIn(film, locale, t),
    }),
    t(locale, 'reminder.releaseChanged.was', { dateTime: markup.dateTime(previous) }),
    out
      ? t(locale, 'reminder.releaseChanged.nowOut', { dateTime: markup.dateTime(current) })
      : t(locale, 'reminder.releaseChanged.now', {
          dateTime: markup.dateTime(current),
          relative: markup.relative(current),
        }),
    t(locale, out ? 'reminder.releaseChanged.doneTail' : 'reminder.releaseChanged.movedTail'),
  ].join('\n');
}

// The stored reminder record. The store persists it; the rules above and the scheduler read it.

export const deliveryStates = ['pending', 'sending', 'sent', 'failed', 'dm_closed'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** States after which a reminder is never sent again for the same due instant. */
export const finalStates: ReadonlySet<DeliveryState> = new Set(['sent', 'failed', 'dm_closed']);

const snowflake = z.string().regex(/^\d{1,20}$/);

const deliverySchema = z.object({
  state: z.enum(deliveryStates),
  /**
   * The due instant this state is about. Reminders are relative to the release, so when the
   * release moves the due instant changes and a state recorded for the old one no longer applies:
   * moving a release never has to rewrite every reminder.
   */
  dueAt: z.string().optional(),
  /** Idempotency key of the message being sent; reused on every retry of the same delivery. */
  nonce: z.string().max(25).optional(),
  attempts: z.number().int().min(0),
  lastError: z.string().optional(),
  /** First transient failure of this delivery: retries stop a bounded time after it. */
  firstFailureAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  /** A `here` reminder that could not be posted in its channel goes by DM, saying why. */
  fallback: z.enum(fallbackReasons).optional(),
  sentAt: z.string().optional(),
  late: z.boolean().optional(),
  /** Delivered as part of one "out now" message with the user's other reminders for the film. */
  collapsed: z.boolean().optional(),
  channelId: snowflake.optional(),
  messageId: snowflake.optional(),
});

const noticeSchema = z.object({
  /** The release version the notice is about. */
  version: z.number().int().min(1),
  state: z.enum(['sending', 'sent', 'failed', 'dm_closed']),
  nonce: z.string().max(25),
});

export const reminderSchema = z
  .object({
    id: z.string().min(1),
    userId: snowflake,
    filmId: z.string().min(1),
    offset: z.enum(reminderOffsets),
    where: z.enum(reminderPlaces),
    channelId: snowflake.optional(),
    guildId: snowflake.optional(),
    createdAt: z.string(),
    /**
     * The language the reminder was asked in (the interaction's locale), which its DM is written
     * in. Records stored before it existed have none and read as English (`reminderLocale`).
     */
    locale: z.enum(LOCALES).optional(),
    delivery: deliverySchema,
    /** "The release date changed" notice, kept on the one reminder per user and film that carries it. */
    notice: noticeSchema.optional(),
  })
  .refine((r) => r.where === 'dm' || (r.channelId !== undefined && r.guildId !== undefined), {
    message: 'a `here` reminder needs its channel and guild',
  });

export type Reminder = z.infer<typeof reminderSchema>;
export type DeliveryRecord = Reminder['delivery'];

export interface ReminderKey {
  userId: string;
  filmId: string;
  offset: ReminderOffset;
  where: Reminder['where'];
  channelId?: string | undefined;
}

/**
 * A reminder's id follows from what it asks for, so "the same request twice" is one `get` away
 * and needs no scan of the user's list.
 */
export const reminderIdOf = ({ userId, filmId, offset, where, channelId }: ReminderKey): string =>
  `r${createHash('sha256')
    .update(`${userId}|${filmId}|${offset}|${where}|${where === 'here' ? (channelId ?? '') : ''}`)
    .digest('base64url')
    .slice(0, 15)}`;
