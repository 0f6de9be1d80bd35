import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { formatViolations, startBotProcess, type BotProcess } from '../support/e2e.ts';
import {
  deliveredCount,
  deliveryProblems,
  DUE,
  repeatedSends,
  seedFanOut,
} from '../support/fan-out.ts';

/*
 * `npm start` asked to stop (SIGTERM, as systemd, Docker or Kubernetes do) in the middle of a
 * fan-out that would take longer than its grace period: messages already handed to Discord get
 * that long to be answered and recorded, nothing new starts, and the next start delivers the
 * rest. Nothing is lost and nobody gets anything twice.
 */

const iso = (t: number) => new Date(t).toISOString();

describe('SIGTERM in the middle of a fan-out (npm start)', () => {
  let emulator: Emulator | undefined;
  let bot: BotProcess | undefined;
  const storeDir = mkdtempSync(path.join(tmpdir(), 'premiere-e2e-shutdown-'));
  afterAll(async () => {
    await bot?.kill();
    await emulator?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('GIVEN 150 DM reminders, here reminders and countdowns due at once WHEN the bot is stopped mid-way THEN it exits 0 within its grace period, and after a restart each message has arrived exactly once', async () => {
    emulator = await startEmulator({ rateLimits: { globalPerSecond: 5 } });
    const storeUrl = `sqlite://${path.join(storeDir, 'store.sqlite')}`;
    const fanOut = await seedFanOut(emulator, storeUrl, {
      shardCount: 1,
      users: 150,
      guildsPerShard: 2,
      fallback: true,
    });
    bot = await startBotProcess({
      emulator,
      storeDir,
      fakeTime: iso(Date.parse(DUE) - 60_000),
      // Paced at 3 a second, the 64 sends in flight take 21 s: longer than the grace period.
      env: { REST_GLOBAL_LIMIT: '5' },
    });
    bot.setTime(iso(Date.parse(DUE) - 1000));
    emulator.setTime(iso(Date.parse(DUE) - 1000));

    while (deliveredCount(emulator, fanOut) < 25) await sleep(50);
    const signalled = Date.now();
    expect(await bot.stop()).toBe(0);
    const tookMs = Date.now() - signalled;
    // 10 s for deliveries in flight, then the gateway and the store close.
    expect(tookMs).toBeLessThan(13_000);
    const atStop = deliveredCount(emulator, fanOut);
    expect(atStop).toBeLessThan(fanOut.expected);
    // At 3 a second the fan-out outlasts the grace period: what was still queued is handed back.
    expect(
      bot.logs.some(
        (l) =>
          l.msg ===
          'deliveries still in flight at shutdown; the next start sends them under the same nonces',
      ),
    ).toBe(true);
    expect(bot.logs.some((l) => l.msg === 'Premiere stopped')).toBe(true);

    emulator.configureRateLimits({ globalPerSecond: 100 });
    bot = await bot.restart({ fakeTime: iso(emulator.now()), env: { REST_GLOBAL_LIMIT: '100' } });
    const deadline = Date.now() + 30_000;
    while (deliveredCount(emulator, fanOut) < fanOut.expected && Date.now() < deadline)
      await sleep(100);
    await sleep(1500);
    expect(deliveryProblems(emulator, fanOut)).toEqual([]);
    // Only a message on the wire as the grace period ran out can be sent again, under its nonce.
    const repeats = repeatedSends(emulator.requests);
    for (const r of repeats) expect(r).toMatchObject({ sends: 2, sameMessage: true });
    expect(repeats.length).toBeLessThanOrEqual(2);
    expect(formatViolations(emulator.violations)).toBe('');
  }, 90_000);
});
