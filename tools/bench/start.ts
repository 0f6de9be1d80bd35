import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import {
  onLogLines,
  repoRoot,
  startBotProcess,
  startCommand,
  type BotProcess,
} from '../harness/bot-process.ts';
import { unlimited } from './interactions.ts';
import { mib, percentile, round, rssOf, shuffled, sleep, treeRssOf } from './stats.ts';
import { seedGuilds } from './world.ts';

/*
 * Start to ready and resident memory against the floor, measured in one run: the bot exactly as
 * `npm start` runs it (plain `node` on the bundled dist/, its process measured, not npm's) and a
 * bare discord.js client answering "pong" (floor-client.mjs, also plain `node`), each in a process
 * of its own, logging in to the same emulator with the same guilds. Rounds alternate in a shuffled
 * order so the machine's noise falls on both alike; medians are reported. Each kind first starts
 * once untimed (the file cache, and the bot's store with its commands already synced, as at any
 * restart). Optionally `npm start` itself, to show what npm's wrapper process adds.
 */

export interface StartBenchOptions {
  /** Timed starts of each kind. */
  rounds: number;
  /** Guilds the emulator has (at least its own 2). */
  guilds: number;
  /** Time after ready before resident memory is read (ms; default 2000). */
  settleMs?: number;
  /** Also time `npm start` and sum npm's processes with the bot's (default true). */
  npmWrapper?: boolean;
  seed?: number;
  log?: (line: string) => void;
}

/** Medians over the rounds of one kind, and every sample. */
export interface StartKind {
  /** Spawn → ready line, ms. */
  readyMs: number;
  /** Resident memory `settleMs` after ready, MiB (for `npm start`: npm's processes and the bot's). */
  rssMiB: number;
  samples: { readyMs: number; rssMiB: number }[];
}

export interface StartBenchResult {
  rounds: number;
  guilds: number;
  settleMs: number;
  bot: StartKind;
  floor: StartKind;
  /** `npm start` as typed: npm, its shell and the bot, RSS summed. */
  npmStart?: StartKind;
  /** bot ÷ floor (goals: ready ≤ 1.3, RSS ≤ 1.25). */
  ratio: { readyMs: number; rssMiB: number };
}

type Kind = 'bot' | 'floor' | 'npmStart';

interface Sample {
  readyMs: number;
  rssMiB: number;
}

/**
 * Make sure dist/ (what `npm start` runs) is built from the current src/ and commands/: when the
 * entry point is missing or a source file (or the build script, or the lock file) is newer than
 * it, run `npm run build` (under a second). `npm run bench` builds first anyway (prebench); a
 * direct run might not have. Throws a one-line error when the build fails.
 */
export function ensureBuilt(log: (line: string) => void): void {
  const entry = path.join(repoRoot, ...startCommand('start').slice(-1));
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const full = path.join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(full) : statSync(full).mtimeMs);
    }, 0);
  const sources = ['src', 'commands'].map((d) => newest(path.join(repoRoot, d)));
  // The build script, and the lock file: zod, luxon and i18next are bundled into dist/.
  const others = ['scripts/build.mjs', 'package-lock.json'].map(
    (f) => statSync(path.join(repoRoot, f)).mtimeMs,
  );
  if (built > Math.max(...others, ...sources)) return;
  log('start: dist/ is missing or older than the source; running npm run build');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'pipe' });
  } catch (err) {
    // execFileSync's error carries what the build printed (esbuild writes to stderr).
    const { stdout = '', stderr = '' } = err as { stdout?: unknown; stderr?: unknown };
    const output = `${String(stdout)}${String(stderr)}`.trim() || String(err);
    throw new Error(
      `npm run build failed, so the bot cannot start as npm start runs it: ${output}`,
    );
  }
}

/** A process that prints one JSON log line saying it is ready, timed from spawn to that line. */
async function timedProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  isReady: (msg: string | undefined) => boolean,
  settleMs: number,
  rssOfTree: boolean,
): Promise<Sample> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Gone already.
    }
  };
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} not ready in 60 s`)), 60_000);
      onLogLines(child.stdout, (line) => {
        if (!isReady(line.msg)) return;
        clearTimeout(timer);
        resolve(performance.now() - started);
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${command} ${args.join(' ')} exited before ready: ${stderr}`));
      });
    });
    await sleep(settleMs);
    const pid = child.pid;
    const rss = pid === undefined ? undefined : await (rssOfTree ? treeRssOf(pid) : rssOf(pid));
    if (rss === undefined) throw new Error('cannot read resident memory (Linux /proc only)');
    return { readyMs, rssMiB: mib(rss) };
  } finally {
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

const summary = (samples: Sample[]): StartKind => ({
  readyMs: Math.round(
    percentile(
      samples.map((s) => s.readyMs).sort((a, b) => a - b),
      50,
    ),
  ),
  rssMiB: percentile(
    samples.map((s) => s.rssMiB).sort((a, b) => a - b),
    50,
  ),
  samples: samples.map((s) => ({ readyMs: Math.round(s.readyMs), rssMiB: s.rssMiB })),
});

export async function benchStart(options: StartBenchOptions): Promise<StartBenchResult> {
  const log = options.log ?? (() => undefined);
  ensureBuilt(log);
  const settleMs = options.settleMs ?? 2000;
  // npm start reads .env: a developer's own settings would change what is measured.
  const npmWrapper = (options.npmWrapper ?? true) && !existsSync(path.join(repoRoot, '.env'));
  if ((options.npmWrapper ?? true) && !npmWrapper)
    log('start: a .env exists, which npm start would read; skipping the npm start row');
  const emulator = await startEmulator({ rateLimits: unlimited() });
  const storeDir = mkdtempSync(path.join(tmpdir(), 'premiere-bench-start-'));
  try {
    if (options.guilds > 2) seedGuilds(emulator, options.guilds - 2);
    const kinds: Kind[] = npmWrapper ? ['bot', 'floor', 'npmStart'] : ['bot', 'floor'];
    const samples: Record<Kind, Sample[]> = { bot: [], floor: [], npmStart: [] };
    const once = (kind: Kind) => startOnce(kind, emulator, storeDir, settleMs);
    log(`start: warming up (one untimed start of each), ${options.guilds} guilds`);
    for (const kind of kinds) await once(kind);
    for (let i = 0; i < options.rounds; i++) {
      for (const kind of shuffled(kinds, (options.seed ?? 1) + i)) {
        const s = await once(kind);
        samples[kind].push(s);
        log(`start: round ${i + 1} ${kind}: ready in ${Math.round(s.readyMs)} ms, ${s.rssMiB} MiB`);
      }
    }
    const bot = summary(samples.bot);
    const floor = summary(samples.floor);
    return {
      rounds: options.rounds,
      guilds: options.guilds,
      settleMs,
      bot,
      floor,
      ...(npmWrapper ? { npmStart: summary(samples.npmStart) } : {}),
      ratio: {
        readyMs: round(bot.readyMs / floor.readyMs),
        rssMiB: round(bot.rssMiB / floor.rssMiB),
      },
    };
  } finally {
    await emulator.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
}

/**
 * Start the bot as `npm start` runs it on `emulator`, wait `settleMs` (ms) after it is ready, read
 * its resident memory (MiB; undefined off Linux) and stop it. Returns its spawn → ready time (ms)
 * and its ready log line. Shared by the start part and the store part's start rows.
 */
export async function startBotSettled(
  emulator: Emulator,
  storeDir: string,
  storeUrl: string,
  settleMs: number,
): Promise<{ readyMs: number; rssMiB: number | undefined; readyLine: BotProcess['readyLine'] }> {
  const bot = await startBotProcess({
    emulator,
    storeDir,
    storeUrl,
    keepLogs: 'until-ready',
    readyTimeoutMs: 60_000,
  });
  try {
    await sleep(settleMs);
    const rss = bot.child.pid === undefined ? undefined : await rssOf(bot.child.pid);
    return {
      readyMs: bot.readyMs,
      rssMiB: rss === undefined ? undefined : mib(rss),
      readyLine: bot.readyLine,
    };
  } finally {
    await bot.stop();
  }
}

async function startOnce(
  kind: Kind,
  emulator: Emulator,
  storeDir: string,
  settleMs: number,
): Promise<Sample> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    TZ: 'UTC',
    DISCORD_TOKEN: emulator.botToken,
    DISCORD_API_URL: emulator.apiUrl,
  };
  const storeUrl = `sqlite://${path.join(storeDir, 'store.sqlite')}`;
  switch (kind) {
    case 'bot': {
      const { readyMs, rssMiB } = await startBotSettled(emulator, storeDir, storeUrl, settleMs);
      if (rssMiB === undefined) throw new Error('cannot read resident memory (Linux /proc only)');
      return { readyMs, rssMiB };
    }
    case 'floor':
      return timedProcess(
        process.execPath,
        [path.join(repoRoot, 'tools', 'bench', 'floor-client.mjs')],
        { ...env, FLOOR_GUILD_ID: emulator.ids.guilds.cinemaNight },
        (msg) => msg === 'floor is ready',
        settleMs,
        false,
      );
    case 'npmStart':
      return timedProcess(
        'npm',
        ['start', '--silent'],
        { ...env, STORE_URL: storeUrl, LOG_LEVEL: 'info' },
        (msg) => msg === 'Premiere is ready',
        settleMs,
        true,
      );
  }
}

/** The markdown table for `r` (without its explaining paragraph). */
export function startTable(r: StartBenchResult): string {
  const row = (name: string, k: StartKind, ratio: string) =>
    `| ${name} | ${k.readyMs} ms | ${k.rssMiB} MiB | ${ratio} |`;
  return [
    '| process | start → ready | RSS | ÷ floor (ready / RSS) |',
    '|---|---:|---:|---:|',
    row(
      'Premiere as `npm start` runs it (its node process)',
      r.bot,
      `${r.ratio.readyMs} / ${r.ratio.rssMiB}`,
    ),
    row('floor: bare discord.js "pong"', r.floor, '1 / 1'),
    ...(r.npmStart === undefined
      ? []
      : [
          row(
            '`npm start` as typed (npm, its shell and the bot)',
            r.npmStart,
            `${round(r.npmStart.readyMs / r.floor.readyMs)} / ${round(r.npmStart.rssMiB / r.floor.rssMiB)}`,
          ),
        ]),
  ].join('\n');
}
