import { ChannelType, OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { snowflakeAt } from './snowflake.ts';
import type { Channel, Guild, Role, World } from './world.ts';

/*
 * A small, fixed world. Ids are snowflakes with chosen timestamps so they never change between
 * runs (a restarted bot finds the same guilds) and so the two guilds land on different shards
 * when the bot runs two: `(id >> 22) % 2` is 0 for Film Club and 1 for Cinema Night.
 */
const at = (iso: string, sequence = 0) => snowflakeAt(Date.parse(iso), sequence);

export const SEED = {
  applicationId: at('2023-01-10T10:00:00.000Z'),
  botUserId: at('2023-01-10T10:00:00.000Z'),
  botToken: 'emulator-bot-token.premiere.loopback-only',
  users: {
    /** Owner of Film Club: every permission there. */
    ada: at('2019-03-01T12:00:00.000Z'),
    /** A plain member of both guilds: no Manage Server. */
    ben: at('2019-05-02T12:00:00.000Z'),
    /** A member who closed DMs from server members: DMs to her fail with 50007. */
    cleo: at('2020-07-03T12:00:00.000Z'),
    /** Moderator of Film Club (Manage Server) and owner of Cinema Night. */
    dora: at('2020-09-04T12:00:00.000Z'),
  },
  guilds: {
    filmClub: at('2021-02-01T18:00:00.000Z'), // even ms: shard 0 of 2
    cinemaNight: at('2021-02-01T18:00:00.001Z'), // odd ms: shard 1 of 2
  },
  roles: {
    filmClubModerator: at('2021-02-01T18:05:00.000Z'),
    filmClubBot: at('2021-02-01T18:05:01.000Z'),
    cinemaNightBot: at('2021-02-01T18:05:02.000Z'),
  },
  channels: {
    /** Film Club #general: everyone may talk, the bot included. */
    general: at('2021-02-01T18:10:00.000Z'),
    /** Film Club #announcements: read-only for everyone but moderators; the bot gets 50013. */
    announcements: at('2021-02-01T18:10:01.000Z'),
    /** Film Club #staff: hidden from everyone but moderators; the bot gets 50001. */
    staff: at('2021-02-01T18:10:02.000Z'),
    /** Film Club #countdowns: where countdowns go. */
    countdowns: at('2021-02-01T18:10:03.000Z'),
    /** Film Club category holding the text channels. */
    filmClubCategory: at('2021-02-01T18:10:04.000Z'),
    /** Film Club voice channel (not text based). */
    screeningRoom: at('2021-02-01T18:10:05.000Z'),
    /** Cinema Night #lobby. */
    lobby: at('2021-02-01T18:20:00.000Z'),
    /** Cinema Night #premieres. */
    premieres: at('2021-02-01T18:20:01.000Z'),
  },
} as const;

/** What Discord gives @everyone in a new server. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  P.CreateInstantInvite |
  P.AddReactions |
  P.Stream |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.MentionEveryone |
  P.UseExternalEmojis |
  P.Connect |
  P.Speak |
  P.UseVAD |
  P.ChangeNickname |
  P.UseApplicationCommands |
  P.RequestToSpeak |
  P.CreatePublicThreads |
  P.SendMessagesInThreads |
  P.UseEmbeddedActivities;

/** What the bot's invite link asks for: post, embed, mention (so allowed_mentions matters), events. */
export const BOT_ROLE_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.ReadMessageHistory |
  P.MentionEveryone |
  P.ManageEvents |
  P.CreateEvents |
  P.UseExternalEmojis |
  P.AddReactions;

const MODERATOR_PERMISSIONS = P.ManageGuild | P.ManageMessages | P.ManageEvents | P.KickMembers;

const joined = '2021-02-02T09:00:00.000Z';

function guild(
  world: World,
  id: string,
  name: string,
  ownerId: string,
  preferredLocale: string,
): Guild {
  const g: Guild = { id, name, ownerId, preferredLocale, roles: new Map(), members: new Map() };
  g.roles.set(id, {
    id,
    name: '@everyone',
    permissions: DEFAULT_EVERYONE_PERMISSIONS,
    position: 0,
  });
  world.guilds.set(id, g);
  return g;
}

function role(g: Guild, r: Role): void {
  g.roles.set(r.id, r);
}

function member(g: Guild, userId: string, roles: string[] = []): void {
  g.members.set(userId, { userId, roles, nick: null, joinedAt: joined });
}

function channel(
  world: World,
  c: Omit<Channel, 'position' | 'topic' | 'overwrites'> & Partial<Channel>,
): void {
  world.channels.set(c.id, { position: 0, topic: null, overwrites: [], ...c });
}

/** Fill an empty world with the users, guilds, roles, members and channels above. */
export function seedWorld(world: World): void {
  const { users, guilds, roles, channels } = SEED;
  world.users.set(SEED.botUserId, {
    id: SEED.botUserId,
    username: 'Premiere',
    globalName: null,
    bot: true,
    dmsOpen: true,
    locale: 'en-US',
  });
  const person = (
    id: string,
    username: string,
    globalName: string,
    locale: string,
    dmsOpen = true,
  ) => world.users.set(id, { id, username, globalName, bot: false, dmsOpen, locale });
  person(users.ada, 'ada', 'Ada', 'en-GB');
  person(users.ben, 'ben', 'Ben', 'en-US');
  person(users.cleo, 'cleo', 'Cleo', 'en-GB', false);
  person(users.dora, 'dora', 'Dora', 'fr');

  const club = guild(world, guilds.filmClub, 'Film Club', users.ada, 'en-GB');
  role(club, {
    id: roles.filmClubModerator,
    name: 'Moderator',
    permissions: MODERATOR_PERMISSIONS,
    position: 2,
  });
  role(club, {
    id: roles.filmClubBot,
    name: 'Premiere',
    permissions: BOT_ROLE_PERMISSIONS,
    position: 1,
    managedFor: SEED.botUserId,
  });
  member(club, users.ada);
  member(club, users.ben);
  member(club, users.cleo);
  member(club, users.dora, [roles.filmClubModerator]);
  member(club, SEED.botUserId, [roles.filmClubBot]);

  channel(world, {
    id: channels.filmClubCategory,
    type: ChannelType.GuildCategory,
    name: 'Cinema',
    guildId: club.id,
    parentId: null,
  });
  channel(world, {
    id: channels.general,
    type: ChannelType.GuildText,
    name: 'general',
    guildId: club.id,
    parentId: channels.filmClubCategory,
    position: 0,
    topic: 'Talk about films',
  });
  channel(world, {
    id: channels.announcements,
    type: ChannelType.GuildText,
    name: 'announcements',
    guildId: club.id,
    parentId: channels.filmClubCategory,
    position: 1,
    overwrites: [
      { id: club.id, type: OverwriteType.Role, allow: 0n, deny: P.SendMessages },
      { id: roles.filmClubModerator, type: OverwriteType.Role, allow: P.SendMessages, deny: 0n },
    ],
  });
  channel(world, {
    id: channels.staff,
    type: ChannelType.GuildText,
    name: 'staff',
    guildId: club.id,
    parentId: channels.filmClubCategory,
    position: 2,
    overwrites: [
      { id: club.id, type: OverwriteType.Role, allow: 0n, deny: P.ViewChannel },
      { id: roles.filmClubModerator, type: OverwriteType.Role, allow: P.ViewChannel, deny: 0n },
    ],
  });
  channel(world, {
    id: channels.countdowns,
    type: ChannelType.GuildText,
    name: 'countdowns',
    guildId: club.id,
    parentId: channels.filmClubCategory,
    position: 3,
  });
  channel(world, {
    id: channels.screeningRoom,
    type: ChannelType.GuildVoice,
    name: 'Screening Room',
    guildId: club.id,
    parentId: channels.filmClubCategory,
    position: 4,
  });

  const night = guild(world, guilds.cinemaNight, 'Cinema Night', users.dora, 'en-US');
  role(night, {
    id: roles.cinemaNightBot,
    name: 'Premiere',
    permissions: BOT_ROLE_PERMISSIONS,
    position: 1,
    managedFor: SEED.botUserId,
  });
  member(night, users.dora);
  member(night, users.ben);
  member(night, SEED.botUserId, [roles.cinemaNightBot]);
  channel(world, {
    id: channels.lobby,
    type: ChannelType.GuildText,
    name: 'lobby',
    guildId: night.id,
    parentId: null,
  });
  channel(world, {
    id: channels.premieres,
    type: ChannelType.GuildText,
    name: 'premieres',
    guildId: night.id,
    parentId: null,
    position: 1,
  });
}
