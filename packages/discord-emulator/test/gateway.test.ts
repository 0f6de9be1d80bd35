import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Events, GatewayIntentBits, type Client } from 'discord.js';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { shardOf, startEmulator, type Emulator } from '../src/index.ts';
import { connectClient } from '../src/discord-js.ts';

let emulator: Emulator;
const clients: Client[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
});

// Teardown only: a discord.js client destroyed in the middle of a re-identify can leave its
// promise pending (seen once in about ten full runs on a loaded 2-core machine); the test's
// assertions have already passed by then, so teardown waits at most 5 s for each step.
const atMost5s = (step: Promise<unknown>) => Promise.race([step, sleep(5_000)]);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => atMost5s(c.destroy())));
  await atMost5s(emulator.close());
});

const connect = async (
  ...args: Parameters<typeof connectClient> extends [unknown, ...infer R] ? R : never
) => {
  const client = await connectClient(emulator, ...args);
  clients.push(client);
  return client;
};

/** A bare WebSocket speaking the gateway protocol, for what discord.js hides. */
async function rawGateway(): Promise<{
  ws: WebSocket;
  next: () => Promise<{ op: number; t?: string; d: unknown }>;
}> {
  const ws = new WebSocket(`${emulator.gatewayUrl}?v=10&encoding=json`);
  const queue: { op: number; t?: string; d: unknown }[] = [];
  const waiters: ((m: { op: number; t?: string; d: unknown }) => void)[] = [];
  ws.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString()) as { op: number; t?: string; d: unknown };
    const waiter = waiters.shift();
    if (waiter) waiter(m);
    else queue.push(m);
  });
  await once(ws, 'open');
  const next = () => {
    const queued = queue.shift();
    return queued
      ? Promise.resolve(queued)
      : new Promise<{ op: number; t?: string; d: unknown }>((r) => waiters.push(r));
  };
  return { ws, next };
}

describe('gateway', () => {
  it('GIVEN the seeded world WHEN discord.js logs in THEN it is ready with both guilds, their channels and the application id', async () => {
    const client = await connect();
    expect(client.user.id).toBe(emulator.botUserId);
    expect(client.application.id).toBe(emulator.applicationId);
    expect(client.guilds.cache.map((g) => g.name).sort()).toEqual(['Cinema Night', 'Film Club']);
    const general = client.channels.cache.get(emulator.ids.channels.general);
    expect(general?.isTextBased() && 'name' in general ? general.name : undefined).toBe('general');
    const me = client.guilds.cache.get(emulator.ids.guilds.filmClub)?.members.me;
    expect(me?.permissions.has('SendMessages')).toBe(true);
    expect(me?.permissionsIn(emulator.ids.channels.announcements).has('SendMessages')).toBe(false);
  });

  it("GIVEN a server's language changed WHEN discord.js is connected THEN it sees the new preferred locale", async () => {
    const client = await connect();
    const { filmClub } = emulator.ids.guilds;
    expect(client.guilds.cache.get(filmClub)?.preferredLocale).toBe('en-GB');
    emulator.setGuildLocale(filmClub, 'ko');
    await expect.poll(() => client.guilds.cache.get(filmClub)?.preferredLocale).toBe('ko');
    expect(() => emulator.setGuildLocale('1', 'ko')).toThrow(/no guild 1/);
  });

  it('GIVEN a wrong token WHEN discord.js logs in THEN login rejects as an invalid token', async () => {
    await expect(connectClient(emulator, {}, 'not-the-token')).rejects.toThrow(/invalid token/i);
  });

  it('GIVEN a wrong token in IDENTIFY THEN the gateway closes with 4004', async () => {
    const { ws, next } = await rawGateway();
    expect((await next()).op).toBe(GatewayOpcodes.Hello);
    ws.send(
      JSON.stringify({
        op: GatewayOpcodes.Identify,
        d: { token: 'wrong', intents: 1, properties: {} },
      }),
    );
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(GatewayCloseCodes.AuthenticationFailed);
  });

  it('GIVEN a heartbeat THEN it is acknowledged', async () => {
    const { ws, next } = await rawGateway();
    await next();
    ws.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: null }));
    expect((await next()).op).toBe(GatewayOpcodes.HeartbeatAck);
    ws.close();
  });

  it('GIVEN a privileged intent the app is not approved for THEN the gateway closes with 4014', async () => {
    const { ws, next } = await rawGateway();
    await next();
    ws.send(
      JSON.stringify({
        op: GatewayOpcodes.Identify,
        d: { token: emulator.botToken, intents: GatewayIntentBits.GuildMembers, properties: {} },
      }),
    );
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(GatewayCloseCodes.DisallowedIntents);
  });

  it('GIVEN two shards THEN each shard receives only the guilds with (id >> 22) % 2 equal to its index', async () => {
    await emulator.close();
    emulator = await startEmulator({ shardCount: 2 });
    const [first, second] = await Promise.all([
      connect({ shards: [0], shardCount: 2 }),
      connect({ shards: [1], shardCount: 2 }),
    ]);
    expect(first.guilds.cache.map((g) => g.name)).toEqual(['Film Club']);
    expect(second.guilds.cache.map((g) => g.name)).toEqual(['Cinema Night']);
    expect(shardOf(emulator.ids.guilds.filmClub, 2)).toBe(0);
    expect(
      emulator
        .sessions()
        .map((s) => s.shard)
        .sort(),
    ).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('GIVEN the recommended shard count is 2 WHEN one discord.js client logs in THEN it runs both shards', async () => {
    await emulator.close();
    emulator = await startEmulator({ shardCount: 2 });
    const client = await connect({ shards: 'auto' });
    expect(client.ws.shards.size).toBe(2);
    expect(client.guilds.cache.size).toBe(2);
  });

  it('GIVEN a dropped connection WHEN events happen meanwhile THEN discord.js resumes and receives them', async () => {
    const client = await connect();
    const reconnected = once(client, Events.ShardResume);
    emulator.dropGateway();
    emulator.deleteChannel('countdowns');
    await reconnected;
    await expect
      .poll(() => client.channels.cache.has(emulator.ids.channels.countdowns))
      .toBe(false);
    expect(emulator.gatewayLog.filter((e) => e.kind === 'resume')).toEqual([
      expect.objectContaining({ replayed: 1 }),
    ]);
  });

  it('GIVEN a dropped connection whose session is gone THEN discord.js identifies again and is ready', async () => {
    // discord.js spaces identifies 5 s apart; that is its own politeness, not what this test is about.
    const client = await connect({
      ws: {
        buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }),
      },
    });
    emulator.dropGateway({ resumable: false });
    await expect
      .poll(() => emulator.gatewayLog.filter((e) => e.kind === 'identify').length, {
        timeout: 10_000,
        interval: 100,
      })
      .toBe(2);
    await emulator.waitForReady();
    expect(emulator.gatewayLog.some((e) => e.kind === 'invalid_session')).toBe(true);
    expect(client.isReady()).toBe(true);
  });
});
