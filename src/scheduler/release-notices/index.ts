import type { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Film } from '../../domain/film.ts';
import type { Markup } from '../../domain/markup.ts';
import { reminderLocale, releaseChangedText } from '../../domain/reminders.ts';
import type { Translate } from '../../domain/i18n/index.ts';
import { previousReleaseDateTime } from '../../domain/release.ts';
import type { Reminder } from '../../domain/reminders.ts';
import type { ReleaseStore } from '../../store/release-store.ts';
import type { ReminderStore } from '../../store/reminder-store.ts';
import { readFilmReleases, type FilmRelease } from '../film-releases.ts';
import {
  BoundedPool,
  classifyFailure,
  deliveryNonce,
  isPassing,
  nextAttempt,
  OutcomeTally,
  logJobError,
  recordUntilStored,
  sendOnce,
  SENDS_IN_FLIGHT,
  utcIso,
  type OutcomeListener,
  type RetryPolicy,
} from '../kit/index.ts';
import type { Notifier } from '../notifier.ts';
import type { TickJob } from '../ticker.ts';
import { canonicalReminders, type ActiveNotice } from './plan.ts';

export type NoticeOutcome = 'sent' | 'dm_closed' | 'retry' | 'failed';

/** A notice is retried every 2 s (or as a 429 says) until Discord takes it: it never expires. */
export const noticeRetryPolicy: RetryPolicy = { baseDelayMs: 2_000, maxDelayMs: 2_000 };

export interface ReleaseNoticesJobOptions {
  /** Reminders carry each subscriber's notice state (`reminder.notice`) and the progress markers. */
  store: ReminderStore;
  releases: Pick<ReleaseStore, 'get'>;
  notifier: Notifier;
  /** How instants and mentions are written in the messages (Discord markup, src/discord/format.ts). */
  markup: Markup;
  films: { all(): readonly Film[] };
  logger: Logger;
  /** A notice is written in the language of the reminder that carries it (`reminderLocale`). */
  t: Translate;
  /** With several shards each process tells only its own users. */
  ownsUser?: (userId: string) => boolean;
  /** Names this process's share in the store's bookkeeping, as for the reminders job. */
  shardTag?: string;
  retry?: RetryPolicy;
  /** Notices being sent at once (default the kit's SENDS_IN_FLIGHT, 64). */
  maxInFlight?: number;
  onOutcome?: OutcomeListener;
}

export interface ReleaseNoticesJob extends TickJob {
  readonly name: 'release-notices';
  /** Start nothing new; what was handed to Discord finishes and is recorded. */
  stop(): void;
  /** Notices waiting to be sent, for tests and the log. */
  pendingCount(): number;
  counts(): Readonly<Record<string, number>>;
}

/**
 * "The release date changed": when `/release set` moves a film (its release record's version
 * goes up), every subscriber (anyone with a reminder for it) gets one DM with the old and new
 * date side by side. A durable job: each process tells its own subscribers until its progress
 * marker (`notice:<film>:<shardTag>`) reaches that version; each notice goes through the kit's
 * exactly-once protocol with its state on the subscriber's canonical reminder.
 */
export function createReleaseNoticesJob(options: ReleaseNoticesJobOptions): ReleaseNoticesJob {
  const { store, notifier, logger, t } = options;
  const ownsUser = options.ownsUser ?? (() => true);
  const shardTag = options.shardTag ?? 'all';
  const retry = options.retry ?? noticeRetryPolicy;
  const tally = new OutcomeTally<NoticeOutcome>('release-notices', options.onOutcome);
  const notices = new Map<string, ActiveNotice>();
  const noticedVersion = new Map<string, number>();
  /** Shutting down (an object, so a check after an await reads the current value). */
  const life = { stopping: false };
  const isStopping = () => life.stopping;

  const pendingCount = () => {
    let n = 0;
    for (const notice of notices.values()) n += notice.waiting.size;
    return n;
  };

  async function plan({ film, record }: FilmRelease, now: DateTime): Promise<void> {
    const active = notices.get(film.id);
    if (active !== undefined && active.version !== record.version) notices.delete(film.id);
    if (record.version <= 1 || record.previousInstant === undefined) return;
    if (notices.has(film.id) || (noticedVersion.get(film.id) ?? 1) >= record.version) return;

    const done = Number((await store.getMarker(`notice:${film.id}:${shardTag}`)) ?? '1');
    if (done >= record.version) return void noticedVersion.set(film.id, done);
    const canonical = await canonicalReminders(store, film.id, ownsUser);
    notices.set(film.id, {
      filmId: film.id,
      version: record.version,
      waiting: new Map([...canonical.values()].map((id) => [id, 0])),
    });
    logger.info(
      { filmId: film.id, version: record.version, subscribers: canonical.size, at: utcIso(now) },
      'telling subscribers the release moved',
    );
  }

  /** One subscriber's notice, by DM, once. */
  async function deliver(
    notice: ActiveNotice,
    id: string,
    reminder: Reminder | undefined,
    filmRelease: FilmRelease | undefined,
    now: DateTime,
  ): Promise<void> {
    const done = () => notice.waiting.delete(id);
    if (reminder === undefined || filmRelease === undefined) return void done();
    const previous = previousReleaseDateTime(filmRelease.record);
    if (previous === undefined) return void done();
    const existing = reminder.notice?.version === notice.version ? reminder.notice : undefined;
    if (existing !== undefined && existing.state !== 'sending') return void done();

    const nonce =
      existing?.nonce ??
      deliveryNonce('release-moved', notice.filmId, String(notice.version), reminder.userId);
    if (life.stopping) return;
    const sent = await sendOnce({
      mark: () =>
        store.update(id, (current) => ({
          ...current,
          notice: { version: notice.version, state: 'sending', nonce },
        })),
      send: () =>
        notifier.sendDirect(reminder.userId, {
          content: releaseChangedText(
            filmRelease.film,
            previous,
            filmRelease.release,
            now,
            options.markup,
            reminderLocale(reminder),
            t,
          ),
          nonce,
        }),
    });
    if (sent === undefined) return void done();
    const { result } = sent;
    const code = result.ok ? 0 : result.failure.code;
    const log = { userId: reminder.userId, filmId: notice.filmId, version: notice.version, code };
    const action = result.ok ? 'sent' : classifyFailure(result.failure, 'dm');

    if (!result.ok && action === 'retry' && isPassing(result.failure)) {
      const next = nextAttempt(retry, result.failure, 1, 0);
      if ('retryInMs' in next) {
        notice.waiting.set(id, now.toMillis() + next.retryInMs);
        tally.record('retry', code);
        logger.warn(log, 'release change notice not delivered yet; retrying');
        return;
      }
    }
    const finalState = action === 'sent' ? 'sent' : action === 'end' ? 'dm_closed' : 'failed';
    await recordUntilStored(
      () =>
        store.update(id, (current) => ({
          ...current,
          notice: { version: notice.version, state: finalState, nonce },
        })),
      { stopped: () => life.stopping, logger, fields: { reminderId: id, nonce } },
    );
    tally.record(finalState, code);
    if (finalState !== 'sent') logger.warn(log, 'release change notice not delivered');
    done();
  }

  async function completeNotices(): Promise<void> {
    for (const [filmId, notice] of notices) {
      if (notice.waiting.size > 0) continue;
      await store.setMarker(`notice:${filmId}:${shardTag}`, String(notice.version));
      notices.delete(filmId);
      noticedVersion.set(filmId, notice.version);
    }
  }

  return {
    name: 'release-notices',
    async run(now) {
      if (life.stopping) return;
      const startedAt = performance.now();
      const films: Map<string, FilmRelease> = await readFilmReleases(
        options.films.all(),
        options.releases,
        logger,
      );
      for (const filmRelease of films.values()) await plan(filmRelease, now);
      const nowMs = now.toMillis();
      const ready: { notice: ActiveNotice; id: string }[] = [];
      for (const notice of notices.values())
        for (const [id, notBefore] of notice.waiting)
          if (notBefore <= nowMs) ready.push({ notice, id });
      if (ready.length > 0) {
        const pool = new BoundedPool(options.maxInFlight ?? SENDS_IN_FLIGHT);
        for (let i = 0; i < ready.length && !isStopping(); i += 250) {
          const chunk = ready.slice(i, i + 250);
          const records = await store.getMany(chunk.map((item) => item.id));
          for (const [j, { notice, id }] of chunk.entries()) {
            await pool.submit(async () => {
              try {
                await deliver(notice, id, records[j], films.get(notice.filmId), now);
              } catch (err) {
                // A store or programming error: keep the notice waiting for a later tick.
                logJobError(
                  logger,
                  err,
                  { reminderId: id },
                  'release notice failed; retrying later',
                );
                if (notice.waiting.has(id)) notice.waiting.set(id, nowMs + retry.baseDelayMs);
              }
            });
          }
        }
        await pool.drain();
      }
      await completeNotices();
      tally.summarize(logger, ready.length, startedAt, { waiting: pendingCount() });
    },
    stop() {
      life.stopping = true;
    },
    pendingCount,
    counts: () => tally.counts(),
  };
}
