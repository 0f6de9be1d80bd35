import { DiscordAPIError, HTTPError, RateLimitError, Routes } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DiscordNotifier, toDeliveryFailure } from '../../src/discord/notifier.ts';
import { EvenPacer } from '../../src/discord/pacer.ts';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { createUserStore, type UserStore } from '../../src/store/user-store.ts';
import { emulatorRest } from '@premiere/discord-emulator/discord-js';
import { memoryKeyv, silentLogger } from '../support/reminder-fixtures.ts';

describe('DiscordNotifier against the Discord-compatible emulator', () => {
  let emulator: Emulator;
  let users: UserStore;
  let notifier: DiscordNotifier;
  const ids = () => emulator.ids;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => emulator.close());
  beforeEach(() => {
    emulator.clearLogs();
    emulator.clearFaults();
    users = createUserStore({ keyv: memoryKeyv(), logger: silentLogger });
    notifier = notifierWith();
  });

  /** No REST-level retries: the scheduler owns retrying, and the test wants the first answer. */
  const notifierWith = (pacer?: EvenPacer) =>
    new DiscordNotifier({
      rest: emulatorRest(emulator, { retries: 0 }),
      users,
      logger: silentLogger,
      ...(pacer === undefined ? {} : { pacer }),
    });

  it('GIVEN a first DM to a user THEN the DM channel is opened once and kept; the next DM is one request', async () => {
    const ben = ids().users.ben;
    const first = await notifier.sendDirect(ben, { content: 'one', nonce: 'n-one' });
    expect(first.ok).toBe(true);
    expect(await users.getDmChannel(ben)).toBe(first.ok ? first.channelId : undefined);
    emulator.clearLogs();
    await notifier.sendDirect(ben, { content: 'two', nonce: 'n-two' });
    expect(emulator.requests.map((r) => r.route)).toEqual(['POST /channels/:channel_id/messages']);
    expect(emulator.dms(ben).map((m) => m.content)).toEqual(['one', 'two']);
  });

  it('GIVEN a DM reminder is made THEN ensureDmChannel opens the channel ahead of time, once', async () => {
    const dora = ids().users.dora;
    await notifier.ensureDmChannel(dora);
    await notifier.ensureDmChannel(dora);
    expect(emulator.requests.map((r) => r.route)).toEqual(['POST /users/@me/channels']);
    expect(await users.getDmChannel(dora)).toBeDefined();
    emulator.clearLogs();
    await notifier.sendDirect(dora, { content: 'due', nonce: 'dora-1' });
    expect(emulator.requests.map((r) => r.route)).toEqual(['POST /channels/:channel_id/messages']);
  });

  it('GIVEN a pacer of one request per 100 ms WHEN four channel posts are due at once THEN Discord receives them one after another, not together', async () => {
    const paced = notifierWith(new EvenPacer(100, 0));
    const { general, countdowns, lobby, premieres } = ids().channels;
    await Promise.all(
      [general, countdowns, lobby, premieres].map((channel, i) =>
        paced.sendToChannel(channel, { content: 'Ballerina is out now', nonce: `paced-${i}` }),
      ),
    );
    const arrivals = emulator.requests
      .filter((r) => r.route === 'POST /channels/:channel_id/messages')
      .map((r) => r.at)
      .sort((a, b) => a - b);
    expect(arrivals).toHaveLength(4);
    // Three intervals of 100 ms between the first and the last (a little less for jitter on the way).
    expect((arrivals[3] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(270);
  });

  it('GIVEN a fan-out has queued many turns WHEN /remindme checks that a user takes DMs THEN the check does not wait behind them', async () => {
    // One turn a second: the five posts below hold the queue for five seconds.
    const busy = notifierWith(new EvenPacer(1000, 0));
    const { general } = ids().channels;
    const fanOut = Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        busy.sendToChannel(general, { content: `reminder ${i}`, nonce: `fan-${i}` }),
      ),
    );
    const started = performance.now();
    expect(await busy.tryDirectMessage(ids().users.ben, 'Reminders will come here')).toBe('sent');
    expect(performance.now() - started).toBeLessThan(1_000);
    await fanOut;
  });

  it('GIVEN the same nonce twice THEN Discord keeps one message and both answers name it', async () => {
    const ben = ids().users.ben;
    const a = await notifier.sendDirect(ben, { content: 'same', nonce: 'dup-nonce-1' });
    const b = await notifier.sendDirect(ben, { content: 'same again', nonce: 'dup-nonce-1' });
    expect(a).toEqual(b);
    expect(emulator.dms(ben).filter((m) => m.nonce === 'dup-nonce-1')).toHaveLength(1);
    expect(
      emulator.requests.every(
        (r) =>
          r.route !== 'POST /channels/:channel_id/messages' ||
          (r.body as { enforce_nonce?: boolean }).enforce_nonce === true,
      ),
    ).toBe(true);
  });

  it('GIVEN a channel post naming one user THEN only that user may be mentioned, never roles or everyone', async () => {
    const ben = ids().users.ben;
    const result = await notifier.sendToChannel(ids().channels.general, {
      content: `<@${ben}> @everyone it is out`,
      nonce: 'ping-1',
      mentionUserIds: [ben],
    });
    expect(result.ok).toBe(true);
    const body = emulator.requests.at(-1)?.body as { allowed_mentions?: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [], users: [ben], replied_user: false });
    const posted = emulator.messages(ids().channels.general).at(-1);
    expect(posted?.mentions.map((u) => u.id)).toEqual([ben]);
    expect(posted?.mention_everyone).toBe(false);
  });

  it('GIVEN a user who closed DMs THEN the result is dm_closed (50007)', async () => {
    expect(await notifier.sendDirect(ids().users.cleo, { content: 'hi', nonce: 'cleo-1' })).toEqual(
      {
        ok: false,
        failure: { kind: 'dm_closed', code: 50007 },
      },
    );
  });

  it('GIVEN channels the bot may not see or post in THEN 50001 and 50013 are told apart', async () => {
    const staff = await notifier.sendToChannel(ids().channels.staff, {
      content: 'x',
      nonce: 'staff-1',
    });
    const announcements = await notifier.sendToChannel(ids().channels.announcements, {
      content: 'x',
      nonce: 'ann-1',
    });
    expect(staff).toEqual({ ok: false, failure: { kind: 'missing_access', code: 50001 } });
    expect(announcements).toEqual({
      ok: false,
      failure: { kind: 'missing_permissions', code: 50013 },
    });
  });

  it.each([
    [50083, 'thread_closed'],
    [160005, 'thread_closed'],
    [50008, 'not_text_channel'],
    [200000, 'blocked'],
    [10004, 'unknown_channel'],
  ] as const)(
    'GIVEN a channel that answers %i THEN the failure is %s and keeps the code for the log',
    async (code, kind) => {
      emulator.injectFault({ route: 'POST /channels/:channel_id/messages', status: 400, code });
      expect(
        await notifier.sendToChannel(ids().channels.general, { content: 'x', nonce: `c-${code}` }),
      ).toEqual({ ok: false, failure: { kind, code } });
    },
  );

  it('GIVEN Discord answers 503 THEN the result is a server_error the scheduler retries', async () => {
    emulator.injectFault({ route: 'POST /channels/:channel_id/messages', status: 503 });
    expect(
      await notifier.sendToChannel(ids().channels.general, { content: 'x', nonce: 'err-1' }),
    ).toEqual({
      ok: false,
      failure: { kind: 'server_error', code: 503 },
    });
  });

  it('GIVEN a release event WHEN it is moved THEN Discord has the new times within the contract, and once it is deleted the answer is 10070', async () => {
    const guild = ids().guilds.filmClub;
    const rest = emulatorRest(emulator);
    emulator.setTime('2023-10-01T10:00:00Z');
    const event = (await rest.post(Routes.guildScheduledEvents(guild), {
      body: {
        name: 'Ballerina on Netflix (UK)',
        privacy_level: 2,
        entity_type: 3,
        scheduled_start_time: '2023-10-06T07:00:00.000Z',
        scheduled_end_time: '2023-10-06T08:30:00.000Z',
        entity_metadata: { location: 'Netflix (UK)' },
      },
    })) as { id: string };
    const times = {
      scheduledStartTime: '2023-10-13T07:00:00.000Z',
      scheduledEndTime: '2023-10-13T08:30:00.000Z',
    };
    expect(await notifier.editScheduledEvent(guild, event.id, times)).toEqual({ ok: true });
    const [moved] = emulator.scheduledEvents(guild).filter((e) => e.id === event.id);
    expect(moved?.scheduled_start_time).toBe(times.scheduledStartTime);
    expect(moved?.scheduled_end_time).toBe(times.scheduledEndTime);
    expect(emulator.violations).toEqual([]);

    await rest.delete(Routes.guildScheduledEvent(guild, event.id));
    expect(await notifier.editScheduledEvent(guild, event.id, times)).toMatchObject({
      ok: false,
      failure: { kind: 'rejected', code: 10070 },
    });
  });

  it('GIVEN the kept DM channel no longer exists THEN it is opened again once and the DM still arrives', async () => {
    const ben = ids().users.ben;
    await users.setDmChannel(ben, '999999999999999999');
    const result = await notifier.sendDirect(ben, { content: 'again', nonce: 'reopen-1' });
    expect(result.ok).toBe(true);
    expect(await users.getDmChannel(ben)).not.toBe('999999999999999999');
  });
});

describe('toDeliveryFailure', () => {
  const apiError = (code: number, status: number, extra: Record<string, unknown> = {}) =>
    new DiscordAPIError(
      { code, message: 'x', ...extra },
      code,
      status,
      'POST',
      '/channels/1/messages',
      { body: undefined, files: undefined },
    );

  it('maps every code with a decided outcome', () => {
    expect(toDeliveryFailure(apiError(50007, 403))).toEqual({ kind: 'dm_closed', code: 50007 });
    expect(toDeliveryFailure(apiError(10003, 404))).toEqual({
      kind: 'unknown_channel',
      code: 10003,
    });
    expect(toDeliveryFailure(apiError(10008, 404))).toEqual({
      kind: 'unknown_message',
      code: 10008,
    });
    expect(toDeliveryFailure(apiError(50001, 403))).toEqual({
      kind: 'missing_access',
      code: 50001,
    });
    expect(toDeliveryFailure(apiError(50013, 403))).toEqual({
      kind: 'missing_permissions',
      code: 50013,
    });
    expect(toDeliveryFailure(apiError(0, 429, { retry_after: 2.5 }))).toEqual({
      kind: 'rate_limited',
      code: 429,
      retryAfterMs: 2500,
    });
    expect(toDeliveryFailure(apiError(0, 502))).toEqual({ kind: 'server_error', code: 502 });
    expect(toDeliveryFailure(apiError(50035, 400))).toMatchObject({
      kind: 'rejected',
      code: 50035,
    });
  });

  it('treats a timeout or a dropped connection as a server error, and a rejected rate limit as 429', () => {
    expect(toDeliveryFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toEqual({
      kind: 'server_error',
      code: 0,
    });
    expect(
      toDeliveryFailure(
        new HTTPError(500, 'Internal Server Error', 'POST', '/x', {
          body: undefined,
          files: undefined,
        }),
      ),
    ).toEqual({
      kind: 'server_error',
      code: 500,
    });
    const limited = new RateLimitError({
      timeToReset: 1200,
      limit: 5,
      method: 'POST',
      hash: 'h',
      url: '/x',
      route: '/x',
      majorParameter: '1',
      global: false,
      retryAfter: 1200,
      sublimitTimeout: 0,
      scope: 'user',
    });
    expect(toDeliveryFailure(limited)).toEqual({
      kind: 'rate_limited',
      code: 429,
      retryAfterMs: 1200,
    });
  });
});
