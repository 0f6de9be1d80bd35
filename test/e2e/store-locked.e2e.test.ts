import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.ts';

/*
 * An operator opens the bot's SQLite file in another process and holds a write transaction
 * (`sqlite3 store.sqlite` then `BEGIN EXCLUSIVE;`) across a reminder's moment. Reads still work
 * (WAL); every write of the bot fails with SQLITE_BUSY. The reminder must still arrive once, after
 * the lock is gone, be listed as sent, and a restart must not send it again.
 */
const e2e = useE2E({ fakeTime: '2023-10-06T05:58:00Z' });

const exec = (db: sqlite3.Database, sql: string) =>
  new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));

const hourBefore = () =>
  e2e.emulator.dms('ben').filter((m) => m.content.includes('One hour to go'));

describe('GIVEN the SQLite file locked by another process around an hour-before reminder', () => {
  it('THEN nothing is sent while its `sending` mark cannot be stored, a new /remindme is refused privately, one DM once the lock is gone, listed as sent, and none again after a restart', async () => {
    const remind = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'hour' },
    });
    expect(remind.text).toContain('✅');

    const lock = new sqlite3.Database(path.join(e2e.bot.storeDir, 'store.sqlite'));
    lock.configure('busyTimeout', 5_000);
    await exec(lock, 'BEGIN EXCLUSIVE');
    e2e.jumpTo('2023-10-06T05:59:58Z');
    await sleep(8_000);
    // Past the moment: before, the DM went out here with its writes silently lost.
    expect(hourBefore()).toEqual([]);
    expect(await e2e.bot.waitForLog(/^store writes are failing/, 1_000)).toMatchObject({
      level: 40,
    });

    // A reminder asked for meanwhile is refused in words, never "✅" for a write that failed.
    const refused = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'release' },
    });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toMatch(/couldn't save that, nothing was changed/);
    expect(refused.text).not.toContain('✅');

    await exec(lock, 'COMMIT');
    await new Promise<void>((resolve, reject) =>
      lock.close((err) => (err ? reject(err) : resolve())),
    );
    await e2e.emulator.waitForMessage(
      { dm: 'ben' },
      (m) => m.content.includes('One hour to go'),
      15_000,
    );
    await sleep(3_000);
    expect(hourBefore()).toHaveLength(1);

    const list = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'reminders list',
    });
    expect(list.text).toContain('✅ sent');
    expect(list.text).not.toContain('its moment passed');
    const doras = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'general',
      name: 'reminders list',
    });
    expect(doras.text).not.toMatch(/Ballerina/);

    // 90 s later, a restart: the reminder is recorded as sent, so no "sorry, late" second DM.
    await e2e.bot.stop();
    e2e.setBot(await e2e.bot.restart({ fakeTime: '2023-10-06T06:01:40Z' }));
    await sleep(4_000);
    // (The first DM, '✅ Reminder set', is the confirmation sent when the reminder was made.)
    expect(
      e2e.emulator
        .dms('ben')
        .map((m) => m.content)
        .filter((c) => c.startsWith('⏰') || /late/i.test(c)),
    ).toEqual([expect.stringContaining('One hour to go')]);
  });
});
