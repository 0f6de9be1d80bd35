import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Keyv } from 'keyv';
import { StoreUnavailableError } from '../domain/errors.ts';
import { STORE_TIMEOUT_MS } from './checked-store.ts';
import { KeyedMutex } from './mutex.ts';
import { isKeyvRedis } from './redis-adapter.ts';

/** Runs a read-modify-write of one key so that no other writer interleaves with it. */
export interface Locks {
  run<T>(key: string, critical: () => Promise<T>): Promise<T>;
}

/** The part of a node-redis client the lock needs (the same calls exist on a cluster client). */
interface LockClient {
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const RELEASE_IF_OURS =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * A lock shared by every process on one Redis. Keyv has no atomic operations and shards share
 * the store, so the in-process KeyedMutex alone would let two shards interleave a "read page,
 * add id, write page". Each key gets a short-lived Redis lock (SET NX PX; released only by its
 * holder), taken inside the local mutex so a process never races itself for it. The expiry
 * bounds how long a crashed holder can block others; critical sections are a few store calls.
 */
export class RedisLocks implements Locks {
  private readonly local = new KeyedMutex();

  constructor(
    private readonly client: () => Promise<LockClient>,
    private readonly ttlMs = 10_000,
    private readonly waitMs = 15_000,
    /** Budget for each Redis call the lock makes, like every store operation (CheckedStore). */
    private readonly callTimeoutMs = STORE_TIMEOUT_MS,
  ) {}

  /** One Redis call of the lock, failed with StoreUnavailableError if it errs or takes too long. */
  private async call<T>(op: string, key: string, run: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const work = run();
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new StoreUnavailableError(op, 'write', 'timeout', key)),
            this.callTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      work.catch(() => undefined);
      if (err instanceof StoreUnavailableError) throw err;
      throw new StoreUnavailableError(op, 'write', 'failed', key, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  run<T>(key: string, critical: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const client = await this.call('lock', key, () => this.client());
      const lockKey = `premiere:lock:${key}`;
      const token = randomBytes(12).toString('base64url');
      const deadline = Date.now() + this.waitMs;
      for (
        let delay = 2;
        (await this.call('lock', key, () =>
          client.set(lockKey, token, { NX: true, PX: this.ttlMs }),
        )) !== 'OK';
      ) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for the store lock on ${key}`);
        await sleep(delay + Math.random() * delay);
        delay = Math.min(delay * 2, 50);
      }
      try {
        return await critical();
      } finally {
        // Not released (the store stopped answering), it expires after ttlMs; what the critical
        // section did stands either way, so this failure is not the caller's.
        await this.call('unlock', key, () =>
          client.eval(RELEASE_IF_OURS, { keys: [lockKey], arguments: [token] }),
        ).catch(() => undefined);
      }
    });
  }
}

/** The right lock for the store behind `keyv`: Redis locks when shards share Redis, else in-process. */
export function locksFor(keyv: Keyv, callTimeoutMs = STORE_TIMEOUT_MS): Locks {
  const store: unknown = keyv.store;
  if (isKeyvRedis(store)) {
    return new RedisLocks(async () => await store.getClient(), 10_000, 15_000, callTimeoutMs);
  }
  return new KeyedMutex();
}
