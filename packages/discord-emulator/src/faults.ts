export interface FaultSpec {
  /**
   * Which requests: `'/channels/:channel_id/messages'` (any channel), `'/channels/123/messages'`
   * (that channel only), optionally prefixed with a method (`'POST /users/@me/channels'`);
   * a trailing `/*` matches anything below. A RegExp is tested against `METHOD /path`.
   */
  route: string | RegExp;
  /** Answer with this HTTP status instead of handling the request; omit for latency only. */
  status?: number;
  /** Discord error code in the body (0 when omitted). */
  code?: number;
  message?: string;
  /** How many matching requests to affect; default 1, `Infinity` for all. */
  count?: number;
  /** Hold each matching request this long before answering (or failing). */
  latencyMs?: number;
  /** For status 429: the Retry-After to announce (default 1000 ms) and whether it is global. */
  retryAfterMs?: number;
  global?: boolean;
}

export interface Fault {
  readonly spec: FaultSpec;
  /** Requests this fault has affected so far. */
  readonly hits: number;
  remove(): void;
}

interface ActiveFault extends Fault {
  hits: number;
  remaining: number;
}

/** Injected failures and delays, matched against each REST request before it is handled. */
export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: ActiveFault = {
      spec,
      hits: 0,
      remaining: spec.count ?? 1,
      remove: () => {
        this.faults = this.faults.filter((f) => f !== fault);
      },
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first live fault matching this request, consumed by one. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.spec.route, method, path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    if (fault.remaining <= 0) fault.remove();
    return fault.spec;
  }
}

function matches(route: string | RegExp, method: string, path: string): boolean {
  if (route instanceof RegExp) return route.test(`${method} ${path}`);
  const spaced = /^([A-Z]+)\s+(\/.*)$/.exec(route.trim());
  const wantMethod = spaced?.[1];
  const pattern = spaced?.[2] ?? route.trim();
  if (wantMethod !== undefined && wantMethod !== method) return false;
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    if (w === '*' && i === want.length - 1) return true;
    const g = got[i];
    if (g === undefined) return false;
    if (!w.startsWith(':') && w !== g) return false;
  }
  return want.length === got.length;
}
