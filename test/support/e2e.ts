import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  contractGuard,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '@premiere/discord-emulator';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One pino JSON line from the bot's stdout (or `{ msg: <raw text> }` for anything else it printed). */
export interface LogLine {
  level?: number;
  msg?: string;
  [field: string]: unknown;
}

export interface BotProcessOptions {
  emulator: Emulator;
  /**
   * The package.json script to run (default `start`). `start:sharded` runs discord.js's
   * ShardingManager; its shard processes inherit the environment and the faketime clock, also
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
   * Run the bot under Debian's `faketime`, starting at this instant (ISO, e.g. `2023-10-05T07:00:00Z`);
   * its clock keeps running from there, and `setTime` moves it on. The emulator's clock is set to
   * the same instant.
   */
  faketime?: string;
  /** Resolve once a log line satisfies this (default: "Premiere is ready") and the gateway is up. */
  readyWhen?: (line: LogLine) => boolean;
  readyTimeoutMs?: number;
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
   * Move the bot's clock (started with `faketime`) to this instant at once; it runs on from there.
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
 * The command a package.json script runs, read from there so the tests follow the real entry
 * point. `--env-file-if-exists=.env` is dropped: a developer's own .env must not leak into tests.
 */
export function startCommand(
  script: 'start' | 'start:sharded' | 'deploy-commands' | 'store',
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
 * `faketime` forks the program and dies on SIGTERM without passing it on, so the bot would never
 * see the signal. Preload its library into node directly instead: the same mechanism, one process.
 */
function faketimeLibrary(): string {
  const candidates = [
    '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
    '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
    '/usr/lib64/faketime/libfaketime.so.1',
    '/usr/lib/faketime/libfaketime.so.1',
    '/usr/local/lib/faketime/libfaketime.so.1',
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined)
    throw new Error('faketime is not installed (Debian: apt-get install faketime)');
  return found;
}

/**
 * The bot's clock as an offset from the real one, in a file libfaketime reads on every clock call
 * (FAKETIME_NO_CACHE), so a test can move the clock while the bot runs. An offset, unlike a
 * start-at time, needs no zone and means the same whenever it is read. Written to a temporary
 * file and renamed over the old one so the bot never reads half a line.
 */
function writeFaketime(file: string, iso: string): void {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`faketime: not an instant: ${iso}`);
  const offset = (ms - Date.now()) / 1000;
  writeFileSync(`${file}.next`, `${offset < 0 ? '-' : '+'}${Math.abs(offset).toFixed(3)}\n`);
  renameSync(`${file}.next`, file);
}

const matcher = (match: string | RegExp | ((line: LogLine) => boolean)) =>
  typeof match === 'function'
    ? match
    : (line: LogLine) =>
        typeof match === 'string' ? line.msg === match : match.test(line.msg ?? '');

/** Spawn the bot as `npm start` does, pointed at the emulator, and wait until it is ready. */
export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const { emulator } = options;
  const storeDir = options.storeDir ?? mkdtempSync(path.join(tmpdir(), 'premiere-e2e-'));
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
  const faketimeFile = path.join(storeDir, 'faketime.rc');
  if (options.faketime !== undefined) {
    env.LD_PRELOAD = faketimeLibrary();
    env.FAKETIME_TIMESTAMP_FILE = faketimeFile;
    env.FAKETIME_NO_CACHE = '1';
    // Timers run on the monotonic clock: left real, a jump of the wall clock leaves them alone.
    env.FAKETIME_DONT_FAKE_MONOTONIC = '1';
    writeFaketime(faketimeFile, options.faketime);
    emulator.setTime(options.faketime);
  }
  const child = spawn(process.execPath, startCommand(script), {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);

  const logs: LogLine[] = [];
  let stderr = '';
  const listeners = new Set<(line: LogLine) => void>();
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const text of lines) {
      if (text.trim() === '') continue;
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      logs.push(line);
      for (const l of listeners) l(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
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

  const bot: BotProcess = {
    child,
    storeDir,
    storeUrl,
    logs,
    stderr: () => stderr,
    exited,
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
      if (options.faketime === undefined)
        throw new Error('setTime: the bot was not started with faketime');
      writeFaketime(faketimeFile, instant);
    },
  };

  const timeoutMs = options.readyTimeoutMs ?? 20_000;
  try {
    await waitForLog(options.readyWhen ?? 'Premiere is ready', timeoutMs);
    await emulator.waitForReady(timeoutMs);
  } catch (err) {
    await bot.kill();
    throw err;
  }
  return bot;
}

export { contractGuard, formatViolations } from '@premiere/discord-emulator';

export interface E2EOptions extends Omit<BotProcessOptions, 'emulator'> {
  emulator?: EmulatorOptions;
}

export interface E2E {
  readonly emulator: Emulator;
  readonly bot: BotProcess;
  /** Replace the running bot (e.g. after `bot.kill()` and `bot.restart()`), so teardown stops the right one. */
  setBot(bot: BotProcess): void;
  /**
   * Move both clocks (the bot's faketime and the emulator's) forward to this instant, so a test
   * waits seconds for a moment, not minutes. Only forward: a clock never runs back.
   */
  jumpTo(instant: string): void;
}

/**
 * One emulator and one bot process for a test file: started before the first test, stopped after
 * the last. Every test fails if the bot sent a body that breaks Discord's published contract.
 */
export function useE2E(options: E2EOptions = {}): E2E {
  let emulator: Emulator | undefined;
  let bot: BotProcess | undefined;
  const guard = contractGuard(() => emulator);
  beforeAll(async () => {
    emulator = await startEmulator(options.emulator);
    bot = await startBotProcess({ ...options, emulator });
  });
  afterAll(async () => {
    await bot?.stop();
    await emulator?.close();
    if (bot && options.storeDir === undefined)
      rmSync(bot.storeDir, { recursive: true, force: true });
  });
  beforeEach(() => guard.mark());
  afterEach(() => guard.check());
  return {
    get emulator() {
      if (!emulator)
        throw new Error('useE2E: the emulator is not started yet (use it inside a test)');
      return emulator;
    },
    get bot() {
      if (!bot) throw new Error('useE2E: the bot is not started yet (use it inside a test)');
      return bot;
    },
    setBot(next) {
      bot = next;
    },
    jumpTo(instant) {
      if (!emulator || !bot) throw new Error('useE2E: jumpTo before the bot started');
      const ms = Date.parse(instant);
      if (!(ms > emulator.now()))
        throw new Error(
          `jumpTo ${instant}: the clocks are already at ${new Date(emulator.now()).toISOString()}`,
        );
      bot.setTime(instant);
      emulator.setTime(instant);
    },
  };
}
