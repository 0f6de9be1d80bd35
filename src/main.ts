import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { commands } from '../commands/index.ts';
import { loadConfig } from './config.ts';
import { loadFilms } from './data/load-films.ts';
import { Catalogue } from './domain/catalogue.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { createOwnership, soleOwner } from './domain/ownership.ts';
import { createClient } from './discord/client.ts';
import type { Services } from './discord/command.ts';
import { syncCommands } from './discord/deploy.ts';
import { discordErrorFields } from './discord/discord-error.ts';
import { checkDiscord } from './discord/preflight.ts';
import { discordMarkup } from './discord/format.ts';
import { DiscordNotifier } from './discord/notifier.ts';
import { EvenPacer } from './discord/pacer.ts';
import { watchGateway } from './discord/gateway-watch.ts';
import { createInteractionRouter } from './discord/router.ts';
import { createLogger } from './logger.ts';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from './ops/heap.ts';
import { startOpsServer } from './ops/http-server.ts';
import type { Metrics } from './ops/metrics.ts';
import type { OutcomeListener } from './scheduler/kit/index.ts';
import type { TickJob } from './scheduler/ticker.ts';
import { createServices } from './services.ts';
import { CheckedStore } from './store/checked-store.ts';
import { locksFor } from './store/locks.ts';
import { repoRoot } from './paths.ts';
import { exitOnSetupProblem, openCheckedStore, SetupError } from './setup-errors.ts';
import { localeOf } from './domain/i18n/index.ts';

export { repoRoot } from './paths.ts';

/** How long stop() waits for deliveries in flight (start:sharded's manager waits longer). */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  /** Tests and the sandbox pass their own clock; production uses the system clock. */
  clock?: Clock;
  logger?: Logger;
  filmsDir?: string;
}

export interface RunningBot {
  client: Client;
  services: Services;
  /** Only with METRICS_PORT, where they are served; undefined (nothing counted) without it. */
  metrics: Metrics | undefined;
  /**
   * Resolves once the gateway is ready and commands are in sync (the "Premiere is ready" line);
   * the scheduler starts right after, before startBot resolves.
   */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that builds real objects and wires them together.
 * Everything else receives what it needs.
 */
export async function startBot(options: StartOptions): Promise<RunningBot> {
  const config = loadConfig(options.env, repoRoot);
  const logger = options.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const clock = options.clock ?? systemClock;

  // Nothing is written to the store (not even the SQLite file created) before Discord has
  // accepted the token and the guild. A shard under start:sharded skips it: its manager checked.
  // The questions go out first and Discord answers them while the films are read; the answers are
  // looked at after the films, so a broken film file is still the problem reported first.
  const standalone = options.env.SHARDING_MANAGER === undefined;
  const discordCheck =
    standalone && config.shardIds === undefined ? checkDiscord(config) : undefined;
  discordCheck?.catch(() => undefined); // awaited below, unless the films fail first
  const catalogue = new Catalogue(await loadFilms(options.filmsDir ?? config.filmsDir), clock);
  let inviteUrl: string | undefined;
  if (standalone) {
    if (config.shardIds !== undefined)
      throw new SetupError({ kind: 'shard-ids-without-sharding', shardIds: config.shardIds });
    inviteUrl = (await discordCheck)?.inviteUrl;
  }

  // Metrics are kept only where they are served (METRICS_PORT, off by default): without it nothing
  // could read them, so nothing is counted and prom-client (with the OpenTelemetry API it loads,
  // about 90 modules) is not even loaded.
  const served =
    config.metricsPort === undefined
      ? undefined
      : {
          port: config.metricsPort,
          metrics: new (await import('./ops/metrics.ts')).Metrics(),
        };
  const metrics = served?.metrics;
  // Opened and asked once: a store that does not answer at start is a setup problem (exit 1).
  const keyv = await openCheckedStore(config.storeUrl);
  // Said once the store answers too, so a start that stops on its store prints only what to fix.
  if (inviteUrl !== undefined)
    logger.info(
      { inviteUrl },
      'invite the bot to a server with this URL (its scopes and exactly the permissions it uses)',
    );
  // Each failed operation throws to its caller, and an outage is logged once (CheckedStore): the
  // adapter's own error events would repeat it for every retry of its connection.
  keyv.on('error', (err: unknown) => logger.debug({ err }, 'store adapter error'));
  const store = new CheckedStore(keyv, {
    logger,
    observe: (op, seconds, outcome) => metrics?.storeSeconds.observe({ op, outcome }, seconds),
  });

  const client = createClient(config);
  // Read-modify-write of one key never interleaves: in-process, or across shards on Redis.
  // One set of stores for commands and the tick: their in-process locks only work if shared.
  const services = await createServices({
    config,
    logger,
    clock,
    catalogue,
    keyv: store,
    locks: locksFor(keyv, store.timeoutMs),
    // client.rest gets its token at login, before any command or tick can use the notifier.
    notifier: (users) =>
      new DiscordNotifier({
        rest: client.rest,
        users,
        logger,
        pacer: EvenPacer.forLimit(config.restGlobalLimit),
      }),
  });
  const { stores, notifier, t } = services;

  const route = createInteractionRouter(commands, services, (o) => {
    metrics?.interactions.inc({ command: o.command, kind: o.kind, outcome: o.outcome });
    metrics?.interactionSeconds.observe({ kind: o.kind }, o.durationMs / 1000);
  });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) =>
    logger.error({ err, ...discordErrorFields(err) }, 'discord client error'),
  );
  // One warn line per lost connection and one info line when it is back; the gauge follows.
  const gateway = watchGateway(client, {
    logger,
    onChange: (shardId, up) => metrics?.gatewayUp.set({ shard: String(shardId) }, up ? 1 : 0),
  });
  client.rest.on('rateLimited', (info) =>
    logger.debug(
      { route: info.route, global: info.global, retryAfter: info.retryAfter, code: 429 },
      'rate limited by Discord',
    ),
  );

  const stops: (() => Promise<void>)[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (readyClient) => {
      void (async () => {
        const target = { applicationId: readyClient.application.id, guildId: config.guildId };
        const sync = await syncCommands(
          client.rest,
          store,
          target,
          commands.map((c) => c.data),
        );
        logger.info(
          {
            user: readyClient.user.tag,
            ...(client.shard === null
              ? {}
              : { shardIds: client.shard.ids, shardCount: client.shard.count }),
            guilds: readyClient.guilds.cache.size,
            commands: sync,
            scope: config.guildId ?? 'global',
          },
          'Premiere is ready',
        );
        resolve();
      })().catch(reject);
    });
  });

  if (served !== undefined) {
    // Under start:sharded every shard process serves its own port: METRICS_PORT + its first shard id.
    const firstShard = client.shard?.ids[0] ?? 0;
    // Unhealthy while a shard is not connected, or the store does not answer (bounded by its budget).
    const metricsPort = served.port + firstShard;
    const ops = await startOpsServer(metricsPort, served.metrics, async () => {
      const problems = [gateway.problem(), await store.problem()].filter(
        (p): p is string => p !== undefined,
      );
      return problems.length === 0 ? undefined : problems.join('; ');
    }).catch((err: unknown) => {
      // A port in use or not allowed is the operator's to fix: plain words, not a stack.
      const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
      if (code === undefined) throw err;
      throw new SetupError({ kind: 'metrics-cannot-listen', port: metricsPort, code });
    });
    stops.push(() => ops.close());
    logger.info({ port: ops.port }, 'metrics and health on /metrics and /healthz');
  }

  await client.login(config.discordToken);
  await ready;

  // The scheduler's modules (a third of the bot's own) are loaded only now that the bot is ready:
  // nothing before ready uses them, and loaded with the rest they would delay the gateway login.
  const [
    {
      createCountdownsJob,
      createReleaseEventsJob,
      createReleaseNoticesJob,
      createRemindersJob,
      startTicker,
    },
    { createCountdownRenderer },
  ] = await Promise.all([
    import('./scheduler/index.ts'),
    import('./discord/countdown-messages.ts'),
  ]);

  // Under start:sharded each process delivers only for its own shards; alone it owns everything.
  const ownership =
    client.shard === null ? soleOwner : createOwnership(client.shard.ids, client.shard.count);
  const ownsUser = (userId: string) => ownership.ownsUser(userId);
  const ownsGuild = (guildId: string) => ownership.ownsGuild(guildId);
  // A server's language, read at post time: its preferred locale as the gateway last reported it.
  const guildLocale = (guildId: string) =>
    localeOf(client.guilds.cache.get(guildId)?.preferredLocale);
  const shardTag = `${ownership.shardCount}:${ownership.shardIds.join(',')}`;
  // Every job reports each delivery as one outcome event: counted by job, outcome and code.
  const onOutcome: OutcomeListener = ({ job, outcome, code, lagMs }) => {
    metrics?.deliveries.inc({ kind: job, result: outcome, code: String(code) });
    if (lagMs !== undefined) metrics?.schedulerLagSeconds.observe({ kind: job }, lagMs / 1000);
  };
  const reminderJob = {
    store: stores.reminders,
    releases: stores.releases,
    notifier,
    markup: discordMarkup,
    t,
    films: catalogue,
    logger,
  };
  const countdownJob = {
    store: stores.countdowns,
    releases: stores.releases,
    films: catalogue,
    notifier,
    logger,
  };
  const jobs: TickJob[] = [
    createRemindersJob({
      ...reminderJob,
      guildLocale,
      ownsUser,
      ownsGuild,
      shardTag,
      onOutcome,
      requestsPerSecond: config.restGlobalLimit,
    }),
    createReleaseNoticesJob({ ...reminderJob, ownsUser, shardTag, onOutcome }),
    createCountdownsJob({
      ...countdownJob,
      render: createCountdownRenderer(t),
      guildLocale,
      ownsGuild,
      onOutcome,
    }),
    createReleaseEventsJob({ ...countdownJob, ownsGuild, onOutcome }),
  ];
  const ticker = startTicker(jobs, clock, logger);
  stops.push(async () => {
    // Messages already handed to Discord get a bounded time to be answered and recorded; past it,
    // they stay `sending` with their nonce and the next start sends them again, which Discord
    // answers with the message it already has. Nothing new starts meanwhile (ticker.stop).
    const drained = await Promise.race([
      ticker.stop().then(() => true),
      sleep(SHUTDOWN_GRACE_MS, false, { ref: false }),
    ]);
    if (!drained)
      logger.warn(
        { graceMs: SHUTDOWN_GRACE_MS },
        'deliveries still in flight at shutdown; the next start sends them under the same nonces',
      );
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of stops.reverse()) await s();
      gateway.stop();
      await client.destroy();
      await store.disconnect();
      logger.info('Premiere stopped');
    })());

  return { client, services, metrics, ready, stop };
}

async function main(): Promise<void> {
  let bot: RunningBot | undefined;
  let logger: Logger | undefined;
  try {
    const config = loadConfig(process.env, repoRoot, { envFileExists: existsSync('.env') });
    logger = createLogger(config.logLevel, undefined, config.logFormat);
    const log = logger;
    process.on('unhandledRejection', (err) =>
      log.error({ err, ...discordErrorFields(err) }, 'unhandled rejection'),
    );
    bot = await startBot({ env: process.env, logger });
    // Once ready, so node's own modules loaded at start keep their code cache (see heap.ts).
    const { limited, heapLimitBytes } = limitHeapGrowth();
    logger.debug(
      { heapLimitMiB: Math.round(heapLimitBytes / 1024 ** 2) },
      limited
        ? `heap growth limited to ${HEAP_GROWING_PERCENT} % past what is live`
        : 'heap growth left to V8 (its heap limit is small)',
    );
  } catch (err) {
    // A setup problem the operator fixes: plain words, no stack trace, exit 1.
    exitOnSetupProblem(err, { guildId: process.env.DISCORD_GUILD_ID?.trim() || undefined });
    if (logger) {
      logger.fatal({ err, ...discordErrorFields(err) }, 'Premiere could not start');
    } else {
      process.stderr.write(`Premiere could not start: ${String(err)}\n`);
    }
    // A half-started client keeps sockets open; a failed start must still end the process.
    process.exit(1);
  }
  const running = bot;
  const log = logger;
  const shutdown = (reason: string) => {
    log.info({ reason }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => shutdown(signal));
  // A shard under start:sharded whose manager died (killed, crashed) must not live on as an
  // orphan: the next start would run the same shard again beside it.
  if (process.send !== undefined) process.once('disconnect', () => shutdown('manager gone'));
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  void main();
}
