import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/main.ts';

/** The command `npm start` runs, read from package.json; a developer's .env is not loaded. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start does not run node: ${pkg.scripts.start}`);
  return args.filter((a) => !a.startsWith('--env-file'));
}

export interface BotProcess {
  child: ChildProcess;
  /** Milliseconds from spawn to the "Premiere is ready" log line. */
  readyMs: number;
  /** That log line's fields (it carries the guild count the gateway delivered). */
  readyLine: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * Spawn the bot as `npm start` does and resolve once it logs that it is ready. LOG_LEVEL is
 * raised to info if asked for less, since the ready line is an info line.
 */
export async function spawnBot(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<BotProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, startCommand(), {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      TZ: 'UTC',
      ...env,
      // Readiness is seen in the "Premiere is ready" info line, so the level is never above info.
      LOG_LEVEL: env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace' ? env.LOG_LEVEL : 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  let output = '';
  try {
    const [readyMs, readyLine] = await new Promise<[number, Record<string, unknown>]>(
      (resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the bot was not ready within ${timeoutMs} ms`)),
          timeoutMs,
        );
        let partial = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          partial += chunk;
          const lines = partial.split('\n');
          partial = lines.pop() ?? '';
          const ready = lines.find((l) => l.includes('"msg":"Premiere is ready"'));
          if (ready !== undefined) {
            clearTimeout(timer);
            resolve([performance.now() - started, JSON.parse(ready) as Record<string, unknown>]);
          }
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the bot exited before it was ready`));
        });
      },
    );
    // Keep draining its output so a chatty bot never blocks on a full pipe.
    child.stdout.removeAllListeners('data').resume();
    child.stderr.removeAllListeners('data').resume();
    return { child, readyMs, readyLine, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output.slice(-3000)}`);
  }
}
