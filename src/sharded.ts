import { existsSync } from 'node:fs';
import { ShardingManager } from 'discord.js';
import { loadConfig } from './config.ts';
import { checkDiscord } from './discord/preflight.ts';
import { spawnDelayMs } from './discord/sharding.ts';
import { createLogger } from './logger.ts';
import { entryPoint, nodeLoaderArgs } from './paths.ts';
import {
  exitOnSetupProblem,
  openCheckedStore,
  SetupError,
  SHARD_SETUP_EXIT_CODE,
} from './setup-errors.ts';

/**
 * `npm run start:sharded`: discord.js's ShardingManager, one child process per shard, each running
 * src/main.ts. Every process of a deployment must share one Redis store and one shard count.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.cwd(), { envFileExists: existsSync('.env') });
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  if (!/^rediss?:\/\//.test(config.storeUrl))
    throw new SetupError({ kind: 'sharded-needs-redis', storeUrl: config.storeUrl });

  // The same checks as npm start (token, network, guild), once for every shard. ShardingManager's
  // own 'auto' asks discord.com directly; this asks the configured API, so a REST proxy or the
  // local emulator decides the count too.
  const discord = await checkDiscord(config);
  const totalShards = config.shardCount === 'auto' ? discord.recommendedShards : config.shardCount;
  const shardList = config.shardIds ?? Array.from({ length: totalShards }, (_, id) => id);
  if (shardList.some((id) => id >= totalShards))
    throw new SetupError({
      kind: 'shard-ids-out-of-range',
      shardIds: shardList,
      shardCount: totalShards,
      auto: config.shardCount === 'auto',
    });
  // Every shard would fail on a store that does not answer, and be respawned again and again.
  await (await openCheckedStore(config.storeUrl)).disconnect();
  logger.info(
    { inviteUrl: discord.inviteUrl },
    'invite the bot to a server with this URL (its scopes and exactly the permissions it uses)',
  );

  const manager = new ShardingManager(entryPoint('main'), {
    token: config.discordToken,
    totalShards,
    shardList,
    mode: 'process',
    respawn: true,
    // Built (npm start:sharded): plain node like this manager; from source: through tsx. A
    // heap limit the operator gave the manager's node goes to each shard too; each shard limits
    // its heap's growth itself once ready (src/ops/heap.ts).
    execArgv: [
      ...nodeLoaderArgs,
      ...process.execArgv.filter((a) => a.startsWith('--max-old-space-size')),
    ],
  });
  manager.on('shardCreate', (shard) => {
    shard.on('spawn', (child) =>
      logger.info(
        { shardId: shard.id, totalShards, shardPid: 'pid' in child ? child.pid : undefined },
        'shard process started',
      ),
    );
    shard.on('death', (child) => {
      const exitCode = 'exitCode' in child ? child.exitCode : null;
      if (exitCode === SHARD_SETUP_EXIT_CODE) {
        // The shard said what to fix on stderr; every other shard would meet it too.
        manager.respawn = false;
        for (const other of manager.shards.values()) other.process?.kill('SIGTERM');
        process.exit(1);
      }
      logger.warn(
        { shardId: shard.id, exitCode },
        manager.respawn ? 'shard process died; respawning' : 'shard process exited',
      );
    });
    // A respawn that fails is reported here; unheard, the 'error' event would end the manager.
    shard.on('error', (err) =>
      logger.error({ err, shardId: shard.id }, 'shard process could not be respawned'),
    );
  });

  // Installed before the first spawn: stopped half-way through starting, no shard is left behind.
  const state = { stopping: false };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      state.stopping = true;
      logger.info({ signal }, 'stopping every shard');
      manager.respawn = false;
      const live = [...manager.shards.values()].flatMap((s) => (s.process ? [s.process] : []));
      // Each shard finishes what it handed to Discord and hands the rest back (main.ts stop()).
      for (const child of live) child.kill('SIGTERM');
      // A shard still running after that would deliver beside the next start's: never leave one.
      const killer = setTimeout(() => {
        for (const child of live) if (child.exitCode === null) child.kill('SIGKILL');
        logger.error({ graceMs: SHARD_STOP_GRACE_MS }, 'shards did not stop in time; killed');
        process.exit(1);
      }, SHARD_STOP_GRACE_MS);
      void Promise.all(
        live.map((child) =>
          child.exitCode !== null || child.signalCode !== null
            ? Promise.resolve()
            : new Promise((resolve) => child.once('exit', resolve)),
        ),
      ).then(() => {
        clearTimeout(killer);
        logger.info('every shard stopped');
        process.exit(0);
      });
    });
  }

  await manager.spawn({
    delay: spawnDelayMs(shardList, discord.maxConcurrency),
    timeout: 60_000,
  });
  if (!state.stopping)
    logger.info({ shardIds: shardList, totalShards }, 'every shard is connected');
}

/**
 * Longer than a shard's own stop (main.ts gives deliveries in flight 10 s, then closes the
 * gateway and the store), short enough for an orchestrator's patience (Kubernetes waits 30 s).
 */
const SHARD_STOP_GRACE_MS = 20_000;

main().catch((err: unknown) => {
  exitOnSetupProblem(err, { guildId: process.env.DISCORD_GUILD_ID?.trim() || undefined });
  process.stderr.write(`start:sharded failed: ${String(err)}\n`);
  process.exitCode = 1;
});
