import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import { CheckedStore, type StoreOpOutcome } from '../../src/store/checked-store.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { flakyKeyv } from '../support/flaky-store.ts';
import { newReminder, silentLogger, userId } from '../support/reminder-fixtures.ts';

const logged = () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { lines, logger };
};

describe('CheckedStore: a failed store operation is never a success', () => {
  it('GIVEN an adapter that refuses a write THEN set throws StoreUnavailableError (Keyv alone resolves false)', async () => {
    const { keyv, adapter } = flakyKeyv();
    adapter.failWrites = true;
    await expect(new CheckedStore(keyv).set('k', 1)).rejects.toMatchObject({
      name: 'StoreUnavailableError',
      op: 'set',
      direction: 'write',
      reason: 'failed',
    });
  });

  it('GIVEN an adapter whose set resolves false THEN set throws: an unconfirmed write is a failed one', async () => {
    const { keyv, adapter } = flakyKeyv();
    adapter.unconfirmedSets = true;
    await expect(new CheckedStore(keyv).set('k', 1)).rejects.toMatchObject({
      reason: 'unconfirmed',
    });
  });

  it('GIVEN an adapter that fails reads THEN get and getMany throw instead of answering "no record"', async () => {
    const { keyv, adapter } = flakyKeyv();
    const store = new CheckedStore(keyv);
    await store.set('k', { n: 1 });
    adapter.failReads = true;
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getMany(['k', 'j'])).rejects.toBeInstanceOf(StoreUnavailableError);
    adapter.failReads = false;
    expect(await store.getMany(['k', 'j'])).toEqual([{ n: 1 }, undefined]);
  });

  it('GIVEN a store that hangs THEN every operation fails within its budget, and is measured as a timeout', async () => {
    const { keyv, adapter } = flakyKeyv();
    const seen: [string, StoreOpOutcome][] = [];
    const store = new CheckedStore(keyv, {
      timeoutMs: 100,
      observe: (op, _s, outcome) => seen.push([op, outcome]),
    });
    adapter.freeze();
    const started = performance.now();
    const results = await Promise.allSettled([
      store.get('a'),
      store.getMany(['a', 'b']),
      store.set('a', 1),
      store.delete('a'),
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(seen).toEqual([
      ['get', 'timeout'],
      ['getMany', 'timeout'],
      ['set', 'timeout'],
      ['delete', 'timeout'],
    ]);
    adapter.thaw();
  });

  it('GIVEN writes failing for many operations THEN the log says so once, and once when they work again', async () => {
    const { keyv, adapter } = flakyKeyv();
    const { lines, logger } = logged();
    const store = new CheckedStore(keyv, { logger });
    adapter.failWrites = true;
    for (let i = 0; i < 20; i++) await store.set(`k${i}`, i).catch(() => undefined);
    expect(await store.problem()).toMatch(/store writes are failing \(SQLITE_BUSY/);
    adapter.failWrites = false;
    await store.set('k', 1);
    expect(await store.problem()).toBeUndefined();
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
    expect(lines.filter((l) => l.level === 30)).toMatchObject([
      { msg: 'store writes work again', failedOperations: 20 },
    ]);
  });

  it('GIVEN /remindme on a store that refuses writes THEN adding a reminder throws, and nothing is left that could be sent', async () => {
    const { keyv, adapter } = flakyKeyv();
    const reminders = createReminderStore({ keyv, logger: silentLogger, pages: 4 });
    const reminder = newReminder({ userId: userId(1) });
    adapter.failWrites = (key) => key.includes('reminder:');
    await expect(reminders.add(reminder, () => true)).rejects.toBeInstanceOf(StoreUnavailableError);
    adapter.failWrites = false;
    expect(await reminders.get(reminder.id)).toBeUndefined();
    expect(await reminders.listForUser(userId(1))).toEqual([]);
  });
});
