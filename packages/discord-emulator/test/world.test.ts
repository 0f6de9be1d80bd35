import { OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { resolveMentions } from '../src/mentions.ts';
import { SEED, seedWorld } from '../src/seed.ts';
import { ALL_PERMISSIONS, World, type Channel } from '../src/world.ts';

const world = () => {
  const w = new World(SEED.applicationId, SEED.botUserId, () => Date.parse('2023-10-05T07:00:00Z'));
  seedWorld(w);
  return w;
};
const channel = (w: World, id: string): Channel => {
  const c = w.channels.get(id);
  if (!c) throw new Error(`no channel ${id}`);
  return c;
};
const can = (perms: bigint, flag: bigint) => (perms & flag) === flag;

describe('permissions as Discord computes them', () => {
  it('GIVEN the guild owner THEN every permission, even where @everyone is denied', () => {
    const w = world();
    expect(w.permissionsIn(channel(w, SEED.channels.staff), SEED.users.ada)).toBe(ALL_PERMISSIONS);
  });

  it('GIVEN a role overwrite allowing what @everyone is denied THEN the role wins', () => {
    const w = world();
    const announcements = channel(w, SEED.channels.announcements);
    expect(can(w.permissionsIn(announcements, SEED.users.ben), P.SendMessages)).toBe(false);
    expect(can(w.permissionsIn(announcements, SEED.users.dora), P.SendMessages)).toBe(true);
  });

  it('GIVEN a member overwrite THEN it beats every role overwrite', () => {
    const w = world();
    const announcements = channel(w, SEED.channels.announcements);
    announcements.overwrites.push({
      id: SEED.users.dora,
      type: OverwriteType.Member,
      allow: 0n,
      deny: P.SendMessages,
    });
    expect(can(w.permissionsIn(announcements, SEED.users.dora), P.SendMessages)).toBe(false);
  });

  it('GIVEN no View Channel THEN no permission at all in that channel', () => {
    const w = world();
    expect(w.permissionsIn(channel(w, SEED.channels.staff), SEED.botUserId)).toBe(0n);
    expect(
      can(w.permissionsIn(channel(w, SEED.channels.staff), SEED.users.dora), P.ViewChannel),
    ).toBe(true);
  });

  it('GIVEN Administrator on a role THEN everything, overwrites notwithstanding', () => {
    const w = world();
    const club = w.guilds.get(SEED.guilds.filmClub);
    const moderator = club?.roles.get(SEED.roles.filmClubModerator);
    if (!moderator) throw new Error('seed changed');
    moderator.permissions |= P.Administrator;
    expect(w.permissionsIn(channel(w, SEED.channels.staff), SEED.users.dora)).toBe(ALL_PERMISSIONS);
  });

  it('GIVEN the seeded members THEN only ada and dora may manage Film Club', () => {
    const w = world();
    const club = w.guilds.get(SEED.guilds.filmClub);
    if (!club) throw new Error('seed changed');
    const managers = Object.entries(SEED.users)
      .filter(([, id]) => can(w.basePermissions(club, id), P.ManageGuild))
      .map(([name]) => name);
    expect(managers).toEqual(['ada', 'dora']);
  });
});

describe('mentions as Discord resolves them', () => {
  const guild = {
    guildId: SEED.guilds.filmClub,
    canMentionEveryone: true,
    mentionableRoles: new Set<string>(),
  };
  const content = `@everyone <@${SEED.users.ben}> <@&${SEED.roles.filmClubModerator}>`;

  it('GIVEN no allowed_mentions THEN everything written pings', () => {
    expect(resolveMentions(content, undefined, guild)).toEqual({
      everyone: true,
      users: [SEED.users.ben],
      roles: [SEED.roles.filmClubModerator],
    });
  });

  it('GIVEN parse: [] THEN nothing pings', () => {
    expect(resolveMentions(content, { parse: [] }, guild)).toEqual({
      everyone: false,
      users: [],
      roles: [],
    });
  });

  it('GIVEN an explicit user list THEN only those users ping', () => {
    expect(resolveMentions(content, { users: [SEED.users.ben] }, guild)).toEqual({
      everyone: false,
      users: [SEED.users.ben],
      roles: [],
    });
  });

  it('GIVEN a DM THEN @everyone means nothing', () => {
    expect(
      resolveMentions('@everyone', undefined, {
        canMentionEveryone: false,
        mentionableRoles: new Set(),
      }).everyone,
    ).toBe(false);
  });
});
