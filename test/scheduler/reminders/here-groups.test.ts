import { describe, expect, it } from 'vitest';
import {
  MENTION_USERS_MAX,
  MESSAGE_CONTENT_MAX,
  type Reminder,
} from '../../../src/domain/reminders.ts';
import { failures } from '../../support/fake-notifier.ts';
import { due, release, setup } from '../../support/reminder-jobs.ts';
import { CHANNEL, newReminder, userId } from '../../support/reminder-fixtures.ts';

const OTHER_CHANNEL = '400000000000000002';

/** `n` here reminders in CHANNEL for users 0 … n-1 (19-digit ids), stored. */
async function hereReminders(
  store: ReturnType<typeof setup>['store'],
  n: number,
  offset: Reminder['offset'] = 'day',
): Promise<Reminder[]> {
  const reminders = Array.from({ length: n }, (_, i) =>
    newReminder({ userId: userId(i), where: 'here', offset }),
  );
  for (const r of reminders) expect((await store.add(r, () => true)).kind).toBe('added');
  return reminders;
}

/** The hung "process" has got as far as `done` says (polled: the machine may be slow). */
async function waitFor(done: () => boolean): Promise<void> {
  const until = Date.now() + 5000;
  while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
}

const mentionCounts = (posts: { message: { mentionUserIds?: readonly string[] } }[]) => {
  const counts = new Map<string, number>();
  for (const p of posts)
    for (const id of p.message.mentionUserIds ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};

describe('reminders job: here reminders due together in one channel', () => {
  it('GIVEN 130 here reminders in one channel WHEN they come due THEN 2 posts, every user mentioned once and allowed, each post within Discord limits, each reminder sent with its own outcome', async () => {
    const { boot, store, notifier, events } = setup();
    const reminders = await hereReminders(store, 130);
    await boot().run(due('day'));
    expect(notifier.requests).toHaveLength(2);
    const posts = notifier.inChannel(CHANNEL);
    expect(posts).toHaveLength(2);
    const counts = mentionCounts(posts);
    expect(counts.size).toBe(130);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const post of posts) {
      const allowed = post.message.mentionUserIds ?? [];
      expect(allowed.length).toBeLessThanOrEqual(MENTION_USERS_MAX);
      expect(post.content.length).toBeLessThanOrEqual(MESSAGE_CONTENT_MAX);
      // Exactly the users mentioned in the text may be pinged.
      const inText = [...post.content.matchAll(/<@(\d+)>/g)].map((m) => m[1]);
      expect(inText).toEqual(allowed);
      expect(post.content).toMatch(/^⏰ One day to go!/);
    }
    expect(new Set(posts.map((p) => p.nonce)).size).toBe(2);
    const stored = await store.getMany(reminders.map((r) => r.id));
    expect(stored.every((r) => r?.delivery.state === 'sent')).toBe(true);
    expect(stored.every((r) => r?.delivery.collapsed === undefined)).toBe(true);
    expect(events.filter((e) => e.outcome === 'sent')).toHaveLength(130);
  });

  it('GIVEN here reminders in two channels and a DM reminder at the same moment THEN one post per channel and the DM on its own', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), where: 'here' });
    await add({ userId: userId(2), where: 'here' });
    await add({ userId: userId(3), where: 'here', channelId: OTHER_CHANNEL });
    await add({ userId: userId(4) });
    await boot().run(due('day'));
    expect(notifier.inChannel(CHANNEL).map((p) => p.message.mentionUserIds)).toEqual([
      [userId(1), userId(2)],
    ]);
    expect(notifier.inChannel(OTHER_CHANNEL).map((p) => p.message.mentionUserIds)).toEqual([
      [userId(3)],
    ]);
    expect(notifier.seenBy(userId(4)).map((m) => m.to)).toEqual([
      { kind: 'dm', userId: userId(4) },
    ]);
  });

  it('GIVEN here reminders at release THEN one "out now" post pings them all', async () => {
    const { boot, store, notifier } = setup();
    await hereReminders(store, 3, 'release');
    await boot().run(release.plus({ milliseconds: 300 }));
    const posts = notifier.inChannel(CHANNEL);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.content).toBe(
      `🍿 **Ballerina (2023)** is out now on Netflix (UK)!\n<@${userId(0)}> <@${userId(1)}> <@${userId(2)}>`,
    );
  });

  it('GIVEN the process dies after the first chunk was posted but before it heard back WHEN it restarts THEN that chunk goes again under its stored nonce (Discord keeps one), the second once: no chunk twice, none lost', async () => {
    const { boot, store, notifier } = setup();
    const reminders = await hereReminders(store, 130);
    notifier.respond((req) => (req === notifier.requests[0] ? 'hang' : undefined));
    void boot().run(due('day'));
    await waitFor(() => notifier.requests.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(notifier.requests).toHaveLength(1);
    const first = notifier.requests[0];
    const states = (await store.getMany(reminders.map((r) => r.id))).map((r) => r?.delivery.state);
    expect(states.filter((s) => s === 'sending')).toHaveLength(
      first?.message.mentionUserIds?.length ?? -1,
    );
    expect(states.filter((s) => s === 'pending')).toHaveLength(
      130 - (first?.message.mentionUserIds?.length ?? 0),
    );

    notifier.clearResponders();
    await boot().run(due('day').plus({ seconds: 3 }));
    expect(notifier.requests).toHaveLength(3);
    expect(notifier.requests[1]?.message.nonce).toBe(first?.message.nonce);
    expect(notifier.requests[1]?.message.mentionUserIds).toEqual(first?.message.mentionUserIds);
    const posts = notifier.inChannel(CHANNEL);
    expect(posts).toHaveLength(2);
    const counts = mentionCounts(posts);
    expect(counts.size).toBe(130);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const after = await store.getMany(reminders.map((r) => r.id));
    expect(after.every((r) => r?.delivery.state === 'sent')).toBe(true);
  });

  it('GIVEN the process dies after the second chunk left WHEN it restarts THEN only the second is sent again, under its nonce, and the first never', async () => {
    const { boot, store, notifier } = setup();
    const reminders = await hereReminders(store, 130);
    notifier.respond((req) => (req === notifier.requests[1] ? 'hang' : undefined));
    void boot().run(due('day'));
    await waitFor(() => notifier.requests.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(notifier.requests).toHaveLength(2);
    notifier.clearResponders();
    await boot().run(due('day').plus({ seconds: 3 }));
    expect(notifier.requests).toHaveLength(3);
    expect(notifier.requests[2]?.message.nonce).toBe(notifier.requests[1]?.message.nonce);
    expect(notifier.inChannel(CHANNEL)).toHaveLength(2);
    expect(mentionCounts(notifier.inChannel(CHANNEL)).size).toBe(130);
    const after = await store.getMany(reminders.map((r) => r.id));
    expect(after.every((r) => r?.delivery.state === 'sent')).toBe(true);
  });

  it.each([
    [failures.unknownChannel, 'that channel no longer exists'],
    [failures.missingAccess, 'I can no longer see that channel'],
    [failures.missingPermissions, 'I am no longer allowed to post there'],
  ] as const)(
    'GIVEN the channel post fails with %o THEN everyone in it gets the DM fallback, each under a nonce of their own',
    async (failure, why) => {
      const { boot, store, notifier, events } = setup();
      const reminders = await hereReminders(store, 5);
      notifier.failNext(failure, 1, (req) => req.to.kind === 'channel');
      const delivery = boot();
      await delivery.run(due('day'));
      await delivery.run(due('day').plus({ seconds: 1 }));
      expect(notifier.inChannel(CHANNEL)).toHaveLength(0);
      for (const [i] of reminders.entries()) {
        const seen = notifier.seenBy(userId(i));
        expect(seen).toHaveLength(1);
        expect(seen[0]?.to).toEqual({ kind: 'dm', userId: userId(i) });
        expect(seen[0]?.content).toContain(why);
        expect(seen[0]?.content).toContain('One day to go!');
      }
      const dmNonces = notifier.requests
        .filter((r) => r.to.kind === 'dm')
        .map((r) => r.message.nonce);
      expect(new Set(dmNonces).size).toBe(5);
      const stored = await store.getMany(reminders.map((r) => r.id));
      for (const r of stored)
        expect(r?.delivery).toMatchObject({ state: 'sent', fallback: failure.kind });
      expect(events.filter((e) => e.outcome === 'fallback_dm')).toHaveLength(5);
    },
  );

  it('GIVEN Discord answers the post with 429 THEN the whole chunk waits and goes again as one post under the same nonce', async () => {
    const { boot, store, notifier } = setup();
    await hereReminders(store, 4);
    notifier.failNext(failures.rateLimited(2000), 1);
    const delivery = boot();
    await delivery.run(due('day'));
    await delivery.run(due('day').plus({ seconds: 2 }));
    expect(notifier.requests).toHaveLength(2);
    expect(notifier.requests[1]?.message.nonce).toBe(notifier.requests[0]?.message.nonce);
    expect(notifier.inChannel(CHANNEL)).toHaveLength(1);
    expect(notifier.inChannel(CHANNEL)[0]?.message.mentionUserIds).toHaveLength(4);
  });
});

describe("reminders job: a here reminder is posted whatever the same user's DM reminders do", () => {
  it('GIVEN a user with DMs closed who asked for a DM and a here reminder at release THEN the here reminder is posted in its channel and only the DM is marked dm_closed', async () => {
    const { boot, add, notifier, store } = setup();
    const dm = await add({ userId: userId(1), offset: 'release' });
    const here = await add({ userId: userId(1), offset: 'release', where: 'here' });
    notifier.respond((req) =>
      req.to.kind === 'dm' ? { kind: 'dm_closed', code: 50007 } : undefined,
    );
    const delivery = boot();
    await delivery.run(release.plus({ milliseconds: 200 }));
    await delivery.run(release.plus({ seconds: 5 }));
    const posts = notifier.inChannel(CHANNEL);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.message.mentionUserIds).toEqual([userId(1)]);
    expect(posts[0]?.content).toContain('is out now');
    expect((await store.get(here.id))?.delivery.state).toBe('sent');
    expect((await store.get(dm.id))?.delivery.state).toBe('dm_closed');
  });

  it('GIVEN the bot was down before release and the user has a late DM and a late here reminder THEN each goes to its own place, once', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'day' });
    await add({ userId: userId(1), offset: 'day', where: 'here' });
    await boot().run(due('day').plus({ hours: 2 }));
    expect(
      notifier
        .seenBy(userId(1))
        .map((m) => m.to.kind)
        .sort(),
    ).toEqual(['channel', 'dm']);
    for (const m of notifier.seenBy(userId(1)))
      expect(m.content).toContain('Sorry, this reminder is late');
  });
});
