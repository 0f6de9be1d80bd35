import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.ts';

/*
 * A Redis for tests and benchmarks: a throwaway `redis-server` on loopback. Tests that need one
 * run when `redis-server` is on PATH (or REDIS_URL is set) and are skipped otherwise; the suite
 * then prints `redisSkipNotice` once (test/support/global-setup.ts).
 */

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Stops the server if this started it (a REDIS_URL given from outside is left alone). */
  stop(): Promise<void>;
  /**
   * Send a signal to the server this started (`SIGSTOP` freezes it with its connections open, as
   * a hung host does; `SIGCONT` wakes it). Absent for a REDIS_URL given from outside.
   */
  signal?(signal: 'SIGSTOP' | 'SIGCONT'): void;
}

/** Whether `redis-server` can be run from PATH. */
export const redisServerInstalled = (): boolean =>
  spawnSync('redis-server', ['--version']).status === 0;

/** Whether tests that need a Redis can have one: REDIS_URL is set or redis-server is on PATH. */
export const redisAvailable = (): boolean =>
  process.env.REDIS_URL !== undefined || redisServerInstalled();

/** The one line the suite prints when it skips what needs Redis. */
export const redisSkipNotice =
  'redis-server is not on PATH and REDIS_URL is unset: skipping the tests that need Redis (Redis stores and locks, start:sharded, moving a store to Redis); install redis-server to run them';

/**
 * A Redis for tests: REDIS_URL when CI provides one, else a throwaway redis-server on a free
 * loopback port with persistence off, stopped after the suite. `own: true` always starts a
 * throwaway one, for tests that need an empty store all to themselves.
 */
export async function startTestRedis({ own = false }: { own?: boolean } = {}): Promise<TestRedis> {
  if (!own && process.env.REDIS_URL !== undefined)
    return { url: process.env.REDIS_URL, stop: () => Promise.resolve() };
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() ===
      'PONG'
    )
      break;
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    signal: (signal) => child.kill(signal),
    stop: async () => {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
