import { describe, expect, it } from 'vitest';
import { finalStates } from '../../../src/domain/reminders.ts';
import { SENDS_IN_FLIGHT } from '../../../src/scheduler/kit/index.ts';
import { due, OWNER, release, setup, unix } from '../../support/reminder-jobs.ts';
import {
  CHANNEL,
  ballerina,
  london,
  newReminder,
  userId,
} from '../../support/reminder-fixtures.ts';

describe('reminders job: on time', () => {
  it('GIVEN a day-before DM reminder WHEN the tick runs one second early THEN nothing is sent', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1) });
    await boot().run(due('day').minus({ seconds: 1 }));
    expect(notifier.requests).toEqual([]);
  });

  it('GIVEN a day-before DM reminder WHEN the tick runs at its instant THEN one DM with the exact release instant is sent, and never again', async () => {
    const { boot, add, notifier, store, events } = setup();
    const r = await add({ userId: userId(1) });
    const delivery = boot();
    await delivery.run(due('day').plus({ milliseconds: 200 }));
    expect(notifier.visible).toHaveLength(1);
    expect(notifier.visible[0]?.to).toEqual({ kind: 'dm', userId: userId(1) });
    expect(notifier.visible[0]?.message.content).toBe(
      `⏰ One day to go! **Ballerina (2023)** comes out on Netflix (UK) <t:${unix(release)}:F> (<t:${unix(release)}:R>).`,
    );
    expect(notifier.visible[0]?.message.mentionUserIds).toBeUndefined();
    expect(notifier.visible[0]?.message.nonce.length).toBeLessThanOrEqual(25);
    const stored = await store.get(r.id);
    expect(stored?.delivery).toMatchObject({
      state: 'sent',
      dueAt: due('day').toUTC().toISO(),
      attempts: 1,
      late: false,
    });
    expect(events).toEqual([
      { job: 'reminders', outcome: 'sent', code: 0, lagMs: expect.any(Number) as number },
    ]);

    await delivery.run(due('day').plus({ seconds: 1 }));
    await boot().run(due('day').plus({ seconds: 2 }));
    expect(notifier.requests).toHaveLength(1);
  });

  it('GIVEN a release just after the clocks go back WHEN a week-before reminder is due THEN it leaves at 12:00 BST (11:00 UTC), a week of wall-clock time earlier', async () => {
    const { boot, add, notifier, releases } = setup();
    await releases.set(ballerina.id, london('2023-10-29T12:00'), OWNER);
    // The change notice is not what this test is about: let it go out first.
    await add({ userId: userId(1), offset: 'week' });
    const delivery = boot();
    await delivery.run(london('2023-10-01T00:00'));
    const before = notifier.requests.length;
    await delivery.run(london('2023-10-22T10:59:59'));
    expect(notifier.requests).toHaveLength(before);
    await delivery.run(london('2023-10-22T12:00:00'));
    expect(notifier.requests).toHaveLength(before + 1);
    expect(london('2023-10-22T12:00:00').toUTC().toISO()).toBe('2023-10-22T11:00:00.000Z');
    expect(notifier.requests.at(-1)?.message.content).toMatch(/^⏰ One week to go!/);
  });

  it('GIVEN two here reminders in one channel THEN one post in that channel pings both, and may ping only them', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), where: 'here', offset: 'hour' });
    await add({ userId: userId(2), where: 'here', offset: 'hour' });
    await boot().run(due('hour'));
    expect(notifier.visible).toHaveLength(1);
    const m = notifier.visible[0];
    expect(m?.to).toEqual({ kind: 'channel', channelId: CHANNEL });
    expect(m?.message.mentionUserIds).toEqual([userId(1), userId(2)]);
    for (const n of [1, 2]) expect(m?.message.content).toContain(`<@${userId(n)}>`);
    expect(m?.message.content).not.toContain(`<@${userId(3)}>`);
  });

  it('GIVEN a reminder cancelled after it was indexed THEN nothing is sent', async () => {
    const { boot, add, notifier, store } = setup();
    const r = await add({ userId: userId(1) });
    await store.remove(userId(1), r.id);
    await boot().run(due('day'));
    expect(notifier.requests).toEqual([]);
  });

  it('GIVEN 1,000 reminders due at once THEN they are handed to Discord concurrently, 64 at a time, one request each', async () => {
    const { boot, store, notifier } = setup();
    // Long enough that a loaded machine still fills every place before the first ones finish.
    notifier.latencyMs = 50;
    const reminders = Array.from({ length: 1000 }, (_, i) => newReminder({ userId: userId(i) }));
    await Promise.all(reminders.map((r) => store.add(r, () => true)));
    await boot().run(due('day'));
    expect(notifier.visible).toHaveLength(1000);
    expect(notifier.requests).toHaveLength(1000);
    expect(notifier.maxInFlight).toBeGreaterThan(32);
    expect(notifier.maxInFlight).toBeLessThanOrEqual(SENDS_IN_FLIGHT);
  });

  it('GIVEN 2,000 reminders due at once WHEN they go out THEN the job holds at most one index page of them besides those in flight, never the whole slot, and each goes once', async () => {
    const maxInFlight = 20;
    const { boot, store, notifier } = setup({ maxInFlight });
    const reminders = Array.from({ length: 2000 }, (_, i) => newReminder({ userId: userId(i) }));
    await Promise.all(reminders.map((r) => store.add(r, () => true)));
    const pages = await Promise.all(
      Array.from({ length: store.pages }, (_, p) => store.idsInPage(ballerina.id, 'day', p)),
    );
    const largestPage = Math.max(...pages.map((p) => p.length));
    const delivery = boot();
    let mostHeld = 0;
    notifier.respond(() => {
      mostHeld = Math.max(mostHeld, delivery.pendingCount());
      return undefined;
    });
    await delivery.run(due('day'));
    expect(notifier.requests).toHaveLength(2000);
    expect(new Set(notifier.visible.map((m) => m.to.kind === 'dm' && m.to.userId)).size).toBe(2000);
    expect(mostHeld).toBeGreaterThan(0);
    expect(mostHeld).toBeLessThanOrEqual(largestPage + maxInFlight);
    expect(mostHeld).toBeLessThan(1000);
    expect(delivery.pendingCount()).toBe(0);
  });

  it('GIVEN another shard owns the user THEN this process leaves the reminder alone', async () => {
    const { boot, add, notifier, store } = setup({ ownsUser: () => false });
    const r = await add({ userId: userId(1) });
    await boot().run(due('day'));
    expect(notifier.requests).toEqual([]);
    expect((await store.get(r.id))?.delivery.state).toBe('pending');
  });
});

describe('reminders job: two shards', () => {
  it("GIVEN a here reminder in this shard's guild by a user of another shard WHEN its channel refuses it THEN this shard sends the DM and the user's shard sends nothing", async () => {
    const { boot, add, notifier, store } = setup();
    const r = await add({ userId: userId(1), where: 'here' });
    notifier.failNext(
      { kind: 'missing_permissions', code: 50013 },
      1,
      (req) => req.to.kind === 'channel',
    );
    const guildShard = boot({ ownsGuild: () => true, ownsUser: () => false, shardTag: '2:0' });
    const userShard = boot({ ownsGuild: () => false, ownsUser: () => true, shardTag: '2:1' });
    for (const seconds of [0, 1, 2]) {
      await userShard.run(due('day').plus({ seconds }));
      await guildShard.run(due('day').plus({ seconds }));
    }
    expect(notifier.visible.map((m) => m.to)).toEqual([{ kind: 'dm', userId: userId(1) }]);
    expect(notifier.requests).toHaveLength(2);
    expect((await store.get(r.id))?.delivery).toMatchObject({
      state: 'sent',
      fallback: 'missing_permissions',
    });
  });
});

describe('reminders job: late and overtaken', () => {
  it('GIVEN a day-before reminder WHEN the bot was down at that moment THEN it is sent late once with a note', async () => {
    const { boot, add, notifier, store, events } = setup();
    const r = await add({ userId: userId(1) });
    await boot().run(due('day').plus({ hours: 2 }));
    expect(notifier.visible).toHaveLength(1);
    expect(notifier.visible[0]?.message.content).toContain('Sorry, this reminder is late');
    expect(notifier.visible[0]?.message.content).toContain(`<t:${unix(release)}:R>`);
    expect((await store.get(r.id))?.delivery).toMatchObject({ state: 'sent', late: true });
    expect(events.map((e) => e.outcome)).toEqual(['sent_late']);
  });

  it('GIVEN week and day reminders both missed before release THEN one late message covers both', async () => {
    const { boot, add, notifier, store } = setup();
    const week = await add({ userId: userId(1), offset: 'week' });
    const day = await add({ userId: userId(1), offset: 'day' });
    await boot().run(due('day').plus({ hours: 1 }));
    expect(notifier.visible).toHaveLength(1);
    expect(notifier.visible[0]?.message.content).toContain('a day before release');
    expect((await store.get(week.id))?.delivery).toMatchObject({ state: 'sent', collapsed: true });
    expect((await store.get(day.id))?.delivery).toMatchObject({ state: 'sent', collapsed: true });
  });

  it('GIVEN week, day, hour and release reminders WHEN the bot comes back after release THEN the user gets one "out now" message, never "one day to go"', async () => {
    const { boot, add, notifier, store, events } = setup();
    const all = await Promise.all(
      (['week', 'day', 'hour', 'release'] as const).map((offset) =>
        add({ userId: userId(1), offset }),
      ),
    );
    await add({ userId: userId(2), offset: 'day' });
    await boot().run(release.plus({ hours: 3 }));
    const mine = notifier.seenBy(userId(1));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.message.content).toContain('is out now on Netflix (UK)');
    expect(mine[0]?.message.content).toContain('Sorry this comes late');
    expect(mine[0]?.message.content).not.toMatch(/to go/);
    expect(notifier.seenBy(userId(2))).toHaveLength(1);
    for (const r of all) expect((await store.get(r.id))?.delivery.state).toBe('sent');
    expect(events.map((e) => e.outcome).sort()).toEqual(['collapsed', 'out_now']);

    await boot().run(release.plus({ hours: 4 }));
    expect(notifier.requests).toHaveLength(2);
  });

  it('GIVEN a release reminder at its instant THEN it says out now, without an apology', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'release' });
    await boot().run(release.plus({ milliseconds: 400 }));
    expect(notifier.visible[0]?.message.content).toBe(
      '🍿 **Ballerina (2023)** is out now on Netflix (UK)!',
    );
  });

  it('GIVEN the day reminder went out on time and the bot was down at release THEN the release reminder still comes, once', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'day' });
    await add({ userId: userId(1), offset: 'release' });
    await boot().run(due('day'));
    await boot().run(release.plus({ hours: 1 }));
    expect(notifier.visible.map((m) => Array.from(m.message.content ?? '')[0])).toEqual([
      '⏰',
      '🍿',
    ]);
  });
});

describe('reminders job: exactly once across a crash', () => {
  it('GIVEN the process dies after Discord posted but before `sent` was stored WHEN it restarts THEN it re-sends with the same nonce and the user sees one message', async () => {
    const { boot, add, notifier, store } = setup();
    const r = await add({ userId: userId(1) });
    notifier.respond(() => 'hang');
    void boot().run(due('day'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const crashed = await store.get(r.id);
    expect(crashed?.delivery.state).toBe('sending');

    notifier.clearResponders();
    await boot().run(due('day').plus({ seconds: 5 }));
    expect(notifier.requests).toHaveLength(2);
    expect(notifier.requests[1]?.message.nonce).toBe(notifier.requests[0]?.message.nonce);
    expect(notifier.requests[1]?.message.nonce).toBe(crashed?.delivery.nonce);
    expect(notifier.seenBy(userId(1))).toHaveLength(1);
    expect((await store.get(r.id))?.delivery.state).toBe('sent');
  });

  it('GIVEN a collapsed "out now" interrupted the same way THEN the restart reuses its nonce too', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'day' });
    await add({ userId: userId(1), offset: 'release' });
    notifier.respond(() => 'hang');
    void boot().run(release.plus({ hours: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    notifier.clearResponders();
    await boot().run(release.plus({ hours: 2 }));
    expect(notifier.requests).toHaveLength(2);
    expect(notifier.requests[1]?.message.nonce).toBe(notifier.requests[0]?.message.nonce);
    expect(notifier.seenBy(userId(1))).toHaveLength(1);
  });

  it('GIVEN an on-time DM left without an answer WHEN the bot is back only hours later THEN the late catch-up goes under the same nonce and the user sees one message', async () => {
    const { boot, add, notifier, store } = setup();
    const r = await add({ userId: userId(1) });
    notifier.respond(() => 'hang');
    void boot().run(due('day'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const crashed = await store.get(r.id);
    expect(crashed?.delivery.state).toBe('sending');

    notifier.clearResponders();
    await boot().run(due('day').plus({ hours: 3 }));
    expect(notifier.requests).toHaveLength(2);
    expect(notifier.requests[1]?.message.nonce).toBe(crashed?.delivery.nonce);
    expect(notifier.seenBy(userId(1))).toHaveLength(1);
    expect((await store.get(r.id))?.delivery.state).toBe('sent');
  });
});

describe('reminders job: graceful stop', () => {
  it('GIVEN 300 reminders being sent WHEN the process is asked to stop THEN messages already handed over finish and are stored sent, no new one starts, and the next start sends each of the rest once', async () => {
    const { boot, store, notifier } = setup();
    notifier.latencyMs = 10;
    const reminders = Array.from({ length: 300 }, (_, i) => newReminder({ userId: userId(i) }));
    for (const r of reminders) await store.add(r, () => true);
    const first = boot({ maxInFlight: 20 });
    const running = first.run(due('day'));
    while (notifier.requests.length < 40) await new Promise((resolve) => setTimeout(resolve, 5));
    first.stop();
    await running;
    const handedOver = notifier.requests.length;
    expect(handedOver).toBeLessThan(300);
    const states = (await store.getMany(reminders.map((r) => r.id))).map((r) => r?.delivery.state);
    // Nothing is left half-done: every message is either recorded as sent or was never started.
    expect(states.filter((s) => s === 'sent')).toHaveLength(handedOver);
    expect(states.filter((s) => s === 'pending')).toHaveLength(300 - handedOver);
    await first.run(due('day').plus({ seconds: 1 }));
    expect(notifier.requests).toHaveLength(handedOver);

    await boot().run(due('day').plus({ seconds: 5 }));
    expect(notifier.requests).toHaveLength(300);
    for (const [i] of reminders.entries()) expect(notifier.seenBy(userId(i))).toHaveLength(1);
    const after = await store.getMany(reminders.map((r) => r.id));
    expect(after.every((r) => r !== undefined && finalStates.has(r.delivery.state))).toBe(true);
  });
});

describe('reminders job: failures', () => {
  it('GIVEN a user whose DMs are closed (50007) THEN the reminder is marked dm_closed and never retried', async () => {
    const { boot, add, notifier, store, events } = setup();
    const r = await add({ userId: userId(1) });
    notifier.failNext({ kind: 'dm_closed', code: 50007 });
    const delivery = boot();
    await delivery.run(due('day'));
    await delivery.run(due('day').plus({ minutes: 5 }));
    await boot().run(due('day').plus({ minutes: 10 }));
    expect(notifier.requests).toHaveLength(1);
    expect((await store.get(r.id))?.delivery).toMatchObject({
      state: 'dm_closed',
      lastError: 'DMs closed (50007)',
    });
    expect(events).toEqual([{ job: 'reminders', outcome: 'dm_closed', code: 50007 }]);
  });

  it.each([
    [{ kind: 'unknown_channel', code: 10003 }, 'that channel no longer exists'],
    [{ kind: 'missing_access', code: 50001 }, 'I can no longer see that channel'],
    [{ kind: 'missing_permissions', code: 50013 }, 'I am no longer allowed to post there'],
    [{ kind: 'thread_closed', code: 50083 }, 'that thread is archived or locked'],
    [{ kind: 'thread_closed', code: 160005 }, 'that thread is archived or locked'],
    [{ kind: 'not_text_channel', code: 50008 }, 'that channel no longer takes messages'],
    [{ kind: 'blocked', code: 200000 }, "the server's AutoMod blocked it"],
  ] as const)(
    'GIVEN a here reminder whose channel fails with %o THEN it comes by DM saying why',
    async (failure, why) => {
      const { boot, add, notifier, store, events } = setup();
      const r = await add({ userId: userId(1), where: 'here' });
      notifier.failNext(failure, 1, (req) => req.to.kind === 'channel');
      const delivery = boot();
      await delivery.run(due('day'));
      await delivery.run(due('day').plus({ seconds: 1 }));
      expect(notifier.visible).toHaveLength(1);
      expect(notifier.visible[0]?.to).toEqual({ kind: 'dm', userId: userId(1) });
      expect(notifier.visible[0]?.message.content).toContain(why);
      expect(notifier.visible[0]?.message.content).toContain('One day to go!');
      expect(notifier.visible[0]?.message.mentionUserIds).toBeUndefined();
      expect(notifier.requests[1]?.message.nonce).not.toBe(notifier.requests[0]?.message.nonce);
      expect((await store.get(r.id))?.delivery).toMatchObject({
        state: 'sent',
        fallback: failure.kind,
      });
      expect(events.map((e) => [e.outcome, e.code])).toEqual([
        ['fallback_dm', failure.code],
        ['sent', 0],
      ]);
    },
  );

  it('GIVEN Discord answers 429 THEN the reminder waits exactly as told, then goes', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1) });
    notifier.failNext({ kind: 'rate_limited', code: 429, retryAfterMs: 3000 });
    const delivery = boot();
    await delivery.run(due('day'));
    await delivery.run(due('day').plus({ milliseconds: 2999 }));
    expect(notifier.requests).toHaveLength(1);
    await delivery.run(due('day').plus({ milliseconds: 3000 }));
    expect(notifier.visible).toHaveLength(1);
    expect(notifier.requests[1]?.message.nonce).toBe(notifier.requests[0]?.message.nonce);
  });

  it('GIVEN Discord fails with 5xx THEN retries back off 2 s, 4 s, 8 s … with the same nonce and succeed when it recovers', async () => {
    const { boot, add, notifier, store } = setup();
    const r = await add({ userId: userId(1) });
    notifier.failNext({ kind: 'server_error', code: 503 }, 3);
    const delivery = boot();
    const t0 = due('day');
    const attemptsAt: number[] = [];
    for (let s = 0; s <= 20; s++) {
      const before = notifier.requests.length;
      await delivery.run(t0.plus({ seconds: s }));
      if (notifier.requests.length > before) attemptsAt.push(s);
    }
    expect(attemptsAt).toEqual([0, 2, 6, 14]);
    expect(new Set(notifier.requests.map((q) => q.message.nonce)).size).toBe(1);
    expect((await store.get(r.id))?.delivery).toMatchObject({ state: 'sent', attempts: 4 });
  });

  it('GIVEN Discord keeps failing with 5xx for ten minutes THEN the reminder is marked failed and left alone', async () => {
    const { boot, add, notifier, store, events } = setup();
    const r = await add({ userId: userId(1) });
    notifier.respond(() => ({ kind: 'server_error', code: 502 }));
    const delivery = boot();
    for (let s = 0; s <= 15 * 60; s += 1) await delivery.run(due('day').plus({ seconds: s }));
    const stored = await store.get(r.id);
    expect(stored?.delivery.state).toBe('failed');
    expect(stored?.delivery.lastError).toContain('502');
    expect(notifier.requests.length).toBeLessThanOrEqual(10);
    expect(events.at(-1)).toEqual({ job: 'reminders', outcome: 'failed', code: 502 });
    expect(delivery.pendingCount()).toBe(0);
  });

  it('GIVEN a timeout (no answer) THEN it is retried like a 5xx', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1) });
    notifier.failNext({ kind: 'server_error', code: 0 });
    const delivery = boot();
    await delivery.run(due('day'));
    await delivery.run(due('day').plus({ seconds: 2 }));
    expect(notifier.visible).toHaveLength(1);
  });

  it('GIVEN Discord refuses the message (400) THEN it is failed at once, not retried', async () => {
    const { boot, add, notifier, store } = setup();
    const r = await add({ userId: userId(1) });
    notifier.failNext({ kind: 'rejected', code: 50035, message: 'Invalid Form Body' });
    const delivery = boot();
    await delivery.run(due('day'));
    await delivery.run(due('day').plus({ minutes: 1 }));
    expect(notifier.requests).toHaveLength(1);
    expect((await store.get(r.id))?.delivery.state).toBe('failed');
  });
});
