import type { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { startTicker, type Schedule } from '../../src/scheduler/ticker.ts';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { london, silentLogger } from '../support/reminder-fixtures.ts';

/** A schedule driven by the test: `fire()` is one cron tick. */
function manualSchedule() {
  let onTick: (() => void) | undefined;
  let stopped = false;
  const schedule: Schedule = (_expression, tick) => {
    onTick = tick;
    return { stop: () => void (stopped = true) };
  };
  return { schedule, fire: () => onTick?.(), isStopped: () => stopped };
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('startTicker', () => {
  const clock = new AdjustableClock();
  clock.set(london('2023-10-06T08:00'));

  it('GIVEN the bot starts THEN every job runs once at once (catch-up), before any tick', async () => {
    const seen: DateTime[] = [];
    const cron = manualSchedule();
    const ticker = startTicker(
      [
        {
          name: 'a',
          run: (now) => {
            seen.push(now);
            return Promise.resolve();
          },
        },
      ],
      clock,
      silentLogger,
      cron,
    );
    await settle();
    expect(seen).toHaveLength(1);
    cron.fire();
    await settle();
    expect(seen).toHaveLength(2);
    await ticker.stop();
  });

  it('GIVEN a slow run WHEN ticks arrive meanwhile THEN they are skipped, not queued, and other jobs keep ticking', async () => {
    const slow = deferred();
    let slowRuns = 0;
    let fastRuns = 0;
    const cron = manualSchedule();
    const ticker = startTicker(
      [
        { name: 'slow', run: () => (slowRuns++, slow.promise) },
        {
          name: 'fast',
          run: () => {
            fastRuns++;
            return Promise.resolve();
          },
        },
      ],
      clock,
      silentLogger,
      cron,
    );
    for (let i = 0; i < 3; i++) {
      await settle();
      cron.fire();
    }
    await settle();
    expect(slowRuns).toBe(1);
    expect(fastRuns).toBe(4);
    slow.resolve();
    await settle();
    cron.fire();
    await settle();
    expect(slowRuns).toBe(2);
    await ticker.stop();
  });

  it('GIVEN a run that throws THEN the next tick runs again', async () => {
    let runs = 0;
    const cron = manualSchedule();
    const ticker = startTicker(
      [
        {
          name: 'flaky',
          run: () => {
            runs++;
            throw new Error('store down');
          },
        },
      ],
      clock,
      silentLogger,
      cron,
    );
    await settle();
    cron.fire();
    await settle();
    expect(runs).toBe(2);
    await ticker.stop();
  });

  it('GIVEN a run in progress WHEN stopped THEN stop waits for it and no tick runs afterwards', async () => {
    const slow = deferred();
    let finished = false;
    let runs = 0;
    const cron = manualSchedule();
    const ticker = startTicker(
      [{ name: 'job', run: () => (runs++, slow.promise.then(() => void (finished = true))) }],
      clock,
      silentLogger,
      cron,
    );
    const stopping = ticker.stop();
    expect(cron.isStopped()).toBe(true);
    setTimeout(() => slow.resolve(), 10);
    await stopping;
    expect(finished).toBe(true);
    cron.fire();
    await settle();
    expect(runs).toBe(1);
  });

  it('GIVEN a run in progress WHEN stopped THEN the job is told to start nothing new before stop waits for its run', async () => {
    const slow = deferred();
    const events: string[] = [];
    const ticker = startTicker(
      [
        {
          name: 'job',
          run: () => slow.promise.then(() => void events.push('run finished')),
          stop: () => void events.push('told to stop'),
        },
      ],
      clock,
      silentLogger,
      manualSchedule(),
    );
    const stopping = ticker.stop();
    await settle();
    slow.resolve();
    await stopping;
    expect(events).toEqual(['told to stop', 'run finished']);
  });

  it('GIVEN the real node-cron schedule THEN ticks arrive about every second', async () => {
    let runs = 0;
    const ticker = startTicker(
      [
        {
          name: 'count',
          run: () => {
            runs++;
            return Promise.resolve();
          },
        },
      ],
      clock,
      silentLogger,
    );
    await new Promise((r) => setTimeout(r, 2100));
    await ticker.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(runs).toBeLessThanOrEqual(4);
  });
});
