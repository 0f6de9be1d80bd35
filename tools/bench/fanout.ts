import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { KeyvCountdownStore } from '../../src/store/countdown-store.ts';
import {
  DEFAULT_RATE_LIMITS,
  startEmulator,
  type Emulator,
  type RequestLogEntry,
} from '@premiere/discord-emulator';
import { openKeyv, RecordReader } from '../../src/store/keyv.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { createUserStore } from '../../src/store/user-store.ts';
import {
  batched,
  expectInSlot,
  firstFilm,
  loadCatalogue,
  seedRelease,
  seedReminders,
  silent,
} from './fixtures.ts';
import { startBotProcess, type BotProcess } from '../harness/bot-process.ts';
import { startRestProxyProcess } from '../harness/rest-proxy-process.ts';
import { mib, peakRssOf, restartPeakRss, round, rssOf, sleep, summarise, until } from './stats.ts';
import { seedGuilds, seedUsers } from './world.ts';
import { countdownId, type Countdown } from '../../src/domain/countdown-record.ts';
import { freePort } from '../harness/ports.ts';

/*
 * Fan-out: N DM reminders and M channel countdown posts all due at one instant T, against the
 * emulator with its global limit set to L requests/s and Discord's per-route limits. The bot's
 * own REST ceiling (REST_GLOBAL_LIMIT) is set to L too, as it would be behind a REST proxy
 * granted L.
 *
 * Every reminder is "an hour before release" and every countdown is a post-style one whose
 * last-day post (one hour before release) is its next slot, so with the release at T + 1 h both
 * fall due at T. DM channels are already known (the user store has them), so each reminder
 * should cost one request. Everything is measured from the emulator's request log, so it does
 * not matter how the bot runs: one `npm start` process (1 shard) or shard processes.
 */

export interface FanOutOptions {
  backend: 'sqlite' | 'redis';
  /** For Redis: a throwaway server the benchmark may clear. Ignored for SQLite (a temp file). */
  redisUrl?: string;
  reminders: number;
  countdowns: number;
  /** The emulator's global limit L (requests per second). */
  limit: number;
  shards: number;
  /**
   * Run the shards as two separate `start:sharded` groups (SHARD_IDS: first half, second half), as
   * two machines would, behind one `npm run rest-proxy` granted L; each shard's own
   * REST_GLOBAL_LIMIT is the whole L (the proxy alone keeps the sum within it).
   */
  proxy?: boolean;
  /** Time between the bot being started and T; must cover its start. */
  leadMs?: number;
  /**
   * The reminders' offset (default `release`, release at T: never started early, so every DM
   * and the countdowns' "out now" posts fall due at T and go out as fast as the limit allows).
   * `hour` (release at T + 1 h) is started early by the scheduler (src/scheduler/reminders/
   * spread.ts), so its sends begin before T; the early-start part measures that.
   */
  offset?: 'hour' | 'release';
  /**
   * One process only: `/film` every 50 ms during the fan-out and the event-loop delay over it
   * (default true). The peak-memory run turns it off, so only the fan-out weighs on the bot.
   */
  probeInteractions?: boolean;
  /**
   * One process only: read the bot's resident memory just before T (idle, ready and settled) and
   * restart the kernel's peak (VmHWM) there, so the peak reported is the fan-out's, not the start's.
   */
  peakFromIdle?: boolean;
  log?: (line: string) => void;
}

export interface FanOutResult {
  backend: 'sqlite' | 'redis';
  shards: number;
  /** Two start:sharded groups behind one shared REST proxy (see FanOutOptions.proxy). */
  proxy: boolean;
  limit: number;
  reminders: number;
  countdowns: number;
  delivered: { dm: number; channel: number };
  /** Messages beyond one per user / channel: must be 0. */
  duplicates: number;
  /** Successful sends beyond one per user / channel (Discord answered them from the nonce): ideally 0. */
  repeatedSends: number;
  restRequests: number;
  rateLimited: number;
  requestsPerDelivery: number;
  achievedPerSecond: number;
  /** Achieved sends per second ÷ L. */
  ofLimit: number;
  dueToFirstMs: number;
  dueToLastMs: number;
  /** Due → first send of each kind: the two scheduler jobs run side by side. */
  dueToFirstByKind: { dm: number; channel: number };
  /** Peak resident memory of the bot process (VmHWM), when it runs as one process. */
  botPeakRssMiB: number | undefined;
  /**
   * With `peakFromIdle`: the bot's resident memory just before T, and whether `botPeakRssMiB` is
   * the peak since then (`idle`) or, where the kernel would not restart it, since the start.
   */
  idle?: { rssMiB: number; peakSince: 'idle' | 'start' };
  /**
   * One process only: `/film` answered while the fan-out ran (one every 50 ms, dispatch →
   * callback, ms), and the bot's longest event-loop delay over the whole fan-out (ms).
   */
  duringFanOut?: {
    filmSamples: number;
    filmP50Ms: number;
    filmP99Ms: number;
    eventLoopDelayMaxMs: number;
  };
}

const MESSAGE_ROUTE = 'POST /channels/:channel_id/messages';

interface Running {
  stop(): Promise<void>;
  peakRss(): Promise<number | undefined>;
  /** The single process's id (undefined for shard processes). */
  pid?: number;
  /** The single process's Prometheus /metrics (undefined for shard processes). */
  metricsUrl?: string;
}

/**
 * The bot's `premiere_nodejs_eventloop_lag_max_seconds` (prom-client's monitorEventLoopDelay) in
 * milliseconds: the longest event-loop delay since the previous scrape, which reset it.
 */
async function eventLoopDelayMaxMs(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = /^premiere_nodejs_eventloop_lag_max_seconds\s+(\S+)$/m.exec(text);
  if (line?.[1] === undefined) throw new Error('no event-loop delay in the bot metrics');
  return Number(line[1]) * 1000;
}

/**
 * One process, as `npm start` runs it, so the bot has its own event loop and the emulator's work
 * (contract checks, bookkeeping) is not charged to it.
 */
async function launchProcess(
  emulator: Emulator,
  storeDir: string,
  storeUrl: string,
  limit: number,
): Promise<Running> {
  const metricsPort = await freePort();
  const bot = await startBotProcess({
    emulator,
    storeDir,
    storeUrl,
    env: { REST_GLOBAL_LIMIT: String(limit), METRICS_PORT: String(metricsPort) },
    keepLogs: 'until-ready',
    readyTimeoutMs: 60_000,
  });
  const pid = bot.child.pid;
  return {
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    ...(pid === undefined ? {} : { pid }),
    stop: async () => {
      await bot.stop();
    },
    peakRss: async () => (pid === undefined ? undefined : peakRssOf(pid)),
  };
}

/**
 * HOOK(sharded delivery, lead): `shards` processes via `npm run start:sharded` on one Redis, the
 * emulator recommending that many shards. Each process gets an equal share of L as its own
 * REST_GLOBAL_LIMIT (the alternative, a shared REST proxy granted L, needs the proxy). A shard
 * that sends what another owns shows in the repeated-sends and requests-per-delivery columns.
 * Opt-in (`--shards 1,4`) until the lead makes 4 shards part of the default run in run.ts.
 * The shards log at warn only: their info lines would be work the single process does not do.
 */
async function launchShardProcesses(
  emulator: Emulator,
  storeDir: string,
  storeUrl: string,
  limit: number,
  shards: number,
): Promise<Running> {
  const bot = await startBotProcess({
    emulator,
    script: 'start:sharded',
    storeDir,
    storeUrl,
    env: {
      LOG_LEVEL: 'warn',
      SHARD_COUNT: String(shards),
      REST_GLOBAL_LIMIT: String(Math.max(1, Math.floor(limit / shards))),
    },
    keepLogs: 'until-ready',
    waitUntilReady: async (running) => {
      await until(
        () => {
          if (running.child.exitCode !== null)
            throw new Error(`start:sharded exited: ${running.stderr().slice(-4000)}`);
          return emulator.sessions().length >= shards && emulator.registeredCommands().length > 0;
        },
        60_000,
        `${shards} shards to connect`,
      );
      await emulator.waitForReady(60_000);
    },
  });
  return {
    stop: async () => {
      await bot.stop(20_000);
    },
    peakRss: () => Promise.resolve(undefined),
  };
}

/**
 * `npm run rest-proxy` granted L, and two `start:sharded` groups behind it (SHARD_IDS: the first
 * and the second half of the shards), each shard allowed the whole L by its own REST_GLOBAL_LIMIT.
 */
async function launchProxyGroups(
  emulator: Emulator,
  storeUrl: string,
  limit: number,
  shards: number,
): Promise<Running> {
  // The proxy as `npm run rest-proxy` starts it: default margin, requests paced under L.
  const proxy = await startRestProxyProcess({ emulator, globalLimit: limit });
  const groups: BotProcess[] = [];
  const half = Math.ceil(shards / 2);
  const all = Array.from({ length: shards }, (_, id) => id);
  try {
    for (const ids of [all.slice(0, half), all.slice(half)]) {
      groups.push(
        await startBotProcess({
          emulator,
          script: 'start:sharded',
          storeUrl,
          env: {
            LOG_LEVEL: 'warn',
            SHARD_COUNT: String(shards),
            SHARD_IDS: ids.join(','),
            DISCORD_API_URL: proxy.apiUrl,
            REST_GLOBAL_LIMIT: String(limit),
          },
          keepLogs: 'until-ready',
          waitUntilReady: async (running) => {
            await until(
              () => {
                if (running.child.exitCode !== null)
                  throw new Error(`start:sharded exited: ${running.stderr().slice(-4000)}`);
                return emulator.sessions().length >= ids.length + groups.length * half;
              },
              60_000,
              `shards ${ids.join(',')} to connect`,
            );
          },
        }),
      );
    }
    await emulator.waitForReady(60_000);
  } catch (err) {
    for (const g of groups) await g.kill();
    await proxy.stop();
    throw err;
  }
  return {
    stop: async () => {
      for (const g of groups) await g.stop(20_000);
      await proxy.stop();
    },
    peakRss: () => Promise.resolve(undefined),
  };
}

function countdownAt(
  guildId: string,
  channelId: string,
  filmId: string,
  createdBy: string,
  createdAt: DateTime,
  dailyTime: string,
): Countdown {
  return {
    id: countdownId(guildId, channelId, filmId),
    guildId,
    channelId,
    filmId,
    time: dailyTime,
    zone: 'UTC',
    style: 'post',
    createdBy,
    createdAt: createdAt.toUTC().toISO() ?? '',
    status: 'active',
  };
}

/**
 * Sends per second over the whole seconds from the first send, leaving out the last partial
 * second: with fixed one-second windows a final partial window would otherwise look faster than L.
 */
function sustainedRate(times: readonly number[], first: number, last: number): number {
  const whole = Math.floor((last - first) / 1000);
  if (whole === 0) return times.length / Math.max(0.001, (last - first) / 1000);
  return times.filter((t) => t < first + whole * 1000).length / whole;
}

/** How many of `times` (ms) fall in each whole second from `first` (ms), in order. */
function perSecond(times: readonly number[], first: number): number[] {
  const counts: number[] = [];
  for (const t of times) {
    const second = Math.floor((t - first) / 1000);
    while (counts.length <= second) counts.push(0);
    counts[second] = (counts[second] ?? 0) + 1;
  }
  return counts;
}

export async function benchFanOut(options: FanOutOptions): Promise<FanOutResult> {
  const log = options.log ?? (() => undefined);
  const { limit, shards } = options;
  if ((shards > 1 || options.proxy === true) && options.backend === 'sqlite')
    throw new Error('several shards need Redis: start:sharded refuses SQLite');
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-bench-fanout-'));
  const storeUrl =
    options.backend === 'sqlite'
      ? `sqlite://${path.join(dir, 'store.sqlite')}`
      : (options.redisUrl ?? '');
  if (storeUrl === '') throw new Error('the Redis fan-out needs a Redis URL');

  const emulator = await startEmulator({
    shardCount: shards,
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      globalPerSecond: limit,
      // Starting several times within a minute must not wait on the command-deploy bucket.
      routes: {
        ...DEFAULT_RATE_LIMITS.routes,
        'PUT /applications/:application_id/commands': { limit: 100, windowMs: 1000 },
      },
    },
  });
  let running: Running | undefined;
  try {
    const users = seedUsers(emulator, options.reminders);
    const guilds = seedGuilds(emulator, options.countdowns);
    const catalogue = await loadCatalogue();
    const film = firstFilm(catalogue);

    // ---- the store: DM channels known, reminders and countdowns waiting for T ----
    const keyv = openKeyv(storeUrl);
    if (options.backend === 'redis') await keyv.clear();
    const userStore = createUserStore({ keyv, logger: silent });
    // In chunks: 100,000 writes at once would outwait the store's per-operation budget.
    for (let i = 0; i < users.length; i += 5000)
      await batched(keyv, () =>
        Promise.all(
          users.slice(i, i + 5000).map((u) => userStore.setDmChannel(u.userId, u.dmChannelId)),
        ),
      );
    const createdAt = DateTime.utc();
    const offset = options.offset ?? 'release';
    const seeded = users.map((u) => ({ userId: u.userId, offset }));
    const reminderStore = createReminderStore({ keyv, logger: silent });
    await seedReminders(reminderStore, keyv, film, seeded, createdAt.toISO());
    await expectInSlot(reminderStore, film, offset, seeded.length);
    const countdownStore = new KeyvCountdownStore(keyv, new RecordReader(silent));
    // A daily time half a day away: the only slot between now and T is the last-day post.
    const dailyTime = createdAt.plus({ hours: 12 }).toFormat('HH:mm');
    await batched(keyv, () =>
      Promise.all(
        guilds.map(async (g) => {
          const made = await countdownStore.create(
            countdownAt(
              g.guildId,
              g.channelId,
              film.id,
              emulator.ids.users.ada,
              createdAt,
              dailyTime,
            ),
          );
          if (!made.ok) throw new Error(`countdown in ${g.guildId}: ${made.reason}`);
        }),
      ),
    );
    const leadMs =
      options.leadMs ?? (options.proxy === true ? 45_000 : shards > 1 ? 25_000 : 8_000);
    const due = DateTime.utc().plus({ milliseconds: leadMs });
    await seedRelease(keyv, film, offset === 'hour' ? due.plus({ hours: 1 }) : due);
    await keyv.disconnect();
    log(
      `fan-out ${options.backend} ×${shards}: ${users.length} reminders and ${guilds.length} countdowns due in ${leadMs} ms, L=${limit}/s`,
    );

    // ---- run the bot and watch what reaches the emulator ----
    const countdownChannels = new Set(guilds.map((g) => g.channelId));
    const sentTo = new Map<string, number>();
    let dm = 0;
    let channel = 0;
    // Only the fan-out's own messages: the /film probe's replies land in #general.
    const dmChannels = new Set(users.map((u) => u.dmChannelId));
    const stopWatching = emulator.onMessage((m, change) => {
      if (change !== 'create') return;
      const isDm = dmChannels.has(m.channel_id);
      if (!isDm && !countdownChannels.has(m.channel_id)) return;
      sentTo.set(m.channel_id, (sentTo.get(m.channel_id) ?? 0) + 1);
      if (isDm) dm++;
      else channel++;
    });

    running =
      options.proxy === true
        ? await launchProxyGroups(emulator, storeUrl, limit, shards)
        : shards === 1
          ? await launchProcess(emulator, dir, storeUrl, limit)
          : await launchShardProcesses(emulator, dir, storeUrl, limit, shards);
    const spare = due.toMillis() - Date.now();
    if (spare < 500)
      throw new Error(
        `the bot took too long to start: it was ready ${-spare} ms after the due instant; raise leadMs`,
      );
    emulator.clearLogs();
    const expected = options.reminders + options.countdowns;
    const timeoutMs = spare + (expected / limit) * 1000 * 4 + 30_000;
    // Idle: ready, settled, nothing due yet. From here the kernel's peak counts again (Linux
    // clear_refs "5"), so the peak read after the fan-out is the fan-out's own.
    let idle: FanOutResult['idle'];
    const pid = running.pid;
    if (options.peakFromIdle === true && pid !== undefined) {
      await sleep(Math.max(0, due.toMillis() - Date.now() - 500));
      const rss = await rssOf(pid);
      if (rss === undefined) throw new Error('cannot read the bot process resident memory');
      idle = { rssMiB: mib(rss), peakSince: (await restartPeakRss(pid)) ? 'idle' : 'start' };
    }
    // One process: /film every 50 ms from just before the moment until the last delivery, and the
    // event-loop delay over the same span (the scrape now resets the bot's maximum).
    const metricsUrl = options.probeInteractions === false ? undefined : running.metricsUrl;
    const filmMs: number[] = [];
    let probing = metricsUrl !== undefined;
    let probe: Promise<void> = Promise.resolve();
    if (metricsUrl !== undefined) {
      await sleep(Math.max(0, due.toMillis() - Date.now() - 300));
      await eventLoopDelayMaxMs(metricsUrl);
      probe = (async () => {
        while (probing) {
          const answer = await emulator.invokeCommand(
            { user: 'ben', channel: 'general', name: 'film', options: { title: 'ballerina' } },
            { settleMs: 0 },
          );
          const record = emulator.interactions.get(answer.interactionId);
          if (record?.dispatchedAtHr !== undefined && record.firstRequestAtHr !== undefined)
            filmMs.push(record.firstRequestAtHr - record.dispatchedAtHr);
          await sleep(50);
        }
      })();
    }
    await until(() => dm + channel >= expected, timeoutMs, `${expected} deliveries`, 100);
    probing = false;
    await probe;
    const loopDelayMax =
      metricsUrl === undefined ? undefined : await eventLoopDelayMaxMs(metricsUrl);
    // Anything still arriving now would be a duplicate.
    await sleep(1500);
    stopWatching();
    const peak = await running.peakRss();
    await running.stop();
    running = undefined;

    const requests: RequestLogEntry[] = emulator.requests.filter(
      (r) => r.at >= due.toMillis() - 2000,
    );
    const sends = requests.filter((r) => r.route === MESSAGE_ROUTE && r.status === 200);
    const first = Math.min(...sends.map((r) => r.at));
    const firstOf = (channel: boolean) =>
      Math.round(
        Math.min(
          ...sends
            .filter((r) => countdownChannels.has(r.path.split('/')[2] ?? '') === channel)
            .map((r) => r.at),
        ) - due.toMillis(),
      );
    const last = Math.max(...sends.map((r) => r.at));
    const achieved = sustainedRate(
      sends.map((r) => r.at),
      first,
      last,
    );
    log(
      `sends per second from the first: ${perSecond(
        sends.map((r) => r.at),
        first,
      ).join(' ')}`,
    );
    const duplicates = [...sentTo.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const sendsPerChannel = new Map<string, number>();
    for (const r of sends) sendsPerChannel.set(r.path, (sendsPerChannel.get(r.path) ?? 0) + 1);
    const repeatedSends = [...sendsPerChannel.values()].reduce((sum, n) => sum + n - 1, 0);
    return {
      backend: options.backend,
      shards,
      proxy: options.proxy === true,
      limit,
      reminders: options.reminders,
      countdowns: options.countdowns,
      delivered: { dm, channel },
      duplicates,
      repeatedSends,
      restRequests: requests.length,
      rateLimited: requests.filter((r) => r.status === 429).length,
      requestsPerDelivery: round(requests.length / (dm + channel)),
      achievedPerSecond: round(achieved),
      ofLimit: round(achieved / limit),
      dueToFirstMs: Math.round(first - due.toMillis()),
      dueToLastMs: Math.round(last - due.toMillis()),
      dueToFirstByKind: { dm: firstOf(false), channel: firstOf(true) },
      botPeakRssMiB: peak === undefined ? undefined : mib(peak),
      ...(idle === undefined ? {} : { idle }),
      ...(loopDelayMax === undefined || filmMs.length === 0
        ? {}
        : {
            duringFanOut: {
              filmSamples: filmMs.length,
              filmP50Ms: round(summarise(filmMs).p50),
              filmP99Ms: round(summarise(filmMs).p99),
              eventLoopDelayMaxMs: round(loopDelayMax),
            },
          }),
    };
  } finally {
    await running?.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
