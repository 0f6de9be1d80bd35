import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { MAX_EARLY_MS, sendFrom } from '../../../src/scheduler/reminders/spread.ts';
import { due, release, setup } from '../../support/reminder-jobs.ts';
import { ballerina, newReminder, userId } from '../../support/reminder-fixtures.ts';

const DUE = DateTime.fromISO('2023-10-05T07:00:00Z', { zone: 'utc' });

describe('sendFrom: when reminders before release start', () => {
  it('GIVEN 400 day reminders at 50 requests/s THEN they start 12 s early (8 s of queue × 1.25 + 2 s)', () => {
    expect(sendFrom('day', DUE, 400, 50).toISO()).toBe('2023-10-05T06:59:48.000Z');
  });

  it('GIVEN 10,000 at 50/s THEN 252 s early; GIVEN 100,000 THEN never more than 10 minutes', () => {
    expect(DUE.diff(sendFrom('week', DUE, 10_000, 50)).as('seconds')).toBe(252);
    expect(DUE.diff(sendFrom('hour', DUE, 100_000, 50)).toMillis()).toBe(MAX_EARLY_MS);
  });

  it('GIVEN release reminders THEN never early, however many', () => {
    expect(sendFrom('release', DUE, 100_000, 50)).toEqual(DUE);
  });

  it('GIVEN a queue of at most a second (50 at 50/s) THEN they leave at their moment', () => {
    expect(sendFrom('day', DUE, 50, 50)).toEqual(DUE);
    expect(sendFrom('day', DUE, 0, 50)).toEqual(DUE);
    expect(sendFrom('day', DUE, 51, 50) < DUE).toBe(true);
  });

  it('GIVEN a higher limit THEN a shorter lead', () => {
    expect(DUE.diff(sendFrom('day', DUE, 10_000, 500)).as('seconds')).toBe(27);
  });
});

describe('reminders job: reminders before release start early enough to be out by their moment', () => {
  it('GIVEN 400 day DM reminders at 50/s THEN none leaves before the lead, all leave before their moment, each once, stored sent and not late', async () => {
    const { boot, store, notifier, events } = setup({ requestsPerSecond: 50 });
    const reminders = Array.from({ length: 400 }, (_, i) => newReminder({ userId: userId(i) }));
    for (const r of reminders) await store.add(r, () => true);
    const delivery = boot();
    await delivery.run(due('day').minus({ minutes: 10 }));
    await delivery.run(due('day').minus({ seconds: 13 }));
    expect(notifier.requests).toEqual([]);
    await delivery.run(due('day').minus({ seconds: 12 }));
    expect(notifier.visible).toHaveLength(400);
    expect(new Set(notifier.visible.map((m) => m.to.kind === 'dm' && m.to.userId)).size).toBe(400);
    const stored = await store.getMany(reminders.map((r) => r.id));
    for (const r of stored) {
      expect(r?.delivery).toMatchObject({ state: 'sent', late: false });
      expect(Date.parse(r?.delivery.sentAt ?? '')).toBeLessThan(due('day').toMillis());
    }
    expect(notifier.visible[0]?.message.content).toMatch(/^⏰ One day to go!/);
    expect(events.every((e) => e.outcome === 'sent' && e.lagMs === 0)).toBe(true);
    await delivery.run(due('day'));
    await delivery.run(due('day').plus({ seconds: 1 }));
    await boot().run(due('day').plus({ seconds: 2 }));
    expect(notifier.requests).toHaveLength(400);
  });

  it('GIVEN a reminder made after its slot started early THEN it still goes, at its moment', async () => {
    const { boot, store, notifier } = setup({ requestsPerSecond: 50 });
    for (let i = 0; i < 400; i++) await store.add(newReminder({ userId: userId(i) }), () => true);
    const delivery = boot();
    await delivery.run(due('day').minus({ seconds: 12 }));
    expect(notifier.requests).toHaveLength(400);
    await store.add(newReminder({ userId: userId(400) }), () => true);
    await delivery.run(due('day').minus({ seconds: 1 }));
    expect(notifier.requests).toHaveLength(400);
    await delivery.run(due('day'));
    expect(notifier.seenBy(userId(400))).toHaveLength(1);
    expect(notifier.requests).toHaveLength(401);
  });

  it('GIVEN a slot started early WHEN, before its moment, a reminder already sent is cancelled and a new one lands on its page THEN at the moment only the new one goes, and no one gets a second message', async () => {
    const { boot, store, notifier } = setup({ requestsPerSecond: 50 });
    const reminders = Array.from({ length: 400 }, (_, i) => newReminder({ userId: userId(i) }));
    for (const r of reminders) await store.add(r, () => true);
    const delivery = boot();
    await delivery.run(due('day').minus({ seconds: 12 }));
    expect(notifier.requests).toHaveLength(400);

    const pageOf = async (id: string) => {
      for (let p = 0; p < store.pages; p++)
        if ((await store.idsInPage(ballerina.id, 'day', p)).includes(id)) return p;
      return -1;
    };
    const [cancelled] = reminders;
    if (cancelled === undefined) throw new Error('no reminders');
    const page = await pageOf(cancelled.id);
    await store.remove(cancelled.userId, cancelled.id);
    // A newcomer on the same page, so the page changed in its middle, not only at its end.
    let newcomer = newReminder({ userId: userId(400) });
    for (let n = 401; ; n++) {
      await store.add(newcomer, () => true);
      if ((await pageOf(newcomer.id)) === page) break;
      await store.remove(newcomer.userId, newcomer.id);
      newcomer = newReminder({ userId: userId(n) });
    }

    await delivery.run(due('day'));
    expect(notifier.seenBy(newcomer.userId)).toHaveLength(1);
    expect(notifier.requests).toHaveLength(401);
    for (const r of reminders) expect(notifier.seenBy(r.userId)).toHaveLength(1);
  });

  it('GIVEN 400 release reminders THEN nothing leaves before the release', async () => {
    const { boot, store, notifier } = setup({ requestsPerSecond: 50 });
    for (let i = 0; i < 400; i++)
      await store.add(newReminder({ userId: userId(i), offset: 'release' }), () => true);
    const delivery = boot();
    for (const s of [600, 60, 12, 1]) await delivery.run(release.minus({ seconds: s }));
    expect(notifier.requests).toEqual([]);
    await delivery.run(release);
    expect(notifier.visible).toHaveLength(400);
    expect(notifier.visible.every((m) => m.content.includes('is out now'))).toBe(true);
  });

  it('GIVEN 400 here reminders in one channel due a day before THEN they are not spread apart: a few grouped posts', async () => {
    const { boot, store, notifier } = setup({ requestsPerSecond: 50 });
    for (let i = 0; i < 400; i++)
      await store.add(newReminder({ userId: userId(i), where: 'here' }), () => true);
    const delivery = boot();
    await delivery.run(due('day').minus({ minutes: 10 }));
    await delivery.run(due('day').minus({ seconds: 12 }));
    expect(notifier.requests).toHaveLength(5);
  });
});
