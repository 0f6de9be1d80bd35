/** Discord lets one identify bucket start a gateway session once per 5 s (plus a margin). */
const IDENTIFY_INTERVAL_MS = 5500;

/**
 * The wait between starting one shard process and the next under start:sharded. Each identify
 * bucket (shard id % max_concurrency) may identify once per 5 s, so shards of different buckets
 * may start together; discord.js's fixed 5.5 s between every spawn is only needed when
 * max_concurrency is 1. With one delay between spawns, two shards of one bucket `gap` places
 * apart in the list start `gap × delay` apart, so the closest such pair sets the delay.
 */
export function spawnDelayMs(shardList: readonly number[], maxConcurrency: number): number {
  const lastPlace = new Map<number, number>();
  let delay = 0;
  shardList.forEach((shardId, place) => {
    const bucket = shardId % Math.max(1, maxConcurrency);
    const previous = lastPlace.get(bucket);
    if (previous !== undefined)
      delay = Math.max(delay, Math.ceil(IDENTIFY_INTERVAL_MS / (place - previous)));
    lastPlace.set(bucket, place);
  });
  return delay;
}
