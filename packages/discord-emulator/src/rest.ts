import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkContract, type ContractViolation } from './contract.ts';
import { ApiError, Errors } from './errors.ts';
import type { FaultInjector } from './faults.ts';
import type { InteractionRecord, InteractionTracker } from './interactions.ts';
import type { RateLimiter } from './ratelimit.ts';
import { majorOf, redactPath, Router, type RouteDef } from './router.ts';

export interface RequestLogEntry {
  /** Emulator time the request arrived. */
  at: number;
  method: string;
  /** Path below `/api/v10`, tokens redacted. */
  path: string;
  /** The matched route (`POST /channels/:channel_id/messages`), or undefined for an unknown path. */
  route: string | undefined;
  status: number;
  /** Discord error code when the answer was an error. */
  code?: number;
  body: unknown;
  response: unknown;
  durationMs: number;
}

export interface RestDeps {
  routes: readonly RouteDef[];
  token: () => string;
  limiter: RateLimiter;
  faults: FaultInjector;
  interactions: InteractionTracker;
  now: () => number;
  rejectInvalidBodies: () => boolean;
  onRequest: (entry: RequestLogEntry) => void;
  onViolation: (violation: ContractViolation) => void;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const errorReply = (err: ApiError, headers?: Record<string, string>): Reply => ({
  status: err.status,
  body: err.toBody(),
  ...(headers ? { headers } : {}),
});

/** Files are accepted and ignored; the message itself travels in the `payload_json` part. */
function payloadJsonOf(raw: Buffer, contentType: string): unknown {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (boundary === undefined) return {};
  for (const part of raw.toString('utf8').split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1 || !/name="payload_json"/.test(part.slice(0, split))) continue;
    return JSON.parse(part.slice(split + 4).replace(/\r\n$/, '')) as unknown;
  }
  return {};
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return payloadJsonOf(raw, type);
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  return JSON.parse(text) as unknown;
}

/**
 * Discord's REST API over node:http, in the order Discord applies things: route, authorisation,
 * contract check, rate limits, injected faults, then the handler. Every request is logged.
 */
export class RestServer {
  private readonly router: Router;

  constructor(private readonly deps: RestDeps) {
    this.router = new Router(deps.routes);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedHr = performance.now();
    const started = Date.now();
    const at = this.deps.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const versioned = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(url.pathname);
    const path = versioned?.[2] ?? url.pathname;
    let body: unknown;
    let routeName: string | undefined;
    let record: InteractionRecord | undefined;
    let reply: Reply;
    try {
      body = await readBody(req).catch(() => {
        throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
      });
      const match = versioned ? this.router.match(method, path) : undefined;
      if (match === undefined) {
        // A route the emulator does not know is one the bot's tests cannot vouch for: make it loud.
        this.deps.onViolation({
          at,
          method,
          path: redactPath(path),
          route: 'unknown',
          issues: [
            {
              path: '(route)',
              message: `${method} ${redactPath(url.pathname)} is not a Discord route this emulator implements`,
            },
          ],
          body,
        });
        throw Errors.notFound();
      }
      if (match === 'method') throw Errors.methodNotAllowed();
      const { route, params } = match;
      routeName = `${route.method} ${route.pattern}`;
      record = this.interactionOf(params);
      if (record) {
        record.firstRequestAtHr ??= arrivedHr;
        record.inFlight += 1;
        this.deps.interactions.touch(record);
      }
      reply = await this.process(route, routeName, params, url, method, path, body, req);
    } catch (err) {
      reply = errorReply(
        err instanceof ApiError
          ? err
          : new ApiError(500, 0, `500: Internal Server Error (${String(err)})`),
      );
    } finally {
      if (record) record.inFlight -= 1;
    }
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined) headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    const code =
      reply.status >= 400 ? (reply.body as { code?: number } | undefined)?.code : undefined;
    this.deps.onRequest({
      at,
      method,
      path: redactPath(path),
      route: routeName,
      status: reply.status,
      ...(code === undefined ? {} : { code }),
      body,
      response: reply.body,
      durationMs: Date.now() - started,
    });
    if (record) this.deps.interactions.touch(record);
  }

  private interactionOf(params: Record<string, string>): InteractionRecord | undefined {
    if (params.interaction_id !== undefined)
      return this.deps.interactions.get(params.interaction_id);
    if (params.webhook_token !== undefined)
      return this.deps.interactions.byToken(params.webhook_token);
    return undefined;
  }

  private async process(
    route: RouteDef,
    routeName: string,
    params: Record<string, string>,
    url: URL,
    method: string,
    path: string,
    body: unknown,
    req: IncomingMessage,
  ): Promise<Reply> {
    if (route.auth === 'bot' && req.headers.authorization !== `Bot ${this.deps.token()}`)
      throw Errors.unauthorized();

    const issues = checkContract(routeName, body);
    if (issues && issues.length > 0) {
      this.deps.onViolation({
        at: this.deps.now(),
        method,
        path: redactPath(path),
        route: routeName,
        issues,
        body,
      });
    }

    const verdict = this.deps.limiter.take(
      method,
      redactPath(path),
      routeName,
      majorOf(params),
      route.auth === 'bot',
    );
    if (verdict.limited) {
      const seconds = verdict.limited.retryAfterMs / 1000;
      return {
        status: 429,
        headers: verdict.headers,
        body: {
          message: 'You are being rate limited.',
          retry_after: seconds,
          global: verdict.limited.global,
          code: 0,
        },
      };
    }

    const fault = this.deps.faults.take(method, path);
    if (fault?.latencyMs !== undefined) await sleep(fault.latencyMs);
    if (fault?.status !== undefined)
      return this.faultReply(
        fault.status,
        fault.code,
        fault.message,
        fault.retryAfterMs,
        fault.global,
        verdict.headers,
      );

    if (issues && issues.length > 0 && this.deps.rejectInvalidBodies()) {
      const first = issues[0];
      return errorReply(
        Errors.invalidFormBody(
          first ? first.path.split(/\.|\[|\]/).filter(Boolean) : [],
          'CONTRACT',
          first?.message ?? 'Invalid body',
        ),
        verdict.headers,
      );
    }

    try {
      const result = await route.handle({ method, path, params, query: url.searchParams, body });
      return { status: result.status, body: result.body, headers: verdict.headers };
    } catch (err) {
      if (err instanceof ApiError) return errorReply(err, verdict.headers);
      throw err;
    }
  }

  private faultReply(
    status: number,
    code: number | undefined,
    message: string | undefined,
    retryAfterMs: number | undefined,
    global: boolean | undefined,
    headers: Record<string, string>,
  ): Reply {
    if (status === 429) {
      const retry = (retryAfterMs ?? 1000) / 1000;
      return {
        status,
        headers: {
          ...headers,
          'Retry-After': retry.toFixed(3),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset-After': retry.toFixed(3),
          'X-RateLimit-Scope': global === true ? 'global' : 'user',
          ...(global === true ? { 'X-RateLimit-Global': 'true' } : {}),
        },
        body: {
          message: 'You are being rate limited.',
          retry_after: retry,
          global: global === true,
          code: code ?? 0,
        },
      };
    }
    const text =
      message ?? (status >= 500 ? `${status}: Internal Server Error` : `${status}: Injected fault`);
    return { status, headers, body: { code: code ?? 0, message: text } };
  }
}
