import { Routes } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '@premiere/discord-emulator';
import { loadConfig } from '../../src/config.ts';
import { createClient } from '../../src/discord/client.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['SHARD_COUNT', 'SHARDS', 'SHARDING_MANAGER']) {
    if (saved[key] === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = saved[key];
  }
});

describe('createClient', () => {
  it.each(['', 'auto'])(
    'GIVEN SHARD_COUNT=%j left in the environment of npm start THEN the client is still built, as one process',
    async (value) => {
      process.env.SHARD_COUNT = value;
      const client = createClient(loadConfig({ DISCORD_TOKEN: 't', SHARD_COUNT: value }));
      expect(client.options.shardCount).toBe(1);
      expect(client.options.allowedMentions).toEqual({ parse: [], repliedUser: false });
      await client.destroy();
    },
  );

  it('GIVEN a ShardingManager child THEN the shard settings it was given are kept', async () => {
    const env = {
      SHARDING_MANAGER: 'true',
      SHARDING_MANAGER_MODE: 'process',
      SHARDS: '[1]',
      SHARD_COUNT: '2',
    };
    const client = createClient(loadConfig({ DISCORD_TOKEN: 't' }), env);
    expect(env.SHARD_COUNT).toBe('2');
    expect(env.SHARDS).toBe('[1]');
    await client.destroy();
  });

  it('GIVEN DMs sent to three users WHEN a second has passed THEN no per-channel handler is kept (memory during and after a fan-out of 100,000 DMs: at most a second of them)', async () => {
    const emulator = await startEmulator();
    // Only setInterval is faked: the sweep is discord.js's setInterval; the requests use real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const client = createClient(
      loadConfig({ DISCORD_TOKEN: emulator.botToken, DISCORD_API_URL: emulator.apiUrl }),
      {},
    );
    try {
      client.rest.setToken(emulator.botToken);
      const { ada, ben, dora } = emulator.ids.users;
      for (const user of [ada, ben, dora]) {
        const channel = emulator.world.dmChannelFor(user).id;
        await client.rest.post(Routes.channelMessages(channel), { body: { content: 'hi' } });
      }
      expect(client.rest.handlers.size).toBe(3);
      vi.advanceTimersByTime(1_000);
      expect(client.rest.handlers.size).toBe(0);
    } finally {
      vi.useRealTimers();
      await client.destroy();
      await emulator.close();
    }
  });
});
