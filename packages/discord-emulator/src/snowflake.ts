/** Discord snowflakes: milliseconds since the Discord epoch in the top 42 bits. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

export const snowflakeAt = (unixMs: number, sequence = 0): string =>
  ((BigInt(unixMs - DISCORD_EPOCH_MS) << 22n) | BigInt(sequence & 0xfff)).toString();

export const snowflakeTime = (id: string): number => Number(BigInt(id) >> 22n) + DISCORD_EPOCH_MS;

/** The shard a guild lives on: `(guild_id >> 22) % shard_count`, as Discord and discord.js compute it. */
export const shardOf = (guildId: string, shardCount: number): number =>
  Number((BigInt(guildId) >> 22n) % BigInt(shardCount));

/** Monotonic ids from a clock; the sequence keeps ids unique within one millisecond. */
export class SnowflakeFactory {
  private lastMs = 0;
  private sequence = 0;
  constructor(private readonly now: () => number) {}

  next(): string {
    const ms = Math.max(this.now(), this.lastMs);
    this.sequence = ms === this.lastMs ? this.sequence + 1 : 0;
    this.lastMs = ms;
    return snowflakeAt(ms, this.sequence);
  }
}
