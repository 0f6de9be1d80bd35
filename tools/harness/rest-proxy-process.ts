import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Emulator } from '@premiere/discord-emulator';
import {
  FAKE_CLOCK_PRELOAD,
  onLogLines,
  repoRoot,
  startCommand,
  writeClockOffset,
  type LogLine,
} from './bot-process.ts';

/*
 * The shared REST proxy as `npm run rest-proxy` runs it, in a process of its own, in front of the
 * emulator: tests and benchmarks point every bot process's DISCORD_API_URL at `apiUrl`.
 */

export interface RestProxyProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>/api`: what DISCORD_API_URL is set to on each bot process. */
  readonly apiUrl: string;
  readonly logs: LogLine[];
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** Move the proxy's clock (started with `fakeTime`) to this instant, as the bots' and the emulator's. */
  setTime(instant: string): void;
}

export interface RestProxyProcessOptions {
  emulator: Emulator;
  /** REST_GLOBAL_LIMIT of the proxy: the token's requests per second, for every process behind it. */
  globalLimit: number;
  env?: Readonly<Record<string, string>>;
  /**
   * Fake the proxy's clock as the bots' (see BotProcessOptions.fakeTime): discord.js's REST
   * compares Discord's rate-limit reset instants with its own clock, so it must read the same time
   * as the emulator that sends them.
   */
  fakeTime?: string;
  readyTimeoutMs?: number;
}

/**
 * Spawn `npm run rest-proxy` on a free port with the emulator as its upstream and wait for
 * "REST proxy ready". Throws (after killing it) when it exits or is not ready in time (default 20 s).
 */
export async function startRestProxyProcess(
  options: RestProxyProcessOptions,
): Promise<RestProxyProcess> {
  const clockFile = path.join(mkdtempSync(path.join(tmpdir(), 'premiere-proxy-')), 'clock-offset');
  const clockEnv: Record<string, string> = {};
  if (options.fakeTime !== undefined) {
    writeClockOffset(clockFile, options.fakeTime);
    clockEnv.NODE_OPTIONS = `--import=${FAKE_CLOCK_PRELOAD.href}`;
    clockEnv.PREMIERE_TEST_CLOCK_FILE = clockFile;
  }
  const child = spawn(process.execPath, startCommand('rest-proxy'), {
    cwd: repoRoot,
    env: {
      ...clockEnv,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      DISCORD_TOKEN: options.emulator.botToken,
      REST_PROXY_UPSTREAM: options.emulator.apiUrl,
      REST_PROXY_PORT: '0',
      REST_GLOBAL_LIMIT: String(options.globalLimit),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stderr = '';
  let onLine: ((line: LogLine) => void) | undefined;
  onLogLines(child.stdout, (line) => {
    logs.push(line);
    onLine?.(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const timeoutMs = options.readyTimeoutMs ?? 20_000;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the REST proxy was not ready within ${timeoutMs} ms: ${stderr}`)),
        timeoutMs,
      );
      onLine = (line) => {
        if (typeof line.msg !== 'string' || !line.msg.startsWith('REST proxy ready')) return;
        clearTimeout(timer);
        resolve(Number(line.port));
      };
      void exited.then((code) => {
        clearTimeout(timer);
        reject(
          new Error(`the REST proxy exited (code ${String(code)}) before it was ready: ${stderr}`),
        );
      });
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  onLine = undefined;

  return {
    child,
    apiUrl: `http://127.0.0.1:${port}/api`,
    logs,
    setTime(instant) {
      if (options.fakeTime === undefined)
        throw new Error('setTime: the REST proxy was not started with fakeTime');
      writeClockOffset(clockFile, instant);
    },
    async stop(stopTimeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
