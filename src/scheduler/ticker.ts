import type { DateTime } from 'luxon';
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';

/** Something the ticker runs every second. One run is one function you can call in a test. */
export interface TickJob {
  name: string;
  run(now: DateTime): Promise<void>;
  /** Shutting down: let the run in progress finish what it started, and start nothing new. */
  stop?(): void;
}

export interface Ticker {
  /** Stop ticking, ask each job to start nothing new, and wait for the runs in progress to finish. */
  stop(): Promise<void>;
}

/** The cron part, replaceable in tests so they need not wait for real seconds. */
export type Schedule = (expression: string, onTick: () => void) => { stop(): void | Promise<void> };

const cronSchedule: Schedule = (expression, onTick) =>
  // The overlap guard below is per job, so node-cron itself must not hold ticks back.
  cron.schedule(expression, onTick, {
    name: 'premiere-tick',
    noOverlap: false,
    suppressMissedWarning: true,
  });

export interface TickerOptions {
  /** Every second by default: a reminder must leave within a second of its moment. */
  expression?: string;
  schedule?: Schedule;
}

/**
 * Drive the jobs: one catch-up run of each right away (whatever came due while the bot was down),
 * then a run every tick. A job never overlaps itself: while its previous run is still busy (a big
 * fan-out, a slow store), its next ticks are skipped, not queued. Jobs do not wait for each other.
 * A failing run is logged and the next tick tries again; it never stops the ticker.
 */
export function startTicker(
  jobs: readonly TickJob[],
  clock: Clock,
  logger: Logger,
  options: TickerOptions = {},
): Ticker {
  const running = new Map<string, Promise<void>>();
  const skipped = new Map<string, number>();
  let stopped = false;

  const tick = (reason: 'catch-up' | 'tick') => {
    if (stopped) return;
    const now = clock.now();
    for (const job of jobs) {
      if (running.has(job.name)) {
        skipped.set(job.name, (skipped.get(job.name) ?? 0) + 1);
        continue;
      }
      const started = performance.now();
      // Started on a fresh microtask so even a job that throws synchronously is caught below.
      const run = Promise.resolve()
        .then(() => job.run(now))
        .then(() => {
          const ms = performance.now() - started;
          const missed = skipped.get(job.name) ?? 0;
          if (reason === 'catch-up' || missed > 0 || ms > 1000) {
            logger.info(
              { job: job.name, reason, ms: Math.round(ms), skippedTicks: missed },
              'scheduler run finished',
            );
          }
        })
        .catch((err: unknown) =>
          logger.error(
            { err, job: job.name, reason },
            'scheduler run failed; the next tick retries',
          ),
        )
        .finally(() => {
          running.delete(job.name);
          skipped.delete(job.name);
        });
      running.set(job.name, run);
    }
  };

  tick('catch-up');
  const task = (options.schedule ?? cronSchedule)(options.expression ?? '* * * * * *', () =>
    tick('tick'),
  );

  return {
    async stop() {
      stopped = true;
      await task.stop();
      for (const job of jobs) job.stop?.();
      await Promise.all(running.values());
    },
  };
}
