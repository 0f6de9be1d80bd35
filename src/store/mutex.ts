/**
 * Serialises read-modify-write of one key within this process. Keyv has no atomic operations, so
 * two interleaved "read list, add id, write list" would lose an update without it.
 *
 * Scope: one process. Processes sharing Redis (sharding) use RedisLocks (locks.ts), which wraps
 * this and adds a short-lived Redis lock per key.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, critical: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await critical();
    } finally {
      release();
      // The last holder cleans up so the map only holds keys that are busy right now.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
