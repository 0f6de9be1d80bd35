import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { openKeyv } from '../../src/store/keyv.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import {
  formatViolations,
  repoRoot,
  startBotProcess,
  type BotProcess,
  type LogLine,
  waitForShards,
} from '../support/e2e.ts';
import {
  deliveredCount,
  deliveryProblems,
  DUE,
  repeatedSends,
  seedFanOut,
  type FanOut,
} from '../support/fan-out.ts';
import { silentLogger } from '../support/reminder-fixtures.ts';
import { redisServerInstalled, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';

/*
 * The bot as `npm run start:sharded` runs it: discord.js's ShardingManager forks one process per
 * shard, all on one throwaway Redis, against the emulator's sharded gateway (each shard's session
 * gets only its own guilds). Everything falls due at one instant: DM reminders of a few hundred
 * people, `here` reminders and countdown posts in guilds on every shard, and a `here` reminder
 * whose channel refuses the bot. The emulator's global limit is low, so the fan-out lasts a few
 * seconds and can be interrupted.
 *
 * "Repeated sends" are sends Discord accepted twice with the same nonce in the same channel: the
 * second is answered with the message already posted, so nobody sees two, but a delivery was
 * attempted twice. Two shards must never do that; a shard killed mid-send may, for the messages
 * it had handed over and not yet recorded, and only ever with their nonce.
 */

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const connected = (line: LogLine) => line.msg === 'every shard is connected';

interface Run {
  emulator: Emulator;
  redis: TestRedis;
  fanOut: FanOut;
  bot: BotProcess;
}

let current: Partial<Run> = {};
afterEach(async () => {
  await current.bot?.kill();
  await current.emulator?.close();
  await current.redis?.stop();
  current = {};
});

/** The emulator, a throwaway Redis holding the fan-out, and start:sharded, clocks just before DUE. */
async function startSharded(options: {
  shardCount: number;
  users: number;
  limit: number;
}): Promise<Run> {
  const emulator = await startEmulator({
    shardCount: options.shardCount,
    rateLimits: { globalPerSecond: options.limit },
  });
  current.emulator = emulator;
  const redis = await startTestRedis({ own: true });
  current.redis = redis;
  const fanOut = await seedFanOut(emulator, redis.url, {
    shardCount: options.shardCount,
    users: options.users,
    guildsPerShard: 2,
    fallback: true,
  });
  const bot = await startBotProcess({
    emulator,
    script: 'start:sharded',
    storeUrl: redis.url,
    fakeTime: iso(ms(DUE) - 120_000),
    // Each process gets its share of the emulator's limit, as it would of a REST proxy's.
    env: { REST_GLOBAL_LIMIT: String(options.limit / options.shardCount) },
    readyWhen: connected,
    readyTimeoutMs: 60_000,
  });
  current.bot = bot;
  await waitForShards(bot, options.shardCount);
  expect(emulator.sessions()).toHaveLength(options.shardCount);
  // Started with time to spare; now both clocks jump to just before the moment.
  bot.setTime(iso(ms(DUE) - 1500));
  emulator.setTime(iso(ms(DUE) - 1500));
  return { emulator, redis, fanOut, bot };
}

async function waitForDeliveries(emulator: Emulator, fanOut: FanOut, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (deliveredCount(emulator, fanOut) < fanOut.expected && Date.now() < deadline)
    await sleep(100);
  // Anything arriving after this would be a duplicate.
  await sleep(1500);
}

/**
 * The reminders' delivery states in the store, once every one is `sent` or `timeoutMs` passed. A
 * shard killed while writing a reminder holds that key's store lock until it expires (10 s), so
 * its respawn may record such a reminder a few seconds after its message went out.
 */
async function settledStates(
  redisUrl: string,
  fanOut: FanOut,
  timeoutMs = 15_000,
): Promise<Record<string, number>> {
  const keyv = openKeyv(redisUrl);
  const store = createReminderStore({ keyv, logger: silentLogger });
  const ids = await store.idsInSlot('ballerina-2023', 'hour');
  expect(ids.length).toBe(fanOut.reminders);
  const deadline = Date.now() + timeoutMs;
  let states: Record<string, number> = {};
  do {
    states = {};
    for (const r of await store.getMany(ids)) {
      const state = r?.delivery.state ?? 'missing';
      states[state] = (states[state] ?? 0) + 1;
    }
    if (states.sent === ids.length) break;
    await sleep(250);
  } while (Date.now() < deadline);
  await keyv.disconnect();
  return states;
}

const shardPids = (bot: BotProcess, shardId: number): number[] =>
  bot.logs
    .filter((l) => l.msg === 'shard process started' && l.shardId === shardId)
    .map((l) => Number(l.shardPid));

describe.skipIf(!redisServerInstalled())('npm run start:sharded on Redis', () => {
  it('GIVEN 2 shards and 240 DM reminders, here reminders and countdowns on both WHEN all fall due at once THEN each arrives exactly once, from its own shard, and no send is repeated', async () => {
    const { emulator, fanOut, bot, redis } = await startSharded({
      shardCount: 2,
      users: 240,
      limit: 80,
    });
    // Each shard logged in as itself: two processes, one shard each.
    const ready = bot.logs.filter((l) => l.msg === 'Premiere is ready');
    expect(ready.map((l) => l.shardIds).sort()).toEqual([[0], [1]]);
    expect(new Set(ready.map((l) => l.pid)).size).toBe(2);

    await waitForDeliveries(emulator, fanOut, 30_000);
    expect(await settledStates(redis.url, fanOut)).toEqual({ sent: fanOut.reminders });
    expect(deliveryProblems(emulator, fanOut)).toEqual([]);
    expect(repeatedSends(emulator.requests)).toEqual([]);
    expect(formatViolations(emulator.violations)).toBe('');
    expect(await bot.stop()).toBe(0);
  }, 90_000);

  it('GIVEN 4 shards WHEN one shard process is SIGKILLed in the middle of its fan-out THEN the manager respawns it and every message still arrives exactly once; only that shard repeats sends, under their nonces', async () => {
    const { emulator, fanOut, bot, redis } = await startSharded({
      shardCount: 4,
      users: 240,
      limit: 80,
    });
    const victim = 1;
    const [firstPid] = shardPids(bot, victim);
    expect(firstPid).toBeGreaterThan(0);

    // Killed from inside Discord's handling of one of its messages: posted, but the shard never
    // hears back, so that delivery is left `sending`: the hardest instant to die at.
    let seen = 0;
    let cutOff: { channelId: string; nonce: unknown } | undefined;
    const unsubscribe = emulator.onMessage((m, change) => {
      if (change !== 'create' || fanOut.ownerOf(m.channel_id) !== victim) return;
      if (++seen !== 40 || firstPid === undefined) return;
      cutOff = { channelId: m.channel_id, nonce: m.nonce };
      process.kill(firstPid, 'SIGKILL');
    });
    await bot.waitForLog(
      (l) => l.msg === 'shard process started' && l.shardId === victim && l.shardPid !== firstPid,
      20_000,
    );
    unsubscribe();
    expect(cutOff).toBeDefined();
    const beforeRespawn = deliveredCount(emulator, fanOut);
    expect(beforeRespawn).toBeLessThan(fanOut.expected);

    await waitForDeliveries(emulator, fanOut, 40_000);
    expect(await settledStates(redis.url, fanOut)).toEqual({ sent: fanOut.reminders });
    expect(deliveryProblems(emulator, fanOut)).toEqual([]);
    const repeats = repeatedSends(emulator.requests);
    // The message Discord posted as the shard died was sent again after the respawn, with its nonce.
    expect(repeats.map((r) => r.nonce)).toContain(cutOff?.nonce);
    for (const r of repeats) {
      expect(fanOut.ownerOf(r.channelId)).toBe(victim);
      expect(r).toMatchObject({ sends: 2, sameMessage: true });
    }
    expect(formatViolations(emulator.violations)).toBe('');
    expect(await bot.stop()).toBe(0);
  }, 90_000);

  it('GIVEN 2 shards in the middle of a fan-out longer than the grace period WHEN start:sharded gets SIGTERM THEN it exits 0 in bounded time, and a restart delivers the rest: each exactly once', async () => {
    const { emulator, fanOut, bot, redis } = await startSharded({
      shardCount: 2,
      users: 240,
      limit: 16,
    });
    while (deliveredCount(emulator, fanOut) < 30) await sleep(50);
    const signalled = Date.now();
    expect(await bot.stop()).toBe(0);
    const tookMs = Date.now() - signalled;
    // Each shard gives its deliveries in flight 10 s, then closes; the manager waits for both.
    expect(tookMs).toBeLessThan(15_000);
    const stopped = deliveredCount(emulator, fanOut);
    expect(stopped).toBeLessThan(fanOut.expected);
    expect(bot.logs.filter((l) => l.msg === 'Premiere stopped')).toHaveLength(2);
    expect(bot.logs.some((l) => l.msg === 'every shard stopped')).toBe(true);

    emulator.configureRateLimits({ globalPerSecond: 160 });
    const restarted = await bot.restart({
      fakeTime: iso(emulator.now()),
      env: { REST_GLOBAL_LIMIT: '80' },
    });
    current.bot = restarted;
    await waitForShards(restarted, 2);
    await waitForDeliveries(emulator, fanOut, 40_000);
    expect(await settledStates(redis.url, fanOut)).toEqual({ sent: fanOut.reminders });
    expect(deliveryProblems(emulator, fanOut)).toEqual([]);
    // Only a message on the wire at the very end of the grace period can be sent again.
    for (const r of repeatedSends(emulator.requests))
      expect(r).toMatchObject({ sends: 2, sameMessage: true });
    expect(repeatedSends(emulator.requests).length).toBeLessThanOrEqual(2);
    expect(await restarted.stop()).toBe(0);
  }, 120_000);
});

describe.skipIf(!redisServerInstalled())('start:sharded leaves no orphan shard', () => {
  it('GIVEN 2 shards WHEN the manager itself is SIGKILLed THEN each shard process stops by itself instead of delivering on beside the next start', async () => {
    const { bot } = await startSharded({ shardCount: 2, users: 10, limit: 80 });
    const shards = new Set(
      bot.logs.filter((l) => l.msg === 'Premiere is ready').map((l) => Number(l.pid)),
    );
    expect(shards.size).toBe(2);
    bot.child.kill('SIGKILL');
    // The shards' output still reaches the test: they inherited the manager's stdout.
    const deadline = Date.now() + 20_000;
    const stopped = () =>
      new Set(bot.logs.filter((l) => l.msg === 'Premiere stopped').map((l) => Number(l.pid)));
    while (stopped().size < 2 && Date.now() < deadline) await sleep(100);
    expect(stopped()).toEqual(shards);
    expect(
      bot.logs.filter((l) => l.msg === 'shutting down' && l.reason === 'manager gone'),
    ).toHaveLength(2);
  }, 60_000);
});

describe('npm run start:sharded refuses a store only one process can use', () => {
  it('GIVEN STORE_URL=sqlite://… THEN it exits 1 before starting any shard and says Redis is required and why', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sharded.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        DISCORD_TOKEN: 'a-token',
        STORE_URL: 'sqlite://data/store.sqlite',
        SHARD_COUNT: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('STORE_URL must be redis://');
    expect(stderr).toContain('could send the same reminder twice');
    expect(stderr).toContain('npm start for a single process');
    expect(stdout).not.toContain('shard process started');
  });
});
