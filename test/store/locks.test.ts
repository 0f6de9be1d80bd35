import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locksFor, RedisLocks } from '../../src/store/locks.ts';
import { KeyedMutex } from '../../src/store/mutex.ts';
import { openKeyv } from '../../src/store/keyv.ts';
import { redisAvailable, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';

describe('store locks', () => {
  it('GIVEN an in-memory or SQLite store THEN the in-process mutex is used', () => {
    expect(locksFor(openKeyv('memory://'))).toBeInstanceOf(KeyedMutex);
  });

  describe.runIf(redisAvailable())('on Redis shared by several processes', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startTestRedis();
    });
    afterAll(async () => {
      await redis.stop();
    });

    it('GIVEN two clients (two shards) appending to one list at once THEN no append is lost', async () => {
      const [a, b] = [openKeyv(redis.url), openKeyv(redis.url)];
      const [lockA, lockB] = [locksFor(a), locksFor(b)];
      expect(lockA).toBeInstanceOf(RedisLocks);
      const append = (keyv: typeof a, locks: typeof lockA, id: string) =>
        locks.run('page', async () => {
          const ids = (await keyv.get<string[]>('page')) ?? [];
          await keyv.set('page', [...ids, id]);
        });
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          i % 2 === 0 ? append(a, lockA, `a${i}`) : append(b, lockB, `b${i}`),
        ),
      );
      expect(new Set(await a.get<string[]>('page')).size).toBe(100);
      await a.disconnect();
      await b.disconnect();
    });
  });
});
