import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Film } from '../../domain/film.ts';
import type { Countdown } from '../../domain/countdown-record.ts';
import { releaseDateTime } from '../../domain/release.ts';
import type { CountdownStore } from '../../store/countdown-store.ts';
import type { ReleaseStore } from '../../store/release-store.ts';
import {
  backoffMs,
  BoundedPool,
  classifyFailure,
  logJobError,
  OutcomeTally,
  readInPages,
  utcIso,
  type OutcomeListener,
  type RetryPolicy,
} from '../kit/index.ts';
import type { Notifier } from '../notifier.ts';
import type { TickJob } from '../ticker.ts';

export type ReleaseEventOutcome = 'moved' | 'forgotten' | 'retry' | 'failed';

/** A move that failed for a passing reason is looked at again 5 s later, for as long as it takes. */
export const releaseEventRetryPolicy: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 5_000 };

export interface ReleaseEventsJobOptions {
  /** Countdowns carry the event they created (`eventId`) and the release it was set for. */
  store: CountdownStore;
  releases: Pick<ReleaseStore, 'get'>;
  films: { get(filmId: string): Film | undefined };
  notifier: Notifier;
  logger: Logger;
  /** With several shards, each process moves only its own guilds' events. */
  ownsGuild?: (guildId: string) => boolean;
  onOutcome?: OutcomeListener;
  /** Event edits in flight at once. */
  concurrency?: number;
}

export interface ReleaseEventsJob extends TickJob {
  readonly name: 'release-events';
  /** Start nothing new; what was handed to Discord finishes and is recorded. */
  stop(): void;
  counts(): Readonly<Record<string, number>>;
}

const parse = (s: string): DateTime => DateTime.fromISO(s, { setZone: true });

/**
 * The scheduled-event follower: a countdown started with `event:true` created a guild scheduled
 * event at the release; when `/release set` moves the release away from the instant the event
 * was last set for, this job moves the event (start at the release, end after the runtime) and
 * stores the new instant on the countdown, so it is moved once per change, not once per tick.
 * An event deleted in the server (10070) is forgotten. It looks only when the active countdowns
 * or a release changed, or a passing failure asked to look again.
 */
export function createReleaseEventsJob(options: ReleaseEventsJobOptions): ReleaseEventsJob {
  const { store, releases, films, notifier, logger } = options;
  const ownsGuild = options.ownsGuild ?? (() => true);
  const tally = new OutcomeTally<ReleaseEventOutcome>('release-events', options.onOutcome);
  let loadedStamp: string | undefined | null = null;
  let activeIds: string[] = [];
  let filmIds: string[] = [];
  let releaseKey = '';
  /** A move failed for a passing reason: look at the events again from this instant. */
  let recheckAt: DateTime | undefined;
  let stopping = false;

  const releaseOf = async (filmId: string): Promise<DateTime | undefined> => {
    try {
      return releaseDateTime(await releases.get(filmId));
    } catch {
      return undefined; // the countdowns job logs a film without a release
    }
  };

  async function move(c: Countdown, eventId: string, release: DateTime, film: Film, now: DateTime) {
    const start = utcIso(release);
    const result = await notifier.editScheduledEvent(c.guildId, eventId, {
      scheduledStartTime: start,
      scheduledEndTime: utcIso(release.plus({ minutes: film.runtimeMinutes })),
    });
    const fields = {
      countdownId: c.id,
      guildId: c.guildId,
      channelId: c.channelId,
      filmId: c.filmId,
      eventId,
    };
    const sameEvent = (change: (x: Countdown) => Countdown) => (x: Countdown) =>
      x.eventId === eventId ? change(x) : x;
    if (result.ok) {
      logger.info({ ...fields, release: start }, 'moved the release event');
      tally.record('moved', 0);
      await store.update(
        c.id,
        sameEvent((x) => ({ ...x, eventRelease: start })),
      );
      return;
    }
    const action = classifyFailure(result.failure, 'event');
    const code = result.failure.code;
    if (action === 'end') {
      logger.warn(
        { ...fields, code },
        'the release event was deleted in the server; no longer following it',
      );
      tally.record('forgotten', code);
      await store.update(
        c.id,
        sameEvent((x) => ({ ...x, eventId: undefined, eventRelease: undefined })),
      );
      return;
    }
    const retry = action === 'retry';
    if (retry) {
      const at = now.plus({ milliseconds: backoffMs(releaseEventRetryPolicy, 1) });
      if (recheckAt === undefined || at < recheckAt) recheckAt = at;
    }
    tally.record(retry ? 'retry' : 'failed', code);
    logger.warn({ ...fields, code, retry }, 'could not move the release event');
  }

  return {
    name: 'release-events',
    stop() {
      stopping = true;
    },
    counts: () => tally.counts(),
    async run(now) {
      if (stopping) return;
      const startedAt = performance.now();
      const stamp = await store.changeStamp();
      let changed = false;
      let candidates: Countdown[] | undefined;
      if (stamp !== loadedStamp) {
        candidates = (
          await readInPages(await store.activeIds(), (ids) => store.getMany(ids))
        ).filter((c) => c.status === 'active' && ownsGuild(c.guildId));
        activeIds = candidates.map((c) => c.id);
        filmIds = [...new Set(candidates.map((c) => c.filmId))].sort();
        loadedStamp = stamp;
        changed = true;
      }
      const releaseByFilm = new Map<string, DateTime | undefined>();
      for (const filmId of filmIds) releaseByFilm.set(filmId, await releaseOf(filmId));
      const key = [...releaseByFilm].map(([f, r]) => `${f}=${r?.toMillis() ?? '-'}`).join(',');
      if (key !== releaseKey) {
        releaseKey = key;
        changed = true;
      }
      const recheck = recheckAt !== undefined && now >= recheckAt;
      if (!changed && !recheck) return;
      recheckAt = undefined;
      // Records loaded just now are current; otherwise re-read (an event may have been added).
      candidates ??= (await readInPages(activeIds, (ids) => store.getMany(ids))).filter(
        (c) => c.status === 'active',
      );
      const stale = candidates.flatMap((c) => {
        const release = releaseByFilm.get(c.filmId);
        const film = films.get(c.filmId);
        // Discord refuses an event moved into the past; one already under way stays as it is.
        if (c.eventId === undefined || !release || !film || release <= now) return [];
        if (c.eventRelease !== undefined && parse(c.eventRelease).toMillis() === release.toMillis())
          return [];
        return [{ c, eventId: c.eventId, release, film }];
      });
      await new BoundedPool(options.concurrency ?? 1000).forEach(
        stale,
        async ({ c, eventId, release, film }) => {
          try {
            await move(c, eventId, release, film, now);
          } catch (err) {
            logJobError(
              logger,
              err,
              { countdownId: c.id },
              'moving the release event failed; retrying',
            );
            const at = now.plus({ milliseconds: releaseEventRetryPolicy.baseDelayMs });
            if (recheckAt === undefined || at < recheckAt) recheckAt = at;
          }
        },
        () => stopping,
      );
      tally.summarize(logger, stale.length, startedAt);
    },
  };
}
