import { spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, startCommand } from './e2e.ts';

export type EntryPoint = 'start' | 'start:sharded' | 'deploy-commands' | 'store' | 'rest-proxy';

export interface EntryPointRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunEntryPointOptions {
  /** The whole environment of the process (PATH and HOME are added). */
  env: Readonly<Record<string, string>>;
  /**
   * Run from this directory with `--env-file-if-exists=.env` kept, as npm would from the
   * repository: a test puts its own .env there. Default: the repository, with .env ignored so a
   * developer's own settings never leak into a test.
   */
  envDir?: string;
  /** Arguments after the script, as after `npm run <script> --`. */
  args?: readonly string[];
  timeoutMs?: number;
}

/**
 * Run a package.json script's command (`npm start`, `npm run start:sharded`, `npm run
 * deploy-commands`, `npm run store -- …`) to its end and collect what it printed.
 */
export async function runEntryPoint(
  script: EntryPoint,
  { env, envDir, args: extra = [], timeoutMs = 30_000 }: RunEntryPointOptions,
): Promise<EntryPointRun> {
  const args = startCommand(script).map((a) =>
    envDir !== undefined && /\.[jt]s$/.test(a) ? path.join(repoRoot, a) : a,
  );
  const child = spawn(
    process.execPath,
    [...(envDir === undefined ? [] : ['--env-file-if-exists=.env']), ...args, ...extra],
    {
      cwd: envDir ?? repoRoot,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? tmpdir(),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/**
 * A directory to run an entry point from with its own `.env` (the given text), with the
 * repository's node_modules as a link so anything resolved from there is found.
 */
export function dirWithEnvFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-env-'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, '.env'), text);
  return dir;
}
