import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  countdownSchema,
  MAX_COUNTDOWNS_PER_GUILD,
  type Countdown,
} from '../domain/countdown-record.ts';
import { checked, type CheckedStore, type StoreInput } from './checked-store.ts';
import type { RecordReader } from './keyv.ts';
import type { Locks } from './locks.ts';
import { KeyedMutex } from './mutex.ts';

export type CreateResult =
  | { ok: true; countdown: Countdown; pruned: Countdown[] }
  | { ok: false; reason: 'exists'; existing: Countdown }
  | { ok: false; reason: 'full'; current: Countdown[] };

export interface CountdownStore {
  get(id: string): Promise<Countdown | undefined>;
  getMany(ids: readonly string[]): Promise<Countdown[]>;
  /** A server's countdowns (at most MAX_COUNTDOWNS_PER_GUILD), in the order they were started. */
  listGuild(guildId: string): Promise<Countdown[]>;
  /**
   * Add a countdown unless its channel already counts down to that film (active or paused) or
   * the server has `limit` running ones. Finished and ended ones make room for it.
   */
  create(countdown: Countdown, limit?: number): Promise<CreateResult>;
  /**
   * Read, change and write one countdown atomically (see Locks); undefined if it is gone. A change
   * that returns the very record it was given writes nothing.
   */
  update(id: string, change: (current: Countdown) => Countdown): Promise<Countdown | undefined>;
  remove(id: string): Promise<Countdown | undefined>;
  /** Ids of every active countdown, from the paged index: no key scan. */
  activeIds(): Promise<string[]>;
  /** Changes whenever a countdown joins or leaves the active set, so a scheduler knows to re-read. */
  changeStamp(): Promise<string | undefined>;
}

/**
 * Pages of the global index of active countdowns. A guild always lands on the same page,
 * `(guild_id >> 22) % 64`, so adding or removing a countdown rewrites one small page (a constant
 * number of store operations), and with a shard count that divides 64 each page belongs to exactly
 * one shard, which keeps its writers in one process.
 */
export const INDEX_PAGES = 64;
const pageOf = (guildId: string): number => Number((BigInt(guildId) >> 22n) % BigInt(INDEX_PAGES));

const keys = {
  record: (id: string) => `countdown:${id}`,
  guild: (guildId: string) => `countdown-guild:${guildId}`,
  page: (page: number) => `countdown-index:${page}`,
  stamp: 'countdown-index:stamp',
};

const idList = z.array(z.string());

export class KeyvCountdownStore implements CountdownStore {
  private readonly keyv: CheckedStore;

  constructor(
    /** Every operation is checked and time-bounded (a bare Keyv gets the default CheckedStore). */
    keyv: StoreInput,
    private readonly reader: RecordReader,
    /** In-process by default; shards sharing Redis pass RedisLocks so their writes never interleave. */
    private readonly locks: Locks = new KeyedMutex(),
  ) {
    this.keyv = checked(keyv);
  }

  async get(id: string): Promise<Countdown | undefined> {
    const key = keys.record(id);
    return this.reader.parse(key, await this.keyv.get(key), countdownSchema);
  }

  async getMany(ids: readonly string[]): Promise<Countdown[]> {
    if (ids.length === 0) return [];
    const recordKeys = ids.map(keys.record);
    const raw = await this.keyv.getMany(recordKeys);
    return raw.flatMap(
      (value, i) => this.reader.parse(recordKeys[i] ?? '', value, countdownSchema) ?? [],
    );
  }

  async listGuild(guildId: string): Promise<Countdown[]> {
    return this.getMany(await this.guildIds(guildId));
  }

  create(countdown: Countdown, limit = MAX_COUNTDOWNS_PER_GUILD): Promise<CreateResult> {
    return this.locks.run(keys.guild(countdown.guildId), async () => {
      const current = await this.listGuild(countdown.guildId);
      const existing = current.find((c) => c.id === countdown.id);
      if (existing && (existing.status === 'active' || existing.status === 'paused')) {
        return { ok: false, reason: 'exists', existing };
      }
      const others = current.filter((c) => c.id !== countdown.id);
      const running = others.filter((c) => c.status === 'active' || c.status === 'paused');
      if (running.length >= limit) return { ok: false, reason: 'full', current: running };
      // Finished and ended countdowns stay listed for /countdown status until they are needed as room.
      const done = others.filter((c) => c.status === 'finished' || c.status === 'ended');
      const pruned = done.slice(0, Math.max(0, others.length + 1 - limit));
      for (const old of pruned) await this.keyv.delete(keys.record(old.id));
      const kept = others.filter((c) => !pruned.includes(c));

      await this.locks.run(keys.record(countdown.id), async () => {
        await this.keyv.set(keys.record(countdown.id), countdown);
        await this.syncIndex(
          countdown.guildId,
          countdown.id,
          existing?.status === 'active',
          countdown.status === 'active',
        );
      });
      await this.keyv.set(keys.guild(countdown.guildId), [...kept.map((c) => c.id), countdown.id]);
      return { ok: true, countdown, pruned };
    });
  }

  update(id: string, change: (current: Countdown) => Countdown): Promise<Countdown | undefined> {
    return this.locks.run(keys.record(id), async () => {
      const current = await this.get(id);
      if (!current) return undefined;
      const changed = change(current);
      // Handing back the record itself means "nothing to change": no write.
      if (changed === current) return current;
      const next = countdownSchema.parse(changed);
      await this.keyv.set(keys.record(id), next);
      await this.syncIndex(
        current.guildId,
        id,
        current.status === 'active',
        next.status === 'active',
      );
      return next;
    });
  }

  async remove(id: string): Promise<Countdown | undefined> {
    const found = await this.get(id);
    if (!found) return undefined;
    return this.locks.run(keys.guild(found.guildId), () =>
      this.locks.run(keys.record(id), async () => {
        const current = await this.get(id);
        if (!current) return undefined;
        await this.keyv.delete(keys.record(id));
        await this.syncIndex(current.guildId, id, current.status === 'active', false);
        const remaining = (await this.guildIds(current.guildId)).filter((other) => other !== id);
        if (remaining.length === 0) await this.keyv.delete(keys.guild(current.guildId));
        else await this.keyv.set(keys.guild(current.guildId), remaining);
        return current;
      }),
    );
  }

  async activeIds(): Promise<string[]> {
    const pageKeys = Array.from({ length: INDEX_PAGES }, (_, page) => keys.page(page));
    const pages = await this.keyv.getMany(pageKeys);
    return pages.flatMap((raw, i) => this.reader.parse(pageKeys[i] ?? '', raw, idList) ?? []);
  }

  async changeStamp(): Promise<string | undefined> {
    const raw: unknown = await this.keyv.get(keys.stamp);
    return typeof raw === 'string' ? raw : undefined;
  }

  private async guildIds(guildId: string): Promise<string[]> {
    const key = keys.guild(guildId);
    return this.reader.parse(key, await this.keyv.get(key), idList) ?? [];
  }

  /** Keep the index page in step with the record: active countdowns are listed, others are not. */
  private async syncIndex(
    guildId: string,
    id: string,
    wasActive: boolean,
    isActive: boolean,
  ): Promise<void> {
    // The scheduler re-reads each record before acting on it, so only membership needs a stamp.
    if (wasActive === isActive) return;
    const pageKey = keys.page(pageOf(guildId));
    await this.locks.run(pageKey, async () => {
      const ids = this.reader.parse(pageKey, await this.keyv.get(pageKey), idList) ?? [];
      const next = isActive
        ? [...ids.filter((other) => other !== id), id]
        : ids.filter((other) => other !== id);
      if (next.length === 0) await this.keyv.delete(pageKey);
      else await this.keyv.set(pageKey, next);
    });
    await this.keyv.set(keys.stamp, randomUUID());
  }
}
