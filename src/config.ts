import path from 'node:path';
import { z } from 'zod';

/** Everything the bot reads from its environment, validated once at start. */
export interface Config {
  discordToken: string;
  guildId: string | undefined;
  ownerIds: ReadonlySet<string>;
  storeUrl: string;
  discordApiUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Process-local ceiling on REST requests per second (Discord allows about 50). */
  restGlobalLimit: number;
  metricsPort: number | undefined;
  shardCount: number | 'auto';
  shardIds: number[] | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Premiere cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const defaultStoreUrl = (cwd = process.cwd()) =>
  `sqlite://${path.join(cwd, 'data', 'premiere.sqlite')}`;

const schema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string({
        error:
          'DISCORD_TOKEN is missing: copy .env.example to .env and paste your bot token from the Discord Developer Portal (Bot → Reset Token)',
      })
      .regex(/^\S+$/, 'DISCORD_TOKEN must not contain spaces'),
  ),
  DISCORD_GUILD_ID: z.preprocess(blankToUndefined, snowflake.optional()),
  OWNER_IDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^\d{17,20}$/,
              'OWNER_IDS must be a comma-separated list of Discord user ids (17 to 20 digits each)',
            ),
        ),
      ),
  ),
  STORE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^(sqlite|redis|rediss|memory):\/\//,
        'STORE_URL must start with sqlite://, redis://, rediss:// or memory://',
      )
      .optional(),
  ),
  DISCORD_API_URL: z.preprocess(
    blankToUndefined,
    z.url({ error: 'DISCORD_API_URL must be a URL such as http://127.0.0.1:8787/api' }).optional(),
  ),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  REST_GLOBAL_LIMIT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'REST_GLOBAL_LIMIT must be a number of requests per second' })
      .int('REST_GLOBAL_LIMIT must be a whole number')
      .min(1, 'REST_GLOBAL_LIMIT must be at least 1')
      .default(50),
  ),
  METRICS_PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'METRICS_PORT must be a port number' })
      .int()
      .min(1, 'METRICS_PORT must be between 1 and 65535')
      .max(65535, 'METRICS_PORT must be between 1 and 65535')
      .optional(),
  ),
  SHARD_COUNT: z.preprocess(
    blankToUndefined,
    z
      .union([z.literal('auto'), z.coerce.number().int().min(1)], {
        error: 'SHARD_COUNT must be "auto" or a whole number of shards',
      })
      .default('auto'),
  ),
  SHARD_IDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^\d+(\s*,\s*\d+)*$/,
        'SHARD_IDS must be a comma-separated list of shard numbers, e.g. 0,1',
      )
      .transform((v) => v.split(',').map((s) => Number(s.trim())))
      .optional(),
  ),
});

/** Validate the environment and report every problem at once, in plain words. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const v = parsed.data;
  return {
    discordToken: v.DISCORD_TOKEN,
    guildId: v.DISCORD_GUILD_ID,
    ownerIds: new Set(v.OWNER_IDS),
    storeUrl: v.STORE_URL ?? defaultStoreUrl(cwd),
    discordApiUrl: v.DISCORD_API_URL,
    logLevel: v.LOG_LEVEL,
    restGlobalLimit: v.REST_GLOBAL_LIMIT,
    metricsPort: v.METRICS_PORT,
    shardCount: v.SHARD_COUNT,
    shardIds: v.SHARD_IDS,
  };
}
