import { EventEmitter } from 'node:events';
import { Keyv } from 'keyv';

/** The error SQLite gives a write while another connection holds the database lock. */
export const busyError = (): Error =>
  Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });

/**
 * A Keyv storage adapter over a Map that fails the way real stores do, on demand: writes refused
 * (a locked or read-only SQLite file), reads refused, `set` resolving false without an error, or
 * every call hanging until `thaw()` (a Redis frozen with SIGSTOP).
 */
export class FlakyAdapter extends EventEmitter {
  readonly data = new Map<string, unknown>();
  namespace?: string;
  readonly opts = { dialect: 'flaky' };
  /** Refuse writes: all of them, or those a predicate picks (key and serialized value). */
  failWrites: boolean | ((key: string, value: string) => boolean) = false;
  /** Refuse reads: all of them, or those a predicate picks (by key). */
  failReads: boolean | ((key: string) => boolean) = false;
  /** `set` resolves false instead of storing (what a failing adapter reports through Keyv). */
  unconfirmedSets = false;
  private frozen: (() => void)[] | undefined;
  /** Writes refused so far. */
  refusedWrites = 0;

  freeze(): void {
    this.frozen ??= [];
  }

  thaw(): void {
    const waiting = this.frozen ?? [];
    this.frozen = undefined;
    for (const resume of waiting) resume();
  }

  private async gate(): Promise<void> {
    const waiting = this.frozen;
    if (waiting !== undefined) await new Promise<void>((resume) => waiting.push(resume));
  }

  async get(key: string): Promise<unknown> {
    await this.gate();
    if (typeof this.failReads === 'function' ? this.failReads(key) : this.failReads)
      throw busyError();
    return this.data.get(key);
  }

  async set(key: string, value: string): Promise<boolean> {
    await this.gate();
    const refuse =
      typeof this.failWrites === 'function' ? this.failWrites(key, value) : this.failWrites;
    if (refuse) {
      this.refusedWrites++;
      throw busyError();
    }
    if (this.unconfirmedSets) return false;
    this.data.set(key, value);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    await this.gate();
    if (this.failWrites === true) {
      this.refusedWrites++;
      throw busyError();
    }
    return this.data.delete(key);
  }

  async clear(): Promise<void> {
    await this.gate();
    this.data.clear();
  }
}

/** A Keyv over a FlakyAdapter, as the bot opens its own (namespace, nothing else set). */
export function flakyKeyv(): { keyv: Keyv; adapter: FlakyAdapter } {
  const adapter = new FlakyAdapter();
  return { keyv: new Keyv({ store: adapter, namespace: 'test' }), adapter };
}
