/**
 * Which process delivers what, when the bot runs as several shards.
 *
 * Discord routes a guild's events to shard `(guild_id >> 22) % shard_count`; channel posts follow
 * the same rule so the shard that sees a guild is the one that posts in it. DM reminders have no
 * guild, so they are partitioned by the user's id with the same arithmetic: for a given shard
 * count every reminder has exactly one owner, and since every process of a deployment runs with
 * the same count (a changed count means a full restart), ownership never overlaps.
 */
export interface Ownership {
  readonly shardIds: readonly number[];
  readonly shardCount: number;
  ownsGuild(guildId: string): boolean;
  ownsUser(userId: string): boolean;
}

export function shardOf(snowflake: string, shardCount: number): number {
  if (!/^\d{1,20}$/.test(snowflake)) throw new RangeError(`not a Discord id: ${snowflake}`);
  if (!Number.isInteger(shardCount) || shardCount < 1)
    throw new RangeError(`bad shard count: ${shardCount}`);
  return Number((BigInt(snowflake) >> 22n) % BigInt(shardCount));
}

export function createOwnership(shardIds: readonly number[], shardCount: number): Ownership {
  const mine = new Set(shardIds);
  return {
    shardIds: [...mine].sort((a, b) => a - b),
    shardCount,
    ownsGuild: (guildId) => mine.has(shardOf(guildId, shardCount)),
    ownsUser: (userId) => mine.has(shardOf(userId, shardCount)),
  };
}

/** One process owns everything. */
export const soleOwner: Ownership = createOwnership([0], 1);
