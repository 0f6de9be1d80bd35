import type { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTicker, type Schedule } from '../../src/scheduler/ticker.ts';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { london, silentLogger } from '../support/reminder-fixtures.ts';

/** A schedule driven by the test: `fire()` is one tick. */
function manualSchedule() {
  let onTick: (() => void) | undefined;
  let stopped = false;
  const schedule: Schedule = (tick) => {
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

  it('GIVEN the real schedule THEN ticks arrive about every second', async () => {
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

  describe('whatever the host zone does', () => {
    const hostZone = process.env.TZ;
    afterEach(() => {
      vi.useRealTimers();
      // Node re-reads TZ when it is assigned, so this changes the zone Date and Intl use.
      process.env.TZ = hostZone;
    });

    it.each(['Europe/London', 'America/New_York', 'Australia/Lord_Howe'])(
      'GIVEN a host in %s WHEN its clocks go back THEN a tick still arrives every second',
      async (zone) => {
        process.env.TZ = zone;
        // The last second before each zone's autumn change: 01:59:59 local, about to become 01:00:00 again.
        const lastSecond: Record<string, string> = {
          'Europe/London': '2023-10-29T00:59:59Z',
          'America/New_York': '2023-11-05T05:59:59Z',
          'Australia/Lord_Howe': '2024-04-06T14:59:59Z',
        };
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
        vi.setSystemTime(new Date(lastSecond[zone] ?? ''));
        const ticks: number[] = [];
        const ticker = startTicker(
          [{ name: 'count', run: () => (ticks.push(Date.now()), Promise.resolve()) }],
          clock,
          silentLogger,
        );
        await vi.advanceTimersByTimeAsync(10_000);
        await ticker.stop();
        // One catch-up run, then one a second: the ten seconds after the change are not skipped.
        expect(ticks).toHaveLength(11);
        expect((ticks.at(-1) ?? 0) - (ticks[1] ?? 0)).toBe(9_000);
      },
    );

    it('GIVEN the system clock is stepped back an hour WHEN ticking THEN ticks keep arriving every second', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      vi.setSystemTime(new Date('2023-10-06T07:00:00.500Z'));
      let ticks = 0;
      const ticker = startTicker(
        [{ name: 'count', run: () => (ticks++, Promise.resolve()) }],
        clock,
        silentLogger,
      );
      await vi.advanceTimersByTimeAsync(3_000);
      expect(ticks).toBe(4);
      // An NTP step: the wall clock jumps back, the timers (a monotonic clock) do not.
      vi.setSystemTime(new Date('2023-10-06T06:00:03.500Z'));
      await vi.advanceTimersByTimeAsync(5_000);
      await ticker.stop();
      expect(ticks).toBe(9);
    });
  });
});
