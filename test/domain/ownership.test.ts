import { describe, expect, it } from 'vitest';
import { createOwnership, shardOf, soleOwner } from '../../src/domain/ownership.ts';

// Guild ids from Discord's documentation example: 81384788765712384 >> 22 = 19403645698.
describe('ownership across shards', () => {
  it('GIVEN a guild id THEN its shard is (id >> 22) % count, as Discord computes it', () => {
    expect(shardOf('81384788765712384', 1)).toBe(0);
    expect(shardOf('81384788765712384', 2)).toBe(19403645698 % 2);
    expect(shardOf('81384788765712384', 4)).toBe(19403645698 % 4);
    expect(shardOf('81384788765712384', 16)).toBe(19403645698 % 16);
  });

  it('GIVEN 2 or 4 shards THEN every id of a sample has exactly one owner', () => {
    const ids = Array.from({ length: 2000 }, (_, i) =>
      ((BigInt(1_000_000 + i * 7919) << 22n) | BigInt(i)).toString(),
    );
    for (const count of [2, 4]) {
      const owners = Array.from({ length: count }, (_, shard) => createOwnership([shard], count));
      for (const id of ids) {
        expect(owners.filter((o) => o.ownsUser(id))).toHaveLength(1);
        expect(owners.filter((o) => o.ownsGuild(id))).toHaveLength(1);
      }
      // And the split is not lopsided: each shard gets a fair share.
      for (const o of owners)
        expect(ids.filter((id) => o.ownsUser(id)).length).toBeGreaterThan(ids.length / count / 2);
    }
  });

  it('GIVEN one process running shards 1 and 3 of 4 THEN it owns exactly those', () => {
    const o = createOwnership([3, 1], 4);
    expect(o.shardIds).toEqual([1, 3]);
    const idOnShard = (s: number) => ((10_000n * 4n + BigInt(s)) << 22n).toString();
    expect([0, 1, 2, 3].map((s) => o.ownsGuild(idOnShard(s)))).toEqual([false, true, false, true]);
  });

  it('GIVEN a single process THEN it owns everything', () => {
    expect(soleOwner.ownsGuild('81384788765712384')).toBe(true);
    expect(soleOwner.ownsUser('1')).toBe(true);
  });

  it('GIVEN garbage instead of an id THEN it is refused rather than silently owned', () => {
    expect(() => shardOf('12ab', 2)).toThrow(RangeError);
    expect(() => shardOf('1', 0)).toThrow(RangeError);
  });
});
