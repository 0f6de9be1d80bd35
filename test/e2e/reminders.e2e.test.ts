import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED, snowflakeAt, startEmulator, type Emulator } from '@premiere/discord-emulator';
import { openKeyv } from '../../src/store/keyv.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { createUserStore } from '../../src/store/user-store.ts';
import { startBotProcess, useE2E, type BotProcess } from '../support/e2e.ts';
import { silentLogger } from '../support/reminder-fixtures.ts';
import { reminderIdOf, type Reminder } from '../../src/domain/reminders.ts';

/*
 * The real bot (`npm start`, its clock faked from the test) against the emulator, whose clock starts at
 * the same instant and runs alongside. Once a scenario is set up it jumps both clocks to shortly
 * before the moment it is about, so reminders come due as the clocks run, without minutes of waiting.
 */

const RELEASE_MS = Date.parse('2023-10-06T07:00:00Z'); // 08:00 in London (BST)
const RELEASE = RELEASE_MS / 1000;
const at = (message: { timestamp: string }) => Date.parse(message.timestamp);

describe('at the release instant (bot clock starts a minute before it, then jumps to 2 s before)', () => {
  const e2e = useE2E({ fakeTime: '2023-10-06T06:59:00Z' });

  it('GIVEN reminders at release: a DM, a here ping and a user with closed DMs THEN each is set up privately', async () => {
    const { emulator } = e2e;
    const dm = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'release' },
    });
    expect(dm.ephemeral).toBe(true);
    expect(dm.text).toContain(`<t:${RELEASE}:F>`);
    expect(dm.text).toContain(`<t:${RELEASE}:R>`);
    const here = await emulator.invokeCommand({
      user: 'dora',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'release', where: 'here' },
    });
    expect(here.ephemeral).toBe(true);
    expect(here.text).toContain('here in <#');
    // Cleo's DMs are open when she asks, and she closes them before the release.
    emulator.setDmsOpen('cleo', true);
    const closed = await emulator.invokeCommand({
      user: 'cleo',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'release' },
    });
    expect(closed.ephemeral).toBe(true);
    expect(closed.text).toMatch(/^✅/);
    emulator.setDmsOpen('cleo', false);
    const twice = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'release' },
    });
    expect(twice.text).toMatch(/You already have that reminder/);
  });

  it('GIVEN a reminder at release THEN the DM arrives within one second of the release instant, once', async () => {
    e2e.jumpTo('2023-10-06T06:59:58Z');
    const message = await e2e.emulator.waitForMessage(
      { dm: 'ben' },
      (m) => m.content.includes('is out now'),
      10_000,
    );
    expect(message.content).toBe('🍿 **Ballerina (2023)** is out now on Netflix (UK)!');
    expect(at(message)).toBeGreaterThanOrEqual(RELEASE_MS);
    expect(at(message) - RELEASE_MS).toBeLessThan(1000);
    await sleep(1500);
    expect(e2e.emulator.dms('ben').filter((m) => m.content.includes('is out now'))).toHaveLength(1);
    // The DM channel was opened when ben asked, so at release his reminder cost one request.
    const atRelease = e2e.emulator.requests.filter((r) => r.at >= RELEASE_MS);
    expect(atRelease.filter((r) => r.route === 'POST /users/@me/channels')).toEqual([]);
    expect(
      atRelease.filter((r) => r.path === `/channels/${message.channel_id}/messages`),
    ).toHaveLength(1);
  });

  it('GIVEN a here reminder THEN it is posted in the channel and pings only its user', async () => {
    const { emulator } = e2e;
    const dora = emulator.ids.users.dora;
    const post = await emulator.waitForMessage(
      { channel: 'general' },
      (m) => m.content.includes('is out now'),
      10_000,
    );
    expect(post.content).toBe(`🍿 <@${dora}> **Ballerina (2023)** is out now on Netflix (UK)!`);
    expect(post.mentions.map((u) => u.id)).toEqual([dora]);
    expect(post.mention_everyone).toBe(false);
    expect(post.mention_roles).toEqual([]);
    expect(at(post) - RELEASE_MS).toBeLessThan(1000);
  });

  it('GIVEN a user whose DMs are closed THEN nothing is retried, a 50007 line is logged and /reminders list tells her', async () => {
    const { emulator, bot } = e2e;
    const line = await bot.waitForLog((l) => l.code === 50007, 10_000);
    expect(line.msg).toMatch(/does not accept DMs/);
    expect(emulator.dms('cleo').filter((m) => m.content.includes('is out now'))).toEqual([]);
    const posts = emulator.requests.filter(
      (r) => r.route === 'POST /channels/:channel_id/messages' && r.code === 50007,
    );
    await sleep(2500);
    expect(
      emulator.requests.filter(
        (r) => r.route === 'POST /channels/:channel_id/messages' && r.code === 50007,
      ),
    ).toHaveLength(posts.length);
    const list = await emulator.invokeCommand({
      user: 'cleo',
      channel: 'general',
      name: 'reminders list',
    });
    expect(list.ephemeral).toBe(true);
    expect(list.text).toMatch(/your DMs are closed to me/);
  });

  it('GIVEN the film is out THEN /remindme says so and where to watch', async () => {
    const late = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina' },
    });
    expect(late.ephemeral).toBe(true);
    expect(late.text).toMatch(/is out now: it came out on Netflix \(UK\)/);
  });
});

describe('closed DMs when a reminder is made (bot clock: 1 October 2023)', () => {
  const e2e = useE2E({ fakeTime: '2023-10-01T11:00:00Z' });

  it('GIVEN a user whose DMs are closed WHEN she asks for a DM reminder THEN she is told at once and privately, nothing is kept, and one click makes it a here reminder', async () => {
    const { emulator } = e2e;
    const refused = await emulator.invokeCommand({
      user: 'cleo',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'day' },
    });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).not.toMatch(/✅/);
    expect(refused.text).toMatch(/your DMs are closed to me/);
    expect(refused.text).toMatch(/did not keep it/);
    const list = await emulator.invokeCommand({
      user: 'cleo',
      channel: 'general',
      name: 'reminders list',
    });
    expect(list.text).toMatch(/You have no reminders/);
    const here = await emulator.clickButton({
      user: 'cleo',
      message: refused,
      label: 'Remind me here instead',
    });
    expect(here.ephemeral).toBe(true);
    expect(here.text).toMatch(/^✅ I'll remind you here in <#\d+> a day before/);
  });

  it('GIVEN a user whose DMs are open WHEN she asks for a DM reminder THEN ✅, and the same confirmation arrives by DM', async () => {
    const { emulator } = e2e;
    const answer = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'day' },
    });
    expect(answer.text).toMatch(/^✅/);
    expect(emulator.dms('ben').map((m) => m.content)).toEqual([
      expect.stringMatching(
        /^✅ Reminder set for \*\*Ballerina \(2023\)\*\*: I will DM you here a day before release, <t:\d+:F>/,
      ),
    ]);
  });
});

describe('an owner moves the release (bot clock: 1 October 2023)', () => {
  const e2e = useE2E({ fakeTime: '2023-10-01T11:00:00Z', ownerIds: [SEED.users.ada] });

  it('GIVEN a member who is not an owner THEN /release set is refused privately', async () => {
    const answer = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'release set',
      options: { title: 'ballerina', date: '2023-10-13 08:00' },
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/Only the bot's owners/);
  });

  it('GIVEN subscribers WHEN the owner sets a new date THEN each is told once with old and new side by side, and reminders move', async () => {
    const { emulator } = e2e;
    await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina' },
    });
    await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'hour' },
    });
    await emulator.invokeCommand({
      user: 'dora',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'release', where: 'here' },
    });

    const moved = Date.parse('2023-10-13T07:00:00Z') / 1000;
    const set = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'release set',
      options: { title: 'ballerina', date: '2023-10-13 08:00' },
    });
    expect(set.ephemeral).toBe(true);
    expect(set.text).toContain(`Now: <t:${moved}:F>`);

    for (const user of ['ben', 'dora']) {
      const notice = await emulator.waitForMessage(
        { dm: user },
        (m) => m.content.startsWith('📅'),
        10_000,
      );
      expect(notice.content).toContain(`Was: ~~<t:${RELEASE}:F>~~`);
      expect(notice.content).toContain(`Now: <t:${moved}:F>`);
    }
    await sleep(2500);
    expect(emulator.dms('ben').filter((m) => m.content.startsWith('📅'))).toHaveLength(1);
    expect(emulator.dms('dora').filter((m) => m.content.startsWith('📅'))).toHaveLength(1);

    const list = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'reminders list',
    });
    expect(list.text).toContain(`<t:${moved - 24 * 3600}:F>`);
    const show = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'release show',
      options: { title: 'ballerina' },
    });
    expect(show.text).toContain(`<t:${moved}:F>`);
  }, 40_000);
});

describe('SIGKILL in the middle of a fan-out', () => {
  const USERS = 120;
  let emulator: Emulator | undefined;
  let bot: BotProcess | undefined;
  const storeDir = mkdtempSync(path.join(tmpdir(), 'premiere-e2e-kill-'));
  afterAll(async () => {
    await bot?.stop();
    await emulator?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it(`GIVEN ${USERS} DM reminders due at once WHEN the bot is killed mid-way and restarted THEN every user has exactly one message`, async () => {
    emulator = await startEmulator();
    const world = emulator.world;
    const userIds = Array.from({ length: USERS }, (_, i) =>
      snowflakeAt(Date.parse('2022-01-01T00:00:00Z') + i * 1000),
    );
    for (const [i, id] of userIds.entries()) {
      world.users.set(id, {
        id,
        username: `fan${i}`,
        globalName: null,
        bot: false,
        dmsOpen: true,
        locale: 'en-GB',
      });
    }
    // The reminders already exist when the bot starts: what users asked for days ago.
    // Their DM channels were opened when they asked (as /remindme does), so each send is one request.
    const keyv = openKeyv(`sqlite://${path.join(storeDir, 'store.sqlite')}`);
    const store = createReminderStore({ keyv, logger: silentLogger });
    const users = createUserStore({ keyv, logger: silentLogger });
    for (const userId of userIds) {
      await users.setDmChannel(userId, world.dmChannelFor(userId).id);
      const key = { userId, filmId: 'ballerina-2023', offset: 'day', where: 'dm' } as const;
      const reminder: Reminder = {
        id: reminderIdOf(key),
        ...key,
        createdAt: '2023-09-01T12:00:00.000Z',
        delivery: { state: 'pending', attempts: 0 },
      };
      await store.add(reminder, () => true);
    }
    await keyv.disconnect();

    // Due a day before release; a low REST limit makes the fan-out last long enough to interrupt.
    const due = DateTime.fromMillis(RELEASE_MS).minus({ days: 1 });
    bot = await startBotProcess({
      emulator,
      storeDir,
      fakeTime: due.minus({ minutes: 1 }).toUTC().toISO() ?? '',
      env: { REST_GLOBAL_LIMIT: '20' },
    });
    const delivered = () => userIds.filter((id) => emulator?.dms(id).length).length;
    // Killed from inside Discord's handling of a message: it is posted, but the bot never hears
    // back, so that reminder is left `sending`: the hardest instant to die at.
    const running = bot;
    let posted = 0;
    let cutOff: string | undefined;
    const unsubscribe = emulator.onMessage((message, change) => {
      if (change !== 'create' || ++posted !== USERS / 4) return;
      cutOff = typeof message.nonce === 'string' ? message.nonce : undefined;
      running.child.kill('SIGKILL');
    });
    // Both clocks jump to a second before the reminders are due, rather than waiting for it.
    const justBefore = due.minus({ seconds: 1 }).toUTC().toISO() ?? '';
    running.setTime(justBefore);
    emulator.setTime(justBefore);
    await running.exited;
    unsubscribe();
    const beforeKill = delivered();
    expect(beforeKill).toBeGreaterThanOrEqual(USERS / 4);
    expect(beforeKill).toBeLessThan(USERS);
    expect(cutOff).toBeDefined();

    bot = await bot.restart({
      fakeTime: new Date(emulator.now()).toISOString(),
      env: { REST_GLOBAL_LIMIT: '50' },
    });
    const finished = Date.now() + 45_000;
    while (delivered() < USERS && Date.now() < finished) await sleep(100);
    await sleep(2000);
    const counts = userIds.map((id) => emulator?.dms(id).length ?? 0);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    // Some sends were repeated after the restart with their nonce, and Discord kept one message each.
    const posts = emulator.requests.filter(
      (r) => r.route === 'POST /channels/:channel_id/messages' && r.status === 200,
    );
    expect(posts.length).toBeGreaterThanOrEqual(USERS);
    expect(emulator.requests.filter((r) => r.route === 'POST /users/@me/channels')).toEqual([]);
    // The message Discord posted as the bot died was sent again after the restart, with its nonce.
    const withCutOffNonce = posts.filter((r) => (r.body as { nonce?: unknown }).nonce === cutOff);
    expect(withCutOffNonce.length).toBe(2);
    for (const id of userIds) expect(emulator.dms(id)[0]?.content).toMatch(/^⏰ One day to go!/);
  }, 120_000);
});
