import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Keyv } from 'keyv';
import { afterAll, beforeAll, describe } from 'vitest';
import { openKeyv } from '../../src/store/keyv.ts';
import { locksFor } from '../../src/store/locks.ts';
import { redisAvailable, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';
import { describeReminderStore } from './reminder-store.suite.ts';

describeReminderStore('memory', () =>
  Promise.resolve({ keyv: new Keyv(), close: () => Promise.resolve() }),
);

describeReminderStore('a SQLite file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-store-'));
  const keyv = openKeyv(`sqlite://${path.join(dir, 'test.sqlite')}`);
  return Promise.resolve({
    keyv,
    close: async () => {
      await keyv.disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe.runIf(redisAvailable())('with Redis', () => {
  let redis: TestRedis | undefined;
  let db = 0;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => redis?.stop());
  describeReminderStore(
    'Redis',
    () => {
      if (redis === undefined) throw new Error('redis did not start');
      // A fresh namespace per test keeps tests apart without flushing a shared CI Redis.
      const keyv = openKeyv(redis.url);
      keyv.namespace = `premiere-test-${process.pid}-${db++}`;
      return Promise.resolve({
        keyv,
        close: async () => {
          await keyv.clear();
          await keyv.disconnect();
        },
      });
    },
    locksFor,
  );
});
