import { Writable } from 'node:stream';
import { Keyv } from 'keyv';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyv, RecordReader } from '../../src/store/keyv.ts';
import { locksFor } from '../../src/store/locks.ts';
import { redisAvailable, startTestRedis, type TestRedis } from '../../tools/harness/redis.ts';
import { KeyvCountdownStore } from '../../src/store/countdown-store.ts';
import { countdownId, type Countdown } from '../../src/domain/countdown-record.ts';

/** A Map that counts the operations the store makes, to pin "constant cost whatever the size". */
class CountingMap extends Map<string, unknown> {
  ops = 0;
  override get(key: string) {
    this.ops++;
    return super.get(key);
  }
  override set(key: string, value: unknown) {
    this.ops++;
    return super.set(key, value);
  }
  override delete(key: string) {
    this.ops++;
    return super.delete(key);
  }
}

function setup() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const map = new CountingMap();
  const keyv = new Keyv({ store: map, namespace: 'premiere' });
  return { keyv, map, lines, store: new KeyvCountdownStore(keyv, new RecordReader(logger)) };
}

const GUILD = '100000000000000001';
let channelSeq = 200000000000000000n;
function countdown(overrides: Partial<Countdown> = {}): Countdown {
  const guildId = overrides.guildId ?? GUILD;
  const channelId = overrides.channelId ?? String(channelSeq++);
  const filmId = overrides.filmId ?? 'ballerina-2023';
  return {
    id: countdownId(guildId, channelId, filmId),
    guildId,
    channelId,
    filmId,
    time: '09:00',
    zone: 'Europe/London',
    style: 'post',
    createdBy: '300000000000000001',
    createdAt: '2023-10-01T10:00:00.000Z',
    status: 'active',
    ...overrides,
  };
}

describe('KeyvCountdownStore', () => {
  it('GIVEN a new countdown WHEN it is created THEN it can be read back, is listed for its server and found by the tick index', async () => {
    const { store } = setup();
    const c = countdown();
    expect(await store.create(c)).toMatchObject({ ok: true });
    expect(await store.get(c.id)).toEqual(c);
    expect((await store.listGuild(GUILD)).map((x) => x.id)).toEqual([c.id]);
    expect(await store.activeIds()).toEqual([c.id]);
  });

  it('GIVEN a channel already counting down to a film WHEN the same is started again THEN it is refused as existing and nothing changes', async () => {
    const { store } = setup();
    const first = countdown({ channelId: '200000000000000999' });
    await store.create(first);
    const again = { ...first, time: '18:00' };
    expect(await store.create(again)).toEqual({ ok: false, reason: 'exists', existing: first });
    expect((await store.get(first.id))?.time).toBe('09:00');
  });

  it('GIVEN one channel WHEN a second film counts down there THEN both are kept (one per channel and film)', async () => {
    const { store } = setup();
    await store.create(countdown({ channelId: '200000000000000998' }));
    expect(
      await store.create(countdown({ channelId: '200000000000000998', filmId: 'other-film' })),
    ).toMatchObject({ ok: true });
    expect(await store.listGuild(GUILD)).toHaveLength(2);
  });

  it('GIVEN a server with 10 running countdowns WHEN an 11th is started THEN it is refused as full', async () => {
    const { store } = setup();
    for (let i = 0; i < 10; i++) await store.create(countdown());
    const result = await store.create(countdown());
    expect(result).toMatchObject({ ok: false, reason: 'full' });
    if (!result.ok && result.reason === 'full') expect(result.current).toHaveLength(10);
    expect(await store.activeIds()).toHaveLength(10);
  });

  it('GIVEN 12 starts racing in one server THEN exactly 10 are stored and the index agrees', async () => {
    const { store } = setup();
    const results = await Promise.all(Array.from({ length: 12 }, () => store.create(countdown())));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(await store.listGuild(GUILD)).toHaveLength(10);
    expect(await store.activeIds()).toHaveLength(10);
  });

  it('GIVEN 9 running and 1 finished countdown WHEN a new one is started THEN the finished one makes room and the list stays at 10', async () => {
    const { store } = setup();
    const finished = countdown({ status: 'finished' });
    await store.create(finished);
    for (let i = 0; i < 9; i++) await store.create(countdown());
    const result = await store.create(countdown());
    expect(result).toMatchObject({ ok: true, pruned: [finished] });
    expect(await store.listGuild(GUILD)).toHaveLength(10);
    expect(await store.get(finished.id)).toBeUndefined();
  });

  it('GIVEN an active countdown WHEN it is paused THEN it leaves the tick index but stays in status, and resuming brings it back', async () => {
    const { store } = setup();
    const c = countdown();
    await store.create(c);
    const before = await store.changeStamp();
    await store.update(c.id, (x) => ({
      ...x,
      status: 'paused',
      pausedReason: 'Missing Permissions',
    }));
    expect(await store.activeIds()).toEqual([]);
    expect((await store.listGuild(GUILD))[0]).toMatchObject({
      status: 'paused',
      pausedReason: 'Missing Permissions',
    });
    const paused = await store.changeStamp();
    expect(paused).not.toBe(before);
    await store.update(c.id, ({ pausedReason: _gone, ...x }) => ({ ...x, status: 'active' }));
    expect(await store.activeIds()).toEqual([c.id]);
    expect(await store.changeStamp()).not.toBe(paused);
  });

  it('GIVEN the scheduler records a post WHEN the countdown stays active THEN the change stamp stays put (no needless re-read)', async () => {
    const { store } = setup();
    const c = countdown();
    await store.create(c);
    const stamp = await store.changeStamp();
    await store.update(c.id, (x) => ({ ...x, lastSlot: '2023-10-02T08:00:00.000Z' }));
    expect(await store.changeStamp()).toBe(stamp);
  });

  it('GIVEN a stopped countdown WHEN it is removed THEN it is gone everywhere and a late update cannot bring it back', async () => {
    const { store } = setup();
    const c = countdown();
    await store.create(c);
    expect(await store.remove(c.id)).toEqual(c);
    expect(await store.get(c.id)).toBeUndefined();
    expect(await store.listGuild(GUILD)).toEqual([]);
    expect(await store.activeIds()).toEqual([]);
    expect(
      await store.update(c.id, (x) => ({ ...x, lastSlot: '2023-10-02T08:00:00.000Z' })),
    ).toBeUndefined();
    expect(await store.get(c.id)).toBeUndefined();
    expect(await store.remove(c.id)).toBeUndefined();
  });

  it('GIVEN a corrupt record WHEN it is read THEN it is skipped, the rest still list, and the problem is logged once', async () => {
    const { store, keyv, lines } = setup();
    const good = countdown();
    await store.create(good);
    const bad = countdown();
    await store.create(bad);
    await keyv.set(`countdown:${bad.id}`, { id: bad.id, status: 'sideways' });
    expect(await store.get(bad.id)).toBeUndefined();
    expect((await store.listGuild(GUILD)).map((c) => c.id)).toEqual([good.id]);
    expect(await store.getMany([good.id, bad.id])).toEqual([good]);
    expect(lines.filter((l) => l.includes(bad.id))).toHaveLength(1);
  });

  it('GIVEN a stored record whose zone or time is not real THEN it is skipped like any corrupt record', async () => {
    const { store, keyv } = setup();
    const c = countdown();
    await store.create(c);
    await keyv.set(`countdown:${c.id}`, { ...c, zone: 'Mars/Base' });
    expect(await store.get(c.id)).toBeUndefined();
    await keyv.set(`countdown:${c.id}`, { ...c, time: '25:00' });
    expect(await store.get(c.id)).toBeUndefined();
  });

  it('GIVEN 2,000 countdowns in 1,000 servers THEN the index finds them all and each start costs the same few store operations as the first', async () => {
    const { store, map } = setup();
    const costs: number[] = [];
    for (let g = 0; g < 1000; g++) {
      const guildId = String(100000000000000000n + (BigInt(g) << 22n));
      for (let k = 0; k < 2; k++) {
        const before = map.ops;
        await store.create(countdown({ guildId }));
        costs.push(map.ops - before);
      }
    }
    expect(await store.activeIds()).toHaveLength(2000);
    expect(Math.max(...costs)).toBeLessThanOrEqual(12);
    expect(costs.at(-1)).toBe(costs[1]);
  });
});

describe.skipIf(!redisAvailable())('KeyvCountdownStore on Redis shared by two processes', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('GIVEN two processes starting countdowns in 40 servers whose ids share one index page THEN none is lost from the index', async () => {
    const logger = pino({ level: 'silent' });
    // Two Keyv clients and two stores: what two shard processes have.
    const [a, b] = [openKeyv(redis.url), openKeyv(redis.url)].map(
      (keyv) => new KeyvCountdownStore(keyv, new RecordReader(logger), locksFor(keyv)),
    );
    if (!a || !b) throw new Error('no stores');
    // (id >> 22) % 64 is the same for all: one page, written by both processes at once.
    const guilds = Array.from({ length: 40 }, (_, i) => String((BigInt(i + 1) * 64n + 5n) << 22n));
    const results = await Promise.all(
      guilds.map((guildId, i) => (i % 2 === 0 ? a : b).create(countdown({ guildId }))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await a.activeIds()).toHaveLength(40);
    expect(new Set(await b.activeIds()).size).toBe(40);
  }, 30_000);
});
