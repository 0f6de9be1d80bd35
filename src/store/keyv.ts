import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { Keyv } from 'keyv';
import type { Logger } from 'pino';
import type * as z from 'zod';
import { STORE_TIMEOUT_MS } from './checked-store.ts';
import { keyvRedis } from './redis-adapter.ts';

/**
 * Open the Keyv store that STORE_URL names:
 * `sqlite:///abs/path.sqlite` (one process), `redis://host:port` (shared by shards),
 * `memory://` (tests and the sandbox: gone when the process ends).
 */
export function openKeyv(storeUrl: string): Keyv {
  if (storeUrl.startsWith('sqlite://')) {
    const file = storeUrl.slice('sqlite://'.length);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // busyTimeout rides out a concurrent writer (the store CLI, a backup), and stays under the
    // CheckedStore budget: a write still waiting on a lock when the caller is told "failed" would
    // otherwise land after all, though the user was told nothing changed. WAL with synchronous=NORMAL: a committed write
    // still survives a killed process (what exactly-once delivery relies on), but costs ~50 µs
    // instead of an fsync per write (~1 ms), which would otherwise cap a reminder fan-out
    // (two writes per reminder) below Discord's rate. Only a power cut can lose the last writes.
    // iterationLimit: rows per page when listing every key (npm run store); the bot never lists.
    const sqlite = new KeyvSqlite({
      uri: `sqlite://${file}`,
      busyTimeout: Math.round(STORE_TIMEOUT_MS * 0.75),
      iterationLimit: 1000,
    });
    sqlite
      .query('PRAGMA journal_mode=WAL')
      .then(() => sqlite.query('PRAGMA synchronous=NORMAL'))
      .catch(() => {
        // An unopenable file surfaces on the first real operation with its own error.
      });
    return new Keyv({ store: sqlite, namespace: 'premiere', throwOnErrors: true });
  }
  if (storeUrl.startsWith('redis://') || storeUrl.startsWith('rediss://')) {
    // Errors thrown, not swallowed (the adapter's default), and a connection attempt that gets no
    // answer fails after the budget instead of waiting on node-redis's reconnect loop forever.
    const KeyvRedis = keyvRedis();
    const redis = new KeyvRedis(storeUrl, {
      throwOnErrors: true,
      throwOnConnectError: true,
      connectionTimeout: STORE_TIMEOUT_MS,
    });
    return new Keyv({ store: redis, namespace: 'premiere', throwOnErrors: true });
  }
  if (storeUrl.startsWith('memory://')) {
    return new Keyv({ namespace: 'premiere', throwOnErrors: true });
  }
  throw new Error(`Unsupported STORE_URL scheme: ${storeUrl.split(':')[0] ?? ''}`);
}

/**
 * Read a record and validate it. A corrupt or foreign value is logged once per key and treated
 * as absent, so one bad record can never crash a command or a scheduler tick.
 */
export class RecordReader {
  private readonly reported = new Set<string>();
  constructor(private readonly logger: Logger) {}

  parse<T>(key: string, raw: unknown, schema: z.ZodType<T>): T | undefined {
    if (raw === undefined || raw === null) return undefined;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.logger.warn(
        {
          key,
          issues: result.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`),
        },
        'skipping a stored record that does not match its schema',
      );
    }
    return undefined;
  }
}

/**
 * Whether the store answers one read within `timeoutMs` (ms): undefined when it does, else why
 * not, in the store's own words or "did not answer within N s". Writes nothing. A Redis that
 * refuses connections would otherwise be retried forever, each attempt a logged error.
 */
export async function probeStore(keyv: Keyv, timeoutMs = 5000): Promise<string | undefined> {
  let failure: string | undefined;
  let failed = () => {};
  const onError = (err: unknown) => {
    failure ??= err instanceof Error ? err.message : String(err);
    failed();
  };
  keyv.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  try {
    const answered = await Promise.race([
      keyv.get('store-probe').then(
        () => true,
        (err: unknown) => {
          onError(err);
          return true;
        },
      ),
      // A client that keeps reconnecting reports each failure as an event, never as a rejection.
      new Promise<true>((resolve) => {
        failed = () => resolve(true);
      }),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    return failure ?? (answered ? undefined : `did not answer within ${timeoutMs / 1000} s`);
  } finally {
    clearTimeout(timer);
    keyv.off('error', onError);
  }
}

/** `sqlite:///srv/x.sqlite`, `redis://:***@host:6379`: a store URL fit to print or write in a header. */
export function describeStoreUrl(storeUrl: string): string {
  try {
    const url = new URL(storeUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return storeUrl;
  }
}
