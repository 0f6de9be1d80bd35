import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIApplicationCommandOptionChoice,
  type APIEmbed,
  type APIMessage,
} from 'discord-api-types/v10';
import type { ActionRow, Channel, StoredMessage, User, World } from './world.ts';

export type InteractionKind = 'command' | 'autocomplete' | 'button' | 'modal';

export interface InteractionRecord {
  id: string;
  token: string;
  kind: InteractionKind;
  /** Emulator time when Discord created it: the 3-second and 15-minute clocks start here. */
  createdAt: number;
  userId: string;
  channelId: string;
  guildId?: string;
  commandName?: string;
  customId?: string;
  sourceMessageId?: string;
  responseType?: InteractionResponseType;
  /** The message `@original` refers to: the reply, or the clicked message after an update. */
  originalMessageId?: string;
  followupIds: string[];
  choices?: APIApplicationCommandOptionChoice[];
  modal?: { custom_id: string; title: string; components: unknown[] };
  /** REST requests about this interaction still being processed (e.g. under injected latency). */
  inFlight: number;
  /** Real time (ms) of the last request about this interaction. */
  lastActivity: number;
  /** `performance.now()` as INTERACTION_CREATE goes to the gateway (latency benchmarks start here). */
  dispatchedAtHr?: number;
  /** `performance.now()` as the first REST request about it (the callback) reached the emulator. */
  firstRequestAtHr?: number;
  payload: Record<string, unknown>;
}

/** Tracks every interaction the emulator created and wakes waiters whenever the bot touches one. */
export class InteractionTracker extends EventEmitter {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly tokens = new Map<string, InteractionRecord>();

  add(record: InteractionRecord): void {
    this.byId.set(record.id, record);
    this.tokens.set(record.token, record);
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  byToken(token: string): InteractionRecord | undefined {
    return this.tokens.get(token);
  }

  all(): InteractionRecord[] {
    return [...this.byId.values()];
  }

  touch(record: InteractionRecord): void {
    record.lastActivity = Date.now();
    this.emit('activity', record.id);
  }

  /** Resolve when `predicate` holds, re-checking on each touch; false on timeout. */
  waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!predicate()) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(predicate());
      }, timeoutMs);
      const poll = setInterval(check, 25);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.off('activity', check);
      };
      this.on('activity', check);
    });
  }
}

const labelOf = (c: Record<string, unknown>): string => {
  const label = c.label ?? c.custom_id ?? c.url;
  return typeof label === 'string' ? label : '';
};

export const newInteractionToken = (): string =>
  `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`;

/** Thrown when a test asks for something a Discord user could not do (hidden command, missing option). */
export class ControlError extends Error {
  override name = 'ControlError';
}

// ---- payloads ----

export interface Invoker {
  user: User;
  channel: Channel;
  locale: string;
}

/** The fields every interaction payload shares: who, where, with which permissions and locale. */
export function basePayload(
  world: World,
  inv: Invoker,
  type: InteractionType,
  id: string,
  token: string,
) {
  const { user, channel } = inv;
  const guild = channel.guildId === undefined ? undefined : world.guilds.get(channel.guildId);
  const common = {
    id,
    application_id: world.applicationId,
    type,
    token,
    version: 1,
    locale: inv.locale,
    app_permissions: world.permissionsIn(channel, world.botUserId).toString(),
    entitlements: [],
    authorizing_integration_owners: { '0': guild?.id ?? '0' },
    context: guild ? InteractionContextType.Guild : InteractionContextType.BotDM,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (!guild) {
    return {
      ...common,
      user: world.apiUser(user),
      channel: {
        id: channel.id,
        type: ChannelType.DM,
        recipients: [world.apiUser(user)],
        last_message_id: null,
        flags: 0,
      },
      channel_id: channel.id,
    };
  }
  const member = guild.members.get(user.id);
  if (!member) throw new ControlError(`${user.username} is not a member of ${guild.name}`);
  return {
    ...common,
    guild_id: guild.id,
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
    guild_locale: guild.preferredLocale,
    channel: {
      ...world.apiChannel(channel),
      permissions: world.permissionsIn(channel, user.id).toString(),
    },
    channel_id: channel.id,
    member: {
      ...world.apiMember(guild, member),
      permissions: world.permissionsIn(channel, user.id).toString(),
    },
  };
}

/**
 * Whether Discord would even show this command to this user here: `contexts` / `dm_permission`
 * and `default_member_permissions` hide it before the bot ever hears of it.
 */
export function assertCommandVisible(
  world: World,
  command: APIApplicationCommand,
  inv: Invoker,
): void {
  const inGuild = inv.channel.guildId !== undefined;
  const contexts =
    command.contexts ??
    // Deprecated but still honoured by Discord, so a bot that sends it must see its effect here.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    (command.dm_permission === false ? [InteractionContextType.Guild] : null);
  const context = inGuild ? InteractionContextType.Guild : InteractionContextType.BotDM;
  if (contexts && !contexts.includes(context)) {
    throw new ControlError(
      `/${command.name} is not available ${inGuild ? 'in servers' : 'in DMs'}`,
    );
  }
  if (!inGuild || command.default_member_permissions === null) return;
  const required = BigInt(command.default_member_permissions);
  const has = world.permissionsIn(inv.channel, inv.user.id);
  if ((has & PermissionFlagsBits.Administrator) === 0n && (has & required) !== required) {
    throw new ControlError(
      `/${command.name} is hidden from ${inv.user.username}: it needs permissions ${required.toString()} (default_member_permissions)`,
    );
  }
}

export type OptionInput = string | number | boolean;

interface Resolved {
  users: Record<string, unknown>;
  members: Record<string, unknown>;
  roles: Record<string, unknown>;
  channels: Record<string, unknown>;
}

interface BuiltOptions {
  options: Record<string, unknown>[];
  resolved: Resolved;
}

type LeafOption = Exclude<
  APIApplicationCommandOption,
  { type: ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup }
>;

/**
 * Turn `name: 'countdown start'` and `{ channel: '#general', title: 'ballerina' }` into the nested
 * options and `resolved` map Discord would send, checking types, choices and required options as
 * the Discord client does before anything is sent.
 */
export function buildCommandData(
  world: World,
  command: APIApplicationCommand,
  path: readonly string[],
  input: Readonly<Record<string, OptionInput>>,
  inv: Invoker,
  focused?: string,
): { data: Record<string, unknown> } {
  const resolved: Resolved = { users: {}, members: {}, roles: {}, channels: {} };
  let definitions: readonly APIApplicationCommandOption[] = command.options ?? [];
  const wrappers: { name: string; type: ApplicationCommandOptionType }[] = [];
  for (const segment of path) {
    const sub = definitions.find(
      (o) =>
        o.name === segment &&
        (o.type === ApplicationCommandOptionType.Subcommand ||
          o.type === ApplicationCommandOptionType.SubcommandGroup),
    );
    if (!sub) {
      throw new ControlError(`/${command.name} has no subcommand "${segment}"`);
    }
    wrappers.push({ name: sub.name, type: sub.type });
    // A subcommand without options (e.g. `/countdown status`) has no `options` key at all.
    definitions = 'options' in sub ? (sub.options ?? []) : [];
  }
  if (
    definitions.some(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup,
    )
  ) {
    const names = definitions.map((o) => o.name).join(', ');
    throw new ControlError(`/${[command.name, ...path].join(' ')} needs a subcommand: ${names}`);
  }
  const built = buildLeafOptions(world, definitions as LeafOption[], input, inv, resolved, focused);
  let options = built.options;
  for (const w of [...wrappers].reverse()) options = [{ name: w.name, type: w.type, options }];
  const hasResolved = [resolved.users, resolved.members, resolved.roles, resolved.channels].some(
    (r) => Object.keys(r).length > 0,
  );
  return {
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length > 0 ? { options } : {}),
      ...(hasResolved ? { resolved: pruneResolved(resolved) } : {}),
      ...(command.guild_id === undefined ? {} : { guild_id: command.guild_id }),
    },
  };
}

const pruneResolved = (r: Resolved) =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => Object.keys(v as object).length > 0));

function buildLeafOptions(
  world: World,
  definitions: readonly LeafOption[],
  input: Readonly<Record<string, OptionInput>>,
  inv: Invoker,
  resolved: Resolved,
  focused: string | undefined,
): BuiltOptions {
  for (const name of Object.keys(input)) {
    if (!definitions.some((d) => d.name === name)) {
      const known = definitions.map((d) => d.name).join(', ') || 'none';
      throw new ControlError(`unknown option "${name}" (options: ${known})`);
    }
  }
  const options: Record<string, unknown>[] = [];
  for (const def of definitions) {
    const raw = input[def.name];
    if (def.name === focused) {
      if (!('autocomplete' in def) || def.autocomplete !== true) {
        throw new ControlError(`option "${def.name}" does not autocomplete`);
      }
      options.push({ name: def.name, type: def.type, value: String(raw ?? ''), focused: true });
      continue;
    }
    if (raw === undefined) {
      if (def.required === true && focused === undefined)
        throw new ControlError(`option "${def.name}" is required`);
      continue;
    }
    options.push({
      name: def.name,
      type: def.type,
      value: convert(world, def, raw, inv, resolved),
    });
  }
  return { options, resolved };
}

function convert(
  world: World,
  def: LeafOption,
  raw: OptionInput,
  inv: Invoker,
  resolved: Resolved,
): string | number | boolean {
  const T = ApplicationCommandOptionType;
  const fromChoices = (value: string | number) => {
    if (!('choices' in def) || !def.choices || def.choices.length === 0) return value;
    const match = def.choices.find(
      (c) =>
        c.value === value ||
        String(c.value) === String(value) ||
        c.name.toLowerCase() === String(value).toLowerCase(),
    );
    if (!match)
      throw new ControlError(
        `"${String(value)}" is not a choice of "${def.name}" (${def.choices.map((c) => c.name).join(', ')})`,
      );
    return match.value;
  };
  switch (def.type) {
    case T.String: {
      const value = fromChoices(String(raw));
      const s = String(value);
      if (def.min_length !== undefined && s.length < def.min_length)
        throw new ControlError(`"${def.name}" needs at least ${def.min_length} characters`);
      if (def.max_length !== undefined && s.length > def.max_length)
        throw new ControlError(`"${def.name}" allows at most ${def.max_length} characters`);
      if (s.length > 6000) throw new ControlError(`"${def.name}" is longer than Discord allows`);
      return s;
    }
    case T.Integer:
    case T.Number: {
      const n = Number(fromChoices(typeof raw === 'boolean' ? String(raw) : raw));
      if (!Number.isFinite(n) || (def.type === T.Integer && !Number.isInteger(n))) {
        throw new ControlError(
          `"${def.name}" must be ${def.type === T.Integer ? 'a whole number' : 'a number'}`,
        );
      }
      if (def.min_value !== undefined && n < def.min_value)
        throw new ControlError(`"${def.name}" must be at least ${def.min_value}`);
      if (def.max_value !== undefined && n > def.max_value)
        throw new ControlError(`"${def.name}" must be at most ${def.max_value}`);
      return n;
    }
    case T.Boolean: {
      if (typeof raw === 'boolean') return raw;
      if (/^(true|yes|1)$/i.test(String(raw))) return true;
      if (/^(false|no|0)$/i.test(String(raw))) return false;
      throw new ControlError(`"${def.name}" must be true or false`);
    }
    case T.User:
    case T.Mentionable: {
      const user = world.findUser(
        String(raw)
          .replace(/^<@!?|>$/g, '')
          .replace(/^@/, ''),
      );
      if (user) {
        resolved.users[user.id] = world.apiUser(user);
        const guild =
          inv.channel.guildId === undefined ? undefined : world.guilds.get(inv.channel.guildId);
        const member = guild?.members.get(user.id);
        if (guild && member) {
          const { user: _user, deaf: _d, mute: _m, ...partial } = world.apiMember(guild, member);
          resolved.members[user.id] = {
            ...partial,
            permissions: world.permissionsIn(inv.channel, user.id).toString(),
          };
        }
        return user.id;
      }
      if (def.type === T.User) throw new ControlError(`no user "${String(raw)}"`);
      return resolveRole(world, def.name, raw, inv, resolved);
    }
    case T.Role:
      return resolveRole(world, def.name, raw, inv, resolved);
    case T.Channel: {
      const channel = world.findChannel(String(raw).replace(/^<#|>$/g, ''), inv.channel.guildId);
      if (!channel || channel.guildId !== inv.channel.guildId)
        throw new ControlError(`no channel "${String(raw)}" in this server`);
      if (
        def.channel_types &&
        def.channel_types.length > 0 &&
        !def.channel_types.includes(channel.type as never)
      ) {
        throw new ControlError(
          `"${def.name}" does not accept ${ChannelType[channel.type]} channels`,
        );
      }
      const api = world.apiChannel(channel) as unknown as Record<string, unknown>;
      resolved.channels[channel.id] = {
        id: channel.id,
        name: channel.name,
        type: channel.type,
        parent_id: channel.parentId,
        flags: 0,
        last_message_id: null,
        topic: channel.topic,
        nsfw: false,
        rate_limit_per_user: 0,
        permission_overwrites: api.permission_overwrites,
        permissions: world.permissionsIn(channel, inv.user.id).toString(),
      };
      return channel.id;
    }
    case T.Attachment:
      throw new ControlError('attachment options are not supported by the emulator');
  }
}

function resolveRole(
  world: World,
  name: string,
  raw: OptionInput,
  inv: Invoker,
  resolved: Resolved,
): string {
  const guild =
    inv.channel.guildId === undefined ? undefined : world.guilds.get(inv.channel.guildId);
  const ref = String(raw)
    .replace(/^<@&|>$/g, '')
    .replace(/^@/, '');
  const role = guild
    ? (guild.roles.get(ref) ?? [...guild.roles.values()].find((r) => r.name === ref))
    : undefined;
  if (!role) throw new ControlError(`no role "${String(raw)}" for option "${name}"`);
  resolved.roles[role.id] = world.apiRole(role);
  return role.id;
}

/** The button a user means: by custom id or by its label (case-insensitive). */
export function findButton(
  message: StoredMessage,
  by: { customId?: string; label?: string },
): { custom_id: string; label?: string; disabled?: boolean } {
  const buttons = message.components.flatMap((row) =>
    (row.components as unknown as Record<string, unknown>[]).filter(
      (c) => c.type === ComponentType.Button,
    ),
  );
  const found = buttons.find((b) =>
    by.customId !== undefined
      ? b.custom_id === by.customId
      : labelOf(b).toLowerCase() === (by.label ?? '').toLowerCase(),
  );
  const list = buttons.map((b) => labelOf(b)).join(', ') || 'none';
  if (!found)
    throw new ControlError(
      `no button ${by.customId ?? `"${by.label ?? ''}"`} on message ${message.id} (buttons: ${list})`,
    );
  if (typeof found.custom_id !== 'string')
    throw new ControlError(
      `button "${labelOf(found)}" is a link, not something the bot hears about`,
    );
  if (found.disabled === true) throw new ControlError(`button "${labelOf(found)}" is disabled`);
  return found as { custom_id: string; label?: string; disabled?: boolean };
}

// ---- answers ----

export interface ButtonView {
  label: string;
  customId?: string;
  url?: string;
  style: number;
  disabled: boolean;
}

/** What the user sees after an interaction: the reply (or updated message) and any follow-ups. */
export interface InteractionAnswer {
  interactionId: string;
  /** How the bot acknowledged: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 9 modal. */
  responseType: InteractionResponseType;
  deferred: boolean;
  ephemeral: boolean;
  content: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  buttons: ButtonView[];
  /** The reply, or the clicked message after an update. */
  message: APIMessage | undefined;
  followups: APIMessage[];
  /** Every message this interaction produced, the reply first. */
  messages: APIMessage[];
  /** Content, embed titles, descriptions, fields, footers and button labels as one string, for assertions. */
  text: string;
  modal?: { custom_id: string; title: string; components: unknown[] };
}

export const buttonsOf = (components: readonly ActionRow[]): ButtonView[] =>
  components.flatMap((row) =>
    (row.components as unknown as Record<string, unknown>[])
      .filter((c) => c.type === ComponentType.Button)
      .map((b) => ({
        label: typeof b.label === 'string' ? b.label : '',
        ...(typeof b.custom_id === 'string' ? { customId: b.custom_id } : {}),
        ...(typeof b.url === 'string' ? { url: b.url } : {}),
        style: Number(b.style),
        disabled: b.disabled === true,
      })),
  );

export const messageText = (m: Pick<APIMessage, 'content' | 'embeds' | 'components'>): string =>
  [
    m.content,
    ...m.embeds.flatMap((e) => [
      e.author?.name,
      e.title,
      e.description,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text,
    ]),
    ...buttonsOf((m.components ?? []) as ActionRow[]).map((b) => b.label),
  ]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .join('\n');

export function answerOf(world: World, record: InteractionRecord): InteractionAnswer {
  const stored = (id: string | undefined) =>
    id === undefined ? undefined : world.messages.get(id);
  const original = stored(record.originalMessageId);
  const message = original && !original.deleted ? world.apiMessage(original) : undefined;
  const followups = record.followupIds
    .map((id) => stored(id))
    .filter((m): m is StoredMessage => m !== undefined && !m.deleted)
    .map((m) => world.apiMessage(m));
  const messages = [...(message ? [message] : []), ...followups];
  const primary = messages[0];
  return {
    interactionId: record.id,
    responseType: record.responseType ?? InteractionResponseType.Pong,
    deferred:
      record.responseType === InteractionResponseType.DeferredChannelMessageWithSource ||
      record.responseType === InteractionResponseType.DeferredMessageUpdate,
    ephemeral: ((primary?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
    content: primary?.content ?? '',
    embeds: primary?.embeds ?? [],
    components: (primary?.components ?? []) as ActionRow[],
    buttons: buttonsOf((primary?.components ?? []) as ActionRow[]),
    message,
    followups,
    messages,
    text: messages.map(messageText).join('\n'),
    ...(record.modal ? { modal: record.modal } : {}),
  };
}
