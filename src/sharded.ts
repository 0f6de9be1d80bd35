import path from 'node:path';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

/**
 * `npm run start:sharded`: discord.js's ShardingManager, one child process per shard, each running
 * src/main.ts. Every process of a deployment must share one Redis store and one shard count.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  if (!/^rediss?:\/\//.test(config.storeUrl)) {
    throw new ConfigError([
      'STORE_URL must be redis://… for start:sharded: several processes would write to one SQLite file and could send the same reminder twice. Start Redis and set STORE_URL=redis://127.0.0.1:6379, or use npm start for a single process.',
    ]);
  }

  // ShardingManager's own 'auto' asks discord.com directly; ask the configured API instead, so a
  // REST proxy or the local emulator decides the count too.
  let totalShards = config.shardCount;
  if (totalShards === 'auto') {
    const rest = new REST(
      config.discordApiUrl === undefined ? {} : { api: config.discordApiUrl },
    ).setToken(config.discordToken);
    totalShards = ((await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult).shards;
  }

  const manager = new ShardingManager(path.join(import.meta.dirname, 'main.ts'), {
    token: config.discordToken,
    totalShards,
    shardList: config.shardIds ?? 'auto',
    mode: 'process',
    respawn: true,
    execArgv: ['--import', 'tsx'],
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shardId: shard.id, totalShards }, 'shard process started');
    shard.on('death', (child) =>
      logger.warn(
        { shardId: shard.id, exitCode: 'exitCode' in child ? child.exitCode : null },
        'shard process died; respawning',
      ),
    );
  });
  await manager.spawn({ timeout: 60_000 });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping every shard');
      manager.respawn = false;
      // Each shard handles SIGTERM by finishing or handing back its in-flight deliveries.
      for (const shard of manager.shards.values()) shard.process?.kill('SIGTERM');
      setTimeout(() => process.exit(0), 15_000).unref();
      void Promise.all(
        [...manager.shards.values()].map(
          (s) =>
            new Promise<void>((resolve) =>
              s.process?.exitCode !== null ? resolve() : s.process.once('exit', () => resolve()),
            ),
        ),
      ).then(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `start:sharded failed: ${String(err)}`}\n`,
  );
  process.exitCode = 1;
});
