import type { Locale } from '../../domain/i18n/index.ts';
import type { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { CountdownStyle } from '../../domain/countdown.ts';
import type { Film } from '../../domain/film.ts';
import type { Countdown } from '../../domain/countdown-record.ts';
import type { CountdownStore } from '../../store/countdown-store.ts';
import type { ReleaseStore } from '../../store/release-store.ts';
import type { BoundedPool, OutcomeListener, OutcomeTally } from '../kit/index.ts';
import type { Notifier, OutgoingMessage } from '../notifier.ts';

export interface CountdownMessageInput {
  film: Film;
  release: DateTime;
  now: DateTime;
  /** The countdown's zone: "tomorrow" and "in 3 days" are counted on its calendar. */
  zone: string;
  style: CountdownStyle;
  /** The server's language (its preferred locale as Discord reports it now). */
  locale: Locale;
}

/** Builds a post; the Discord adapter supplies it, so the scheduler stays free of discord.js. */
export type CountdownRenderer = (input: CountdownMessageInput) => Omit<OutgoingMessage, 'nonce'>;

/** What happened to one countdown post or edit (the `outcome` of its `OutcomeEvent`). */
export type CountdownOutcome = 'posted' | 'edited' | 'reposted' | 'skipped' | 'failed' | 'retry';

export interface CountdownsJobOptions {
  store: CountdownStore;
  releases: Pick<ReleaseStore, 'get'>;
  films: { get(filmId: string): Film | undefined };
  notifier: Notifier;
  render: CountdownRenderer;
  logger: Logger;
  /**
   * A server's language, read at post time: its preferred locale (the guild object from the
   * gateway), so a server that switches to Korean gets its next post and live edit in Korean.
   * Unknown guilds, and tests that leave it out, read English.
   */
  guildLocale?: (guildId: string) => Locale;
  /** With several shards, each process posts only in its own guilds. */
  ownsGuild?: (guildId: string) => boolean;
  onOutcome?: OutcomeListener;
  /**
   * Messages in flight at once. Each goes to its own channel, so the REST queue sends them as
   * fast as the global limit allows while per-channel buckets keep each channel in order.
   */
  concurrency?: number;
  /**
   * Countdowns reading and marking their slot at once. Small on purpose: a store (SQLite above all)
   * works through requests one by one, so letting a thousand prepare together only makes the first
   * send wait for all of them. Recording outcomes has its own places of the same size.
   */
  storeConcurrency?: number;
}

/** What the job's files share: its settings, its pools and what it keeps between runs. */
export interface CountdownsState {
  store: CountdownStore;
  notifier: Notifier;
  logger: Logger;
  tally: OutcomeTally<CountdownOutcome>;
  /** Places for reading, deciding and marking (freed once Discord is being asked). */
  preparing: BoundedPool;
  /** Writes an outcome once Discord has answered. */
  record: (id: string, change: (current: Countdown) => Countdown) => Promise<Countdown | undefined>;
  /** Active countdowns as last read; each is re-read from the store before anything is sent. */
  cache: Map<string, Countdown>;
  /** Edits carry no nonce, so their backoff after a passing failure lives here, not in the store. */
  editRetries: Map<string, { attempts: number; retryAt: DateTime }>;
  stopping: boolean;
}

/** The fields every countdown log line carries. */
export const countdownFields = (c: Countdown) => ({
  countdownId: c.id,
  guildId: c.guildId,
  channelId: c.channelId,
  filmId: c.filmId,
});
