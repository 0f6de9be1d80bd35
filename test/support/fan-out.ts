import { ChannelType } from 'discord-api-types/v10';
import {
  BOT_ROLE_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  SEED,
  shardOf,
  snowflakeAt,
  type Emulator,
  type RequestLogEntry,
} from '@premiere/discord-emulator';
import { KeyvCountdownStore } from '../../src/store/countdown-store.ts';
import { openKeyv, RecordReader } from '../../src/store/keyv.ts';
import { locksFor } from '../../src/store/locks.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { createUserStore } from '../../src/store/user-store.ts';
import { silentLogger } from './reminder-fixtures.ts';
import { countdownId } from '../../src/domain/countdown-record.ts';
import { reminderIdOf, type Reminder, type ReminderKey } from '../../src/domain/reminders.ts';

/*
 * A fan-out for end-to-end tests: many people and guilds in the emulator, and in the bot's store
 * what they asked for days ago, all due at one instant. Every message has one place it must
 * arrive exactly once, and one shard that owns it: a DM reminder its user's, a channel post its
 * guild's, and a `here` reminder whose channel refuses it its guild's too (it comes by DM).
 */

export const FILM = 'ballerina-2023';
/** The film's release (08:00 in London); reminders an hour before and the last-day countdown post fall due together. */
export const RELEASE = '2023-10-06T07:00:00.000Z';
export const DUE = '2023-10-06T06:00:00.000Z';
const MESSAGE_ROUTE = 'POST /channels/:channel_id/messages';

export interface FanOutGuild {
  id: string;
  shard: number;
  channelId: string;
  /** Each has a `here` reminder in the channel; they are pinged together in one post. */
  memberIds: string[];
}

export interface FanOut {
  shardCount: number;
  /** Each has one DM reminder. */
  dmUserIds: string[];
  /** Each channel gets one countdown post and one post pinging its members. */
  guilds: FanOutGuild[];
  /** A `here` reminder in Film Club #announcements, where the bot may not post (50013): it comes by DM, from Film Club's shard. */
  fallback: { userId: string; shard: number } | undefined;
  /** Messages that must arrive, each exactly once. */
  expected: number;
  /** Reminders among them (the rest are countdown posts). */
  reminders: number;
  /** The shard that must send whatever goes to this channel. */
  ownerOf(channelId: string): number | undefined;
}

/** Ids a millisecond apart: `(id >> 22) % n` walks through every shard in turn. */
const idAt = (from: string, i: number) => snowflakeAt(Date.parse(from) + i);

/** A guild with the bot in it (its own managed role) and one text channel where it may post. */
function addGuild(emulator: Emulator, i: number): { id: string; channelId: string } {
  const id = idAt('2022-06-01T00:00:00Z', i);
  const channelId = idAt('2022-09-01T00:00:00Z', i);
  const botRole = idAt('2022-12-01T00:00:00Z', i);
  const name = `Screening Room ${i}`;
  emulator.world.guilds.set(id, {
    id,
    name,
    ownerId: SEED.users.ada,
    preferredLocale: 'en-GB',
    roles: new Map([
      [id, { id, name: '@everyone', permissions: DEFAULT_EVERYONE_PERMISSIONS, position: 0 }],
      [
        botRole,
        {
          id: botRole,
          name: 'Premiere',
          permissions: BOT_ROLE_PERMISSIONS,
          position: 1,
          managedFor: emulator.botUserId,
        },
      ],
    ]),
    members: new Map([
      [
        emulator.botUserId,
        {
          userId: emulator.botUserId,
          roles: [botRole],
          nick: null,
          joinedAt: '2022-06-01T00:00:00.000Z',
        },
      ],
    ]),
  });
  emulator.world.channels.set(channelId, {
    id: channelId,
    type: ChannelType.GuildText,
    name: 'screenings',
    guildId: id,
    position: 0,
    parentId: null,
    topic: null,
    overwrites: [],
  });
  return { id, channelId };
}

/**
 * Build the fan-out in the emulator (its `shardCount` must match) and in the store at `storeUrl`:
 * `users` DM reminders, `guildsPerShard` guilds on every shard with a countdown and two `here`
 * reminders each, and (with `fallback`) one `here` reminder whose channel refuses the bot.
 */
export async function seedFanOut(
  emulator: Emulator,
  storeUrl: string,
  options: { shardCount: number; users: number; guildsPerShard?: number; fallback?: boolean },
): Promise<FanOut> {
  const { shardCount } = options;
  const dmUserIds: string[] = [];
  for (let i = 0; i < options.users; i++)
    dmUserIds.push(
      emulator.addUser({ username: `viewer${i}`, id: idAt('2022-01-01T00:00:00Z', i) }),
    );

  const guilds: FanOutGuild[] = [];
  const perShard = options.guildsPerShard ?? 0;
  for (let i = 0; guilds.length < perShard * shardCount; i++) {
    const shard = shardOf(idAt('2022-06-01T00:00:00Z', i), shardCount);
    if (guilds.filter((g) => g.shard === shard).length >= perShard) continue;
    const { id, channelId } = addGuild(emulator, i);
    const memberIds = [0, 1].map((k) =>
      emulator.addUser({
        username: `member${i}-${k}`,
        id: idAt('2022-03-01T00:00:00Z', i * 2 + k),
        guilds: [id],
      }),
    );
    guilds.push({ id, shard, channelId, memberIds });
  }

  let fallback: FanOut['fallback'];
  if (options.fallback === true) {
    const clubShard = shardOf(SEED.guilds.filmClub, shardCount);
    let i = 0;
    // Someone whose own shard is another one: only the guild's shard may send the DM.
    while (shardCount > 1 && shardOf(idAt('2022-04-01T00:00:00Z', i), shardCount) === clubShard)
      i++;
    const userId = emulator.addUser({
      username: 'latecomer',
      id: idAt('2022-04-01T00:00:00Z', i),
      guilds: [SEED.guilds.filmClub],
    });
    fallback = { userId, shard: clubShard };
  }

  // ---- the store: what these people asked for, DM channels opened when they asked ----
  const keyv = openKeyv(storeUrl);
  const locks = locksFor(keyv);
  const reminders = createReminderStore({ keyv, logger: silentLogger, locks });
  const users = createUserStore({ keyv, logger: silentLogger });
  const countdowns = new KeyvCountdownStore(keyv, new RecordReader(silentLogger), locks);
  const createdAt = '2023-09-01T12:00:00.000Z';
  const remind = async (key: Omit<ReminderKey, 'filmId' | 'offset'>, guildId?: string) => {
    const full: ReminderKey = { ...key, filmId: FILM, offset: 'hour' };
    const reminder: Reminder = {
      id: reminderIdOf(full),
      userId: full.userId,
      filmId: FILM,
      offset: 'hour',
      where: full.where,
      ...(full.channelId === undefined ? {} : { channelId: full.channelId }),
      ...(guildId === undefined ? {} : { guildId }),
      createdAt,
      delivery: { state: 'pending', attempts: 0 },
    };
    const added = await reminders.add(reminder, () => true);
    if (added.kind !== 'added') throw new Error(`seeding a reminder: ${added.kind}`);
  };
  await Promise.all(
    dmUserIds.map(async (userId) => {
      await users.setDmChannel(userId, emulator.world.dmChannelFor(userId).id);
      await remind({ userId, where: 'dm' });
    }),
  );
  for (const g of guilds) {
    for (const userId of g.memberIds)
      await remind({ userId, where: 'here', channelId: g.channelId }, g.id);
    const made = await countdowns.create({
      id: countdownId(g.id, g.channelId, FILM),
      guildId: g.id,
      channelId: g.channelId,
      filmId: FILM,
      // The daily post comes after release; the only slot before it is the last-day post at DUE.
      time: '18:00',
      zone: 'UTC',
      style: 'post',
      createdBy: SEED.users.ada,
      createdAt: '2023-10-06T05:00:00.000Z',
      status: 'active',
    });
    if (!made.ok) throw new Error(`seeding a countdown: ${made.reason}`);
  }
  if (fallback) {
    await users.setDmChannel(fallback.userId, emulator.world.dmChannelFor(fallback.userId).id);
    await remind(
      { userId: fallback.userId, where: 'here', channelId: SEED.channels.announcements },
      SEED.guilds.filmClub,
    );
  }
  await keyv.disconnect();

  const owners = new Map<string, number>();
  for (const userId of dmUserIds)
    owners.set(emulator.world.dmChannelFor(userId).id, shardOf(userId, shardCount));
  for (const g of guilds) owners.set(g.channelId, g.shard);
  if (fallback) owners.set(emulator.world.dmChannelFor(fallback.userId).id, fallback.shard);
  return {
    shardCount,
    dmUserIds,
    guilds,
    fallback,
    expected: dmUserIds.length + guilds.length * 2 + (fallback ? 1 : 0),
    reminders: dmUserIds.length + guilds.length * 2 + (fallback ? 1 : 0),
    ownerOf: (channelId) => owners.get(channelId),
  };
}

/** Messages the bot posted so far that the fan-out expects (not counting anything else). */
export function deliveredCount(emulator: Emulator, fanOut: FanOut): number {
  let n = 0;
  for (const userId of fanOut.dmUserIds) n += emulator.dms(userId).length;
  for (const g of fanOut.guilds) n += emulator.messages(g.channelId).length;
  if (fanOut.fallback) n += emulator.dms(fanOut.fallback.userId).length;
  return n;
}

/** Where anything arrived other than exactly once, as readable lines (empty when all is well). */
export function deliveryProblems(emulator: Emulator, fanOut: FanOut): string[] {
  const problems: string[] = [];
  for (const userId of fanOut.dmUserIds) {
    const dms = emulator.dms(userId);
    if (dms.length !== 1 || !dms[0]?.content.startsWith('⏰ One hour to go!'))
      problems.push(`DM user ${userId}: ${dms.length} messages`);
  }
  for (const g of fanOut.guilds) {
    const posts = emulator.messages(g.channelId);
    const countdownPosts = posts.filter((m) => m.mentions.length === 0);
    if (countdownPosts.length !== 1)
      problems.push(`countdown in guild ${g.id}: ${countdownPosts.length} posts`);
    for (const userId of g.memberIds) {
      const pings = posts.filter((m) => m.mentions.some((u) => u.id === userId));
      if (pings.length !== 1)
        problems.push(`here reminder of ${userId} in ${g.id}: ${pings.length} posts`);
    }
    // The members' here reminders, due together in one channel, go out as one post.
    if (posts.length !== 2) problems.push(`guild ${g.id} channel: ${posts.length} posts in all`);
  }
  if (fanOut.fallback) {
    const dms = emulator.dms(fanOut.fallback.userId);
    if (dms.length !== 1 || !dms[0]?.content.includes('I am no longer allowed to post there'))
      problems.push(`fallback DM of ${fanOut.fallback.userId}: ${dms.length} messages`);
    if (emulator.messages(SEED.channels.announcements).length !== 0)
      problems.push('something was posted in #announcements, where the bot may not post');
  }
  return problems;
}

export interface RepeatedSend {
  channelId: string;
  nonce: string;
  /** Successful sends with this nonce in this channel. */
  sends: number;
  /** Every send was answered with the same message: Discord kept one. */
  sameMessage: boolean;
}

/**
 * Sends Discord accepted more than once with the same nonce in the same channel: the second one
 * was answered from the nonce (no new message), but it means a delivery was attempted twice.
 */
export function repeatedSends(requests: readonly RequestLogEntry[]): RepeatedSend[] {
  const groups = new Map<string, RequestLogEntry[]>();
  for (const r of requests) {
    if (r.route !== MESSAGE_ROUTE || r.status !== 200 || r.method !== 'POST') continue;
    const nonce = (r.body as { nonce?: unknown } | undefined)?.nonce;
    const key = `${r.path}|${String(nonce)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => {
      const ids = new Set(g.map((r) => (r.response as { id?: unknown } | undefined)?.id));
      const first = g[0];
      return {
        channelId: first?.path.split('/')[2] ?? '',
        nonce: String((first?.body as { nonce?: unknown } | undefined)?.nonce),
        sends: g.length,
        sameMessage: ids.size === 1,
      };
    });
}
