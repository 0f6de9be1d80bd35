/** A REST route as Discord's docs write it: `/channels/:channel_id/messages`. */
export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  /**
   * `bot`: needs `Authorization: Bot <token>` and counts against the global limit.
   * `token`: interaction and webhook routes, authorised by the token in the path, exempt from the global limit.
   */
  auth: 'bot' | 'token';
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

/** Route parameters that split rate-limit buckets, as Discord's "major parameters" do. */
const MAJOR_PARAMS = ['channel_id', 'guild_id', 'webhook_id', 'interaction_id'];

export const majorOf = (params: Record<string, string>): string =>
  MAJOR_PARAMS.map((p) => params[p])
    .filter((v) => v !== undefined)
    .join(':') || 'global';

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

export class Router {
  constructor(private readonly routes: readonly RouteDef[]) {}

  /** The matching route, `'method'` when the path exists under another method, or undefined. */
  match(method: string, path: string): RouteMatch | 'method' | undefined {
    const segments = path.split('/').filter(Boolean);
    let pathExists = false;
    for (const route of this.routes) {
      const params = matchPattern(route.pattern, segments);
      if (!params) continue;
      if (route.method === method) return { route, params };
      pathExists = true;
    }
    return pathExists ? 'method' : undefined;
  }
}

function matchPattern(
  pattern: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const segment = decodeURIComponent(segments[i] ?? '');
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

/** Interaction and webhook tokens are credentials: keep them out of logs. */
export const redactPath = (path: string): string =>
  path.replace(/\/(interactions\/\d+|webhooks\/\d+)\/[^/?]+/g, '/$1/<token>');
