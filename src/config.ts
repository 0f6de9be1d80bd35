import path from 'node:path';
import * as z from 'zod';

/** Everything the bot reads from its environment, validated once at start. */
export interface Config {
  discordToken: string;
  guildId: string | undefined;
  ownerIds: ReadonlySet<string>;
  storeUrl: string;
  /** Absolute path of the film catalogue: one JSON file per film (FILMS_DIR, default data/films). */
  filmsDir: string;
  discordApiUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: human-readable lines; `json`: one JSON object a line; `auto`: pretty on a terminal only. */
  logFormat: 'json' | 'pretty' | 'auto';
  /** Process-local ceiling on REST requests per second (Discord allows about 50). */
  restGlobalLimit: number;
  metricsPort: number | undefined;
  shardCount: number | 'auto';
  shardIds: number[] | undefined;
}

/**
 * Settings that do not validate: one line per problem under a heading saying what could not be
 * done (`Premiere cannot start`, or `Premiere cannot register commands` for deploy-commands).
 */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    heading = 'Premiere cannot start',
  ) {
    super(`${heading}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const defaultStoreUrl = (cwd = process.cwd()) =>
  `sqlite://${path.join(cwd, 'data', 'premiere.sqlite')}`;

const schema = z.object({
  // Missing and blank are told apart in loadConfig, which knows whether a .env file was read.
  DISCORD_TOKEN: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.trim() === '' || /^\S+$/.test(v), {
      message: 'DISCORD_TOKEN must not contain spaces',
    }),
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
  FILMS_DIR: z.preprocess(blankToUndefined, z.string().optional()),
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
  LOG_FORMAT: z.preprocess(
    blankToUndefined,
    z
      .enum(['json', 'pretty'], {
        error: 'LOG_FORMAT must be json or pretty (unset: pretty on a terminal, json otherwise)',
      })
      .optional(),
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
      .string()
      .optional()
      .transform((v, ctx): number | 'auto' => {
        const text = v?.trim() ?? 'auto';
        if (text === 'auto') return 'auto';
        if (/^\d+$/.test(text) && Number(text) >= 1) return Number(text);
        ctx.addIssue({
          code: 'custom',
          message: `SHARD_COUNT must be auto or a whole number of shards, 1 or more (it is ${JSON.stringify(v)})`,
        });
        return z.NEVER;
      }),
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

export interface LoadConfigOptions {
  /**
   * Whether a .env file was there to read (node's `--env-file-if-exists=.env`, relative to the
   * working directory): a missing token then means "fill it in", not "create the file".
   */
  envFileExists?: boolean;
  /** What the command could not do, as the first line of a ConfigError (default `Premiere cannot start`). */
  heading?: string;
}

/** What to say when DISCORD_TOKEN is missing (undefined) or blank (set to nothing). */
function tokenProblem(token: string | undefined, envFileExists: boolean): string | undefined {
  const portal = 'paste your bot token from the Discord Developer Portal (Bot → Reset Token)';
  if (token === undefined)
    return envFileExists
      ? `DISCORD_TOKEN is not in .env: add a line DISCORD_TOKEN=… and ${portal}`
      : `DISCORD_TOKEN is missing: copy .env.example to .env and ${portal}`;
  if (token.trim() !== '') return undefined;
  return envFileExists
    ? `DISCORD_TOKEN in .env is empty: ${portal} after DISCORD_TOKEN=`
    : `DISCORD_TOKEN is empty: set it, or copy .env.example to .env and ${portal}`;
}

/** What `npm run rest-proxy` reads from its environment, validated once at start. */
export interface RestProxyConfig {
  /** The bot's token: only requests carrying it (or none, for interaction and webhook routes) pass. */
  discordToken: string;
  /** Where the proxy listens (REST_PROXY_HOST, default 127.0.0.1: this machine only). */
  host: string;
  port: number;
  /** Where it sends requests: Discord (default) or, in tests and benchmarks, the emulator. */
  upstreamUrl: string;
  /** Requests per second for the whole token, across every process behind the proxy. */
  globalLimit: number;
  /**
   * Milliseconds added to every rate-limit wait (discord.js REST's `offset`, default 50): room for
   * network jitter, so a window the proxy thinks has ended has also ended at Discord.
   */
  marginMs: number;
  logLevel: Config['logLevel'];
  logFormat: Config['logFormat'];
}

const proxySchema = z.object({
  DISCORD_TOKEN: schema.shape.DISCORD_TOKEN,
  REST_PROXY_HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  REST_PROXY_PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'REST_PROXY_PORT must be a port number' })
      .int('REST_PROXY_PORT must be a whole number')
      .min(0, 'REST_PROXY_PORT must be between 0 and 65535')
      .max(65535, 'REST_PROXY_PORT must be between 0 and 65535')
      .default(8080),
  ),
  REST_PROXY_UPSTREAM: z.preprocess(
    blankToUndefined,
    z
      .url({
        error: 'REST_PROXY_UPSTREAM must be a URL such as https://discord.com/api (the default)',
      })
      .default('https://discord.com/api'),
  ),
  REST_GLOBAL_LIMIT: schema.shape.REST_GLOBAL_LIMIT,
  REST_PROXY_MARGIN_MS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'REST_PROXY_MARGIN_MS must be a number of milliseconds' })
      .int('REST_PROXY_MARGIN_MS must be a whole number of milliseconds')
      .min(0, 'REST_PROXY_MARGIN_MS must be 0 or more')
      .max(1000, 'REST_PROXY_MARGIN_MS must be at most 1000')
      .default(50),
  ),
  LOG_LEVEL: schema.shape.LOG_LEVEL,
  LOG_FORMAT: schema.shape.LOG_FORMAT,
});

/**
 * Validate the shared REST proxy's environment (see src/rest-proxy.ts) and report every problem
 * at once. Its upstream is REST_PROXY_UPSTREAM, not DISCORD_API_URL: a .env shared with the bot
 * points DISCORD_API_URL at the proxy itself. Throws ConfigError listing every problem.
 */
export function loadRestProxyConfig(
  env: NodeJS.ProcessEnv,
  { envFileExists = false, heading }: LoadConfigOptions = {},
): RestProxyConfig {
  const parsed = proxySchema.safeParse(env);
  const token = tokenProblem(env.DISCORD_TOKEN, envFileExists);
  if (!parsed.success || token !== undefined)
    throw new ConfigError(
      [...new Set([...(token === undefined ? [] : [token]), ...problemsOf(parsed.error)])],
      heading,
    );
  const v = parsed.data;
  return {
    discordToken: v.DISCORD_TOKEN ?? '',
    host: v.REST_PROXY_HOST,
    port: v.REST_PROXY_PORT,
    upstreamUrl: v.REST_PROXY_UPSTREAM.replace(/\/+$/, ''),
    globalLimit: v.REST_GLOBAL_LIMIT,
    marginMs: v.REST_PROXY_MARGIN_MS,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT ?? 'auto',
  };
}

/** One plain line per zod issue, naming the variable. */
function problemsOf(error: z.ZodError | undefined): string[] {
  return (error?.issues ?? []).map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
  });
}

/**
 * Validate the environment and report every problem at once, in plain words.
 * `cwd` anchors the default SQLite file. Throws ConfigError listing every problem.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
  { envFileExists = false, heading }: LoadConfigOptions = {},
): Config {
  const parsed = schema.safeParse(env);
  const token = tokenProblem(env.DISCORD_TOKEN, envFileExists);
  if (!parsed.success || token !== undefined) {
    const problems = problemsOf(parsed.error);
    throw new ConfigError(
      [...new Set([...(token === undefined ? [] : [token]), ...problems])],
      heading,
    );
  }
  const v = parsed.data;
  return {
    discordToken: v.DISCORD_TOKEN ?? '',
    guildId: v.DISCORD_GUILD_ID,
    ownerIds: new Set(v.OWNER_IDS),
    storeUrl: v.STORE_URL ?? defaultStoreUrl(cwd),
    filmsDir: path.resolve(cwd, v.FILMS_DIR ?? path.join('data', 'films')),
    discordApiUrl: v.DISCORD_API_URL,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT ?? 'auto',
    restGlobalLimit: v.REST_GLOBAL_LIMIT,
    metricsPort: v.METRICS_PORT,
    shardCount: v.SHARD_COUNT,
    shardIds: v.SHARD_IDS,
  };
}
