import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { redisServerInstalled, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';
import { startBotProcess, type BotProcess } from '../support/e2e.ts';
import { freePort } from '../../tools/harness/ports.ts';

/*
 * Redis frozen mid-run (SIGSTOP: the connection stays open, nothing answers), as a hung host or a
 * paused container does. Every interaction must still get a private answer within Discord's 3 s
 * (the emulator refuses a later acknowledgement with 10062), /healthz must say why, and once Redis
 * wakes up the bot works again without a restart.
 */

describe.runIf(redisServerInstalled())(
  'GIVEN the bot on Redis WHEN Redis is frozen mid-run',
  () => {
    let emulator: Emulator;
    let redis: TestRedis;
    let bot: BotProcess;
    let base: string;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      emulator = await startEmulator();
      redis = await startTestRedis({ own: true });
      bot = await startBotProcess({
        emulator,
        storeUrl: redis.url,
        env: { METRICS_PORT: String(port) },
        // A day before the release, so a reminder can still be asked for.
        fakeTime: '2023-10-05T07:00:00Z',
      });
      redis.signal?.('SIGSTOP');
    });

    afterAll(async () => {
      await bot.kill();
      await emulator.close();
      await redis.stop();
    });

    it('THEN /remindme and /reminders list get a private answer in time, saying storage is unavailable', async () => {
      const remind = await emulator.invokeCommand({
        user: 'ben',
        channel: 'general',
        name: 'remindme',
        options: { title: 'ballerina', when: 'release' },
      });
      expect(remind.ephemeral).toBe(true);
      expect(remind.text).toMatch(/storage/);
      expect(remind.text).not.toContain('✅');
      const list = await emulator.invokeCommand({
        user: 'ben',
        channel: 'general',
        name: 'reminders list',
      });
      expect(list.ephemeral).toBe(true);
      expect(list.text).toMatch(/storage/);
    });

    it('THEN /film still answers from the film data, saying the date may not be the latest', async () => {
      const film = await emulator.invokeCommand({
        user: 'ben',
        channel: 'general',
        name: 'film',
        options: { title: 'ballerina' },
      });
      expect(film.text).toMatch(/Ballerina/);
      expect(film.text).toMatch(/storage isn't answering/);
    });

    it('THEN /healthz is 503 saying the store does not answer, and the log has one warn line for the outage', async () => {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'unavailable',
        reason: expect.stringMatching(/store (reads|writes) are failing/) as unknown,
      });
      const warned = bot.logs.filter((l) => /^store (read|write)s are failing/.test(l.msg ?? ''));
      expect(warned.length).toBeGreaterThanOrEqual(1);
      expect(warned.length).toBeLessThanOrEqual(2); // at most one for reads, one for writes
      expect(bot.logs.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
    });

    it('WHEN Redis wakes up THEN /remindme works again, without a restart', async () => {
      redis.signal?.('SIGCONT');
      await bot.waitForLog(/^store (read|write)s work again/, 15_000);
      const remind = await emulator.invokeCommand({
        user: 'ben',
        channel: 'general',
        name: 'remindme',
        options: { title: 'ballerina', when: 'release' },
      });
      expect(remind.text).toMatch(/✅|already have that reminder/);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    });
  },
);
