import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { openKeyv, RecordReader } from '../../src/store/keyv.ts';
import { redisAvailable, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';

describe('openKeyv', () => {
  it('GIVEN a sqlite:// URL in a folder that does not exist yet THEN it creates the file and values survive reopening', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'premiere-')), 'nested', 'store.sqlite');
    const first = openKeyv(`sqlite://${file}`);
    await first.set('release:ballerina-2023', { instant: '2023-10-06T08:00:00+01:00' });
    await first.disconnect();
    const second = openKeyv(`sqlite://${file}`);
    expect(await second.get('release:ballerina-2023')).toEqual({
      instant: '2023-10-06T08:00:00+01:00',
    });
    await second.disconnect();
  });

  it('GIVEN an unknown scheme THEN it refuses to start rather than guessing', () => {
    expect(() => openKeyv('postgres://db')).toThrow(/Unsupported STORE_URL scheme: postgres/);
  });

  describe.runIf(redisAvailable())('on Redis', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startTestRedis();
    });
    afterAll(async () => {
      await redis.stop();
    });

    it("GIVEN a redis:// URL THEN two clients see each other's writes", async () => {
      const a = openKeyv(redis.url);
      const b = openKeyv(redis.url);
      await a.set('shared-key', { n: 1 });
      expect(await b.get('shared-key')).toEqual({ n: 1 });
      await a.disconnect();
      await b.disconnect();
    });
  });
});

describe('RecordReader', () => {
  it('GIVEN a corrupt record read twice THEN it is skipped both times and logged once', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const reader = new RecordReader(logger);
    const schema = z.object({ userId: z.string() });
    expect(reader.parse('reminder:1', { userId: 42 }, schema)).toBeUndefined();
    expect(reader.parse('reminder:1', 'garbage', schema)).toBeUndefined();
    expect(reader.parse('reminder:2', { userId: '7' }, schema)).toEqual({ userId: '7' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      key: 'reminder:1',
      msg: expect.stringContaining('skipping') as unknown,
    });
  });
});
