import { afterEach, describe, expect, it } from 'vitest';
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
});
