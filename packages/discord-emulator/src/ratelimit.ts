/** One route's budget: `limit` requests per `windowMs`, counted per major parameter (channel, guild, webhook). */
export interface BucketLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Requests per second across the whole bot (Discord's global limit is 50). */
  globalPerSecond: number;
  /** Budgets by route, keyed `METHOD /route/:with/:params`; unlisted routes use `defaultRoute`. */
  routes: Record<string, BucketLimit>;
  defaultRoute: BucketLimit;
}

/**
 * Only the bucket whose size is well known (5 messages per 5 s per channel) is tighter than the
 * global 50 per second; inventing stricter limits for other routes would slow fan-outs that
 * Discord itself lets through.
 */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  globalPerSecond: 50,
  routes: {
    'POST /channels/:channel_id/messages': { limit: 5, windowMs: 5000 },
    'PATCH /channels/:channel_id/messages/:message_id': { limit: 5, windowMs: 5000 },
  },
  defaultRoute: { limit: 50, windowMs: 1000 },
};

export interface RateLimitEvent {
  at: number;
  method: string;
  path: string;
  route: string;
  bucket: string;
  global: boolean;
  retryAfterMs: number;
}

export interface RateLimitVerdict {
  headers: Record<string, string>;
  /** Set when the request must be refused with a 429. */
  limited?: { global: boolean; retryAfterMs: number };
}

interface Window {
  startedAt: number;
  used: number;
}

/**
 * Fixed-window counters that answer like Discord: every response carries the bucket's
 * X-RateLimit-* headers, and an exhausted bucket or global budget gets a 429 with Retry-After.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Window>();
  private global: Window = { startedAt: 0, used: 0 };
  readonly events: RateLimitEvent[] = [];

  constructor(
    private options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  configure(options: Partial<RateLimitOptions>): void {
    this.options = {
      ...this.options,
      ...options,
      routes: { ...this.options.routes, ...(options.routes ?? {}) },
    };
    this.buckets.clear();
  }

  get settings(): RateLimitOptions {
    return this.options;
  }

  /** Count one request on `route` (major parameter `major`); `countsGlobally` is false for interaction callbacks. */
  take(
    method: string,
    path: string,
    route: string,
    major: string,
    countsGlobally: boolean,
  ): RateLimitVerdict {
    const now = this.now();
    const bucketHash = bucketHashOf(route);
    if (countsGlobally) {
      if (now - this.global.startedAt >= 1000) this.global = { startedAt: now, used: 0 };
      if (this.global.used >= this.options.globalPerSecond) {
        const retryAfterMs = this.global.startedAt + 1000 - now;
        this.events.push({
          at: now,
          method,
          path,
          route,
          bucket: 'global',
          global: true,
          retryAfterMs,
        });
        return {
          headers: {
            'Retry-After': secondsHeader(retryAfterMs),
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          },
          limited: { global: true, retryAfterMs },
        };
      }
      this.global.used += 1;
    }
    const limit = this.options.routes[route] ?? this.options.defaultRoute;
    const key = `${route}|${major}`;
    let window = this.buckets.get(key);
    if (!window || now - window.startedAt >= limit.windowMs) {
      window = { startedAt: now, used: 0 };
      this.buckets.set(key, window);
    }
    const resetAfterMs = window.startedAt + limit.windowMs - now;
    const base = {
      'X-RateLimit-Limit': String(limit.limit),
      'X-RateLimit-Reset': ((now + resetAfterMs) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': (resetAfterMs / 1000).toFixed(3),
      'X-RateLimit-Bucket': bucketHash,
    };
    if (window.used >= limit.limit) {
      this.events.push({
        at: now,
        method,
        path,
        route,
        bucket: bucketHash,
        global: false,
        retryAfterMs: resetAfterMs,
      });
      return {
        headers: {
          ...base,
          'X-RateLimit-Remaining': '0',
          'Retry-After': secondsHeader(resetAfterMs),
          'X-RateLimit-Scope': 'user',
        },
        limited: { global: false, retryAfterMs: resetAfterMs },
      };
    }
    window.used += 1;
    return { headers: { ...base, 'X-RateLimit-Remaining': String(limit.limit - window.used) } };
  }
}

/** Seconds with millisecond precision, so sub-second windows in tests stay sub-second. */
const secondsHeader = (ms: number) => Math.max(0, ms / 1000).toFixed(3);

const bucketHashOf = (route: string): string => {
  let h = 2166136261;
  for (let i = 0; i < route.length; i++) h = Math.imul(h ^ route.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
};
