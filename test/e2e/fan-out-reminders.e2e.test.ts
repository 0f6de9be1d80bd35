import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED, snowflakeAt, startEmulator, type Emulator } from '@premiere/discord-emulator';
import {
  reminderIdOf,
  type Reminder,
  type ReminderKey,
  type ReminderOffset,
} from '../../src/domain/reminders.ts';
import { openKeyv } from '../../src/store/keyv.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { createUserStore } from '../../src/store/user-store.ts';
import { contractGuard, startBotProcess, type BotProcess } from '../support/e2e.ts';
import { silentLogger } from '../support/reminder-fixtures.ts';

/*
 * Fan-outs that respect people and the limit, over the wire: the real bot against the emulator
 * at Discord's 50 requests/s. The reminders already exist when the bot starts (what people asked
 * for days ago); both clocks then jump to just before the moment, so nothing waits for minutes.
 */

const FILM = 'ballerina-2023';
const RELEASE_MS = Date.parse('2023-10-06T07:00:00Z');
const DAY_DUE_MS = RELEASE_MS - 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (m: APIMessage) => Date.parse(m.timestamp);

/** `n` people in Film Club with ids a second apart from `from` (19-digit snowflakes). */
function addPeople(emulator: Emulator, n: number, from: string, name: string): string[] {
  return Array.from({ length: n }, (_, i) =>
    emulator.addUser({
      username: `${name}${i}`,
      id: snowflakeAt(Date.parse(from) + i * 1000),
      guilds: [SEED.guilds.filmClub],
    }),
  );
}

interface Ask {
  userId: string;
  offset: ReminderOffset;
  channelId?: string;
}

/** Store what these people asked for; DM channels were opened when they asked, as /remindme does. */
async function seedReminders(emulator: Emulator, storeUrl: string, asks: readonly Ask[]) {
  const keyv = openKeyv(storeUrl);
  const store = createReminderStore({ keyv, logger: silentLogger });
  const users = createUserStore({ keyv, logger: silentLogger });
  for (const ask of asks) {
    const key: ReminderKey = {
      userId: ask.userId,
      filmId: FILM,
      offset: ask.offset,
      where: ask.channelId === undefined ? 'dm' : 'here',
      ...(ask.channelId === undefined ? {} : { channelId: ask.channelId }),
    };
    if (ask.channelId === undefined)
      await users.setDmChannel(ask.userId, emulator.world.dmChannelFor(ask.userId).id);
    const reminder: Reminder = {
      id: reminderIdOf(key),
      userId: ask.userId,
      filmId: FILM,
      offset: ask.offset,
      where: key.where,
      ...(ask.channelId === undefined
        ? {}
        : { channelId: ask.channelId, guildId: SEED.guilds.filmClub }),
      createdAt: '2023-09-01T12:00:00.000Z',
      delivery: { state: 'pending', attempts: 0 },
    };
    const added = await store.add(reminder, () => true);
    if (added.kind !== 'added') throw new Error(`seeding a reminder: ${added.kind}`);
  }
  await keyv.disconnect();
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(100);
}

/** How many posts ping each user (by who Discord says was pinged). */
function pingCounts(posts: readonly APIMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of posts) for (const u of p.mentions) counts.set(u.id, (counts.get(u.id) ?? 0) + 1);
  return counts;
}

const requestsTo = (emulator: Emulator, channelId: string) =>
  emulator.requests.filter(
    (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`,
  );

describe('a day before release and at release, at 50 requests/s (one bot)', () => {
  let emulator: Emulator | undefined;
  let bot: BotProcess | undefined;
  const storeDir = mkdtempSync(path.join(tmpdir(), 'premiere-e2e-fanout-'));
  const guard = contractGuard(() => emulator);
  afterAll(async () => {
    await bot?.stop();
    await emulator?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  let dayDm: string[] = [];
  let refused: string[] = [];
  let hereAtRelease: string[] = [];
  let dmAtRelease: string[] = [];

  it('GIVEN 400 day DM reminders, 20 day here reminders in #announcements (where the bot may not post), 130 here reminders at release in #general and 50 release DM reminders THEN the bot starts', async () => {
    emulator = await startEmulator();
    guard.mark();
    dayDm = addPeople(emulator, 400, '2022-01-01T00:00:00Z', 'fan');
    refused = addPeople(emulator, 20, '2022-02-01T00:00:00Z', 'quiet');
    hereAtRelease = addPeople(emulator, 130, '2022-03-01T00:00:00Z', 'member');
    dmAtRelease = dayDm.slice(0, 50);
    await seedReminders(emulator, `sqlite://${path.join(storeDir, 'store.sqlite')}`, [
      ...dayDm.map((userId) => ({ userId, offset: 'day' as const })),
      ...refused.map((userId) => ({
        userId,
        offset: 'day' as const,
        channelId: SEED.channels.announcements,
      })),
      ...hereAtRelease.map((userId) => ({
        userId,
        offset: 'release' as const,
        channelId: SEED.channels.general,
      })),
      ...dmAtRelease.map((userId) => ({ userId, offset: 'release' as const })),
    ]);
    bot = await startBotProcess({
      emulator,
      storeDir,
      fakeTime: iso(DAY_DUE_MS - 11 * 60_000),
      env: { REST_GLOBAL_LIMIT: '50' },
    });
    guard.check();
  }, 60_000);

  it('GIVEN 400 day DM reminders at L = 50 WHEN their moment comes THEN all 400 are out within [moment − 10 min, moment + 1 s], each exactly once', async () => {
    if (!emulator || !bot) throw new Error('not started');
    guard.mark();
    // Half a minute before the moment: the queue (8 s at 50/s) starts early enough to end by it.
    const jump = iso(DAY_DUE_MS - 30_000);
    bot.setTime(jump);
    emulator.setTime(jump);
    const delivered = () => dayDm.filter((id) => (emulator?.dms(id).length ?? 0) > 0).length;
    await until(() => delivered() === 400, 60_000);
    await sleep(1500);
    const dms = dayDm.flatMap((id) => emulator?.dms(id) ?? []);
    expect(dms).toHaveLength(400);
    expect(dayDm.filter((id) => emulator?.dms(id).length !== 1)).toEqual([]);
    for (const m of dms) {
      expect(m.content).toMatch(/^⏰ One day to go!/);
      expect(at(m)).toBeGreaterThanOrEqual(DAY_DUE_MS - 10 * 60_000);
      expect(at(m)).toBeLessThanOrEqual(DAY_DUE_MS + 1000);
    }
    guard.check();
  }, 90_000);

  it('GIVEN a here post in a channel that refuses the bot (50013) THEN everyone in it gets their reminder by DM, saying why, and nothing is posted there', async () => {
    if (!emulator) throw new Error('not started');
    guard.mark();
    await until(() => refused.every((id) => (emulator?.dms(id).length ?? 0) > 0), 20_000);
    await sleep(1500);
    for (const id of refused) {
      const dms = emulator.dms(id);
      expect(dms).toHaveLength(1);
      expect(dms[0]?.content).toContain('I am no longer allowed to post there');
      expect(dms[0]?.content).toContain('One day to go!');
    }
    expect(emulator.messages(SEED.channels.announcements)).toEqual([]);
    // One refused post for the 20 of them, not 20.
    expect(requestsTo(emulator, SEED.channels.announcements)).toHaveLength(1);
    guard.check();
  }, 30_000);

  it('GIVEN release reminders THEN none is sent before the release: 130 here reminders in #general make 2 posts, every user mentioned once and allowed', async () => {
    if (!emulator || !bot) throw new Error('not started');
    guard.mark();
    const jump = iso(RELEASE_MS - 3000);
    bot.setTime(jump);
    emulator.setTime(jump);
    await until(
      () =>
        pingCounts(emulator?.messages(SEED.channels.general) ?? []).size === 130 &&
        dmAtRelease.every((id) => emulator?.dms(id).some((m) => m.content.includes('out now'))),
      60_000,
    );
    await sleep(1500);
    const posts = emulator.messages(SEED.channels.general);
    const sent = requestsTo(emulator, SEED.channels.general);
    const seen = JSON.stringify(
      sent.map((r) => ({
        at: iso(r.at),
        status: r.status,
        code: r.code,
        nonce: (r.body as { nonce?: unknown }).nonce,
      })),
    );
    expect(posts, seen).toHaveLength(2);
    // Two posts; a request repeated under the same nonce (a timeout on a busy machine) is allowed.
    expect(new Set(sent.map((r) => (r.body as { nonce?: unknown }).nonce)).size, seen).toBe(2);
    const counts = pingCounts(posts);
    expect([...counts.keys()].sort()).toEqual([...hereAtRelease].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const p of posts) {
      expect(p.content).toMatch(/^🍿 \*\*Ballerina \(2023\)\*\* is out now on Netflix \(UK\)!\n/);
      expect(p.content.length).toBeLessThanOrEqual(2000);
      expect(p.mention_everyone).toBe(false);
      expect(p.mention_roles).toEqual([]);
      expect(at(p)).toBeGreaterThanOrEqual(RELEASE_MS);
    }
    const outNow = dmAtRelease.flatMap((id) =>
      (emulator?.dms(id) ?? []).filter((m) => m.content.includes('out now')),
    );
    expect(outNow).toHaveLength(50);
    for (const m of outNow) expect(at(m)).toBeGreaterThanOrEqual(RELEASE_MS);
    guard.check();
  }, 90_000);
});

describe('SIGKILL between two chunks of a here post', () => {
  let emulator: Emulator | undefined;
  let bot: BotProcess | undefined;
  const storeDir = mkdtempSync(path.join(tmpdir(), 'premiere-e2e-chunks-'));
  afterAll(async () => {
    await bot?.stop();
    await emulator?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('GIVEN 130 here reminders at release in #general WHEN the bot is killed as Discord posts the first chunk and restarted THEN 2 posts: no chunk twice, none lost', async () => {
    emulator = await startEmulator();
    const members = addPeople(emulator, 130, '2022-03-01T00:00:00Z', 'member');
    await seedReminders(
      emulator,
      `sqlite://${path.join(storeDir, 'store.sqlite')}`,
      members.map((userId) => ({
        userId,
        offset: 'release' as const,
        channelId: SEED.channels.general,
      })),
    );
    bot = await startBotProcess({ emulator, storeDir, fakeTime: iso(RELEASE_MS - 60_000) });
    // Killed from inside Discord's handling of the first post: it is posted, but the bot never
    // hears back, so its members are left `sending` and the second chunk was never started.
    const running = bot;
    let cutOff: string | undefined;
    const unsubscribe = emulator.onMessage((message, change) => {
      if (change !== 'create' || cutOff !== undefined) return;
      if (message.channel_id !== SEED.channels.general) return;
      cutOff = typeof message.nonce === 'string' ? message.nonce : '';
      running.child.kill('SIGKILL');
    });
    const jump = iso(RELEASE_MS - 2000);
    running.setTime(jump);
    emulator.setTime(jump);
    await running.exited;
    unsubscribe();
    expect(emulator.messages(SEED.channels.general)).toHaveLength(1);

    bot = await bot.restart({ fakeTime: iso(emulator.now()) });
    await until(
      () => pingCounts(emulator?.messages(SEED.channels.general) ?? []).size === 130,
      30_000,
    );
    await sleep(2000);
    const posts = emulator.messages(SEED.channels.general);
    expect(posts).toHaveLength(2);
    const counts = pingCounts(posts);
    expect(counts.size).toBe(130);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The first chunk was sent again after the restart under its stored nonce; Discord kept one.
    const sends = requestsTo(emulator, SEED.channels.general).filter((r) => r.status === 200);
    expect(sends.filter((r) => (r.body as { nonce?: unknown }).nonce === cutOff)).toHaveLength(2);
    expect(sends).toHaveLength(3);
  }, 90_000);
});
