import type { Keyv } from 'keyv';
import type { Logger } from 'pino';
import { StoreUnavailableError, type StoreDirection } from '../domain/errors.ts';
import { isKeyvRedis } from './redis-adapter.ts';

/** The Keyv operations the stores use. */
export type StoreOp = 'get' | 'getMany' | 'set' | 'delete';

/** How one operation ended: answered, failed (threw or unconfirmed), or no answer in the budget. */
export type StoreOpOutcome = 'ok' | 'failed' | 'timeout';

/** Told about every operation: its name, how long it took (seconds) and how it ended. */
export type StoreObserver = (op: StoreOp, seconds: number, outcome: StoreOpOutcome) => void;

/** How long one store operation may take (ms) before it counts as failed. */
export const STORE_TIMEOUT_MS = 2_000;

export interface CheckedStoreOptions {
  /** Budget per operation (ms); `STORE_TIMEOUT_MS` by default. */
  timeoutMs?: number;
  /** Every operation's latency and outcome (main.ts feeds `premiere_store_operation_seconds`). */
  observe?: StoreObserver;
  /**
   * Told once when reads or writes start failing (warn) and once when they work again (info),
   * never once per failed operation.
   */
  logger?: Logger;
}

/** Since when reads or writes have been failing, and why; undefined while they work. */
interface Outage {
  since: number;
  failures: number;
  reason: string;
}

/**
 * The one way src/store talks to Keyv: every get, getMany, set and delete either does what was
 * asked or throws a `StoreUnavailableError`.
 *
 * Keyv 5 hides failures by default (`throwOnErrors` is off): a failed `get` resolves to
 * `undefined` (looks like "no record"), a failed `set` to `false`, and `@keyv/redis` swallows its
 * own errors too; a frozen Redis or a locked SQLite file simply never answers. So this layer:
 * - turns `throwOnErrors` on, in Keyv and in the Redis adapter, so adapter errors are thrown;
 * - treats `false` from `set` as a failed write;
 * - reads several keys in one adapter call (or one `get` each), never through Keyv's `getMany`
 *   fallback, which turns a failed read into `undefined`;
 * - gives each operation `timeoutMs`; past it the caller gets the error (the operation itself may
 *   still finish later: a Redis command already on the wire cannot be taken back);
 * - reports each operation to `observe`, and each outage (reads or writes failing) once to `logger`.
 *
 * Hand-written: Keyv has no per-operation timeout, and p-timeout would be the only part a library
 * could do (a `Promise.race` with a timer).
 */
export class CheckedStore {
  readonly timeoutMs: number;
  private readonly observe: StoreObserver | undefined;
  private readonly logger: Logger | undefined;
  private readonly outages: Record<StoreDirection, Outage | undefined> = {
    read: undefined,
    write: undefined,
  };

  constructor(
    /** The Keyv underneath; only openKeyv, the store CLI and tests touch it directly. */
    readonly keyv: Keyv,
    options: CheckedStoreOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS;
    this.observe = options.observe;
    this.logger = options.logger;
    keyv.throwOnErrors = true;
    const adapter: unknown = keyv.store;
    if (isKeyvRedis(adapter)) adapter.throwOnErrors = true;
  }

  /** The value at `key`, undefined when there is none. Throws StoreUnavailableError. */
  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.bounded('get', 'read', key, () => this.keyv.get<T>(key));
  }

  /** The values at `keys`, in order, undefined where there is none. Throws StoreUnavailableError. */
  getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    const adapter = this.keyv.store as { getMany?: unknown };
    return this.bounded('getMany', 'read', keys[0] ?? '', () =>
      typeof adapter.getMany === 'function'
        ? this.keyv.getMany<T>([...keys])
        : Promise.all(keys.map((key) => this.keyv.get<T>(key))),
    );
  }

  /** Store `value` at `key`; resolves only once the store confirmed it. Throws StoreUnavailableError. */
  async set(key: string, value: unknown): Promise<void> {
    await this.bounded('set', 'write', key, async () => {
      if (!(await this.keyv.set(key, value)))
        throw new StoreUnavailableError('set', 'write', 'unconfirmed', key);
    });
  }

  /** Remove `key` (absent is fine). Throws StoreUnavailableError. */
  async delete(key: string): Promise<void> {
    await this.bounded('delete', 'write', key, () => this.keyv.delete(key));
  }

  /**
   * Why the store is not healthy, or undefined: writes failing since the last failed write (even
   * while reads work, as under a locked SQLite file), or a read of a probe key not answered in time.
   */
  async problem(): Promise<string | undefined> {
    const writes = this.outages.write;
    if (writes !== undefined) return `store writes are failing (${this.describe(writes)})`;
    try {
      await this.get('healthz');
      return undefined;
    } catch (err) {
      return err instanceof StoreUnavailableError
        ? `store reads are failing (${this.describe(this.outages.read)})`
        : `store check failed: ${String(err)}`;
    }
  }

  /** Close the connection (Redis) or file (SQLite); gives up after the budget. */
  async disconnect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.keyv.disconnect().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private describe(outage: Outage | undefined): string {
    if (outage === undefined) return 'no answer';
    const seconds = Math.round((performance.now() - outage.since) / 1000);
    return `${outage.reason}, for ${seconds} s`;
  }

  private async bounded<T>(
    op: StoreOp,
    direction: StoreDirection,
    key: string,
    run: () => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const work = run();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(op, direction, 'timeout', key)),
        this.timeoutMs,
      );
    });
    try {
      const value = await Promise.race([work, timeout]);
      this.observe?.(op, (performance.now() - started) / 1000, 'ok');
      this.answered(direction);
      return value;
    } catch (err) {
      const failure =
        err instanceof StoreUnavailableError
          ? err
          : new StoreUnavailableError(op, direction, 'failed', key, { cause: err });
      // A late answer (or a late failure) of an operation given up on is nobody's business now.
      work.catch(() => undefined);
      this.observe?.(
        op,
        (performance.now() - started) / 1000,
        failure.reason === 'timeout' ? 'timeout' : 'failed',
      );
      this.failed(direction, failure);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  private answered(direction: StoreDirection): void {
    const outage = this.outages[direction];
    if (outage === undefined) return;
    this.outages[direction] = undefined;
    this.logger?.info(
      {
        direction,
        downMs: Math.round(performance.now() - outage.since),
        failedOperations: outage.failures,
      },
      `store ${direction}s work again`,
    );
  }

  private failed(direction: StoreDirection, err: StoreUnavailableError): void {
    const cause: unknown = err.cause;
    const reason =
      err.reason === 'failed' && cause instanceof Error
        ? cause.message
        : err.reason === 'timeout'
          ? `no answer within ${this.timeoutMs} ms`
          : 'the store did not confirm the write';
    const outage = this.outages[direction];
    if (outage !== undefined) {
      outage.failures++;
      outage.reason = reason;
      return;
    }
    this.outages[direction] = { since: performance.now(), failures: 1, reason };
    this.logger?.warn(
      { direction, op: err.op, key: err.key, reason, err: cause ?? err },
      `store ${direction}s are failing; commands that need them answer "storage unavailable" and deliveries wait until they work again`,
    );
  }
}

/** The store layer for a Keyv, or the given one: every store in src/store goes through one. */
export const checked = (store: Keyv | CheckedStore): CheckedStore =>
  store instanceof CheckedStore ? store : new CheckedStore(store);

/** What store factories accept: a configured CheckedStore (main.ts), or a bare Keyv (tests). */
export type StoreInput = Keyv | CheckedStore;
