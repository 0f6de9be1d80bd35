import { ChannelType } from 'discord-api-types/v10';
import {
  BOT_ROLE_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  snowflakeAt,
  type Emulator,
} from '@premiere/discord-emulator';

/*
 * Scale for the emulator's world, added through its public World maps after the fixed seed:
 * many DM users and many guilds, each guild with one text channel the bot may post in.
 * Ids are one millisecond apart, so `(id >> 22) % shards` spreads them evenly over any shard count.
 */

const USERS_FROM = Date.parse('2022-01-01T00:00:00.000Z');
const GUILDS_FROM = Date.parse('2022-06-01T00:00:00.000Z');
const CHANNELS_FROM = Date.parse('2022-09-01T00:00:00.000Z');
const ROLES_FROM = Date.parse('2022-12-01T00:00:00.000Z');

export const benchUserId = (i: number): string => snowflakeAt(USERS_FROM + i);
export const benchGuildId = (i: number): string => snowflakeAt(GUILDS_FROM + i);
export const benchChannelId = (i: number): string => snowflakeAt(CHANNELS_FROM + i);

export interface SeededGuild {
  guildId: string;
  channelId: string;
}

/** `count` users with open DMs; returns their ids and their DM channel ids (already opened). */
export function seedUsers(
  emulator: Emulator,
  count: number,
): { userId: string; dmChannelId: string }[] {
  const { world } = emulator;
  const out: { userId: string; dmChannelId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const id = benchUserId(i);
    if (!world.users.has(id))
      world.users.set(id, {
        id,
        username: `viewer${i}`,
        globalName: `Viewer ${i}`,
        bot: false,
        dmsOpen: true,
        locale: 'en-GB',
      });
    out.push({ userId: id, dmChannelId: world.dmChannelFor(id).id });
  }
  return out;
}

/** `count` guilds, each with the bot as a member and one #countdowns text channel. */
export function seedGuilds(emulator: Emulator, count: number): SeededGuild[] {
  const { world } = emulator;
  const owner = emulator.ids.users.ada;
  const out: SeededGuild[] = [];
  for (let i = 0; i < count; i++) {
    const guildId = benchGuildId(i);
    const channelId = benchChannelId(i);
    out.push({ guildId, channelId });
    if (world.guilds.has(guildId)) continue;
    const botRole = snowflakeAt(ROLES_FROM + i);
    world.guilds.set(guildId, {
      id: guildId,
      name: `Screening Club ${i}`,
      ownerId: owner,
      preferredLocale: 'en-GB',
      roles: new Map([
        [
          guildId,
          {
            id: guildId,
            name: '@everyone',
            permissions: DEFAULT_EVERYONE_PERMISSIONS,
            position: 0,
          },
        ],
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
        [owner, { userId: owner, roles: [], nick: null, joinedAt: '2022-06-01T00:00:00.000Z' }],
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
    world.channels.set(channelId, {
      id: channelId,
      type: ChannelType.GuildText,
      name: 'countdowns',
      guildId,
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
    });
  }
  return out;
}
