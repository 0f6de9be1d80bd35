import type { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Locks } from '../../src/store/locks.ts';
import { createReminderStore, type ReminderStore } from '../../src/store/reminder-store.ts';
import { ballerina, newReminder, silentLogger, userId } from '../support/reminder-fixtures.ts';

const always = () => true;

/** Counts the store operations a piece of code makes, to pin "constant cost per add/cancel". */
function countOps(keyv: Keyv) {
  const spies = (['get', 'getMany', 'set', 'delete'] as const).map((m) => vi.spyOn(keyv, m));
  return {
    total: () => spies.reduce((n, s) => n + s.mock.calls.length, 0),
    reset: () => spies.forEach((s) => s.mockClear()),
    restore: () => spies.forEach((s) => s.mockRestore()),
  };
}

/**
 * The ReminderStore contract, runnable against any Keyv (memory, SQLite file, Redis): the store
 * must behave the same whichever STORE_URL an operator picks.
 */
export function describeReminderStore(
  adapter: string,
  open: () => Promise<{ keyv: Keyv; close(): Promise<void> }>,
  /** For stores shared by several processes: each process's own lock over the shared store. */
  processLocks?: (keyv: Keyv) => Locks,
) {
  describe(`ReminderStore over ${adapter}`, () => {
    let keyv: Keyv;
    let close: () => Promise<void>;
    let store: ReminderStore;

    beforeEach(async () => {
      const opened = await open();
      keyv = opened.keyv;
      close = () => opened.close();
      store = createReminderStore({
        keyv,
        logger: silentLogger,
        pages: 8,
        ...(processLocks === undefined ? {} : { locks: processLocks(keyv) }),
      });
    });
    afterEach(async () => close());

    it('GIVEN a new reminder WHEN added THEN it is listed for its user, indexed in its due slot and readable by id', async () => {
      const r = newReminder({ userId: userId(1) });
      expect(await store.add(r, always)).toEqual({ kind: 'added', reminder: r });
      expect(await store.get(r.id)).toEqual(r);
      expect((await store.listForUser(userId(1))).map((x) => x.id)).toEqual([r.id]);
      expect(await store.idsInSlot(ballerina.id, 'day')).toEqual([r.id]);
      expect(await store.idsInSlot(ballerina.id, 'week')).toEqual([]);
    });

    it('GIVEN the same request twice THEN the second is a duplicate and nothing new is stored', async () => {
      const r = newReminder({ userId: userId(1) });
      await store.add(r, always);
      const again = await store.add(newReminder({ userId: userId(1) }), always);
      expect(again.kind).toBe('duplicate');
      expect(await store.listForUser(userId(1))).toHaveLength(1);
      expect(await store.idsInSlot(ballerina.id, 'day')).toHaveLength(1);
    });

    it('GIVEN a here reminder in a channel and a DM reminder for the same moment THEN they are two reminders', async () => {
      await store.add(newReminder({ userId: userId(1) }), always);
      const here = await store.add(newReminder({ userId: userId(1), where: 'here' }), always);
      expect(here.kind).toBe('added');
      expect(await store.listForUser(userId(1))).toHaveLength(2);
    });

    it('GIVEN 25 reminders THEN a 26th is refused as over the cap and not stored', async () => {
      for (let i = 0; i < 25; i++) {
        const r = newReminder({
          userId: userId(1),
          where: 'here',
          channelId: String(400000000000000000n + BigInt(i)),
        });
        expect((await store.add(r, always)).kind).toBe('added');
      }
      const extra = newReminder({ userId: userId(1) });
      expect(await store.add(extra, always)).toEqual({ kind: 'cap_reached', count: 25 });
      expect(await store.get(extra.id)).toBeUndefined();
      expect(await store.idsInSlot(ballerina.id, 'day')).toHaveLength(25);
    });

    it('GIVEN the moment passes while the reminder is being added THEN it is refused and left nowhere', async () => {
      const r = newReminder({ userId: userId(1) });
      expect(await store.add(r, () => false)).toEqual({ kind: 'moment_passed' });
      expect(await store.get(r.id)).toBeUndefined();
      expect(await store.idsInSlot(ballerina.id, 'day')).toEqual([]);
      expect(await store.listForUser(userId(1))).toEqual([]);
    });

    it('GIVEN a reminder WHEN cancelled THEN it is gone from the record, the user list and the due slot', async () => {
      const r = newReminder({ userId: userId(1) });
      const other = newReminder({ userId: userId(2) });
      await store.add(r, always);
      await store.add(other, always);
      expect((await store.remove(userId(1), r.id))?.id).toBe(r.id);
      expect(await store.get(r.id)).toBeUndefined();
      expect(await store.listForUser(userId(1))).toEqual([]);
      expect(await store.idsInSlot(ballerina.id, 'day')).toEqual([other.id]);
    });

    it('GIVEN 40 reminders in one slot THEN its pages hold each id once, in the order added, a cancel keeps the order of the rest, and the count matches', async () => {
      const added = Array.from({ length: 40 }, (_, i) => newReminder({ userId: userId(i) }));
      for (const r of added) await store.add(r, always);
      await store.remove(userId(7), added[7]?.id ?? '');
      const pages = await Promise.all(
        Array.from({ length: store.pages }, (_, p) => store.idsInPage(ballerina.id, 'day', p)),
      );
      const kept = added.filter((_, i) => i !== 7).map((r) => r.id);
      expect(pages.flat().sort()).toEqual([...kept].sort());
      for (const page of pages) expect(page).toEqual(kept.filter((id) => page.includes(id)));
      expect(await store.countInSlot(ballerina.id, 'day')).toBe(39);
      expect(await store.countInSlot(ballerina.id, 'week')).toBe(0);
      await expect(store.idsInPage(ballerina.id, 'day', store.pages)).rejects.toThrow(RangeError);
    });

    it("GIVEN someone else's reminder id THEN cancelling it does nothing", async () => {
      const r = newReminder({ userId: userId(1) });
      await store.add(r, always);
      expect(await store.remove(userId(2), r.id)).toBeUndefined();
      expect(await store.get(r.id)).toEqual(r);
    });

    it('GIVEN a user with several reminders WHEN they clear THEN all are gone and others are untouched', async () => {
      await store.add(newReminder({ userId: userId(1), offset: 'week' }), always);
      await store.add(newReminder({ userId: userId(1), offset: 'hour' }), always);
      const other = newReminder({ userId: userId(2), offset: 'hour' });
      await store.add(other, always);
      expect(await store.removeAllForUser(userId(1))).toBe(2);
      expect(await store.listForUser(userId(1))).toEqual([]);
      expect(await store.idsInSlot(ballerina.id, 'week')).toEqual([]);
      expect(await store.idsInSlot(ballerina.id, 'hour')).toEqual([other.id]);
    });

    it('GIVEN a reminder cancelled while the scheduler updates it THEN the update does not bring it back', async () => {
      const r = newReminder({ userId: userId(1) });
      await store.add(r, always);
      await store.remove(userId(1), r.id);
      const updated = await store.update(r.id, (x) => ({
        ...x,
        delivery: { ...x.delivery, state: 'sent' },
      }));
      expect(updated).toBeUndefined();
      expect(await store.get(r.id)).toBeUndefined();
    });

    it('GIVEN many concurrent adds to one slot THEN none is lost (read-modify-write is serialised)', async () => {
      const reminders = Array.from({ length: 200 }, (_, i) => newReminder({ userId: userId(i) }));
      await Promise.all(reminders.map((r) => store.add(r, always)));
      expect(new Set(await store.idsInSlot(ballerina.id, 'day'))).toEqual(
        new Set(reminders.map((r) => r.id)),
      );
    });

    it.runIf(processLocks !== undefined)(
      "GIVEN two processes adding to one due slot at once THEN neither loses the other's reminders",
      async () => {
        const lockOf =
          processLocks ??
          (() => {
            throw new Error('unreachable');
          });
        const processA = createReminderStore({
          keyv,
          logger: silentLogger,
          pages: 2,
          locks: lockOf(keyv),
        });
        const processB = createReminderStore({
          keyv,
          logger: silentLogger,
          pages: 2,
          locks: lockOf(keyv),
        });
        const reminders = Array.from({ length: 60 }, (_, i) => newReminder({ userId: userId(i) }));
        await Promise.all(
          reminders.map((r, i) => (i % 2 === 0 ? processA : processB).add(r, always)),
        );
        expect(new Set(await processA.idsInSlot(ballerina.id, 'day'))).toEqual(
          new Set(reminders.map((r) => r.id)),
        );
      },
    );

    it('GIVEN 10 or 400 reminders on the film THEN adding and cancelling one costs the same number of store operations', async () => {
      const costs: { add: number; cancel: number }[] = [];
      let next = 0;
      for (const existing of [10, 400]) {
        const batch = Array.from({ length: existing - next }, (_, i) =>
          newReminder({ userId: userId(next + i) }),
        );
        for (let i = 0; i < batch.length; i += 100)
          await Promise.all(batch.slice(i, i + 100).map((r) => store.add(r, always)));
        next = existing;
        const ops = countOps(keyv);
        const r = newReminder({ userId: userId(999_999) });
        await store.add(r, always);
        const add = ops.total();
        ops.reset();
        await store.remove(r.userId, r.id);
        costs.push({ add, cancel: ops.total() });
        ops.restore();
      }
      expect(costs[0]).toEqual(costs[1]);
      expect(costs[0]?.add).toBeLessThanOrEqual(8);
    });

    it('GIVEN a corrupt record under a reminder key THEN it reads as absent instead of throwing', async () => {
      const r = newReminder({ userId: userId(1) });
      await store.add(r, always);
      await keyv.set(`reminder:${r.id}`, { id: r.id, offset: 'fortnight' });
      expect(await store.get(r.id)).toBeUndefined();
      expect(await store.getMany([r.id])).toEqual([undefined]);
      expect(await store.listForUser(userId(1))).toEqual([]);
    });

    it('GIVEN scheduler markers THEN they round-trip', async () => {
      expect(await store.getMarker('slot:x')).toBeUndefined();
      await store.setMarker('slot:x', '2023-10-05T07:00:00.000Z');
      expect(await store.getMarker('slot:x')).toBe('2023-10-05T07:00:00.000Z');
    });
  });
}
