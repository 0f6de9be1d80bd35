import { describe, expect, it } from 'vitest';
import { spawnDelayMs } from '../../src/discord/sharding.ts';

describe('spawnDelayMs', () => {
  it('GIVEN max_concurrency 1 THEN shard processes start 5.5 s apart, as discord.js does by default', () => {
    expect(spawnDelayMs([0, 1, 2, 3], 1)).toBe(5500);
  });

  it('GIVEN max_concurrency 16 and 4 shards THEN every shard is in its own bucket and none waits', () => {
    expect(spawnDelayMs([0, 1, 2, 3], 16)).toBe(0);
  });

  it('GIVEN max_concurrency 2 THEN two shards of one bucket, two places apart, still start 5.5 s apart', () => {
    const delay = spawnDelayMs([0, 1, 2, 3], 2);
    expect(delay).toBe(2750);
    expect(2 * delay).toBeGreaterThanOrEqual(5500);
  });

  it('GIVEN SHARD_IDS that puts two shards of one bucket side by side THEN they wait the full interval', () => {
    expect(spawnDelayMs([0, 16], 16)).toBe(5500);
  });

  it('GIVEN a single shard THEN there is nothing to wait for', () => {
    expect(spawnDelayMs([3], 1)).toBe(0);
  });
});
