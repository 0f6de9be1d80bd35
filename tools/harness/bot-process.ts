import { createInterface } from 'node:readline';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Emulator } from '@premiere/discord-emulator';

/*
 * The one way tests and benchmarks run the bot: as `npm start` (or `npm run start:sharded`) runs
 * it, in a process of its own, pointed at the emulator. Nothing in the bot imports this.
 */

/** The repository root (where package.json is). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The test-only preload that fakes the bot's `Date` (see fake-clock.mjs). */
export const FAKE_CLOCK_PRELOAD = pathToFileURL(
  path.join(repoRoot, 'tools', 'harness', 'fake-clock.mjs'),
);

/** One pino JSON line from the bot's stdout (or `{ msg: <raw text> }` for anything else it printed). */
export interface LogLine {
  level?: number;
  msg?: string;
  [field: string]: unknown;
}

/**
 * Calls `onLine` with each non-blank line of a child's stdout, parsed as a pino JSON line, or
 * `{ msg: <raw text> }` for anything else it printed. Shared by every process the harness spawns.
 */
export function onLogLines(stdout: NodeJS.ReadableStream, onLine: (line: LogLine) => void): void {
  createInterface({ input: stdout, crlfDelay: Infinity }).on('line', (text: string) => {
    if (text.trim() === '') return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    onLine(line);
  });
}

export interface BotProcessOptions {
  emulator: Emulator;
  /**
   * The package.json script to run (default `start`). `start:sharded` runs discord.js's
   * ShardingManager; its shard processes inherit the environment and so the fake clock, also
   * when the manager respawns one.
   */
  script?: 'start' | 'start:sharded';
  /** Directory for `store.sqlite`; default a fresh temporary one. Pass the old one to restart with the same store. */
  storeDir?: string;
  /** Default: `store.sqlite` in `storeDir`. */
  storeUrl?: string;
  ownerIds?: readonly string[];
  guildId?: string;
  /** More environment variables (LOG_LEVEL, REST_GLOBAL_LIMIT, SHARD_COUNT, …). */
  env?: Readonly<Record<string, string>>;
  /**
   * Fake the bot's clock (`Date`, so luxon and everything else): it starts at this instant (ISO,
   * e.g. `2023-10-05T07:00:00Z`) and keeps running from there at the real rate; `setTime` moves
   * it on. Timers stay real. The emulator's clock is set to the same instant.
   */
  fakeTime?: string;
  /** Resolve once a log line satisfies this (default: "Premiere is ready") and the gateway is up. */
  readyWhen?: (line: LogLine) => boolean;
  /** Instead of `readyWhen` and the emulator's gateway: resolves once the bot counts as ready. */
  waitUntilReady?: (bot: BotProcess) => Promise<void>;
  readyTimeoutMs?: number;
  /**
   * `all` (default) keeps every stdout line in `logs`; `until-ready` stops parsing and keeping
   * them once the bot is ready (still draining the pipe), so a benchmark's bot and the process
   * watching it spend nothing on log lines nobody reads.
   */
  keepLogs?: 'all' | 'until-ready';
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly storeDir: string;
  readonly storeUrl: string;
  /** Every stdout line so far, parsed. */
  readonly logs: LogLine[];
  /** Everything on stderr so far. */
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Milliseconds from spawn to ready (the ready log line, or `waitUntilReady`); NaN until then. */
  readonly readyMs: number;
  /** The log line that said the bot was ready (undefined with `waitUntilReady`). */
  readonly readyLine: LogLine | undefined;
  /** The first log line (already printed or still to come) that matches. */
  waitForLog(
    match: string | RegExp | ((line: LogLine) => boolean),
    timeoutMs?: number,
  ): Promise<LogLine>;
  /**
   * SIGTERM to the process (the manager, under start:sharded), as an orchestrator stops it;
   * resolves with the exit code. Past `timeoutMs` (default: longer than the bot's own grace
   * period) every process of the bot is killed.
   */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL to every process of the bot (the manager and its shards): they die mid-whatever. */
  kill(): Promise<void>;
  /** Start a new process with the same options and store (stop or kill this one first). */
  restart(overrides?: Partial<BotProcessOptions>): Promise<BotProcess>;
  /**
   * Move the bot's clock (started with `fakeTime`) to this instant at once; it runs on from there.
   * Its timers keep real time, so whatever is due between now and then comes due immediately.
   */
  setTime(instant: string): void;
}

/**
 * Each bot runs in a process group of its own (`detached`), so the shard processes a manager
 * forked die with it even when the manager itself is killed.
 */
const killGroup = (child: ChildProcess) => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
};
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child);
});

/**
 * The node arguments a package.json script runs (after `node`), read from there so tests and
 * benchmarks follow the real entry point. `--env-file-if-exists=.env` is dropped: a developer's
 * own .env must not leak in. Throws if the script does not run node.
 */
export function startCommand(
  script: 'start' | 'start:sharded' | 'deploy-commands' | 'store' | 'rest-proxy',
): string[] {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string | undefined>;
  };
  const command = pkg.scripts[script] ?? '';
  const [node, ...args] = command.split(/\s+/);
  if (node !== 'node') throw new Error(`npm run ${script} does not run node: ${command}`);
  return args.filter((a) => !a.startsWith('--env-file'));
}

/**
 * The bot's clock as an offset from the real one (milliseconds), in the file fake-clock.mjs
 * reads. An offset, unlike a start-at time, needs no zone and means the same whenever it is read.
 * Written to a temporary file and renamed over the old one so the bot never reads half a line.
 */
export function writeClockOffset(file: string, iso: string): void {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`fakeTime: not an instant: ${iso}`);
  writeFileSync(`${file}.next`, `${Math.round(ms - Date.now())}\n`);
  renameSync(`${file}.next`, file);
}

const matcher = (match: string | RegExp | ((line: LogLine) => boolean)) =>
  typeof match === 'function'
    ? match
    : (line: LogLine) =>
        typeof match === 'string' ? line.msg === match : match.test(line.msg ?? '');

/**
 * Spawn the bot as `npm start` does, pointed at the emulator, and wait until it is ready.
 * Throws (after killing it) when it exits or is not ready within `readyTimeoutMs` (default 20 s),
 * with its last output in the message.
 */
export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const { emulator } = options;
  const storeDir = options.storeDir ?? mkdtempSync(path.join(tmpdir(), 'premiere-bot-'));
  const storeUrl = options.storeUrl ?? `sqlite://${path.join(storeDir, 'store.sqlite')}`;
  const script = options.script ?? 'start';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    TZ: 'UTC',
    DISCORD_TOKEN: emulator.botToken,
    DISCORD_API_URL: emulator.apiUrl,
    STORE_URL: storeUrl,
    LOG_LEVEL: 'info',
    ...(options.ownerIds ? { OWNER_IDS: options.ownerIds.join(',') } : {}),
    ...(options.guildId === undefined ? {} : { DISCORD_GUILD_ID: options.guildId }),
    ...options.env,
  };
  const clockFile = path.join(storeDir, 'clock-offset');
  if (options.fakeTime !== undefined) {
    env.NODE_OPTIONS = [env.NODE_OPTIONS, `--import=${FAKE_CLOCK_PRELOAD.href}`]
      .filter((o) => o !== undefined && o !== '')
      .join(' ');
    env.PREMIERE_TEST_CLOCK_FILE = clockFile;
    writeClockOffset(clockFile, options.fakeTime);
    emulator.setTime(options.fakeTime);
  }
  const started = performance.now();
  const child = spawn(process.execPath, startCommand(script), {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);

  const logs: LogLine[] = [];
  let stderr = '';
  let keeping = true;
  const listeners = new Set<(line: LogLine) => void>();
  onLogLines(child.stdout, (line) => {
    if (!keeping) return;
    logs.push(line);
    for (const l of listeners) l(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-100_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });

  const describe = () =>
    `\n--- bot stdout ---\n${logs
      .map((l) => JSON.stringify(l))
      .slice(-30)
      .join('\n')}\n--- bot stderr ---\n${stderr.slice(-4000)}`;

  const waitForLog: BotProcess['waitForLog'] = (match, timeoutMs = 10_000) => {
    const test = matcher(match);
    const found = logs.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        listeners.delete(onLine);
      };
      const onLine = (line: LogLine) => {
        if (!test(line)) return;
        done();
        resolve(line);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`the bot never logged ${String(match)} within ${timeoutMs} ms${describe()}`),
        );
      }, timeoutMs);
      listeners.add(onLine);
      void exited.then(({ code, signal }) => {
        if (!listeners.has(onLine)) return;
        done();
        reject(
          new Error(
            `the bot exited (code ${String(code)}, signal ${String(signal)}) before logging ${String(match)}${describe()}`,
          ),
        );
      });
    });
  };

  let readyMs = Number.NaN;
  let readyLine: LogLine | undefined;
  const bot: BotProcess = {
    child,
    storeDir,
    storeUrl,
    logs,
    stderr: () => stderr,
    exited,
    get readyMs() {
      return readyMs;
    },
    get readyLine() {
      return readyLine;
    },
    waitForLog,
    async stop(timeoutMs = script === 'start:sharded' ? 30_000 : 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup(child), timeoutMs);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      killGroup(child);
      await exited;
    },
    restart: (overrides = {}) => startBotProcess({ ...options, storeDir, ...overrides }),
    setTime(instant) {
      if (options.fakeTime === undefined)
        throw new Error('setTime: the bot was not started with fakeTime');
      writeClockOffset(clockFile, instant);
    },
  };

  const timeoutMs = options.readyTimeoutMs ?? 20_000;
  try {
    if (options.waitUntilReady !== undefined) {
      await options.waitUntilReady(bot);
      readyMs = performance.now() - started;
    } else {
      readyLine = await waitForLog(options.readyWhen ?? 'Premiere is ready', timeoutMs);
      readyMs = performance.now() - started;
      await emulator.waitForReady(timeoutMs);
    }
  } catch (err) {
    await bot.kill();
    throw err;
  }
  if (options.keepLogs === 'until-ready') keeping = false;
  return bot;
}
