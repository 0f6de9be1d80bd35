import { describe, expect, it } from 'vitest';
import {
  BoundedPool,
  classifyFailure,
  deliveryNonce,
  nextAttempt,
  OutcomeTally,
  type OutcomeEvent,
} from '../../../src/scheduler/kit/index.ts';
import { countdownRetryPolicy } from '../../../src/scheduler/countdowns/index.ts';
import { reminderRetryPolicy } from '../../../src/scheduler/reminders/index.ts';
import type { DeliveryFailure } from '../../../src/scheduler/notifier.ts';

describe('delivery kit: nonce', () => {
  it('GIVEN the same parts THEN the nonce is the same, at most 25 characters, and other parts give another', () => {
    const a = deliveryNonce('reminder-1', '2023-10-05T07:00:00.000Z', 'dm');
    expect(a).toBe(deliveryNonce('reminder-1', '2023-10-05T07:00:00.000Z', 'dm'));
    expect(a).toHaveLength(25);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(deliveryNonce('reminder-1', '2023-10-05T07:00:00.000Z', 'here:1')).not.toBe(a);
  });

  it('GIVEN a countdown slot THEN its nonce is the one stored by earlier versions (sha256 of id|createdAt|slot, 25 chars)', () => {
    // Pinned so a `sending` countdown stored before an upgrade is resent under the same nonce.
    expect(
      deliveryNonce('g:c:ballerina', '2023-10-01T11:00:00.000Z', '2023-10-03T08:00:00.000Z'),
    ).toBe('IzXyRxRilaWIbA5bYZXGU5QUC');
  });
});

describe('delivery kit: failure table', () => {
  const f = {
    dmClosed: { kind: 'dm_closed', code: 50007 },
    gone: { kind: 'unknown_channel', code: 10003 },
    access: { kind: 'missing_access', code: 50001 },
    perms: { kind: 'missing_permissions', code: 50013 },
    deleted: { kind: 'unknown_message', code: 10008 },
    limited: { kind: 'rate_limited', code: 429, retryAfterMs: 1000 },
    down: { kind: 'server_error', code: 503 },
    bug: { kind: 'rejected', code: 50035, message: 'Invalid Form Body' },
    noEvent: { kind: 'rejected', code: 10070, message: 'Unknown Guild Scheduled Event' },
  } as const satisfies Record<string, DeliveryFailure>;

  it('GIVEN a here reminder whose channel is gone or closed to the bot THEN it falls back to a DM; a countdown post ends or pauses', () => {
    for (const failure of [f.gone, f.access, f.perms])
      expect(classifyFailure(failure, 'here')).toBe('fallback_dm');
    expect(classifyFailure(f.gone, 'post')).toBe('end');
    expect(classifyFailure(f.access, 'post')).toBe('pause');
    expect(classifyFailure(f.perms, 'edit')).toBe('pause');
  });

  it('GIVEN closed DMs THEN a DM ends; GIVEN 429 or 5xx THEN every destination retries; GIVEN another 4xx THEN it gives up', () => {
    expect(classifyFailure(f.dmClosed, 'dm')).toBe('end');
    for (const destination of ['dm', 'here', 'post', 'edit', 'event'] as const) {
      expect(classifyFailure(f.limited, destination)).toBe('retry');
      expect(classifyFailure(f.down, destination)).toBe('retry');
      expect(classifyFailure(f.bug, destination)).toBe('give_up');
    }
  });

  it('GIVEN a deleted message THEN an edit reposts; GIVEN a deleted event THEN following it ends', () => {
    expect(classifyFailure(f.deleted, 'edit')).toBe('repost');
    expect(classifyFailure(f.deleted, 'post')).toBe('give_up');
    expect(classifyFailure(f.noEvent, 'event')).toBe('end');
    expect(classifyFailure(f.noEvent, 'post')).toBe('give_up');
  });
});

describe('delivery kit: retry policy', () => {
  const down = { kind: 'server_error', code: 503 } as const;
  it('GIVEN 5xx THEN a reminder waits 2 s, 4 s, 8 s … at most 5 min, and gives up after 10 min of failing', () => {
    expect([1, 2, 3, 10].map((n) => nextAttempt(reminderRetryPolicy, down, n, 0))).toEqual([
      { retryInMs: 2_000 },
      { retryInMs: 4_000 },
      { retryInMs: 8_000 },
      { retryInMs: 300_000 },
    ]);
    expect(nextAttempt(reminderRetryPolicy, down, 5, 600_000)).toEqual({ giveUp: true });
  });

  it('GIVEN 429 THEN a reminder waits exactly retry_after and never gives up; a countdown waits at least its backoff and gives up after 6 attempts', () => {
    const limited = { kind: 'rate_limited', code: 429, retryAfterMs: 1_000 } as const;
    expect(nextAttempt(reminderRetryPolicy, limited, 9, 3_600_000)).toEqual({ retryInMs: 1_000 });
    expect(nextAttempt(countdownRetryPolicy, limited, 2, 0)).toEqual({ retryInMs: 10_000 });
    expect(nextAttempt(countdownRetryPolicy, limited, 6, 0)).toEqual({ giveUp: true });
  });
});

describe('delivery kit: bounded pool and outcomes', () => {
  it('GIVEN 50 tasks and a pool of 4 THEN never more than 4 run at once and all of them run', async () => {
    const pool = new BoundedPool(4);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await pool.forEach(
      Array.from({ length: 50 }, (_, i) => i),
      async (i) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        done.push(i);
      },
    );
    expect(most).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('GIVEN a stop while items remain THEN no new item starts', async () => {
    const pool = new BoundedPool(1);
    const started: number[] = [];
    await pool.forEach(
      [1, 2, 3, 4, 5],
      async (i) => {
        started.push(i);
        await Promise.resolve();
      },
      () => started.length >= 2,
    );
    expect(started).toEqual([1, 2]);
  });

  it('GIVEN outcomes THEN each is one event with its job, counted by outcome and code', () => {
    const events: OutcomeEvent[] = [];
    const tally = new OutcomeTally<'sent' | 'retry'>('reminders', (e) => events.push(e));
    tally.record('sent', 0, 120);
    tally.record('retry', 503);
    tally.record('sent', 0, 80);
    expect(events).toEqual([
      { job: 'reminders', outcome: 'sent', code: 0, lagMs: 120 },
      { job: 'reminders', outcome: 'retry', code: 503 },
      { job: 'reminders', outcome: 'sent', code: 0, lagMs: 80 },
    ]);
    expect(tally.counts()).toEqual({ 'sent:0': 2, 'retry:503': 1 });
  });
});
