import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes } from 'discord.js';
import type { Keyv } from 'keyv';
import { ConfigError } from './config.ts';
import { FilmDataError } from './data/load-films.ts';
import { describeStoreUrl, openKeyv, probeStore } from './store/keyv.ts';

/**
 * Everything an operator must fix before the bot can run. `npm start`, `npm run start:sharded`
 * and `npm run deploy-commands` all say these the same way, from the one table below.
 */
export type SetupProblem =
  /** Environment variables that do not validate (config.ts words each one). */
  | { kind: 'config'; message: string }
  /** A film file in data/films that does not validate (load-films.ts names file and field). */
  | { kind: 'film-data'; message: string }
  /** Discord answered 401, or discord.js refused the token's shape. */
  | { kind: 'token-rejected' }
  /** DISCORD_GUILD_ID names a server the bot is not in (10004 Unknown Guild, or 50001 Missing Access). */
  | { kind: 'guild-not-joined'; guildId: string; inviteUrl: string | undefined }
  /** No answer from Discord's API at all: DNS, refused or reset connection, timeout. */
  | {
      kind: 'discord-unreachable';
      apiUrl: string;
      code: string;
      /** The variable that names `apiUrl` (default DISCORD_API_URL; the REST proxy's upstream differs). */
      setting?: string;
    }
  /**
   * DISCORD_API_URL answers, but not as Discord's API does: 404 to GET /gateway/bot (a URL missing
   * its `/api`, or another web server).
   */
  | {
      kind: 'discord-api-not-found';
      apiUrl: string;
      status: number;
      /** The variable that names `apiUrl` (default DISCORD_API_URL; the REST proxy's upstream differs). */
      setting?: string;
    }
  /** SHARD_IDS is set for `npm start`, which runs every shard in one process. */
  | { kind: 'shard-ids-without-sharding'; shardIds: readonly number[] }
  /** SHARD_IDS names a shard the deployment's shard count does not have. */
  | {
      kind: 'shard-ids-out-of-range';
      shardIds: readonly number[];
      shardCount: number;
      /** SHARD_COUNT was `auto`: the count is Discord's recommendation, which the operator never typed. */
      auto: boolean;
    }
  /** The store named by STORE_URL does not answer (Redis down) or cannot be opened (SQLite). */
  | { kind: 'store-unreachable'; storeUrl: string; reason: string }
  /** start:sharded on a store several processes cannot share. */
  | { kind: 'sharded-needs-redis'; storeUrl: string }
  /** The REST proxy could not listen on REST_PROXY_HOST:REST_PROXY_PORT (in use, not this host's). */
  | { kind: 'proxy-cannot-listen'; host: string; port: number; code: string }
  /** The metrics and health server could not listen on METRICS_PORT (in use, not allowed). */
  | { kind: 'metrics-cannot-listen'; port: number; code: string };

type Messages = { [K in SetupProblem['kind']]: (p: Extract<SetupProblem, { kind: K }>) => string };

/** The one place setup problems are put into words: one or two lines each, naming what to fix. */
const messages: Messages = {
  config: (p) => p.message,
  'film-data': (p) => p.message,
  'token-rejected': () =>
    'Discord rejected DISCORD_TOKEN (401 Unauthorized). Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env as DISCORD_TOKEN.',
  'guild-not-joined': (p) =>
    `The bot is not in the server DISCORD_GUILD_ID=${p.guildId}. Invite the bot to that server${
      p.inviteUrl === undefined
        ? ' (Developer Portal → OAuth2 → URL Generator)'
        : `: ${p.inviteUrl}`
    }\nor correct DISCORD_GUILD_ID (or leave it empty to register the commands globally).`,
  'discord-unreachable': (p) =>
    `Could not reach Discord's API at ${p.apiUrl} (${p.code}). Check the network, or ${p.setting ?? 'DISCORD_API_URL'} if you set it.`,
  'discord-api-not-found': (p) =>
    `${p.setting ?? 'DISCORD_API_URL'}=${p.apiUrl} answered ${p.status} to GET ${p.setting === undefined ? '/gateway/bot' : '/applications/@me'}, so it is not Discord's API. Correct ${p.setting ?? 'DISCORD_API_URL'} (it ends in /api: https://discord.com/api${p.setting === undefined ? ", or a REST proxy's http://host:port/api" : ''}), or leave it empty.`,
  'shard-ids-without-sharding': (p) =>
    `SHARD_IDS=${p.shardIds.join(',')} is read by npm run start:sharded only; npm start runs every shard in this one process, and would send what the other machines send too.\nUse npm run start:sharded on each machine, or remove SHARD_IDS to run the whole bot here.`,
  'shard-ids-out-of-range': (p) =>
    `SHARD_IDS=${p.shardIds.join(',')} names shard ${Math.max(...p.shardIds)}, but the deployment has ${p.shardCount} shard${p.shardCount === 1 ? '' : 's'} (0 to ${p.shardCount - 1})${
      p.auto ? `: SHARD_COUNT=auto resolved to ${p.shardCount}, Discord's recommendation` : ''
    }.\nSet SHARD_COUNT to the deployment's total number of shards, the same on every machine, or correct SHARD_IDS.`,
  'store-unreachable': (p) =>
    p.storeUrl.startsWith('sqlite:')
      ? `The SQLite store at STORE_URL=${describeStoreUrl(p.storeUrl)} cannot be opened (${p.reason}). ${
          /SQLITE_NOTADB|SQLITE_CORRUPT/.test(p.reason)
            ? 'That file is not a SQLite database: point STORE_URL at a new file, or restore a backup there (npm run store -- import).'
            : 'Check that its folder is a folder this user may write to, or correct STORE_URL.'
        }`
      : `The store at STORE_URL=${describeStoreUrl(p.storeUrl)} does not answer (${p.reason}). Start it (Redis: redis-server), or correct STORE_URL.`,
  'sharded-needs-redis': (p) =>
    `STORE_URL must be redis://… for start:sharded (it is ${p.storeUrl.split('://')[0] ?? ''}://…): several processes would write to one store and could send the same reminder twice.\nStart Redis and set STORE_URL=redis://127.0.0.1:6379, or use npm start for a single process.`,
  'proxy-cannot-listen': (p) =>
    `The REST proxy cannot listen on ${p.host}:${p.port} (${p.code}${p.code === 'EADDRINUSE' ? ': something else uses that port' : ''}). Set REST_PROXY_PORT to a free port, or REST_PROXY_HOST to an address of this machine.`,
  'metrics-cannot-listen': (p) =>
    `The metrics and health server cannot listen on port ${p.port} (${p.code}${p.code === 'EADDRINUSE' ? ': something else uses that port' : ''}). Set METRICS_PORT to a free port (each start:sharded process uses METRICS_PORT + its first shard id), or leave it empty.`,
};

/** The words for a setup problem (one or two lines, no trailing newline). */
export const describeSetupProblem = (problem: SetupProblem): string =>
  (messages[problem.kind] as (p: SetupProblem) => string)(problem);

/** A setup problem found by the bot's own checks (preflight, shard settings), thrown as an error. */
export class SetupError extends Error {
  constructor(readonly problem: SetupProblem) {
    super(describeSetupProblem(problem));
    this.name = 'SetupError';
  }
}

/** Node's and undici's codes for "no answer at all" from a host. */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The network error code of a failed request (discord.js's REST rethrows the socket's error), if any. */
export function networkCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (e.name === 'AbortError' || e.name === 'TimeoutError') return 'timed out';
    e = e.cause;
  }
  return undefined;
}

export interface SetupContext {
  /** DISCORD_GUILD_ID, when set: a 10004 or 50001 on its routes means the bot is not in it. */
  guildId?: string | undefined;
  inviteUrl?: string | undefined;
}

/**
 * The setup problem behind an error thrown while starting, or undefined when it is not one (a bug
 * or an outage: the caller logs it with its stack). Network errors are recognised only where the
 * caller knows the request went to Discord (see preflight), since the store fails with the same codes.
 */
export function setupProblemOf(err: unknown, context: SetupContext = {}): SetupProblem | undefined {
  if (err instanceof SetupError) return err.problem;
  if (err instanceof ConfigError) return { kind: 'config', message: err.message };
  if (err instanceof FilmDataError) return { kind: 'film-data', message: err.message };
  if (err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid)
    return { kind: 'token-rejected' };
  if (err instanceof DiscordAPIError) {
    if (err.status === 401) return { kind: 'token-rejected' };
    const { guildId } = context;
    if (
      guildId !== undefined &&
      (err.code === 10004 || err.code === 50001) &&
      err.url.includes(`/guilds/${guildId}`)
    )
      return { kind: 'guild-not-joined', guildId, inviteUrl: context.inviteUrl };
  }
  return undefined;
}

/**
 * The exit code of a shard process (under start:sharded) that stopped on a setup problem
 * (EX_CONFIG in sysexits.h): its manager stops every shard instead of respawning it, since a
 * respawned shard would meet the same problem again and again.
 */
export const SHARD_SETUP_EXIT_CODE = 78;

/**
 * For an entry point's last catch: a setup problem is written to stderr in plain words, with no
 * stack, and the process ends with exit code 1 (SHARD_SETUP_EXIT_CODE in a shard process of
 * start:sharded). Returns false (writing nothing) for anything else.
 */
export function exitOnSetupProblem(err: unknown, context: SetupContext = {}): boolean {
  const problem = setupProblemOf(err, context);
  if (problem === undefined) return false;
  process.stderr.write(`${describeSetupProblem(problem)}\n`);
  process.exit(process.env.SHARDING_MANAGER === undefined ? 1 : SHARD_SETUP_EXIT_CODE);
}

/**
 * Open the store STORE_URL names and check that it answers a read (see probeStore) before the bot
 * relies on it. Throws SetupError (store-unreachable) when it cannot be opened or does not answer.
 */
export async function openCheckedStore(storeUrl: string): Promise<Keyv> {
  let keyv: Keyv;
  try {
    keyv = openKeyv(storeUrl);
  } catch (err) {
    throw new SetupError({
      kind: 'store-unreachable',
      storeUrl,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  const reason = await probeStore(keyv);
  if (reason === undefined) return keyv;
  // Stop a client that would otherwise keep reconnecting; do not wait for it.
  void keyv.disconnect().catch(() => undefined);
  throw new SetupError({ kind: 'store-unreachable', storeUrl, reason });
}
