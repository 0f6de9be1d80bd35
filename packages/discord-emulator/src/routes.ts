import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  type APIApplicationCommandOption,
  type InteractionContextType,
  ChannelType,
  GatewayDispatchEvents,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  InteractionResponseType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIGuildScheduledEvent,
} from 'discord-api-types/v10';
import { Errors } from './errors.ts';
import type { Gateway } from './gateway.ts';
import type { InteractionRecord, InteractionTracker } from './interactions.ts';
import {
  asMessageBody,
  createMessage,
  deleteMessage,
  editMessage,
  type MessageBody,
} from './messages.ts';
import type { RouteContext, RouteDef, RouteResult } from './router.ts';
import type { Channel, Guild, StoredMessage, World } from './world.ts';

export interface EmulatorTimings {
  /** How long the bot has to acknowledge an interaction (Discord: 3 s). */
  ackDeadlineMs: number;
  /** How long an interaction token works for follow-ups and edits (Discord: 15 min). */
  tokenLifetimeMs: number;
  /** How far back `enforce_nonce` looks for a message with the same nonce (Discord: "a few minutes"). */
  nonceWindowMs: number;
}

export interface RouteEnv {
  world: World;
  gateway: Gateway;
  interactions: InteractionTracker;
  timings: EmulatorTimings;
  shardCount: number;
  maxConcurrency: number;
  gatewayUrl(): string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

const ok = (body?: unknown): RouteResult => ({ status: 200, body });
const noContent = (): RouteResult => ({ status: 204 });

const P = PermissionFlagsBits;
const has = (perms: bigint, flag: bigint) => (perms & flag) === flag;

export function buildRoutes(env: RouteEnv): RouteDef[] {
  const { world, gateway, interactions, timings } = env;
  const bot = () => world.requireUser(world.botUserId);

  const guildOf = (id: string | undefined): Guild => {
    const guild = id === undefined ? undefined : world.guilds.get(id);
    if (!guild || !guild.members.has(world.botUserId)) throw Errors.unknownGuild();
    return guild;
  };
  const channelOf = (id: string | undefined): Channel => {
    const channel = id === undefined ? undefined : world.channels.get(id);
    if (!channel) throw Errors.unknownChannel();
    return channel;
  };
  /** A channel the bot can see, or the error Discord gives when it cannot. */
  const visibleChannel = (id: string | undefined): Channel => {
    const channel = channelOf(id);
    if (
      channel.guildId !== undefined &&
      !has(world.permissionsIn(channel, world.botUserId), P.ViewChannel)
    ) {
      throw Errors.missingAccess();
    }
    return channel;
  };
  const messageIn = (channel: Channel, id: string | undefined): StoredMessage => {
    const message = id === undefined ? undefined : world.messages.get(id);
    if (
      !message ||
      message.deleted ||
      message.channelId !== channel.id ||
      message.ephemeralFor !== undefined
    ) {
      throw Errors.unknownMessage();
    }
    return message;
  };
  const application = (id: string | undefined) => {
    if (id !== world.applicationId) throw Errors.unknownApplication();
  };

  const publish = (message: StoredMessage, event: GatewayDispatchEvents) => {
    if (message.ephemeralFor !== undefined) return;
    gateway.dispatch(event, world.apiMessage(message), message.guildId);
  };

  // ---- interactions ----

  const interactionByToken = (ctx: RouteContext): InteractionRecord => {
    if (ctx.params.webhook_id !== world.applicationId) throw Errors.unknownWebhook();
    const record = interactions.byToken(ctx.params.webhook_token ?? '');
    if (!record) throw Errors.unknownWebhook();
    if (world.now() - record.createdAt > timings.tokenLifetimeMs)
      throw Errors.invalidWebhookToken();
    if (record.responseType === undefined) throw Errors.unknownWebhook();
    return record;
  };

  const interactionMessage = (record: InteractionRecord, id: string | undefined): StoredMessage => {
    const wanted = id === '@original' ? record.originalMessageId : id;
    const isOurs =
      wanted !== undefined &&
      (wanted === record.originalMessageId || record.followupIds.includes(wanted));
    const message = isOurs ? world.messages.get(wanted) : undefined;
    if (!message || message.deleted) throw Errors.unknownMessage();
    return message;
  };

  const replyTo = (
    record: InteractionRecord,
    body: MessageBody,
    loading: boolean,
  ): StoredMessage => {
    const channel = channelOf(record.channelId);
    const ephemeral = ((body.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    const message = createMessage(world, {
      channel,
      authorId: world.botUserId,
      body,
      type: record.kind === 'command' ? MessageType.ChatInputCommand : MessageType.Default,
      webhookId: world.applicationId,
      interaction: {
        id: record.id,
        name: record.commandName ?? '',
        type: record.kind === 'button' ? 3 : record.kind === 'modal' ? 5 : 2,
        userId: record.userId,
      },
      ...(ephemeral ? { ephemeralFor: record.userId } : {}),
      loading,
    });
    publish(message, GatewayDispatchEvents.MessageCreate);
    return message;
  };

  const callback = (ctx: RouteContext): RouteResult => {
    const record = interactions.get(ctx.params.interaction_id ?? '');
    if (!record || record.token !== ctx.params.interaction_token) throw Errors.unknownInteraction();
    if (world.now() - record.createdAt > timings.ackDeadlineMs) throw Errors.unknownInteraction();
    if (record.responseType !== undefined) throw Errors.alreadyAcknowledged();
    const body = (ctx.body ?? {}) as { type?: unknown; data?: unknown };
    const data = asMessageBody(body.data);
    const type = body.type as InteractionResponseType;
    const T = InteractionResponseType;
    const invalidType = () =>
      Errors.invalidFormBody(
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        'Interaction response type is not valid for this interaction.',
      );
    let message: StoredMessage | undefined;
    switch (type) {
      case T.ChannelMessageWithSource:
      case T.DeferredChannelMessageWithSource:
        if (record.kind === 'autocomplete') throw invalidType();
        message = replyTo(record, data, type === T.DeferredChannelMessageWithSource);
        record.originalMessageId = message.id;
        break;
      case T.DeferredMessageUpdate:
      case T.UpdateMessage: {
        if (record.kind !== 'button' || record.sourceMessageId === undefined) throw invalidType();
        const source = world.messages.get(record.sourceMessageId);
        if (!source || source.deleted) throw Errors.unknownMessage();
        if (type === T.UpdateMessage) {
          editMessage(world, source, data);
          publish(source, GatewayDispatchEvents.MessageUpdate);
        }
        record.originalMessageId = source.id;
        message = source;
        break;
      }
      case T.ApplicationCommandAutocompleteResult: {
        if (record.kind !== 'autocomplete') throw invalidType();
        const choices = (body.data as { choices?: unknown } | undefined)?.choices;
        record.choices = Array.isArray(choices) ? (choices as InteractionRecord['choices']) : [];
        break;
      }
      case T.Modal:
        if (record.kind === 'autocomplete') throw invalidType();
        record.modal = body.data as InteractionRecord['modal'];
        break;
      default:
        throw invalidType();
    }
    record.responseType = type;
    if (ctx.query.get('with_response') !== 'true') return noContent();
    return ok({
      interaction: {
        id: record.id,
        type:
          record.kind === 'autocomplete'
            ? 4
            : record.kind === 'button'
              ? 3
              : record.kind === 'modal'
                ? 5
                : 2,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: (message.flags & MessageFlags.Loading) !== 0,
              response_message_ephemeral: (message.flags & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message ? { message: world.apiMessage(message) } : {}) },
    });
  };

  // ---- commands ----

  const scopeOf = (ctx: RouteContext): string => {
    application(ctx.params.application_id);
    if (ctx.params.guild_id === undefined) return 'global';
    return guildOf(ctx.params.guild_id).id;
  };

  const toCommand = (
    scope: string,
    input: Record<string, unknown>,
    previous?: APIApplicationCommand,
  ): APIApplicationCommand => {
    const perms = input.default_member_permissions;
    const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
    return {
      id: previous?.id ?? world.ids.next(),
      application_id: world.applicationId,
      version: world.ids.next(),
      type:
        input.type === 2
          ? ApplicationCommandType.User
          : input.type === 3
            ? ApplicationCommandType.Message
            : ApplicationCommandType.ChatInput,
      name: text(input.name),
      name_localizations: input.name_localizations ?? null,
      description: text(input.description),
      description_localizations: input.description_localizations ?? null,
      ...(Array.isArray(input.options)
        ? { options: list(input.options) as APIApplicationCommandOption[] }
        : {}),
      default_member_permissions:
        typeof perms === 'string' || typeof perms === 'number' ? String(perms) : null,
      // Still returned by Discord for commands that set it.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      dm_permission: input.dm_permission !== false,
      contexts: (list(input.contexts) as InteractionContextType[] | undefined) ?? null,
      integration_types: (list(input.integration_types) as
        ApplicationIntegrationType[] | undefined) ?? [ApplicationIntegrationType.GuildInstall],
      nsfw: input.nsfw === true,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
  };

  const commandIn = (ctx: RouteContext) => {
    const scope = scopeOf(ctx);
    const list = world.commands.get(scope) ?? [];
    const command = list.find((c) => c.id === ctx.params.command_id);
    if (!command) throw Errors.unknownCommand();
    return { scope, list, command };
  };

  const commandRoutes = (prefix: string): RouteDef[] => [
    {
      method: 'GET',
      pattern: prefix,
      auth: 'bot',
      handle: (ctx) => ok(world.commands.get(scopeOf(ctx)) ?? []),
    },
    {
      method: 'PUT',
      pattern: prefix,
      auth: 'bot',
      handle: (ctx) => {
        const scope = scopeOf(ctx);
        if (!Array.isArray(ctx.body))
          throw Errors.invalidFormBody([], 'BASE_TYPE_LIST', 'Must be a list.');
        const previous = world.commands.get(scope) ?? [];
        const next = (ctx.body as Record<string, unknown>[]).map((c) =>
          toCommand(
            scope,
            c,
            previous.find((p) => p.name === c.name && p.type === (c.type ?? 1)),
          ),
        );
        world.commands.set(scope, next);
        return ok(next);
      },
    },
    {
      method: 'POST',
      pattern: prefix,
      auth: 'bot',
      handle: (ctx) => {
        const scope = scopeOf(ctx);
        const input = (ctx.body ?? {}) as Record<string, unknown>;
        const list = world.commands.get(scope) ?? [];
        const previous = list.find((p) => p.name === input.name && p.type === (input.type ?? 1));
        const command = toCommand(scope, input, previous);
        world.commands.set(scope, [...list.filter((c) => c !== previous), command]);
        return { status: previous ? 200 : 201, body: command };
      },
    },
    {
      method: 'GET',
      pattern: `${prefix}/:command_id`,
      auth: 'bot',
      handle: (ctx) => ok(commandIn(ctx).command),
    },
    {
      method: 'PATCH',
      pattern: `${prefix}/:command_id`,
      auth: 'bot',
      handle: (ctx) => {
        const { scope, list, command } = commandIn(ctx);
        const updated = toCommand(
          scope,
          { ...command, ...(ctx.body as Record<string, unknown>) },
          command,
        );
        world.commands.set(
          scope,
          list.map((c) => (c === command ? updated : c)),
        );
        return ok(updated);
      },
    },
    {
      method: 'DELETE',
      pattern: `${prefix}/:command_id`,
      auth: 'bot',
      handle: (ctx) => {
        const { scope, list, command } = commandIn(ctx);
        world.commands.set(
          scope,
          list.filter((c) => c !== command),
        );
        return noContent();
      },
    },
  ];

  // ---- channel messages ----

  const postMessage = (ctx: RouteContext): RouteResult => {
    const channel = visibleChannel(ctx.params.channel_id);
    const body = asMessageBody(ctx.body);
    if (channel.type === ChannelType.DM) {
      const recipient =
        channel.recipientId === undefined ? undefined : world.user(channel.recipientId);
      if (!recipient || !recipient.dmsOpen) throw Errors.cannotDm();
    } else {
      if (channel.type === ChannelType.GuildCategory) throw Errors.cannotSendInNonText();
      if (!has(world.permissionsIn(channel, world.botUserId), P.SendMessages))
        throw Errors.missingPermissions();
    }
    if (body.enforce_nonce === true && body.nonce !== undefined && body.nonce !== null) {
      const since = world.now() - timings.nonceWindowMs;
      const earlier = world
        .messagesWithNonce(channel.id, body.nonce)
        .find((m) => m.authorId === world.botUserId && m.createdAt >= since);
      if (earlier) return ok(world.apiMessage(earlier));
    }
    const message = createMessage(world, { channel, authorId: world.botUserId, body });
    publish(message, GatewayDispatchEvents.MessageCreate);
    return ok(world.apiMessage(message));
  };

  // ---- scheduled events ----

  const eventsOf = (guild: Guild) => world.scheduledEvents.get(guild.id) ?? [];
  const eventIn = (ctx: RouteContext) => {
    const guild = guildOf(ctx.params.guild_id);
    const event = eventsOf(guild).find((e) => e.id === ctx.params.event_id);
    if (!event) throw Errors.unknownScheduledEvent();
    return { guild, event };
  };
  const mayManageEvents = (guild: Guild) => {
    const perms = world.basePermissions(guild, world.botUserId);
    if (!has(perms, P.ManageEvents) && !has(perms, P.CreateEvents))
      throw Errors.missingPermissions();
  };

  const createEvent = (ctx: RouteContext): RouteResult => {
    const guild = guildOf(ctx.params.guild_id);
    mayManageEvents(guild);
    const b = (ctx.body ?? {}) as Record<string, unknown>;
    const start = Date.parse(String(b.scheduled_start_time));
    if (Number.isNaN(start))
      throw Errors.invalidFormBody(
        ['scheduled_start_time'],
        'DATE_TIME_TYPE_PARSE',
        'Could not parse the date.',
      );
    if (start < world.now()) {
      throw Errors.invalidFormBody(
        ['scheduled_start_time'],
        'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
        'Cannot schedule event in the past.',
      );
    }
    const entityType = b.entity_type as GuildScheduledEventEntityType;
    if (entityType === GuildScheduledEventEntityType.External) {
      const location = (b.entity_metadata as { location?: unknown } | undefined)?.location;
      if (typeof location !== 'string' || location === '') {
        throw Errors.invalidFormBody(
          ['entity_metadata', 'location'],
          'BASE_TYPE_REQUIRED',
          'This field is required',
        );
      }
      if (b.scheduled_end_time === undefined || b.scheduled_end_time === null) {
        throw Errors.invalidFormBody(
          ['scheduled_end_time'],
          'BASE_TYPE_REQUIRED',
          'This field is required',
        );
      }
    } else {
      const channel = visibleChannel(typeof b.channel_id === 'string' ? b.channel_id : undefined);
      if (channel.guildId !== guild.id) throw Errors.unknownChannel();
    }
    const end =
      b.scheduled_end_time === undefined || b.scheduled_end_time === null
        ? null
        : Date.parse(text(b.scheduled_end_time));
    if (end !== null && (Number.isNaN(end) || end <= start)) {
      throw Errors.invalidFormBody(
        ['scheduled_end_time'],
        'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
        'The end time must be after the start time.',
      );
    }
    const event = {
      id: world.ids.next(),
      guild_id: guild.id,
      channel_id:
        entityType === GuildScheduledEventEntityType.External ? null : (b.channel_id as string),
      creator_id: world.botUserId,
      creator: world.apiUser(bot()),
      name: String(b.name),
      description: (b.description as string | undefined) ?? null,
      scheduled_start_time: new Date(start).toISOString(),
      scheduled_end_time: end === null ? null : new Date(end).toISOString(),
      privacy_level: b.privacy_level,
      status: GuildScheduledEventStatus.Scheduled,
      entity_type: entityType,
      entity_id: null,
      entity_metadata:
        entityType === GuildScheduledEventEntityType.External ? b.entity_metadata : null,
      user_count: 0,
      image: null,
      recurrence_rule: null,
    } as unknown as APIGuildScheduledEvent;
    world.scheduledEvents.set(guild.id, [...eventsOf(guild), event]);
    gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventCreate, event, guild.id);
    return ok(event);
  };

  return [
    // ---- gateway, identity ----
    {
      method: 'GET',
      pattern: '/gateway',
      auth: 'token',
      handle: () => ok({ url: env.gatewayUrl() }),
    },
    {
      method: 'GET',
      pattern: '/gateway/bot',
      auth: 'bot',
      handle: () =>
        ok({
          url: env.gatewayUrl(),
          shards: env.shardCount,
          session_start_limit: {
            total: 1000,
            remaining: Math.max(0, 1000 - gateway.sessionsStarted),
            reset_after: 86_400_000,
            max_concurrency: env.maxConcurrency,
          },
        }),
    },
    {
      method: 'GET',
      pattern: '/users/@me',
      auth: 'bot',
      handle: () =>
        ok({
          ...world.apiUser(bot()),
          verified: true,
          mfa_enabled: false,
          flags: 0,
          locale: 'en-US',
        }),
    },
    {
      method: 'GET',
      pattern: '/users/:user_id',
      auth: 'bot',
      handle: (ctx) => {
        const user = world.user(ctx.params.user_id ?? '');
        if (!user) throw Errors.unknownUser();
        return ok(world.apiUser(user));
      },
    },
    {
      method: 'POST',
      pattern: '/users/@me/channels',
      auth: 'bot',
      handle: (ctx) => {
        const id = (ctx.body as { recipient_id?: unknown } | null)?.recipient_id;
        const user = typeof id === 'string' ? world.user(id) : undefined;
        if (!user)
          throw Errors.invalidFormBody(['recipient_id'], 'BASE_TYPE_REQUIRED', 'Unknown user');
        if (user.bot) throw Errors.cannotDm();
        return ok(world.apiChannel(world.dmChannelFor(user.id)));
      },
    },
    ...['/applications/@me', '/oauth2/applications/@me'].map((pattern): RouteDef => ({
      method: 'GET',
      pattern,
      auth: 'bot',
      handle: () =>
        ok({
          id: world.applicationId,
          name: bot().username,
          icon: null,
          description: 'Counts down to film releases',
          summary: '',
          type: null,
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: '0'.repeat(64),
          flags: 0,
          owner: world.apiUser(
            world.requireUser([...world.guilds.values()][0]?.ownerId ?? world.botUserId),
          ),
          team: null,
          bot: world.apiUser(bot()),
          tags: [],
          approximate_guild_count: world.guilds.size,
          integration_types_config: { '0': {} },
        }),
    })),

    // ---- commands ----
    ...commandRoutes('/applications/:application_id/commands'),
    ...commandRoutes('/applications/:application_id/guilds/:guild_id/commands'),

    // ---- interactions and their webhooks ----
    {
      method: 'POST',
      pattern: '/interactions/:interaction_id/:interaction_token/callback',
      auth: 'token',
      handle: callback,
    },
    {
      method: 'POST',
      pattern: '/webhooks/:webhook_id/:webhook_token',
      auth: 'token',
      handle: (ctx) => {
        const record = interactionByToken(ctx);
        const message = replyTo(record, asMessageBody(ctx.body), false);
        record.followupIds.push(message.id);
        return ok(world.apiMessage(message));
      },
    },
    {
      method: 'GET',
      pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
      auth: 'token',
      handle: (ctx) =>
        ok(world.apiMessage(interactionMessage(interactionByToken(ctx), ctx.params.message_id))),
    },
    {
      method: 'PATCH',
      pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
      auth: 'token',
      handle: (ctx) => {
        const message = interactionMessage(interactionByToken(ctx), ctx.params.message_id);
        editMessage(world, message, asMessageBody(ctx.body));
        publish(message, GatewayDispatchEvents.MessageUpdate);
        return ok(world.apiMessage(message));
      },
    },
    {
      method: 'DELETE',
      pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
      auth: 'token',
      handle: (ctx) => {
        const message = interactionMessage(interactionByToken(ctx), ctx.params.message_id);
        deleteMessage(world, message);
        return noContent();
      },
    },

    // ---- channels and messages ----
    {
      method: 'GET',
      pattern: '/channels/:channel_id',
      auth: 'bot',
      handle: (ctx) => ok(world.apiChannel(visibleChannel(ctx.params.channel_id))),
    },
    {
      method: 'GET',
      pattern: '/channels/:channel_id/messages',
      auth: 'bot',
      handle: (ctx) => {
        const channel = visibleChannel(ctx.params.channel_id);
        if (
          channel.guildId !== undefined &&
          !has(world.permissionsIn(channel, world.botUserId), P.ReadMessageHistory)
        )
          return ok([]);
        const limit = Math.min(100, Math.max(1, Number(ctx.query.get('limit') ?? 50)));
        return ok(
          world
            .channelMessages(channel.id)
            .reverse()
            .slice(0, limit)
            .map((m) => world.apiMessage(m)),
        );
      },
    },
    { method: 'POST', pattern: '/channels/:channel_id/messages', auth: 'bot', handle: postMessage },
    {
      method: 'GET',
      pattern: '/channels/:channel_id/messages/:message_id',
      auth: 'bot',
      handle: (ctx) => {
        const channel = visibleChannel(ctx.params.channel_id);
        if (
          channel.guildId !== undefined &&
          !has(world.permissionsIn(channel, world.botUserId), P.ReadMessageHistory)
        ) {
          throw Errors.missingAccess();
        }
        return ok(world.apiMessage(messageIn(channel, ctx.params.message_id)));
      },
    },
    {
      method: 'PATCH',
      pattern: '/channels/:channel_id/messages/:message_id',
      auth: 'bot',
      handle: (ctx) => {
        const channel = visibleChannel(ctx.params.channel_id);
        const message = messageIn(channel, ctx.params.message_id);
        if (message.authorId !== world.botUserId) throw Errors.cannotEditOthers();
        editMessage(world, message, asMessageBody(ctx.body));
        publish(message, GatewayDispatchEvents.MessageUpdate);
        return ok(world.apiMessage(message));
      },
    },
    {
      method: 'DELETE',
      pattern: '/channels/:channel_id/messages/:message_id',
      auth: 'bot',
      handle: (ctx) => {
        const channel = visibleChannel(ctx.params.channel_id);
        const message = messageIn(channel, ctx.params.message_id);
        if (
          message.authorId !== world.botUserId &&
          !has(world.permissionsIn(channel, world.botUserId), P.ManageMessages)
        ) {
          throw Errors.missingPermissions();
        }
        deleteMessage(world, message);
        gateway.dispatch(
          GatewayDispatchEvents.MessageDelete,
          { id: message.id, channel_id: channel.id, guild_id: channel.guildId },
          channel.guildId,
        );
        return noContent();
      },
    },

    // ---- guilds ----
    {
      method: 'GET',
      pattern: '/guilds/:guild_id',
      auth: 'bot',
      handle: (ctx) => ok(world.apiGuild(guildOf(ctx.params.guild_id))),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild_id/channels',
      auth: 'bot',
      handle: (ctx) =>
        ok(world.guildChannels(guildOf(ctx.params.guild_id).id).map((c) => world.apiChannel(c))),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild_id/roles',
      auth: 'bot',
      handle: (ctx) =>
        ok([...guildOf(ctx.params.guild_id).roles.values()].map((r) => world.apiRole(r))),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild_id/members',
      auth: 'bot',
      handle: (ctx) => {
        const guild = guildOf(ctx.params.guild_id);
        const limit = Math.min(1000, Math.max(1, Number(ctx.query.get('limit') ?? 1)));
        const after = ctx.query.get('after') ?? '0';
        const members = [...guild.members.values()]
          .filter((m) => BigInt(m.userId) > BigInt(after))
          .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
          .slice(0, limit);
        return ok(members.map((m) => world.apiMember(guild, m)));
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild_id/members/:user_id',
      auth: 'bot',
      handle: (ctx) => {
        const guild = guildOf(ctx.params.guild_id);
        const member = guild.members.get(ctx.params.user_id ?? '');
        if (!member) throw Errors.unknownMember();
        return ok(world.apiMember(guild, member));
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild_id/scheduled-events',
      auth: 'bot',
      handle: (ctx) => ok(eventsOf(guildOf(ctx.params.guild_id))),
    },
    {
      method: 'POST',
      pattern: '/guilds/:guild_id/scheduled-events',
      auth: 'bot',
      handle: createEvent,
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild_id/scheduled-events/:event_id',
      auth: 'bot',
      handle: (ctx) => ok(eventIn(ctx).event),
    },
    {
      method: 'PATCH',
      pattern: '/guilds/:guild_id/scheduled-events/:event_id',
      auth: 'bot',
      handle: (ctx) => {
        const { guild, event } = eventIn(ctx);
        mayManageEvents(guild);
        const updated = { ...event, ...(ctx.body as object) } as APIGuildScheduledEvent;
        world.scheduledEvents.set(
          guild.id,
          eventsOf(guild).map((e) => (e === event ? updated : e)),
        );
        gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventUpdate, updated, guild.id);
        return ok(updated);
      },
    },
    {
      method: 'DELETE',
      pattern: '/guilds/:guild_id/scheduled-events/:event_id',
      auth: 'bot',
      handle: (ctx) => {
        const { guild, event } = eventIn(ctx);
        mayManageEvents(guild);
        world.scheduledEvents.set(
          guild.id,
          eventsOf(guild).filter((e) => e !== event),
        );
        gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventDelete, event, guild.id);
        return noContent();
      },
    },
  ];
}
