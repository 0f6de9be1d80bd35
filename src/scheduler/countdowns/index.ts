import type { DateTime } from 'luxon';
import type { Countdown } from '../../domain/countdown-record.ts';
import { isStoreUnavailable } from '../../domain/errors.ts';
import { releaseDateTime } from '../../domain/release.ts';
import {
  BoundedPool,
  eventLoopTurns,
  readInPages,
  logJobError,
  OutcomeTally,
  recordUntilStored,
} from '../kit/index.ts';
import type { TickJob } from '../ticker.ts';
import { handleCountdown, retryAtOf } from './carry-out.ts';
import { planCountdown, type Action } from './plan.ts';
import { createRunContext } from './run-context.ts';
import {
  countdownFields,
  type CountdownOutcome,
  type CountdownsJobOptions,
  type CountdownsState,
} from './state.ts';

export { countdownNonce, countdownRetryPolicy, MAX_ATTEMPTS, planCountdown } from './plan.ts';
export type {
  CountdownMessageInput,
  CountdownOutcome,
  CountdownRenderer,
  CountdownsJobOptions,
} from './state.ts';

export interface CountdownsJob extends TickJob {
  readonly name: 'countdowns';
  /** Start nothing new; what was handed to Discord finishes and is recorded. */
  stop(): void;
  /** Counts since start, by `outcome:code`, for tests and the log. */
  counts(): Readonly<Record<string, number>>;
}

/**
 * The countdown tick. Each run reads the release of every film it counts down to (so `/release
 * set` re-plans every countdown at once), plans each countdown (`planCountdown`, pure), and
 * sends what is due through the kit's exactly-once protocol: the slot is marked `sending` with its
 * nonce in the same store round trip that decides it, so each slot is posted once, even across a
 * crash and restart.
 *
 * Between changes it sleeps: the active set is re-read only when the store's change stamp moves,
 * and countdowns are planned only when the earliest of their next slots has come.
 *
 * Graceful shutdown (`stop`): posts already handed to Discord finish and are recorded; no other
 * starts. A slot marked `sending` is posted by the next start under the same nonce.
 */
export function createCountdownsJob(options: CountdownsJobOptions): CountdownsJob {
  const { store, releases, films, logger } = options;
  const ownsGuild = options.ownsGuild ?? (() => true);
  const concurrency = options.concurrency ?? 1000;
  const recording = new BoundedPool(options.storeConcurrency ?? 8);
  const state: CountdownsState = {
    store,
    notifier: options.notifier,
    logger,
    tally: new OutcomeTally<CountdownOutcome>('countdowns', options.onOutcome),
    preparing: new BoundedPool(options.storeConcurrency ?? 8),
    // After a post: retried until stored, so the slot is never posted twice (recordUntilStored).
    record: (id, change) =>
      recording.run(() =>
        recordUntilStored(() => store.update(id, change), {
          stopped: () => state.stopping,
          logger,
          fields: { countdownId: id },
        }),
      ),
    cache: new Map(),
    editRetries: new Map(),
    stopping: false,
  };
  let loadedStamp: string | undefined | null = null;
  let releaseKey = '';
  let wakeAt: DateTime | undefined;
  const warnedFilms = new Set<string>();
  const unplannable = new Set<string>();
  let busy = false;

  async function releaseOf(filmId: string): Promise<DateTime | undefined> {
    try {
      return releaseDateTime(await releases.get(filmId));
    } catch (err) {
      if (isStoreUnavailable(err)) return undefined; // logged once per outage by the store layer
      if (!warnedFilms.has(filmId)) {
        warnedFilms.add(filmId);
        logger.warn({ err, filmId }, 'countdown for a film without a release; skipping it');
      }
      return undefined;
    }
  }

  async function run(now: DateTime): Promise<void> {
    const startedAt = performance.now();
    const stamp = await store.changeStamp();
    let changed = false;
    if (stamp !== loadedStamp) {
      // In pages: the set is reloaded each time a countdown finishes, once a second at a release.
      const records = await readInPages(await store.activeIds(), (ids) => store.getMany(ids));
      state.cache = new Map(
        records.filter((c) => c.status === 'active' && ownsGuild(c.guildId)).map((c) => [c.id, c]),
      );
      loadedStamp = stamp;
      changed = true;
    }

    const ctx = createRunContext(now, releaseOf, options.render, options.guildLocale);
    const filmIds = [...new Set([...state.cache.values()].map((c) => c.filmId))].sort();
    const releaseByFilm = new Map<string, DateTime | undefined>();
    for (const filmId of filmIds) releaseByFilm.set(filmId, await ctx.release(filmId));
    const key = filmIds.map((f) => `${f}=${releaseByFilm.get(f)?.toMillis() ?? '-'}`).join(',');
    if (key !== releaseKey) {
      releaseKey = key;
      changed = true;
    }
    if (!changed && wakeAt !== undefined && now < wakeAt) return;

    const planOf = (c: Countdown): Action | undefined => {
      const release = releaseByFilm.get(c.filmId);
      if (!release) return undefined;
      try {
        return planCountdown(c, ctx.view(c, release), retryAtOf(state, c));
      } catch (err) {
        // One unplannable countdown must not stall every other one.
        if (!unplannable.has(c.id))
          logger.error({ err, ...countdownFields(c) }, 'cannot plan this countdown; skipping it');
        unplannable.add(c.id);
        return undefined;
      }
    };
    // Planned once per countdown; only those handled below are planned again (their record changed).
    // Planning 10,000 countdowns is seconds of CPU: the event loop gets a turn every few ms.
    const turn = eventLoopTurns();
    const plans = new Map<string, Action | undefined>();
    const due: Countdown[] = [];
    for (const c of state.cache.values()) {
      const action = planOf(c);
      plans.set(c.id, action);
      if (action !== undefined && action.kind !== 'wait') due.push(c);
      await turn();
    }

    await new BoundedPool(concurrency).forEach(
      due,
      async (c) => {
        try {
          await handleCountdown(state, c.id, films, ctx);
        } catch (err) {
          // One broken countdown must not stop the others; the next tick tries it again.
          logJobError(logger, err, countdownFields(c), 'countdown run failed for one countdown');
        }
      },
      () => state.stopping,
    );

    const handled = new Set(due.map((c) => c.id));
    wakeAt = undefined;
    for (const c of state.cache.values()) {
      const action = handled.has(c.id) ? planOf(c) : plans.get(c.id);
      await turn();
      if (!action) continue;
      // Something still due (a failed handle, a backoff that ran out) is looked at again next tick.
      const at = action.kind === 'wait' ? action.until : now;
      if (at !== undefined && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
    }
    state.tally.summarize(logger, due.length, startedAt, {
      active: state.cache.size,
      wakeAt: wakeAt?.toISO(),
    });
  }

  return {
    name: 'countdowns',
    stop() {
      state.stopping = true;
    },
    counts: () => state.tally.counts(),
    async run(now) {
      // The ticker already prevents overlap; this guards direct callers (tests, the sandbox) too.
      if (busy || state.stopping) return;
      busy = true;
      try {
        await run(now);
      } finally {
        busy = false;
      }
    },
  };
}
