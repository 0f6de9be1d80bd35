import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
// The REST class from the same module @discordjs/proxy imports (its ESM build): discord.js loads
// @discordjs/rest's CommonJS build, whose error classes the proxy's `instanceof` checks would not
// recognise, so Discord's 4xx answers would reach the bots as 502s.
import { DiscordAPIError, REST, RequestMethod } from '@discordjs/rest';
import { Routes, type APIApplication } from 'discord.js';
import type { Logger } from 'pino';
import type { RestProxyConfig } from '../config.ts';
import { networkCodeOf, SetupError } from '../setup-errors.ts';
import { EvenPacer } from './pacer.ts';

/** A shared REST proxy that is listening. */
export interface RunningRestProxy {
  /** The port it listens on (the configured one, or the one the system chose for port 0). */
  readonly port: number;
  /** What the bot's DISCORD_API_URL should be, e.g. `http://127.0.0.1:8080/api`. */
  readonly apiUrl: string;
  /** The rate-limit state for the whole token (discord.js's REST): its events, for logs and tests. */
  readonly rest: REST;
  /** Stop accepting requests; resolves once every request in flight has been answered. */
  close(): Promise<void>;
}

/**
 * Routes that carry their own credentials in the path and no Authorization header: interaction
 * callbacks and webhooks (followups, edits of the original reply). Everything else must carry the
 * bot's token.
 */
const TOKEN_IN_PATH = /^\/api(?:\/v\d+)?\/(?:interactions|webhooks)\//;

/** Constant-time comparison of two header values. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Ask the upstream whether it accepts the token (GET /applications/@me), so a wrong token or an
 * unreachable upstream is a plain setup error at start rather than a 401 for every bot process.
 * Throws SetupError for those; anything else is rethrown as it is.
 */
async function checkUpstream(rest: REST, upstreamUrl: string): Promise<APIApplication> {
  try {
    return (await rest.get(Routes.currentApplication())) as APIApplication;
  } catch (err) {
    const code = networkCodeOf(err);
    if (code !== undefined)
      throw new SetupError({
        kind: 'discord-unreachable',
        apiUrl: upstreamUrl,
        code,
        setting: 'REST_PROXY_UPSTREAM',
      });
    // This REST's errors are @discordjs/rest's ESM classes, which setup-errors (discord.js's) does
    // not know as its own: a 401 is recognised here.
    if (err instanceof DiscordAPIError && err.status === 401)
      throw new SetupError({ kind: 'token-rejected' });
    if (err instanceof DiscordAPIError && err.status === 404)
      throw new SetupError({
        kind: 'discord-api-not-found',
        apiUrl: upstreamUrl,
        status: 404,
        setting: 'REST_PROXY_UPSTREAM',
      });
    throw err;
  }
}

/**
 * `npm run rest-proxy`: one process that holds the token's rate-limit state for every bot process
 * (any number of `start:sharded` groups on any number of machines, each with DISCORD_API_URL set
 * to `apiUrl`). Requests are forwarded through one discord.js REST instance (see forwardBuffered): per-route buckets learnt from Discord's headers, and the global limit
 * `globalLimit` per second for all of them together, so the processes behind it never see a 429
 * they caused each other.
 *
 * Only requests carrying the configured token (or routes whose token is in the path, see
 * TOKEN_IN_PATH) are forwarded; anything else gets 401 without reaching Discord, so the proxy
 * never spends the token's budget, or its invalid-request allowance, on someone else's requests.
 * `maxWaitMs`: the longest a request waits for its turn before the bot is told to come back
 * (MAX_WAIT_MS by default; tests shorten it).
 * Throws SetupError when the upstream rejects the token or cannot be reached, or the port is taken.
 */
export async function startRestProxy(
  config: RestProxyConfig,
  logger: Logger,
  { maxWaitMs = MAX_WAIT_MS }: { maxWaitMs?: number } = {},
): Promise<RunningRestProxy> {
  const rest = new REST({
    api: config.upstreamUrl,
    globalRequestsPerSecond: config.globalLimit,
    offset: config.marginMs,
  }).setToken(config.discordToken);
  const app = await checkUpstream(rest, config.upstreamUrl);

  // Waiting is the proxy's job (a fan-out waits on the global limit every second): debug only.
  // A 429 Discord actually answered is a response, logged by discord.js's REST as a retry.
  rest.on('rateLimited', (info) =>
    logger.debug(
      { route: info.route, global: info.global, retryAfter: info.retryAfter },
      'waiting for a rate limit',
    ),
  );
  const pacer = EvenPacer.forLimit(config.globalLimit);
  const forward = (req: IncomingMessage, res: ServerResponse) =>
    forwardBuffered(
      rest,
      req,
      res,
      TOKEN_IN_PATH.test(req.url ?? '') ? undefined : pacer,
      maxWaitMs,
    );
  const authorization = `Bot ${config.discordToken}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers.authorization;
    const allowed =
      given === undefined ? TOKEN_IN_PATH.test(req.url ?? '') : sameSecret(given, authorization);
    if (!allowed) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
      logger.warn(
        { method: req.method, url: req.url?.split('?')[0] },
        'refused a request without this bot’s token',
      );
      return;
    }
    // @discordjs/proxy answers a failure it does not recognise (no HTTP answer from upstream at all)
    // by ending the response as it stands and rethrowing. Set beforehand, 502 is what the bot then
    // sees, a passing failure it retries, rather than an empty 200 it would take for a sent message.
    res.statusCode = 502;
    try {
      await forward(req, res);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        res.writeHead(413, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'Request entity too large', code: 40005 }));
        logger.warn({ method: req.method, url: req.url?.split('?')[0] }, err.message);
        return;
      }
      logger.error(
        { err, method: req.method, url: req.url?.split('?')[0], code: networkCodeOf(err) },
        'upstream request failed',
      );
      if (!res.writableEnded) res.end();
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new SetupError({
          kind: 'proxy-cannot-listen',
          host: config.host,
          port: config.port,
          code: err.code ?? err.message,
        }),
      ),
    );
    server.listen(config.port, config.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const apiUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}/api`;
  logger.info(
    {
      application: app.name,
      host: config.host,
      port,
      upstream: config.upstreamUrl,
      globalLimit: config.globalLimit,
      marginMs: config.marginMs,
    },
    `REST proxy ready: set DISCORD_API_URL=${apiUrl} on every bot process (another machine: this host's address)`,
  );

  return {
    port,
    apiUrl,
    rest,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/**
 * The longest a request may wait for its turn here (ms). A bot's REST gives up on a request after
 * 15 s (discord.js's `timeout`) and sends it again: when every process behind the proxy sends its
 * whole share at once (16 shards of 64 reminders in flight wait 21 s at Discord's 50/s), requests
 * would time out in the queue, go again from its end, and the reminders behind them would fall
 * into their retry backoff. Beyond this wait the proxy answers 429 with `X-RateLimit-Global`
 * instead, and that bot's REST holds all its requests for `Retry-After` before sending this
 * one again: the queue stays shorter than any bot will wait, and stays full.
 */
const MAX_WAIT_MS = 5_000;

/** Discord's largest upload (a server at boost level 3 takes 100 MiB), in bytes. */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

const METHODS: readonly RequestMethod[] = Object.values(RequestMethod);

class BodyTooLargeError extends Error {
  constructor() {
    super(`refused a request body over ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Forward one request through `rest`, which holds the token's rate-limit state, and write
 * Discord's answer back. Written here rather than with @discordjs/proxy's `proxyRequests` (2.1.1),
 * which hands discord.js the incoming stream itself as the body: when discord.js sends a request
 * again (after a 429, or a 5xx from Discord's edge) the stream is already spent, the retry goes out
 * with no body, and Discord refuses it (50035), so a reminder would fail for good. Here the body
 * is read once into memory and sent as often as needed; the answer is written by the proxy
 * package's own `populate*Response`. Throws BodyTooLargeError over MAX_BODY_BYTES, and rethrows
 * a failure with no HTTP answer from upstream (the caller answers 502). Requests that count
 * against the global limit first wait for their turn from `pacer`; one that would wait more than
 * `maxWaitMs` (ms) is answered 429 at once (see MAX_WAIT_MS), and one whose bot hung up while
 * waiting is dropped unsent.
 */
async function forwardBuffered(
  rest: REST,
  req: IncomingMessage,
  res: ServerResponse,
  pacer: EvenPacer | undefined,
  maxWaitMs: number,
) {
  const method = METHODS.find((m) => m === req.method);
  if (method === undefined) {
    res.writeHead(405, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: '405: Method Not Allowed', code: 0 }));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://proxy');
  const fullRoute = url.pathname.replace(/^\/api(\/v\d+)?/, '') as `/${string}`;
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'authorization', 'x-audit-log-reason'] as const) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  // The bot gave up on this request (its REST timed out while the request waited for its turn
  // here) and will send it again: the waiting copy must not reach Discord as well, or each
  // timeout would spend the limit twice and the queue would only grow.
  const waitMs = pacer?.waitMs() ?? 0;
  if (waitMs > maxWaitMs) {
    // Come back once the queue is back under the longest wait (seconds, as Discord says it): the
    // hold stops every request of that bot process but its interaction callbacks, so it is kept
    // short (a slow command's deferred reply is edited through a webhook route, held too).
    const retryAfter = Math.max(0.25, (waitMs - maxWaitMs) / 1000 + 0.25).toFixed(3);
    res.writeHead(429, {
      'Content-Type': 'application/json',
      'Retry-After': retryAfter,
      'X-RateLimit-Global': 'true',
      'X-RateLimit-Scope': 'global',
    });
    res.end(
      JSON.stringify({
        message: 'The shared REST proxy is full; try again after retry_after.',
        retry_after: Number(retryAfter),
        global: true,
      }),
    );
    return;
  }
  const abandoned = new AbortController();
  const gaveUp = () => abandoned.signal.aborted;
  res.once('close', () => {
    if (!res.writableFinished) abandoned.abort();
  });
  await pacer?.turn(abandoned.signal);
  if (gaveUp()) return;
  try {
    const response = await rest.queueRequest({
      body: size > 0 ? Buffer.concat(chunks) : undefined,
      fullRoute,
      method,
      // The bot's own Authorization header is forwarded as it came (checked by the caller).
      auth: false,
      passThroughBody: true,
      query: url.searchParams,
      headers,
      signal: abandoned.signal,
    });
    await populateSuccessfulResponse(res, response);
  } catch (err) {
    if (gaveUp()) return;
    if (!populateErrorResponse(res, err)) throw err;
  } finally {
    res.end();
  }
}
