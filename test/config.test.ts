import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const token = 'test-token.abc';
const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('loadConfig', () => {
  it('GIVEN only a token THEN every optional setting has its documented default', () => {
    const config = loadConfig({ DISCORD_TOKEN: token }, '/srv/premiere');
    expect(config.discordToken).toBe(token);
    expect(config.storeUrl).toBe('sqlite:///srv/premiere/data/premiere.sqlite');
    expect(config.discordApiUrl).toBeUndefined();
    expect(config.guildId).toBeUndefined();
    expect([...config.ownerIds]).toEqual([]);
    expect(config.logLevel).toBe('info');
    expect(config.restGlobalLimit).toBe(50);
    expect(config.shardCount).toBe('auto');
  });

  it('GIVEN blank values as copied from .env.example THEN they count as unset', () => {
    const config = loadConfig({
      DISCORD_TOKEN: token,
      DISCORD_GUILD_ID: '',
      OWNER_IDS: ' ',
      STORE_URL: '',
      LOG_LEVEL: '',
    });
    expect(config.guildId).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it('GIVEN no token THEN the message says how to get one', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN is missing: copy \.env\.example to \.env/),
    ]);
  });

  it('GIVEN a .env file with DISCORD_TOKEN left blank THEN the message says the token in .env is empty', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: '' }, '/srv', { envFileExists: true })).toThrow(
      /^Premiere cannot start:\n {2}- DISCORD_TOKEN in \.env is empty: paste your bot token/,
    );
  });

  it('GIVEN a .env file without DISCORD_TOKEN THEN the message says to add it to .env', () => {
    expect(() => loadConfig({}, '/srv', { envFileExists: true })).toThrow(
      /DISCORD_TOKEN is not in \.env: add a line DISCORD_TOKEN=/,
    );
  });

  it('GIVEN LOG_FORMAT THEN json and pretty are accepted, unset means auto, anything else is refused', () => {
    expect(loadConfig({ DISCORD_TOKEN: token }).logFormat).toBe('auto');
    expect(loadConfig({ DISCORD_TOKEN: token, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ DISCORD_TOKEN: token, LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(problemsOf({ DISCORD_TOKEN: token, LOG_FORMAT: 'yaml' })).toEqual([
      'LOG_FORMAT must be json or pretty (unset: pretty on a terminal, json otherwise)',
    ]);
  });

  it.each(['0', '-1', '1.5', 'two'])(
    'GIVEN SHARD_COUNT=%s THEN the message says auto or a whole number, 1 or more',
    (value) => {
      expect(problemsOf({ DISCORD_TOKEN: token, SHARD_COUNT: value })).toEqual([
        `SHARD_COUNT must be auto or a whole number of shards, 1 or more (it is "${value}")`,
      ]);
    },
  );

  it('GIVEN several bad settings THEN every problem is reported at once, in plain words', () => {
    const problems = problemsOf({
      OWNER_IDS: '123, not-an-id',
      STORE_URL: 'postgres://db',
      DISCORD_API_URL: 'not a url',
      LOG_LEVEL: 'loud',
      DISCORD_GUILD_ID: '42',
      METRICS_PORT: '70000',
    });
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/DISCORD_TOKEN is missing/);
    expect(problems.join('\n')).toMatch(/OWNER_IDS must be a comma-separated list/);
    expect(problems.join('\n')).toMatch(/STORE_URL must start with sqlite:\/\//);
    expect(problems.join('\n')).toMatch(/DISCORD_API_URL must be a URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/DISCORD_GUILD_ID: must be a Discord id/);
    expect(problems.join('\n')).toMatch(/METRICS_PORT must be between 1 and 65535/);
  });

  it('GIVEN owner ids with spaces THEN they are trimmed into a set', () => {
    const config = loadConfig({
      DISCORD_TOKEN: token,
      OWNER_IDS: '111111111111111111 , 222222222222222222',
    });
    expect(config.ownerIds.has('111111111111111111')).toBe(true);
    expect(config.ownerIds.has('222222222222222222')).toBe(true);
  });
});

describe('npm start without a token', () => {
  it('THEN it exits non-zero with the plain message and no stack trace', () => {
    const cwd = path.resolve(import.meta.dirname, '..');
    const env = {
      PATH: process.env.PATH,
      HOME: mkdtempSync(path.join(tmpdir(), 'premiere-home-')),
    };
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DISCORD_TOKEN is missing: copy .env.example to .env');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
