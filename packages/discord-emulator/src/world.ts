import {
  ChannelType,
  MessageFlags,
  MessageType,
  OverwriteType,
  PermissionFlagsBits,
  type APIActionRowComponent,
  type APIApplicationCommand,
  type APIChannel,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIGuildMember,
  type APIGuildScheduledEvent,
  type APIMessage,
  type APIRole,
  type APIUser,
  type GuildMemberFlags,
  type InteractionType,
  type RoleFlags,
} from 'discord-api-types/v10';
import { EventEmitter } from 'node:events';
import { SnowflakeFactory } from './snowflake.ts';

export interface User {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** False: the user blocks DMs from server members, so the bot gets 50007. */
  dmsOpen: boolean;
  locale: string;
}

export interface Role {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  /** The role Discord creates for a bot when it joins; it cannot be given to anyone else. */
  managedFor?: string;
}

export interface Overwrite {
  id: string;
  type: OverwriteType;
  allow: bigint;
  deny: bigint;
}

export interface Channel {
  id: string;
  type: ChannelType;
  name: string;
  guildId?: string;
  position: number;
  parentId: string | null;
  topic: string | null;
  overwrites: Overwrite[];
  /** For DM channels: the user the bot talks to. */
  recipientId?: string;
}

export interface Member {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  roles: Map<string, Role>;
  members: Map<string, Member>;
}

export type Embed = APIEmbed;
export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId?: string;
  authorId: string;
  type: MessageType;
  content: string;
  embeds: Embed[];
  components: ActionRow[];
  flags: number;
  createdAt: number;
  editedAt: number | null;
  nonce?: string | number;
  /** Who this message actually pinged, computed from content and allowed_mentions as Discord does. */
  mentions: { everyone: boolean; users: string[]; roles: string[] };
  webhookId?: string;
  interaction?: { id: string; name: string; type: number; userId: string };
  /** Ephemeral messages exist only for the user who triggered the interaction. */
  ephemeralFor?: string;
  deleted: boolean;
}

/** `'global'` or a guild id. */
export type CommandScope = string;

/** Discord's flag fields are bit sets; the enums only name the single bits. */
// The caller names the enum at each use: `bits<MessageFlags>(n)`.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export const bits = <E extends number>(value: number): E => value as E;

/** Every permission bit Discord defines, for owners and administrators. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

/**
 * The in-memory Discord: users, guilds, channels, members, roles, messages, registered commands
 * and scheduled events. Plain data plus Discord's permission arithmetic; no I/O.
 */
export interface WorldEvents {
  messageCreate: [StoredMessage];
  messageUpdate: [StoredMessage];
  messageDelete: [StoredMessage];
}

export class World extends EventEmitter<WorldEvents> {
  readonly users = new Map<string, User>();
  readonly guilds = new Map<string, Guild>();
  readonly channels = new Map<string, Channel>();
  /** Every message by id; add through `addMessage` so the lookups below stay in step. */
  readonly messages = new Map<string, StoredMessage>();
  /** Each channel's messages in the order they were created: reading one channel is not a scan of all. */
  private readonly byChannel = new Map<string, StoredMessage[]>();
  /** Messages by channel and nonce: `enforce_nonce` looks one up on every send. */
  private readonly byNonce = new Map<string, Map<string | number, StoredMessage[]>>();
  readonly commands = new Map<CommandScope, APIApplicationCommand[]>();
  readonly scheduledEvents = new Map<string, APIGuildScheduledEvent[]>();
  readonly ids: SnowflakeFactory;
  /** DM channel per user, created on the first POST /users/@me/channels. */
  private readonly dmChannels = new Map<string, string>();

  constructor(
    readonly applicationId: string,
    readonly botUserId: string,
    readonly now: () => number,
  ) {
    super();
    this.ids = new SnowflakeFactory(now);
  }

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  /** Accepts an id or a username, so tests and the sandbox can say `ben` instead of an id. */
  findUser(ref: string): User | undefined {
    return this.users.get(ref) ?? [...this.users.values()].find((u) => u.username === ref);
  }

  /** Accepts an id, `#name` or `name` (first match across guilds, or within `guildId`). */
  findChannel(ref: string, guildId?: string): Channel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find(
      (c) =>
        c.name === name &&
        c.type !== ChannelType.DM &&
        (guildId === undefined || c.guildId === guildId),
    );
  }

  guildChannels(guildId: string): Channel[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId);
  }

  dmChannelFor(userId: string): Channel {
    const existing = this.dmChannels.get(userId);
    const channel = existing === undefined ? undefined : this.channels.get(existing);
    if (channel) return channel;
    const created: Channel = {
      id: this.ids.next(),
      type: ChannelType.DM,
      name: '',
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
      recipientId: userId,
    };
    this.channels.set(created.id, created);
    this.dmChannels.set(userId, created.id);
    return created;
  }

  existingDmChannel(userId: string): Channel | undefined {
    const id = this.dmChannels.get(userId);
    return id === undefined ? undefined : this.channels.get(id);
  }

  /** Guild-wide permissions: @everyone, then every role of the member; owners and admins get all. */
  basePermissions(guild: Guild, userId: string): bigint {
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    const member = guild.members.get(userId);
    if (!member) return 0n;
    let perms = guild.roles.get(guild.id)?.permissions ?? 0n;
    for (const roleId of member.roles) perms |= guild.roles.get(roleId)?.permissions ?? 0n;
    return perms & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : perms;
  }

  /**
   * Discord's algorithm: base permissions, then the channel's @everyone overwrite, then all role
   * overwrites together (deny before allow), then the member's own overwrite.
   */
  permissionsIn(channel: Channel, userId: string): bigint {
    if (channel.guildId === undefined) {
      return (
        PermissionFlagsBits.ViewChannel |
        PermissionFlagsBits.SendMessages |
        PermissionFlagsBits.EmbedLinks |
        PermissionFlagsBits.ReadMessageHistory |
        PermissionFlagsBits.AttachFiles |
        PermissionFlagsBits.UseApplicationCommands
      );
    }
    const guild = this.guilds.get(channel.guildId);
    if (!guild) return 0n;
    const base = this.basePermissions(guild, userId);
    if (
      base === ALL_PERMISSIONS &&
      (guild.ownerId === userId || base & PermissionFlagsBits.Administrator)
    ) {
      return ALL_PERMISSIONS;
    }
    const member = guild.members.get(userId);
    if (!member) return 0n;
    let perms = base;
    const everyone = channel.overwrites.find((o) => o.id === guild.id);
    if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
    let allow = 0n;
    let deny = 0n;
    for (const o of channel.overwrites) {
      if (o.type === OverwriteType.Role && o.id !== guild.id && member.roles.includes(o.id)) {
        allow |= o.allow;
        deny |= o.deny;
      }
    }
    perms = (perms & ~deny) | allow;
    const own = channel.overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
    if (own) perms = (perms & ~own.deny) | own.allow;
    // Without View Channel nothing else in the channel applies.
    return perms & PermissionFlagsBits.ViewChannel ? perms : 0n;
  }

  /** Commands visible in a guild (guild commands shadow global ones of the same name). */
  commandFor(name: string, guildId: string | undefined): APIApplicationCommand | undefined {
    const guildCommand =
      guildId === undefined ? undefined : this.commands.get(guildId)?.find((c) => c.name === name);
    return guildCommand ?? this.commands.get('global')?.find((c) => c.name === name);
  }

  addMessage(message: StoredMessage): void {
    this.messages.set(message.id, message);
    const inChannel = this.byChannel.get(message.channelId);
    if (inChannel) inChannel.push(message);
    else this.byChannel.set(message.channelId, [message]);
    if (message.nonce === undefined) return;
    let nonces = this.byNonce.get(message.channelId);
    if (!nonces)
      this.byNonce.set(message.channelId, (nonces = new Map<string | number, StoredMessage[]>()));
    const same = nonces.get(message.nonce);
    if (same) same.push(message);
    else nonces.set(message.nonce, [message]);
  }

  /** Messages in a channel carrying this nonce (deleted ones too), oldest first. */
  messagesWithNonce(channelId: string, nonce: string | number): readonly StoredMessage[] {
    return this.byNonce.get(channelId)?.get(nonce) ?? [];
  }

  channelMessages(channelId: string, { includeEphemeral = false } = {}): StoredMessage[] {
    return (this.byChannel.get(channelId) ?? []).filter(
      (m) => !m.deleted && (includeEphemeral || m.ephemeralFor === undefined),
    );
  }

  // ---- API shapes ----

  apiUser(user: User): APIUser {
    return {
      id: user.id,
      username: user.username,
      discriminator: '0',
      global_name: user.globalName,
      avatar: null,
      ...(user.bot ? { bot: true } : {}),
    };
  }

  apiRole(role: Role): APIRole {
    return {
      id: role.id,
      name: role.name,
      // Deprecated in favour of `colors`, but discord.js 14 still reads it.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: role.permissions.toString(),
      managed: role.managedFor !== undefined,
      mentionable: false,
      flags: bits<RoleFlags>(0),
      ...(role.managedFor === undefined ? {} : { tags: { bot_id: role.managedFor } }),
    };
  }

  apiMember(guild: Guild, member: Member): APIGuildMember {
    const user = this.users.get(member.userId);
    if (!user) throw new Error(`member ${member.userId} has no user`);
    return {
      user: this.apiUser(user),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: member.roles.filter((r) => guild.roles.has(r)),
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: bits<GuildMemberFlags>(0),
      pending: false,
    };
  }

  apiChannel(channel: Channel): APIChannel {
    if (channel.type === ChannelType.DM) {
      const recipient =
        channel.recipientId === undefined ? undefined : this.users.get(channel.recipientId);
      return {
        id: channel.id,
        type: ChannelType.DM,
        last_message_id: null,
        recipients: recipient ? [this.apiUser(recipient)] : [],
        flags: 0,
      } as unknown as APIChannel;
    }
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      position: channel.position,
      parent_id: channel.parentId,
      topic: channel.topic,
      nsfw: false,
      flags: 0,
      rate_limit_per_user: 0,
      last_message_id: null,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
    } as unknown as APIChannel;
  }

  apiMessage(message: StoredMessage): APIMessage {
    const author = this.users.get(message.authorId);
    if (!author) throw new Error(`message ${message.id} has no author`);
    const mentioned = message.mentions.users.flatMap((id) => {
      const u = this.users.get(id);
      return u ? [this.apiUser(u)] : [];
    });
    return {
      id: message.id,
      channel_id: message.channelId,
      ...(message.guildId === undefined ? {} : { guild_id: message.guildId }),
      author: this.apiUser(author),
      content: message.content,
      timestamp: new Date(message.createdAt).toISOString(),
      edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
      tts: false,
      mention_everyone: message.mentions.everyone,
      mentions: mentioned,
      mention_roles: message.mentions.roles,
      attachments: [],
      embeds: message.embeds,
      components: message.components,
      pinned: false,
      type: message.type,
      flags: bits<MessageFlags>(message.flags),
      ...(message.nonce === undefined ? {} : { nonce: message.nonce }),
      ...(message.webhookId === undefined
        ? {}
        : { webhook_id: message.webhookId, application_id: this.applicationId }),
      ...(message.interaction === undefined
        ? {}
        : {
            interaction_metadata: {
              id: message.interaction.id,
              type: bits<InteractionType>(message.interaction.type),
              user: this.apiUser(this.requireUser(message.interaction.userId)),
              authorizing_integration_owners: {},
            },
          }),
    } as APIMessage;
  }

  requireUser(id: string): User {
    const user = this.users.get(id);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  /** The GUILD_CREATE payload: the guild with its roles, channels and members. */
  apiGuildCreate(guild: Guild): Record<string, unknown> {
    return {
      ...this.apiGuild(guild),
      joined_at: guild.members.get(this.botUserId)?.joinedAt ?? new Date(this.now()).toISOString(),
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members: [...guild.members.values()].map((m) => this.apiMember(guild, m)),
      channels: this.guildChannels(guild.id).map((c) => this.apiChannel(c)),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: this.scheduledEvents.get(guild.id) ?? [],
      soundboard_sounds: [],
    };
  }

  apiGuild(guild: Guild): Record<string, unknown> {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...guild.roles.values()].map((r) => this.apiRole(r)),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: guild.preferredLocale,
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      max_video_channel_users: 25,
      hub_type: null,
      incidents_data: null,
    };
  }
}

export const isEphemeral = (flags: number | undefined | null): boolean =>
  ((flags ?? 0) & MessageFlags.Ephemeral) !== 0;
