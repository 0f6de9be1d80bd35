import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { openKeyv } from '../../src/store/keyv.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import {
  startRestProxyProcess,
  type RestProxyProcess,
} from '../../tools/harness/rest-proxy-process.ts';
import { redisServerInstalled, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';
import {
  formatViolations,
  startBotProcess,
  waitForShards,
  type BotProcess,
} from '../support/e2e.ts';
import { runEntryPoint } from '../support/entry-point.ts';
import {
  deliveredCount,
  deliveryProblems,
  DUE,
  FILM,
  repeatedSends,
  seedFanOut,
} from '../support/fan-out.ts';
import { silentLogger } from '../support/reminder-fixtures.ts';

/*
 * `npm run rest-proxy` in front of the emulator, and two separate `npm run start:sharded` groups
 * behind it (SHARD_IDS=0,1 and 2,3 of 4), as two machines would run them. Each shard process is
 * given the whole global limit as its own REST_GLOBAL_LIMIT: alone, four of them would exceed it
 * together. Through the proxy, which holds the one limit for all of them, Discord sees none.
 */

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

let running: {
  emulator?: Emulator;
  redis?: TestRedis;
  proxy?: RestProxyProcess;
  groups: BotProcess[];
} = { groups: [] };
afterEach(async () => {
  for (const group of running.groups) await group.kill();
  await running.proxy?.stop();
  await running.emulator?.close();
  await running.redis?.stop();
  running = { groups: [] };
});

describe.skipIf(!redisServerInstalled())(
  'npm run rest-proxy shared by two start:sharded groups',
  () => {
    it('GIVEN 4 shards in two groups behind one proxy, each shard allowed the whole limit WHEN a fan-out falls due on every shard THEN Discord answers no request with 429 and each message arrives exactly once', async () => {
      const limit = 60;
      const emulator = await startEmulator({
        shardCount: 4,
        rateLimits: { globalPerSecond: limit },
      });
      running.emulator = emulator;
      const redis = await startTestRedis({ own: true });
      running.redis = redis;
      const fanOut = await seedFanOut(emulator, redis.url, {
        shardCount: 4,
        users: 240,
        guildsPerShard: 2,
        fallback: true,
      });
      // Every clock starts two minutes before the moment, the emulator's before any request reaches it.
      emulator.setTime(iso(ms(DUE) - 120_000));
      const proxy = await startRestProxyProcess({
        emulator,
        globalLimit: limit,
        fakeTime: iso(ms(DUE) - 120_000),
        // This machine is shared and busy: room for its scheduling jitter, far more than Discord's
        // network needs (the default 50 ms); four processes each sending at L would still far
        // exceed L without the proxy.
        env: { REST_PROXY_MARGIN_MS: '250' },
      });
      running.proxy = proxy;

      for (const shardIds of ['0,1', '2,3']) {
        const group = await startBotProcess({
          emulator,
          script: 'start:sharded',
          storeUrl: redis.url,
          fakeTime: iso(ms(DUE) - 120_000),
          env: {
            SHARD_COUNT: '4',
            SHARD_IDS: shardIds,
            DISCORD_API_URL: proxy.apiUrl,
            REST_GLOBAL_LIMIT: String(limit),
          },
          // One group covers half the shards: the emulator's "every shard ready" comes after both.
          waitUntilReady: async (bot) => {
            await bot.waitForLog('every shard is connected', 60_000);
          },
        });
        running.groups.push(group);
        await waitForShards(group, 2);
      }
      await emulator.waitForReady(30_000);
      expect(emulator.sessions()).toHaveLength(4);
      const before = emulator.requests.length;

      // The groups', the proxy's and the emulator's clocks jump to just before the moment.
      for (const group of running.groups) group.setTime(iso(ms(DUE) - 1500));
      proxy.setTime(iso(ms(DUE) - 1500));
      emulator.setTime(iso(ms(DUE) - 1500));
      const deadline = Date.now() + 40_000;
      while (deliveredCount(emulator, fanOut) < fanOut.expected && Date.now() < deadline)
        await sleep(100);
      // Anything arriving after this would be a duplicate.
      await sleep(1500);

      const fanOutRequests = emulator.requests.slice(before);
      expect(fanOutRequests.length).toBeGreaterThan(fanOut.expected);
      expect(fanOutRequests.filter((r) => r.status === 429)).toEqual([]);
      expect(deliveryProblems(emulator, fanOut)).toEqual([]);
      expect(repeatedSends(emulator.requests)).toEqual([]);
      expect(formatViolations(emulator.violations)).toBe('');
      // Every shard delivered its own part: the fan-out went through all four processes.
      const keyv = openKeyv(redis.url);
      const store = createReminderStore({ keyv, logger: silentLogger });
      const reminders = await store.getMany(await store.idsInSlot(FILM, 'hour'));
      await keyv.disconnect();
      expect(reminders.map((r) => r?.delivery.state).filter((s) => s !== 'sent')).toEqual([]);
      for (const group of running.groups) expect(await group.stop()).toBe(0);
      expect(await proxy.stop()).toBe(0);
    }, 120_000);
  },
);

describe('npm run rest-proxy setup errors', () => {
  it('GIVEN no token THEN it exits 1 with the plain message and no stack trace', async () => {
    const run = await runEntryPoint('rest-proxy', { env: {} });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DISCORD_TOKEN is missing: copy .env.example to .env');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('GIVEN an upstream nobody answers on THEN it exits 1 naming the address to check', async () => {
    const run = await runEntryPoint('rest-proxy', {
      env: { DISCORD_TOKEN: 'a.token', REST_PROXY_UPSTREAM: 'http://127.0.0.1:1/api' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Could not reach Discord's API at http://127.0.0.1:1/api");
    expect(run.stderr).toContain('or REST_PROXY_UPSTREAM if you set it');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
