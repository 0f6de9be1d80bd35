import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DateTime } from 'luxon';
import { isStoreUnavailable } from '../../../src/domain/errors.ts';
import { flakyKeyv } from '../../support/flaky-store.ts';
import { due, setup } from '../../support/reminder-jobs.ts';
import { userId } from '../../support/reminder-fixtures.ts';

/*
 * The store fails around a reminder's moment, as a SQLite file locked by another process does:
 * reads work, writes are refused. The promise is still one message, recorded as sent.
 */
/** One tick as the ticker runs it: a run the store failed is over, the next tick tries again. */
const tick = (job: { run(now: DateTime): Promise<void> }, now: DateTime) =>
  job.run(now).catch((err: unknown) => {
    if (!isStoreUnavailable(err)) throw err;
  });

describe('reminders job: the store refuses writes around the due instant', () => {
  it('GIVEN writes refused at the due instant WHEN the tick runs THEN nothing is sent (its `sending` mark could not be stored), and once writes work one DM goes out and is recorded as sent', async () => {
    const { keyv, adapter } = flakyKeyv();
    const { boot, add, notifier, store } = setup({}, { keyv });
    const r = await add({ userId: userId(1) });
    const delivery = boot();

    adapter.failWrites = true;
    await tick(delivery, due('day'));
    await tick(delivery, due('day').plus({ seconds: 3 }));
    expect(adapter.refusedWrites).toBeGreaterThan(0);
    expect(notifier.requests).toEqual([]);
    expect((await store.get(r.id))?.delivery.state).toBe('pending');

    adapter.failWrites = false;
    await tick(delivery, due('day').plus({ seconds: 30 }));
    expect(notifier.requests).toHaveLength(1);
    expect((await store.get(r.id))?.delivery).toMatchObject({
      state: 'sent',
      dueAt: due('day').toUTC().toISO(),
      late: false,
    });
    // A restart afterwards finds it sent: nothing more.
    await boot().run(due('day').plus({ seconds: 90 }));
    expect(notifier.requests).toHaveLength(1);
  });

  it('GIVEN the `sending` mark stored but the `sent` write refused THEN the write is retried, the message never sent again, until the store takes it', async () => {
    const { keyv, adapter } = flakyKeyv();
    const { boot, add, notifier, store } = setup({}, { keyv });
    const r = await add({ userId: userId(1) });
    const delivery = boot();
    adapter.failWrites = (key, value) => key.includes('reminder:') && value.includes('"sent"');

    const run = delivery.run(due('day'));
    await sleep(600);
    // Discord has the message; the store still says `sending` with its nonce.
    expect(notifier.requests).toHaveLength(1);
    expect(adapter.refusedWrites).toBeGreaterThanOrEqual(2);
    const meanwhile = await store.get(r.id);
    expect(meanwhile?.delivery).toMatchObject({ state: 'sending' });
    expect(meanwhile?.delivery.nonce).toBe(notifier.requests[0]?.message.nonce);
    // Ticks meanwhile do not send it again (the run is still busy recording).
    await Promise.race([delivery.run(due('day').plus({ seconds: 1 })), sleep(50)]);
    expect(notifier.requests).toHaveLength(1);

    adapter.failWrites = false;
    await run;
    expect((await store.get(r.id))?.delivery.state).toBe('sent');
    await boot().run(due('day').plus({ seconds: 90 }));
    expect(notifier.requests).toHaveLength(1);
  });

  it('GIVEN the `sent` write still refused when the process stops WHEN it restarts later THEN the catch-up goes under the stored nonce, so the user sees one message', async () => {
    const { keyv, adapter } = flakyKeyv();
    const { boot, add, notifier, store } = setup({}, { keyv });
    const r = await add({ userId: userId(1) });
    adapter.failWrites = (key, value) => key.includes('reminder:') && value.includes('"sent"');
    const first = boot();
    const run = first.run(due('day'));
    await sleep(300);
    first.stop();
    await run.catch(() => undefined);
    const stored = await store.get(r.id);
    expect(stored?.delivery.state).toBe('sending');

    adapter.failWrites = false;
    // 90 s later: late, so a catch-up message, but under the nonce of the unanswered send.
    await boot().run(due('day').plus({ seconds: 90 }));
    expect(notifier.requests).toHaveLength(2);
    expect(notifier.requests[1]?.message.nonce).toBe(stored?.delivery.nonce);
    expect(notifier.visible).toHaveLength(1);
    expect((await store.get(r.id))?.delivery.state).toBe('sent');
  });
});

describe('reminders job: the store refuses a read of the due index mid-slot', () => {
  it('GIVEN 40 reminders due at once WHEN reading one page of the due index fails mid-slot THEN the pages before it go out, and the next tick sends the rest: all 40 once, each stored sent', async () => {
    const { keyv, adapter } = flakyKeyv();
    // The test store has 4 due-index pages; the third one's read fails once the slot is open (its
    // first read is the count when the slot opens, the second the read for sending).
    const { boot, add, notifier, store } = setup({}, { keyv });
    const added = await Promise.all(
      Array.from({ length: 40 }, (_, i) => add({ userId: userId(i) })),
    );
    const delivery = boot();
    let thirdPageReads = 0;
    adapter.failReads = (key) =>
      key.includes('due:') && key.endsWith(':day:2') && ++thirdPageReads === 2;

    await tick(delivery, due('day'));
    const first = notifier.requests.length;
    expect(thirdPageReads).toBe(2);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(40);

    await tick(delivery, due('day').plus({ seconds: 1 }));
    const users = notifier.requests.map((r) => (r.to.kind === 'dm' ? r.to.userId : r.to.channelId));
    expect(users).toHaveLength(40);
    expect(new Set(users).size).toBe(40);
    for (const r of added) expect((await store.get(r.id))?.delivery.state).toBe('sent');
  });
});
