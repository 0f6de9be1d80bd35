import type { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Film } from '../../domain/film.ts';
import type { Markup } from '../../domain/markup.ts';
import type { Reminder, ReminderOffset } from '../../domain/reminders.ts';
import type { ReleaseStore } from '../../store/release-store.ts';
import type { ReminderStore } from '../../store/reminder-store.ts';
import type { FilmRelease } from '../film-releases.ts';
import type { OutcomeListener, OutcomeTally, RetryPolicy } from '../kit/index.ts';
import type { Notifier } from '../notifier.ts';
import type { Locale, Translate } from '../../domain/i18n/index.ts';

/** What happened to one reminder message (the `outcome` of its `OutcomeEvent`). */
export type ReminderOutcome =
  | 'sent'
  | 'sent_late'
  | 'out_now'
  | 'collapsed'
  | 'fallback_dm'
  | 'dm_closed'
  | 'rate_limited'
  | 'retry'
  | 'failed';

/** A reminder is worth ten minutes of trying: 2 s, 4 s, 8 s … up to 5 min apart. */
export const reminderRetryPolicy: RetryPolicy = {
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  giveUpAfterMs: 10 * 60_000,
};

export interface RemindersJobOptions {
  store: ReminderStore;
  releases: Pick<ReleaseStore, 'get'>;
  notifier: Notifier;
  /** How instants and mentions are written in the messages (Discord markup, src/discord/format.ts). */
  markup: Markup;
  /** The catalogue (or anything that lists films): a film that left it is no longer reminded of. */
  films: { all(): readonly Film[] };
  logger: Logger;
  /** Reminders are written in the language each was asked in (`reminderLocale`). */
  t: Translate;
  /** A server's language for `here` posts (see `localeFor`); English when left out. */
  guildLocale?: (guildId: string) => Locale;
  /** With several shards each process delivers only its own users' DMs and its own guilds' posts. */
  ownsUser?: (userId: string) => boolean;
  ownsGuild?: (guildId: string) => boolean;
  /** Names this process's share in the store's bookkeeping (e.g. "2:0,1" for shards 0 and 1 of 2). */
  shardTag?: string;
  retry?: RetryPolicy;
  /**
   * The REST global limit this process sends at (REST_GLOBAL_LIMIT, requests/s; default 50):
   * reminders before release start early enough for the last to leave by its moment.
   */
  requestsPerSecond?: number;
  /**
   * Reminders being delivered at once (default the kit's SENDS_IN_FLIGHT, 64). They go to
   * different channels, so they are sent concurrently at up to the global limit. More would not
   * send faster; it would only queue more store writes ahead of the first message.
   */
  maxInFlight?: number;
  onOutcome?: OutcomeListener;
}

/**
 * A due slot: every reminder of one film and offset, due at one instant. Its reminders are read
 * from the store's due index a page at a time as the sends go, never all at once, so what the job
 * holds for a slot does not grow with the number of reminders in it: one page of ids, the
 * reminders being delivered, and those waiting to be tried again.
 */
export interface ActiveSlot {
  key: string;
  filmId: string;
  offset: ReminderOffset;
  dueAt: DateTime;
  dueIso: string;
  /** Epoch ms from which its pages are read and sent: its moment, or its early start (spread.ts). */
  startAt: number;
  /** Due-index pages read so far: pages 0 … pagesRead − 1 (of the store's `pages`). */
  pagesRead: number;
  /**
   * For each page read: how many ids it held and a digest of them, so that a second read at the
   * moment takes only the ids added to it since (see readLateAdds).
   */
  readPages: PageMark[];
  /**
   * Reminder id → not before (epoch ms), for reminders read and not final yet: being delivered,
   * waiting to try again, or falling back to a DM. Emptied as they reach a final state.
   */
  waiting: Map<string, number>;
  /**
   * The slot has been read at or after its moment, so no reminder can join it any more; only
   * then may it be marked done. False while it is open early (see spread.ts).
   */
  complete: boolean;
}

/** What one due-index page held when it was read (see ActiveSlot.readPages). */
export interface PageMark {
  count: number;
  /** `digestIds` of its ids, in order. */
  digest: string;
}

/** One run: its clock reading and the releases it read. */
export interface RunContext {
  now: DateTime;
  /** performance.now() at the start, to date each send within the run. */
  startedAt: number;
  films: Map<string, FilmRelease>;
}

/** What the job keeps in memory between runs, and its settings; shared by its files. */
export interface RemindersState {
  store: ReminderStore;
  notifier: Notifier;
  markup: Markup;
  logger: Logger;
  t: Translate;
  guildLocale: (guildId: string) => Locale;
  retry: RetryPolicy;
  shardTag: string;
  requestsPerSecond: number;
  /** The shard that owns a reminder (see `ownsReminder`). */
  owns(reminder: Reminder): boolean;
  tally: OutcomeTally<ReminderOutcome>;
  slots: Map<string, ActiveSlot>;
  /** Slot key → the due instant already completed, so it is not re-read from the store. */
  completedSlots: Map<string, string>;
  /** Everything sent to one user about one film goes one at a time (see deliverReminder). */
  perUserFilm: Map<string, Promise<void>>;
  stopping: boolean;
}

/**
 * Every reminder has one owner among the shards: a `here` reminder its guild's, also when it
 * falls back to a DM (the shard that saw its channel fail sends the DM; the user's shard has
 * long counted it as someone else's), a DM reminder its user's.
 */
export const ownsReminder =
  (ownsUser: (userId: string) => boolean, ownsGuild: (guildId: string) => boolean) =>
  (reminder: Reminder): boolean =>
    reminder.where === 'here' && reminder.guildId !== undefined
      ? ownsGuild(reminder.guildId)
      : ownsUser(reminder.userId);

/** The waiting list that holds a reminder, if its slot is active. */
export const waitingOf = (state: RemindersState, r: Reminder): Map<string, number> | undefined =>
  state.slots.get(`${r.filmId}:${r.offset}`)?.waiting;
