import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { dirWithEnvFile, runEntryPoint, type EntryPointRun } from '../support/entry-point.ts';
import { redisAvailable, startTestRedis } from '../../tools/harness/redis.ts';

/**
 * Setup mistakes an operator makes on the first day, each tried on the real entry points against
 * the emulator: exit code 1, one or two plain lines naming what to fix, no stack trace, and
 * nothing written to the store.
 */
let emulator: Emulator;
const dirs: string[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ shardCount: 1 });
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh store directory; the store would be `store.sqlite` in it. */
const storeDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-setup-'));
  dirs.push(dir);
  return dir;
};

const env = (overrides: Record<string, string>, dir = storeDir()) => ({
  DISCORD_TOKEN: emulator.botToken,
  DISCORD_API_URL: emulator.apiUrl,
  STORE_URL: `sqlite://${path.join(dir, 'store.sqlite')}`,
  ...overrides,
});

const expectPlain = (run: EntryPointRun, lines: number) => {
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toMatch(/DiscordAPIError|ClientInvalidOption|Unauthorized \{|\{\s*code:/);
  expect(run.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(lines);
};

const UNKNOWN_GUILD = '123456789012345678';

describe('GIVEN DISCORD_GUILD_ID names a server the bot is not in', () => {
  it.each(['start', 'deploy-commands', 'start:sharded'] as const)(
    'WHEN npm run %s THEN it says to invite the bot, with the invite URL, and writes nothing',
    async (script) => {
      const dir = storeDir();
      const run = await runEntryPoint(script, {
        env: env(
          {
            DISCORD_GUILD_ID: UNKNOWN_GUILD,
            ...(script === 'start:sharded' ? { STORE_URL: 'redis://127.0.0.1:1' } : {}),
          },
          dir,
        ),
      });
      expectPlain(run, 2);
      expect(run.stderr).toContain(
        `The bot is not in the server DISCORD_GUILD_ID=${UNKNOWN_GUILD}`,
      );
      const invite = /Invite the bot to that server: (\S+)/.exec(run.stderr)?.[1] ?? '';
      const url = new URL(invite);
      expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
      expect(url.searchParams.get('scope')).toBe('bot applications.commands');
      expect(url.searchParams.get('guild_id')).toBe(UNKNOWN_GUILD);
      expect(url.searchParams.get('client_id')).toMatch(/^\d{17,20}$/);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe('GIVEN a token Discord rejects', () => {
  it.each(['deploy-commands', 'start', 'start:sharded'] as const)(
    'WHEN npm run %s THEN it says to reset the token, and writes nothing',
    async (script) => {
      const dir = storeDir();
      const run = await runEntryPoint(script, {
        env: env(
          {
            DISCORD_TOKEN: 'MTA.not-the.token',
            ...(script === 'start:sharded' ? { STORE_URL: 'redis://127.0.0.1:1' } : {}),
          },
          dir,
        ),
      });
      expectPlain(run, 1);
      expect(run.stderr).toContain('Discord rejected DISCORD_TOKEN (401 Unauthorized)');
      expect(run.stderr).toContain('Reset the token in the Developer Portal');
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe('GIVEN Discord cannot be reached', () => {
  it.each([
    ['start', 'http://premiere-no-such-host.invalid/api', /\((ENOTFOUND|EAI_AGAIN)\)/],
    ['deploy-commands', 'http://127.0.0.1:1/api', /\(ECONNREFUSED\)/],
    ['start:sharded', 'http://127.0.0.1:1/api', /\(ECONNREFUSED\)/],
  ] as const)(
    'WHEN npm run %s with DISCORD_API_URL=%s THEN it says to check the network or DISCORD_API_URL, and writes nothing',
    async (script, apiUrl, code) => {
      const dir = storeDir();
      const run = await runEntryPoint(script, {
        env: env(
          {
            DISCORD_API_URL: apiUrl,
            ...(script === 'start:sharded' ? { STORE_URL: 'redis://127.0.0.1:1' } : {}),
          },
          dir,
        ),
      });
      expectPlain(run, 1);
      expect(run.stderr).toContain(`Could not reach Discord's API at ${apiUrl}`);
      expect(run.stderr).toMatch(code);
      expect(run.stderr).toContain('Check the network, or DISCORD_API_URL');
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe('GIVEN STORE_URL names a Redis that is not running', () => {
  it.each(['start', 'start:sharded'] as const)(
    'WHEN npm run %s THEN it exits within 15 s saying the store does not answer and to start it or correct STORE_URL, instead of retrying forever',
    async (script) => {
      const started = performance.now();
      const run = await runEntryPoint(script, {
        env: env({ STORE_URL: 'redis://127.0.0.1:1' }),
      });
      expect(performance.now() - started).toBeLessThan(15_000);
      expectPlain(run, 1);
      expect(run.stderr).toContain(
        'The store at STORE_URL=redis://127.0.0.1:1 does not answer (connect ECONNREFUSED 127.0.0.1:1). Start it (Redis: redis-server), or correct STORE_URL.',
      );
      expect(run.stdout).not.toContain('store error');
      // Only what to fix: the invite line comes once the store has answered.
      expect(run.stdout).not.toContain('invite the bot');
    },
  );
});

describe('GIVEN shard settings that do not fit', () => {
  it('WHEN SHARD_IDS=0,1 and SHARD_COUNT=auto resolves to 1 THEN start:sharded says what auto resolved to', async () => {
    const run = await runEntryPoint('start:sharded', {
      env: env({ STORE_URL: 'redis://127.0.0.1:1', SHARD_COUNT: 'auto', SHARD_IDS: '0,1' }),
    });
    expectPlain(run, 2);
    expect(run.stderr).toContain('SHARD_IDS=0,1 names shard 1, but the deployment has 1 shard');
    expect(run.stderr).toContain("SHARD_COUNT=auto resolved to 1, Discord's recommendation");
    expect(run.stdout).not.toContain('shard process started');
  });

  it('WHEN SHARD_COUNT=0 THEN start:sharded says what SHARD_COUNT may be, in its own words', async () => {
    const run = await runEntryPoint('start:sharded', {
      env: env({ STORE_URL: 'redis://127.0.0.1:1', SHARD_COUNT: '0' }),
    });
    expectPlain(run, 2);
    expect(run.stderr).toContain(
      'SHARD_COUNT must be auto or a whole number of shards, 1 or more (it is "0")',
    );
    expect(run.stderr).not.toMatch(/Too small|expected number/);
  });
});

describe('GIVEN a .env whose DISCORD_TOKEN is blank, as copied from .env.example', () => {
  it.each(['start', 'deploy-commands', 'start:sharded'] as const)(
    'WHEN npm run %s THEN it says the token in .env is empty, not to copy .env.example',
    async (script) => {
      const dir = dirWithEnvFile('DISCORD_TOKEN=\nDISCORD_GUILD_ID=\n');
      dirs.push(dir);
      const run = await runEntryPoint(script, { env: {}, envDir: dir });
      expectPlain(run, 2);
      expect(run.stderr).toContain('DISCORD_TOKEN in .env is empty');
      expect(run.stderr).not.toContain('copy .env.example');
      expect(existsSync(path.join(dir, 'data'))).toBe(false);
    },
  );
});

/** A port another listener already holds, and how to let it go. */
async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const { createServer } = await import('node:net');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
  const address = taken.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, release: () => new Promise<void>((resolve) => taken.close(() => resolve())) };
}

describe('GIVEN METRICS_PORT is a port something else already uses', () => {
  it.skipIf(!redisAvailable())(
    'WHEN npm run start:sharded THEN the shard says so once and every process stops, instead of respawning the shard forever',
    async () => {
      const redis = await startTestRedis({ own: true });
      const { port, release } = await takenPort();
      try {
        const started = performance.now();
        const run = await runEntryPoint('start:sharded', {
          env: env({ METRICS_PORT: String(port), STORE_URL: redis.url, SHARD_COUNT: '1' }),
        });
        expect(performance.now() - started).toBeLessThan(20_000);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`cannot listen on port ${port} (EADDRINUSE`);
        expect(run.stderr).not.toMatch(/\n\s+at |ShardingReadyDied/);
        expect(run.stdout).not.toContain('respawning');
      } finally {
        await release();
        await redis.stop();
      }
    },
  );

  it('WHEN npm start THEN it names METRICS_PORT in plain words instead of a stack trace', async () => {
    const { port, release } = await takenPort();
    try {
      const run = await runEntryPoint('start', { env: env({ METRICS_PORT: String(port) }) });
      expectPlain(run, 2);
      expect(run.stderr).toContain(`cannot listen on port ${port} (EADDRINUSE`);
      expect(run.stderr).toContain('Set METRICS_PORT to a free port');
    } finally {
      await release();
    }
  });
});

describe('GIVEN DISCORD_API_URL names a server that answers, but is not Discord’s API (the /api is missing)', () => {
  it.each(['start', 'deploy-commands'] as const)(
    'WHEN npm run %s THEN it says the URL answered 404 and how DISCORD_API_URL should end, instead of DiscordAPIError and a stack',
    async (script) => {
      const dir = storeDir();
      const apiUrl = emulator.apiUrl.replace(/\/api$/, '');
      const run = await runEntryPoint(script, { env: env({ DISCORD_API_URL: apiUrl }, dir) });
      expectPlain(run, 1);
      expect(run.stderr).toContain(
        `DISCORD_API_URL=${apiUrl} answered 404 to GET /gateway/bot, so it is not Discord's API.`,
      );
      expect(run.stderr).toContain('it ends in /api');
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe('GIVEN SHARD_IDS is set for a plain npm start', () => {
  it('WHEN npm start THEN it refuses, saying SHARD_IDS belongs to start:sharded, before running every shard here', async () => {
    const dir = storeDir();
    const run = await runEntryPoint('start', { env: env({ SHARD_IDS: '0,1' }, dir) });
    expectPlain(run, 2);
    expect(run.stderr).toContain('SHARD_IDS=0,1 is read by npm run start:sharded only');
    expect(run.stderr).toContain('or remove SHARD_IDS');
    expect(run.stdout).not.toContain('Premiere is ready');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('GIVEN STORE_URL names a SQLite file whose folder cannot be made (a file is in the way)', () => {
  it('WHEN npm start THEN it says the SQLite file cannot be opened and to check its folder, not to start Redis', async () => {
    const dir = storeDir();
    writeFileSync(path.join(dir, 'not-a-folder'), '');
    const file = path.join(dir, 'not-a-folder', 'store.sqlite');
    const run = await runEntryPoint('start', { env: env({ STORE_URL: `sqlite://${file}` }, dir) });
    expectPlain(run, 1);
    expect(run.stderr).toContain(
      `The SQLite store at STORE_URL=sqlite://${file} cannot be opened (`,
    );
    expect(run.stderr).toContain('Check that its folder is a folder this user may write to');
    expect(run.stderr).not.toContain('redis-server');
  });
});

describe('GIVEN STORE_URL names a file that is not a SQLite database', () => {
  it('WHEN npm start THEN it says the file is not a database and what to do, not to check its folder', async () => {
    const dir = storeDir();
    const file = path.join(dir, 'garbage.sqlite');
    writeFileSync(file, 'garbage, not a database\n'.repeat(200));
    const run = await runEntryPoint('start', { env: env({ STORE_URL: `sqlite://${file}` }, dir) });
    expectPlain(run, 2);
    expect(run.stderr).toContain('That file is not a SQLite database');
    expect(run.stderr).not.toContain('Check that its folder');
  });
});

describe('GIVEN a setting that does not validate', () => {
  it('WHEN npm run deploy-commands THEN the heading says commands cannot be registered, not that Premiere cannot start', async () => {
    const run = await runEntryPoint('deploy-commands', { env: env({ LOG_LEVEL: 'loud' }) });
    expectPlain(run, 3);
    expect(run.stderr).toMatch(/^Premiere cannot register commands:\n {2}- LOG_LEVEL/);
  });
});
