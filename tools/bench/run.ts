import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../src/main.ts';
import { redisServerInstalled, startTestRedis } from '../harness/redis.ts';
import { count, counts, parseCommandLine, UsageError } from './cli.ts';
import { benchFanOut, type FanOutResult } from './fanout.ts';
import {
  benchEarlyStart,
  benchHerePosts,
  earlyStartTable,
  herePostsTable,
  type EarlyStartResult,
  type HerePostsResult,
} from './reminder-fanout.ts';
import { benchInteractions, type InteractionBenchResult } from './interactions.ts';
import { benchPeakRss, peakRssTable, type PeakRssRow } from './peak-rss.ts';
import { benchStart, startTable, type StartBenchResult } from './start.ts';
import { benchStore, type StoreBenchResult } from './store.ts';

/*
 * `npm run bench`: interaction latency against a bare discord.js floor, store costs as reminders
 * grow, a fan-out at the emulator's global limit, start → ready and resident memory against the
 * floor, and peak memory while 10,000 and 100,000 reminders fall due. Not a test: it measures
 * and reports.
 * Writes tools/bench/results/<date>.json and .md (a part run alone replaces only its own section of
 * that day's results) and prints the markdown tables.
 *
 *   npm run bench
 *   npm run bench -- --only interactions
 *   npm run bench -- --only fanout --limit 500 --shards 1,4
 *   npm run bench -- --only start,peak-rss --due 10000
 */

const PARTS = [
  'interactions',
  'store',
  'fanout',
  'here-posts',
  'early-start',
  'start',
  'peak-rss',
] as const;
type Part = (typeof PARTS)[number];

const USAGE = `npm run bench [-- options]
  --only <parts>        comma-separated: ${PARTS.join(', ')} (default: all)
  --samples <n>         interaction samples per kind (default 2000)
  --warmup <n>          interaction warm-up rounds (default 200)
  --sizes <list>        reminders stored for add-reminder (default 1000,10000,100000)
  --store-samples <n>   add-reminder samples per size (default 1000)
  --guilds <n>          guilds in the emulator for the store part's start/RSS run and the
                        start part (default 1000)
  --limit <L>           emulator global limit for the fan-out, requests/s (default 500)
  --reminders <n>       DM reminders due at once (default 10000)
  --countdowns <n>      countdown posts due at once (default 1000)
  --shards <list>       fan-out shard counts (default 1,4; 4 runs start:sharded on Redis)
  --members <n>         here-posts: here reminders in one channel (default 130)
  --early <n>           early-start: day (and reference release) DM reminders (default 10000)
  --early-limit <L>     here-posts and early-start: emulator global limit (default 500)
  --proxy-shards <n>    shards for the shared REST proxy row: two start:sharded groups behind
                        npm run rest-proxy, on Redis (default 4; 0 skips it)
  --proxy-limit <L>     the shared REST proxy row's global limit (default 50, Discord's own)
  --start-rounds <n>    start: timed starts of the bot and of the floor each (default 9)
  --no-npm-wrapper      start: leave out the npm start row (what npm's own processes add)
  --due <list>          peak-rss: DM reminders due at one instant, one run each
                        (default 10000,100000)
  --due-limit <L>       peak-rss: emulator global limit and the bot's REST_GLOBAL_LIMIT
                        (default 2000)
  --no-redis            skip every Redis measurement
  --save                write the results to tools/bench/results/<date>.json and .md
  --help                this text`;

interface RunInfo {
  command: string;
  commit: string;
  /** 1-minute load average when the run started: other work on the machine shows in p99s. */
  loadAverage: number;
}

interface Results {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    node: string;
    platform: string;
  };
  /** How each part was produced (a part run alone keeps the others from an earlier run that day). */
  runs: Partial<Record<Part, RunInfo>>;
  interactions?: InteractionBenchResult;
  store?: StoreBenchResult;
  fanout?: FanOutResult[];
  herePosts?: HerePostsResult;
  earlyStart?: EarlyStartResult;
  start?: StartBenchResult;
  peakRss?: PeakRssRow[];
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function runInfo(command: string): RunInfo {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
  } catch {
    // Not a git checkout: the results still stand, just without a commit.
  }
  return { command, commit, loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 };
}

const machine = (): Results['machine'] => ({
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.availableParallelism(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
});

// ---- markdown -----------------------------------------------------------------------------------

const ms = (v: number) => `${v} ms`;

const measuredWith = (run: RunInfo | undefined) =>
  run === undefined
    ? ''
    : ` Measured with \`${run.command}\` at commit ${run.commit} (load average ${run.loadAverage}).`;

function interactionTable(r: InteractionBenchResult, command?: RunInfo): string {
  const rows = [
    ['`/film title:ballerina`', r.bot.film, r.ratio.film],
    ['`/ask` (five questions in turn)', r.bot.ask, r.ratio.ask],
    ['title autocomplete', r.bot.autocomplete, r.ratio.autocomplete],
  ] as const;
  return [
    `**Interaction latency** over loopback, ${r.samples} samples each after ${r.warmup} warm-up rounds: from the emulator dispatching INTERACTION_CREATE to the interaction callback reaching it. Floor: a bare discord.js client replying "pong", interleaved in the same run.${measuredWith(command)}`,
    '',
    '| interaction | p50 | p99 | p50 ÷ floor | p99 ÷ floor |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      ([name, s, ratio]) =>
        `| ${name} | ${ms(s.p50)} | ${ms(s.p99)} | ${ratio.p50} | ${ratio.p99} |`,
    ),
    `| floor: bare discord.js "pong" | ${ms(r.floor.p50)} | ${ms(r.floor.p99)} | 1 | 1 |`,
  ].join('\n');
}

function storeTables(r: StoreBenchResult, command?: RunInfo): string {
  const sizes = [...new Set(r.addReminder.map((x) => x.stored))];
  const backends = [...new Set(r.addReminder.map((x) => x.backend))];
  const cell = (backend: string, stored: number) => {
    const row = r.addReminder.find((x) => x.backend === backend && x.stored === stored);
    return row ? `${row.p99Ms} ms (p50 ${row.p50Ms})` : 'n/a';
  };
  const n = r.addReminder[0]?.n ?? 0;
  return [
    `**Adding a reminder** (ReminderService.remind, what /remindme calls; ${n} samples per size, every reminder on one film and offset): p99, p50 in brackets.${measuredWith(command)}`,
    '',
    `| reminders stored | ${backends.map((b) => (b === 'sqlite' ? 'SQLite file' : 'Redis')).join(' | ')} |`,
    `|---:|${backends.map(() => '---:').join('|')}|`,
    ...sizes.map(
      (s) => `| ${s.toLocaleString('en-GB')} | ${backends.map((b) => cell(b, s)).join(' | ')} |`,
    ),
    '',
    '**Bot start** as `npm start` runs it (SQLite), spawn to "Premiere is ready", and resident memory 2 s later:',
    '',
    '| reminders stored | guilds | start → ready | RSS |',
    '|---:|---:|---:|---:|',
    ...r.start.map(
      (s) =>
        `| ${s.reminders.toLocaleString('en-GB')} | ${s.guilds.toLocaleString('en-GB')} | ${ms(s.startToReadyMs)} | ${s.rssMiB === undefined ? 'n/a' : `${s.rssMiB} MiB`} |`,
    ),
  ].join('\n');
}

function fanoutTable(rows: readonly FanOutResult[], command?: RunInfo): string {
  const first = rows[0];
  if (first === undefined) return '';
  return [
    `**Fan-out**: ${first.reminders.toLocaleString('en-GB')} \`release\` DM reminders (never started early) and ${first.countdowns.toLocaleString('en-GB')} channel countdown posts due at one instant, emulator global limit L = ${first.limit} requests/s (the bot's REST_GLOBAL_LIMIT set to match), with Discord's per-route limits. One shard is the bot as \`npm start\` runs it, in its own process. "In 2 groups, shared REST proxy": two separate \`npm run start:sharded\` (SHARD_IDS the first and the second half) behind one \`npm run rest-proxy\` granted L (its defaults), each shard's own REST_GLOBAL_LIMIT the whole L, at Discord's own L = 50 unless \`--proxy-limit\` says otherwise: there the shards' sends in flight queue seconds at the proxy, nearer what a bot waits for an answer. Rate: sends per whole second from the first send, ÷ that row's L.${measuredWith(command)}`,
    '',
    '| store | shards | delivered | rate ÷ L | REST requests per delivery | 429s | due → first DM / post | due → last send | duplicates | bot peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.backend === 'sqlite' ? 'SQLite' : 'Redis'} | ${r.proxy ? `${r.shards} in 2 groups, shared REST proxy, L = ${r.limit}` : r.shards} | ${(r.delivered.dm + r.delivered.channel).toLocaleString('en-GB')} | ${r.ofLimit} | ${r.requestsPerDelivery} | ${r.rateLimited} | ${r.dueToFirstByKind.dm} / ${r.dueToFirstByKind.channel} ms | ${ms(r.dueToLastMs)} | ${r.duplicates} messages, ${r.repeatedSends} repeated sends | ${r.botPeakRssMiB === undefined ? 'n/a' : `${r.botPeakRssMiB} MiB`} |`,
    ),
    ...duringTable(rows),
  ].join('\n');
}

/** `/film` and the event loop while the single process delivers the fan-out (goal ≤ 50 ms each). */
function duringTable(rows: readonly FanOutResult[]): string[] {
  const measured = rows.filter((r) => r.duringFanOut !== undefined);
  if (measured.length === 0) return [];
  return [
    '',
    "**Interactions during the fan-out** (one process, as `npm start` runs it): `/film title:ballerina` every 50 ms from just before the moment until the last delivery, dispatch → callback; and the bot's longest event-loop delay over that span (`perf_hooks.monitorEventLoopDelay`, 10 ms resolution, read from its `/metrics`). Goal: both ≤ 50 ms.",
    '',
    '| store | `/film` samples | `/film` p50 | `/film` p99 | event-loop delay max |',
    '|---|---:|---:|---:|---:|',
    ...measured.map((r) => {
      const d = r.duringFanOut;
      return d === undefined
        ? ''
        : `| ${r.backend === 'sqlite' ? 'SQLite' : 'Redis'} | ${d.filmSamples} | ${ms(d.filmP50Ms)} | ${ms(d.filmP99Ms)} | ${ms(d.eventLoopDelayMaxMs)} |`;
    }),
  ];
}

function markdown(r: Results): string {
  const parts = [
    `${r.date}, ${r.machine.cores} × ${r.machine.cpu}, Node ${r.machine.node}, ${r.machine.platform}.`,
  ];
  if (r.interactions) parts.push(interactionTable(r.interactions, r.runs.interactions));
  if (r.store) parts.push(storeTables(r.store, r.runs.store));
  if (r.fanout && r.fanout.length > 0) parts.push(fanoutTable(r.fanout, r.runs.fanout));
  if (r.herePosts)
    parts.push(
      `**\`here\` reminders grouped per channel**: ${r.herePosts.hereReminders} \`here\` reminders in one channel and, as the reference in the same run, as many DM reminders, all due at one instant.${measuredWith(r.runs['here-posts'])}\n\n${herePostsTable(r.herePosts)}`,
    );
  if (r.earlyStart)
    parts.push(
      `**Reminders before release start early**: \`day\` DM reminders, then as the reference in the same run as many \`release\` DM reminders (never early).${measuredWith(r.runs['early-start'])}\n\n${earlyStartTable(r.earlyStart)}`,
    );
  if (r.start)
    parts.push(
      `**Start to ready and resident memory against the floor**: the bot exactly as \`npm start\` runs it (plain \`node\` on the bundled \`dist/\`, one process, SQLite) and, as the floor, a bare discord.js client that logs in and answers "pong" (\`tools/bench/floor-client.mjs\`, also plain \`node\`), both with the Guilds intent on the same emulator with ${r.start.guilds.toLocaleString('en-GB')} guilds. Spawn to ready (the bot's "Premiere is ready" after its commands are synced; the floor's ready once its /ping is registered), resident memory ${r.start.settleMs / 1000} s later; ${r.start.rounds} timed starts of each in alternating shuffled order after one untimed start of each, medians. Goals: start → ready ≤ 1.3 × and RSS ≤ 1.25 × the floor.${measuredWith(r.runs.start)}\n\n${startTable(r.start)}`,
    );
  if (r.peakRss && r.peakRss.length > 0)
    parts.push(
      `**Peak resident memory during a fan-out**: N \`release\` DM reminders all due at one instant (never sent early), delivered by the bot as \`npm start\` runs it (one process, SQLite) to the emulator at global limit L (the bot's REST_GLOBAL_LIMIT the same), no other traffic. Idle: its resident memory just before the instant, ready and settled; peak: the kernel's VmHWM restarted at idle and read once every reminder was out. Goal: peak − idle ≤ 100 MiB (a due slot read a page of its index at a time, never loaded whole).${measuredWith(r.runs['peak-rss'])}\n\n${peakRssTable(r.peakRss)}`,
    );
  return `${parts.join('\n\n')}\n`;
}

// ---- main -------------------------------------------------------------------------------------

/** The command line, read and checked before anything starts. */
function settings() {
  return parseCommandLine('npm run bench', USAGE, () => {
    const { values } = parseArgs({
      options: {
        only: { type: 'string' },
        samples: { type: 'string' },
        warmup: { type: 'string' },
        sizes: { type: 'string' },
        'store-samples': { type: 'string' },
        guilds: { type: 'string' },
        limit: { type: 'string' },
        reminders: { type: 'string' },
        countdowns: { type: 'string' },
        shards: { type: 'string' },
        members: { type: 'string' },
        early: { type: 'string' },
        'early-limit': { type: 'string' },
        'proxy-shards': { type: 'string' },
        'proxy-limit': { type: 'string' },
        'start-rounds': { type: 'string' },
        'no-npm-wrapper': { type: 'boolean', default: false },
        due: { type: 'string' },
        'due-limit': { type: 'string' },
        'no-redis': { type: 'boolean', default: false },
        save: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const only = (values.only ?? PARTS.join(',')).split(',').map((p) => p.trim());
    const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p));
    if (unknown.length > 0)
      throw new UsageError(
        `unknown part ${unknown.join(', ')} for --only (parts: ${PARTS.join(', ')})`,
      );
    return {
      help: values.help,
      only: only as Part[],
      samples: count(values.samples, 2000, 'samples'),
      warmup: count(values.warmup, 200, 'warmup'),
      sizes: counts(values.sizes, [1000, 10_000, 100_000], 'sizes'),
      storeSamples: count(values['store-samples'], 1000, 'store-samples'),
      guilds: count(values.guilds, 1000, 'guilds'),
      limit: count(values.limit, 500, 'limit'),
      reminders: count(values.reminders, 10_000, 'reminders'),
      countdowns: count(values.countdowns, 1000, 'countdowns'),
      shards: counts(values.shards, [1, 4], 'shards'),
      members: count(values.members, 130, 'members'),
      early: count(values.early, 10_000, 'early'),
      earlyLimit: count(values['early-limit'], 500, 'early-limit'),
      proxyShards:
        values['proxy-shards'] === '0' ? 0 : count(values['proxy-shards'], 4, 'proxy-shards'),
      proxyLimit: count(values['proxy-limit'], 50, 'proxy-limit'),
      startRounds: count(values['start-rounds'], 9, 'start-rounds'),
      npmWrapper: !values['no-npm-wrapper'],
      due: counts(values.due, [10_000, 100_000], 'due'),
      dueLimit: count(values['due-limit'], 2000, 'due-limit'),
      redis: !values['no-redis'],
      save: values.save,
    };
  });
}

async function main(): Promise<void> {
  const options = settings();
  const { only } = options;
  const run = (part: Part) => only.includes(part);

  const date = new Date().toISOString().slice(0, 10);
  const resultsDir = path.join(repoRoot, 'tools', 'bench', 'results');
  const jsonFile = path.join(resultsDir, `${date}.json`);
  // Saved: a part run alone keeps the other parts of that day's saved results.
  const previous: Partial<Results> =
    options.save && existsSync(jsonFile)
      ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as Partial<Results>)
      : {};
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const results: Results = {
    ...previous,
    date,
    machine: machine(),
    runs: { ...previous.runs, ...Object.fromEntries(only.map((p) => [p, runInfo(command)])) },
  };
  const started = performance.now();

  // Always a throwaway redis-server of our own, even when REDIS_URL is set: the fan-out clears the
  // store it uses, which must never be someone's real data.
  const wantRedis = options.redis && (run('store') || run('fanout'));
  const redis =
    wantRedis && redisServerInstalled() ? await startTestRedis({ own: true }) : undefined;
  if (wantRedis && redis === undefined)
    log('redis-server is not installed: skipping the Redis measurements');
  try {
    if (run('interactions')) {
      log('== interactions');
      results.interactions = await benchInteractions({
        samples: options.samples,
        warmup: options.warmup,
        log,
      });
    }
    if (run('store')) {
      log('== store');
      results.store = await benchStore({
        sizes: options.sizes,
        samples: options.storeSamples,
        guilds: options.guilds,
        redisUrl: redis?.url,
        log,
      });
    }
    if (run('fanout')) {
      log('== fan-out');
      const rows: FanOutResult[] = [];
      for (const shards of options.shards) {
        for (const backend of ['sqlite', 'redis'] as const) {
          if (backend === 'redis' && redis === undefined) continue;
          if (backend === 'sqlite' && shards > 1) {
            log(
              `fan-out: ${shards} shards need Redis (start:sharded refuses SQLite); skipped for SQLite`,
            );
            continue;
          }
          rows.push(
            await benchFanOut({
              backend,
              ...(redis ? { redisUrl: redis.url } : {}),
              reminders: options.reminders,
              countdowns: options.countdowns,
              limit: options.limit,
              shards,
              log,
            }),
          );
        }
      }
      if (redis !== undefined && options.proxyShards > 0)
        rows.push(
          await benchFanOut({
            backend: 'redis',
            redisUrl: redis.url,
            reminders: options.reminders,
            countdowns: options.countdowns,
            limit: options.proxyLimit,
            shards: options.proxyShards,
            proxy: true,
            log,
          }),
        );
      results.fanout = rows;
    }
    if (run('here-posts')) {
      log('== here posts');
      results.herePosts = await benchHerePosts({
        members: options.members,
        limit: options.earlyLimit,
        log,
      });
    }
    if (run('early-start')) {
      log('== early start');
      results.earlyStart = await benchEarlyStart({
        reminders: options.early,
        limit: options.earlyLimit,
        log,
      });
    }
    if (run('start')) {
      log('== start');
      results.start = await benchStart({
        rounds: options.startRounds,
        guilds: options.guilds,
        npmWrapper: options.npmWrapper,
        log,
      });
    }
    if (run('peak-rss')) {
      log('== peak RSS');
      results.peakRss = await benchPeakRss({ due: options.due, limit: options.dueLimit, log });
    }
  } finally {
    await redis?.stop();
  }

  const md = markdown(results);
  process.stdout.write(`\n${md}`);
  const took = `${Math.round((performance.now() - started) / 1000)} s`;
  if (!options.save) {
    log(
      `\ndone in ${took}; npm run bench -- --save writes these to tools/bench/results/${date}.md`,
    );
    return;
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, `${date}.md`), md);
  log(`\nwrote tools/bench/results/${date}.json and .md in ${took}`);
}

main().then(
  // The bot's and discord.js's timers would keep the process alive a while after the last stop.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
