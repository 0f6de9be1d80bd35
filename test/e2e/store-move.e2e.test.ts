import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, startEmulator, type Emulator } from '@premiere/discord-emulator';
import { parseExport } from '../../src/store/transfer.ts';
import { startBotProcess, type BotProcess } from '../support/e2e.ts';
import { runEntryPoint } from '../support/entry-point.ts';
import { redisAvailable, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';

/*
 * An operator outgrows one process: the bot ran on SQLite, is stopped, its data goes to Redis with
 * npm run store, and the bot starts again on Redis. Everything it kept is there, and a reminder
 * that falls due after the move is delivered from the copy exactly once.
 */
describe.skipIf(!redisAvailable())('moving the store from SQLite to Redis', () => {
  let emulator: Emulator;
  let redis: TestRedis;
  let bot: BotProcess | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-move-'));
  const file = path.join(dir, 'export.jsonl');
  const copyFile = path.join(dir, 'copy.jsonl');
  let sqliteUrl = '';

  beforeAll(async () => {
    emulator = await startEmulator();
    redis = await startTestRedis({ own: true });
  });
  afterAll(async () => {
    await bot?.stop();
    await emulator.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = (args: readonly string[], storeUrl: string) =>
    runEntryPoint('store', { env: { STORE_URL: storeUrl }, args });

  it('GIVEN a bot on SQLite with a DM reminder, a countdown and its release WHEN stopped and exported THEN the export has a header and every kind of record', async () => {
    bot = await startBotProcess({ emulator, fakeTime: '2023-10-05T06:50:00Z' });
    sqliteUrl = bot.storeUrl;
    const remind = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina' },
    });
    expect(remind.text).toMatch(/remind you/i);
    const countdown = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'countdowns', title: 'ballerina' },
    });
    expect(countdown.ephemeral).toBe(true);
    expect(await bot.stop()).toBe(0);
    bot = undefined;

    const run = await store(['export', file], sqliteUrl);
    expect(run.code, run.stderr).toBe(0);
    const { header, records } = parseExport(readFileSync(file, 'utf8'));
    expect(header).toMatchObject({ format: 'premiere-store', version: 1, source: sqliteUrl });
    const kinds = new Set(records.map((r) => r.key.split(':')[0]));
    for (const kind of ['reminder', 'countdown', 'release', 'user'])
      expect(kinds, `no ${kind} record in the export`).toContain(kind);
    const user = records.find((r) => r.key === `user:${SEED.users.ben}`);
    expect(user?.value).toEqual({ dmChannelId: expect.stringMatching(/^\d+$/) as string });
    expect(run.stderr).toMatch(/^exported \d+ records from sqlite:/);
  });

  it('WHEN imported into an empty Redis THEN exporting the Redis gives every record identical; a second import is refused without --force', async () => {
    const first = await store(['import', file], redis.url);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('counts checked');

    const again = await store(['import', file], redis.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^npm run store: the target store is not empty \(.*reminder 1.*\); add --force to replace everything in it\n$/,
    );

    expect((await store(['export', copyFile], redis.url)).code).toBe(0);
    expect(parseExport(readFileSync(copyFile, 'utf8')).records).toEqual(
      parseExport(readFileSync(file, 'utf8')).records,
    );
  });

  it('WHEN copied with copy --from sqlite --to redis THEN a non-empty target needs --force, and with it the counts are checked', async () => {
    const refused = await runEntryPoint('store', {
      env: {},
      args: ['copy', '--from', sqliteUrl, '--to', redis.url],
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('add --force');
    const copied = await runEntryPoint('store', {
      env: {},
      args: ['copy', '--from', sqliteUrl, '--to', redis.url, '--force'],
    });
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stderr).toMatch(
      /^copied \d+ records from sqlite:.* to redis:.*, counts checked: /,
    );
  });

  it('GIVEN the bot restarted on the Redis copy WHEN the reminder falls due THEN it is delivered once', async () => {
    bot = await startBotProcess({
      emulator,
      storeUrl: redis.url,
      storeDir: dir,
      fakeTime: '2023-10-05T06:59:57Z',
    });
    const dm = await emulator.waitForMessage(
      { dm: 'ben' },
      (m) => m.content.includes('Ballerina') && !m.content.startsWith('✅ Reminder set'),
      15_000,
    );
    // Due a day before the 08:00 London release: 07:00 UTC on the 5th.
    expect(Date.parse(dm.timestamp)).toBeGreaterThanOrEqual(Date.parse('2023-10-05T07:00:00Z'));
    await sleep(2000);
    // One reminder DM (besides the confirmation sent by DM when ben asked for it).
    expect(
      emulator.dms('ben').filter((m) => !m.content.startsWith('✅ Reminder set')),
    ).toHaveLength(1);
  });
});
