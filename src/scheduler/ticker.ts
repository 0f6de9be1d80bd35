import type { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import { logJobError } from './kit/index.ts';

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

/** The timer part, replaceable in tests so they need not wait for real seconds. */
export type Schedule = (onTick: () => void) => { stop(): void };

/**
 * A tick at the start of every second of the epoch (Unix ms), whatever the host's zone or its
 * wall clock does. Written by hand rather than with node-cron: a cron expression is a wall-clock
 * schedule, and node-cron walks the wall clock of the host's zone (or of the one it is given).
 * Under `TZ=Europe/London` it found no "next second" inside the hour that repeats when the
 * clocks go back and stalled for that hour; and any cron walker waits for the wall clock to catch
 * up when the system clock is stepped back. Here each tick only asks how far the next whole
 * second of `Date.now()` is, and Node's timers run on a monotonic clock, so the worst a clock
 * step can do is move the phase of one tick.
 */
export const everySecond: Schedule = (onTick) => {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (target: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      const now = Date.now();
      // Slightly early by Date.now() (the system clock is being slewed): wait for the rest rather
      // than tick twice in one second. Far "early" means the clock was stepped back: tick now.
      const early = target - now;
      if (early > 0 && early < 1000) return arm(target);
      arm(Math.floor(now / 1000) * 1000 + 1000);
      onTick();
    }, target - Date.now());
  };
  arm(Math.floor(Date.now() / 1000) * 1000 + 1000);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
};

export interface TickerOptions {
  /** `everySecond` by default: a reminder must leave within a second of its moment. */
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
          logJobError(
            logger,
            err,
            { job: job.name, reason },
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
  const task = (options.schedule ?? everySecond)(() => tick('tick'));

  return {
    async stop() {
      stopped = true;
      task.stop();
      for (const job of jobs) job.stop?.();
      await Promise.all(running.values());
    },
  };
}
