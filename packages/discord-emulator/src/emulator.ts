import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  OverwriteType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandOptionChoice,
  type APIGuildScheduledEvent,
  type APIMessage,
} from 'discord-api-types/v10';
import type { ContractViolation } from './contract.ts';
import { FaultInjector, type Fault, type FaultSpec } from './faults.ts';
import { Gateway, type GatewayLogEntry, type GatewaySessionInfo } from './gateway.ts';
import {
  answerOf,
  assertCommandVisible,
  basePayload,
  buildCommandData,
  ControlError,
  findButton,
  InteractionTracker,
  newInteractionToken,
  type InteractionAnswer,
  type InteractionKind,
  type InteractionRecord,
  type Invoker,
  type OptionInput,
} from './interactions.ts';
import {
  DEFAULT_RATE_LIMITS,
  RateLimiter,
  type RateLimitEvent,
  type RateLimitOptions,
} from './ratelimit.ts';
import { RestServer, type RequestLogEntry } from './rest.ts';
import { buildRoutes, type EmulatorTimings } from './routes.ts';
import { SEED, seedWorld } from './seed.ts';
import { World, type Channel, type StoredMessage, type User } from './world.ts';

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  token?: string;
  /** What GET /gateway/bot recommends (default 1). */
  shardCount?: number;
  /** `session_start_limit.max_concurrency`: shards that may identify at once (default 16, so tests never wait 5 s per shard). */
  maxConcurrency?: number;
  heartbeatIntervalMs?: number;
  /** Privileged intent bits the application is approved for (default none: asking for them closes with 4014). */
  privilegedIntents?: number;
  rateLimits?: Partial<RateLimitOptions>;
  timings?: Partial<EmulatorTimings>;
  /** Answer bodies that break the contract with 400 50035, as Discord would (default true). */
  rejectInvalidBodies?: boolean;
  /** Start the emulator's clock at this instant (it keeps running). Default: the real time. */
  time?: Date | number | string;
  /**
   * A server's language (`preferred_locale` in GUILD_CREATE and `guild_locale` on interactions),
   * by guild id, over the seed's (Film Club en-GB, Cinema Night en-US): e.g. a Korean server.
   */
  guildLocales?: Readonly<Record<string, string>>;
}

export const DEFAULT_TIMINGS: EmulatorTimings = {
  ackDeadlineMs: 3000,
  tokenLifetimeMs: 15 * 60 * 1000,
  nonceWindowMs: 5 * 60 * 1000,
};

export interface InvokeCommandInput {
  /** User id or username (`'ben'`). */
  user: string;
  /** Channel id, `'#general'` / `'general'`, or `'dm'` for the user's DM with the bot. */
  channel: string;
  /** Command name, with subcommands after a space: `'film'`, `'countdown start'`. */
  name: string;
  /** Option values by name; users, channels and roles by id or name; choices by value or name. */
  options?: Readonly<Record<string, OptionInput>>;
  /** The user's client locale (default: the user's own, e.g. `en-GB`). */
  locale?: string;
}

export interface AutocompleteInput extends InvokeCommandInput {
  /** The option being typed in. */
  focused: string;
  /** What has been typed so far. */
  value: string;
}

export interface ClickButtonInput {
  user: string;
  /** The message carrying the button: its id, the message, or the answer it came with. */
  message: string | { id: string } | InteractionAnswer;
  customId?: string;
  /** The button's label (case-insensitive), when `customId` is not given. */
  label?: string;
  locale?: string;
}

export interface AnswerOptions {
  /** Give up waiting for the first acknowledgement after this long (default: ack deadline + 2 s). */
  ackTimeoutMs?: number;
  /** Give up waiting for a deferred reply to be edited after this long (default 10 s). */
  answerTimeoutMs?: number;
  /** An answer is complete once nothing happened on the interaction for this long (default 150 ms). */
  settleMs?: number;
}

export interface OverwriteInput {
  /** A role id (use the guild id for @everyone) … */
  role?: string;
  /** … or a user id / username. */
  user?: string;
  allow?: bigint;
  deny?: bigint;
}

export type MessageListener = (message: APIMessage, change: 'create' | 'update' | 'delete') => void;

export class InteractionTimeoutError extends Error {
  override name = 'InteractionTimeoutError';
}

/**
 * A Discord-compatible server on 127.0.0.1 for the real discord.js client, with a control API
 * for tests and the sandbox. Start it with {@link startEmulator}.
 */
export class Emulator {
  readonly world: World;
  readonly requests: RequestLogEntry[] = [];
  readonly violations: ContractViolation[] = [];
  readonly interactions = new InteractionTracker();
  readonly faults = new FaultInjector();
  readonly botToken: string;
  readonly applicationId = SEED.applicationId;
  readonly botUserId = SEED.botUserId;
  /** The seeded world's ids: users ada, ben, cleo, dora; guilds; channels; roles. */
  readonly ids = SEED;
  private readonly limiter: RateLimiter;
  private readonly gateway: Gateway;
  private readonly timings: EmulatorTimings;
  private rejectInvalid: boolean;
  private offsetMs = 0;
  private port = 0;
  private readonly server: Server;

  constructor(options: EmulatorOptions = {}) {
    this.botToken = options.token ?? SEED.botToken;
    if (options.time !== undefined) this.setTime(options.time);
    this.world = new World(SEED.applicationId, SEED.botUserId, () => this.now());
    seedWorld(this.world);
    for (const [guildId, locale] of Object.entries(options.guildLocales ?? {})) {
      const guild = this.world.guilds.get(guildId);
      if (guild === undefined) throw new Error(`guildLocales: no guild ${guildId} in the seed`);
      guild.preferredLocale = locale;
    }
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.rejectInvalid = options.rejectInvalidBodies ?? true;
    this.limiter = new RateLimiter(
      {
        ...DEFAULT_RATE_LIMITS,
        ...options.rateLimits,
        routes: { ...DEFAULT_RATE_LIMITS.routes, ...options.rateLimits?.routes },
      },
      () => this.now(),
    );
    this.gateway = new Gateway({
      world: this.world,
      token: this.botToken,
      url: () => this.gatewayUrl,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      privilegedIntents: options.privilegedIntents ?? 0,
    });
    const rest = new RestServer({
      routes: buildRoutes({
        world: this.world,
        gateway: this.gateway,
        interactions: this.interactions,
        timings: this.timings,
        shardCount: options.shardCount ?? 1,
        maxConcurrency: options.maxConcurrency ?? 16,
        gatewayUrl: () => this.gatewayUrl,
      }),
      token: () => this.botToken,
      limiter: this.limiter,
      faults: this.faults,
      interactions: this.interactions,
      now: () => this.now(),
      rejectInvalidBodies: () => this.rejectInvalid,
      onRequest: (entry) => this.requests.push(entry),
      onViolation: (violation) => this.violations.push(violation),
    });
    this.server = createServer((req, res) => void rest.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  /** @internal use {@link startEmulator} */
  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** What the bot puts in DISCORD_API_URL (discord.js appends `/v10/...`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- clock ----

  /** The emulator's clock (ms): message timestamps, snowflakes, interaction deadlines, nonce windows. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Move the emulator's clock to `instant`; it keeps running from there. Match it to the clock of a bot under test. */
  setTime(instant: Date | number | string): void {
    const ms =
      instant instanceof Date
        ? instant.getTime()
        : typeof instant === 'number'
          ? instant
          : Date.parse(instant);
    if (Number.isNaN(ms)) throw new ControlError(`not a time: ${String(instant)}`);
    this.offsetMs = ms - Date.now();
  }

  advanceTime(ms: number): void {
    this.offsetMs += ms;
  }

  // ---- configuration ----

  configureRateLimits(options: Partial<RateLimitOptions>): void {
    this.limiter.configure(options);
  }

  get rateLimits(): RateLimitOptions {
    return this.limiter.settings;
  }

  configureTimings(timings: Partial<EmulatorTimings>): void {
    Object.assign(this.timings, timings);
  }

  setRejectInvalidBodies(reject: boolean): void {
    this.rejectInvalid = reject;
  }

  get rateLimitEvents(): readonly RateLimitEvent[] {
    return this.limiter.events;
  }

  /** Forget the request log, contract violations and rate-limit events (not the world). */
  clearLogs(): void {
    this.requests.length = 0;
    this.violations.length = 0;
    this.limiter.events.length = 0;
  }

  // ---- faults ----

  /** Fail or delay matching REST requests; see {@link FaultSpec}. */
  injectFault(spec: FaultSpec): Fault {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Cut the bot's gateway connections; `resumable: false` also forgets the sessions (forces IDENTIFY). */
  dropGateway(options: { resumable?: boolean } = {}): void {
    this.gateway.drop(options);
  }

  /**
   * A gateway outage: every connection is cut and new ones are cut as they open (resumable
   * sessions kept), until `restoreGateway()`. REST keeps answering.
   */
  stopGateway(): void {
    this.gateway.setDown(true);
  }

  restoreGateway(): void {
    this.gateway.setDown(false);
  }

  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.gateway.log;
  }

  sessions(): GatewaySessionInfo[] {
    return this.gateway.sessionInfo();
  }

  /** Resolve once connected sessions cover every shard (the bot got READY and its guilds). */
  async waitForReady(timeoutMs = 10_000): Promise<void> {
    await this.until(
      () => this.gateway.isReady(),
      timeoutMs,
      'no bot completed the gateway handshake',
    );
  }

  /** Resolve once these commands are registered (globally, or in `guildId`). */
  async waitForCommands(
    names: readonly string[],
    { guildId, timeoutMs = 10_000 }: { guildId?: string; timeoutMs?: number } = {},
  ): Promise<void> {
    await this.until(
      () => names.every((n) => this.world.commandFor(n, guildId) !== undefined),
      timeoutMs,
      `commands ${names.join(', ')} were not registered`,
    );
  }

  // ---- world changes ----

  private user(ref: string): User {
    const user = this.world.findUser(ref);
    if (!user) throw new ControlError(`no user "${ref}"`);
    return user;
  }

  private channel(ref: string): Channel {
    const channel = this.world.findChannel(ref);
    if (!channel) throw new ControlError(`no channel "${ref}"`);
    return channel;
  }

  /**
   * Add a person, optionally as a member of some guilds (by id), e.g. a crowd for a fan-out test.
   * Returns their id.
   */
  addUser(input: {
    username: string;
    id?: string;
    dmsOpen?: boolean;
    locale?: string;
    guilds?: readonly string[];
  }): string {
    const id = input.id ?? this.world.ids.next();
    if (this.world.findUser(input.username))
      throw new ControlError(`a user called ${input.username} exists already`);
    this.world.users.set(id, {
      id,
      username: input.username,
      globalName: null,
      bot: false,
      dmsOpen: input.dmsOpen ?? true,
      locale: input.locale ?? 'en-GB',
    });
    for (const guildId of input.guilds ?? []) {
      const guild = this.world.guilds.get(guildId);
      if (!guild) throw new ControlError(`no guild ${guildId}`);
      const member = {
        userId: id,
        roles: [],
        nick: null,
        joinedAt: new Date(this.now()).toISOString(),
      };
      guild.members.set(id, member);
      this.gateway.dispatch(
        GatewayDispatchEvents.GuildMemberAdd,
        { guild_id: guild.id, ...this.world.apiMember(guild, member) },
        guild.id,
      );
    }
    return id;
  }

  /** Open or close a user's DMs (closed: the bot's DMs to them fail with 50007). */
  setDmsOpen(user: string, open: boolean): void {
    this.user(user).dmsOpen = open;
  }

  /** Delete a channel, as an admin would: the bot gets CHANNEL_DELETE, then 10003 for anything sent there. */
  deleteChannel(channel: string): void {
    const c = this.channel(channel);
    this.world.channels.delete(c.id);
    if (c.guildId !== undefined)
      this.gateway.dispatch(
        GatewayDispatchEvents.ChannelDelete,
        this.world.apiChannel(c),
        c.guildId,
      );
  }

  /** Set (replace) one permission overwrite on a channel; the bot gets CHANNEL_UPDATE. */
  setPermissionOverwrite(channel: string, input: OverwriteInput): void {
    const c = this.channel(channel);
    if (c.guildId === undefined) throw new ControlError('DM channels have no overwrites');
    const target =
      input.role !== undefined
        ? { id: input.role, type: OverwriteType.Role }
        : input.user !== undefined
          ? { id: this.user(input.user).id, type: OverwriteType.Member }
          : undefined;
    if (!target) throw new ControlError('an overwrite needs a role or a user');
    c.overwrites = [
      ...c.overwrites.filter((o) => o.id !== target.id),
      { ...target, allow: input.allow ?? 0n, deny: input.deny ?? 0n },
    ];
    this.gateway.dispatch(GatewayDispatchEvents.ChannelUpdate, this.world.apiChannel(c), c.guildId);
  }

  /**
   * Change a server's language (`preferred_locale`, a Discord locale such as `ko` or `en-GB`), as a
   * Community server's owner does in its settings: the bot gets GUILD_UPDATE, and interactions in
   * the server carry it as `guild_locale` from now on.
   */
  setGuildLocale(guildId: string, locale: string): void {
    const guild = this.world.guilds.get(guildId);
    if (!guild) throw new ControlError(`no guild ${guildId}`);
    guild.preferredLocale = locale;
    this.gateway.dispatch(GatewayDispatchEvents.GuildUpdate, this.world.apiGuild(guild), guild.id);
  }

  /** Replace a role's guild-wide permissions; the bot gets GUILD_ROLE_UPDATE. */
  setRolePermissions(guildId: string, roleId: string, permissions: bigint): void {
    const guild = this.world.guilds.get(guildId);
    const role = guild?.roles.get(roleId);
    if (!guild || !role) throw new ControlError(`no role ${roleId} in guild ${guildId}`);
    role.permissions = permissions;
    this.gateway.dispatch(
      GatewayDispatchEvents.GuildRoleUpdate,
      { guild_id: guild.id, role: this.world.apiRole(role) },
      guild.id,
    );
  }

  /** Replace a member's roles; the bot gets GUILD_MEMBER_UPDATE if it asked for the GuildMembers intent. */
  setMemberRoles(guildId: string, user: string, roles: string[]): void {
    const guild = this.world.guilds.get(guildId);
    const member = guild?.members.get(this.user(user).id);
    if (!guild || !member) throw new ControlError(`${user} is not in guild ${guildId}`);
    member.roles = roles;
    this.gateway.dispatch(
      GatewayDispatchEvents.GuildMemberUpdate,
      { guild_id: guild.id, ...this.world.apiMember(guild, member) },
      guild.id,
    );
  }

  // ---- reading ----

  /** Messages in a channel, oldest first; ephemeral ones only when asked. */
  messages(channel: string, { includeEphemeral = false } = {}): APIMessage[] {
    const c = this.world.findChannel(channel);
    const id = c?.id ?? channel;
    return this.world
      .channelMessages(id, { includeEphemeral })
      .map((m) => this.world.apiMessage(m));
  }

  /** What the bot sent a user by DM, oldest first. */
  dms(user: string): APIMessage[] {
    const dm = this.world.existingDmChannel(this.user(user).id);
    return dm ? this.world.channelMessages(dm.id).map((m) => this.world.apiMessage(m)) : [];
  }

  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.world.commands.get(guildId ?? 'global') ?? [];
  }

  scheduledEvents(guildId: string): APIGuildScheduledEvent[] {
    return this.world.scheduledEvents.get(guildId) ?? [];
  }

  /** Called for every message created, edited or deleted (ephemeral ones included). */
  onMessage(listener: MessageListener): () => void {
    const on = (change: 'create' | 'update' | 'delete') => (m: StoredMessage) =>
      listener(this.world.apiMessage(m), change);
    const create = on('create');
    const update = on('update');
    const remove = on('delete');
    this.world.on('messageCreate', create);
    this.world.on('messageUpdate', update);
    this.world.on('messageDelete', remove);
    return () => {
      this.world.off('messageCreate', create);
      this.world.off('messageUpdate', update);
      this.world.off('messageDelete', remove);
    };
  }

  /** The first message (already there or still to come) in a channel or a user's DMs that matches. */
  async waitForMessage(
    where: { channel: string } | { dm: string },
    match: (m: APIMessage) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<APIMessage> {
    const inPlace = (m: APIMessage) => {
      if ('channel' in where)
        return m.channel_id === (this.world.findChannel(where.channel)?.id ?? where.channel);
      return m.channel_id === this.world.existingDmChannel(this.user(where.dm).id)?.id;
    };
    const existing = ('channel' in where ? this.messages(where.channel) : this.dms(where.dm)).find(
      match,
    );
    if (existing) return existing;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(
          new InteractionTimeoutError(
            `no matching message in ${JSON.stringify(where)} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const stop = this.onMessage((m, change) => {
        if (
          change === 'delete' ||
          (m.flags ?? 0) & MessageFlags.Ephemeral ||
          !inPlace(m) ||
          !match(m)
        )
          return;
        clearTimeout(timer);
        stop();
        resolve(m);
      });
    });
  }

  // ---- interactions ----

  private invoker(userRef: string, channelRef: string, locale: string | undefined): Invoker {
    const user = this.user(userRef);
    const channel =
      channelRef === 'dm' ? this.world.dmChannelFor(user.id) : this.channel(channelRef);
    if (channel.guildId !== undefined) {
      const perms = this.world.permissionsIn(channel, user.id);
      if ((perms & PermissionFlagsBits.ViewChannel) === 0n)
        throw new ControlError(`${user.username} cannot see #${channel.name}`);
      if ((perms & PermissionFlagsBits.UseApplicationCommands) === 0n) {
        throw new ControlError(
          `${user.username} may not use application commands in #${channel.name}`,
        );
      }
      if (channel.type === ChannelType.GuildCategory)
        throw new ControlError(`#${channel.name} is a category`);
    }
    return { user, channel, locale: locale ?? user.locale };
  }

  private command(name: string, inv: Invoker) {
    const [root = '', ...path] = name.trim().replace(/^\//, '').split(/\s+/);
    const command = this.world.commandFor(root, inv.channel.guildId);
    if (!command) {
      const known =
        [...new Set([...this.world.commands.values()].flat().map((c) => c.name))].join(', ') ||
        'none yet';
      throw new ControlError(`/${root} is not registered (registered: ${known})`);
    }
    assertCommandVisible(this.world, command, inv);
    return { command, path };
  }

  private dispatchInteraction(
    kind: InteractionKind,
    inv: Invoker,
    type: InteractionType,
    extra: (id: string) => Record<string, unknown>,
    meta: Partial<InteractionRecord>,
  ): InteractionRecord {
    if (this.gateway.sessionInfo().length === 0)
      throw new ControlError('no bot is connected to the gateway');
    const id = this.world.ids.next();
    const token = newInteractionToken();
    const payload = { ...basePayload(this.world, inv, type, id, token), ...extra(id) };
    const record: InteractionRecord = {
      id,
      token,
      kind,
      createdAt: this.now(),
      userId: inv.user.id,
      channelId: inv.channel.id,
      ...(inv.channel.guildId === undefined ? {} : { guildId: inv.channel.guildId }),
      followupIds: [],
      inFlight: 0,
      lastActivity: Date.now(),
      payload,
      ...meta,
    };
    this.interactions.add(record);
    record.dispatchedAtHr = performance.now();
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, inv.channel.guildId);
    return record;
  }

  /** Run a slash command as `user` in `channel` and wait for what they would see. */
  async invokeCommand(
    input: InvokeCommandInput,
    wait: AnswerOptions = {},
  ): Promise<InteractionAnswer> {
    const inv = this.invoker(input.user, input.channel, input.locale);
    const { command, path } = this.command(input.name, inv);
    const { data } = buildCommandData(this.world, command, path, input.options ?? {}, inv);
    const record = this.dispatchInteraction(
      'command',
      inv,
      InteractionType.ApplicationCommand,
      () => ({ data }),
      { commandName: command.name },
    );
    return this.awaitAnswer(record, `/${input.name}`, wait);
  }

  /** Type into an autocompleting option and get the choices the bot offers. */
  async autocomplete(
    input: AutocompleteInput,
    wait: AnswerOptions = {},
  ): Promise<APIApplicationCommandOptionChoice[]> {
    const inv = this.invoker(input.user, input.channel, input.locale);
    const { command, path } = this.command(input.name, inv);
    const { data } = buildCommandData(
      this.world,
      command,
      path,
      { ...input.options, [input.focused]: input.value },
      inv,
      input.focused,
    );
    const record = this.dispatchInteraction(
      'autocomplete',
      inv,
      InteractionType.ApplicationCommandAutocomplete,
      () => ({ data }),
      { commandName: command.name },
    );
    await this.awaitAck(record, `autocomplete of /${input.name} ${input.focused}`, wait);
    if (record.responseType !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
      throw new ControlError(
        `the bot answered autocomplete with response type ${String(record.responseType)}`,
      );
    }
    return record.choices ?? [];
  }

  /** Click a button on a message as `user` and wait for what they would see. */
  async clickButton(input: ClickButtonInput, wait: AnswerOptions = {}): Promise<InteractionAnswer> {
    const messageId =
      typeof input.message === 'string'
        ? input.message
        : 'interactionId' in input.message
          ? input.message.message?.id
          : input.message.id;
    const stored = messageId === undefined ? undefined : this.world.messages.get(messageId);
    if (!stored || stored.deleted)
      throw new ControlError(`no message ${String(messageId)} to click on`);
    const inv = this.invoker(
      input.user,
      stored.channelId === this.world.existingDmChannel(this.user(input.user).id)?.id
        ? 'dm'
        : stored.channelId,
      input.locale,
    );
    if (stored.ephemeralFor !== undefined && stored.ephemeralFor !== inv.user.id) {
      throw new ControlError(`${inv.user.username} cannot see that ephemeral message`);
    }
    const button = findButton(stored, {
      ...(input.customId === undefined ? {} : { customId: input.customId }),
      ...(input.label === undefined ? {} : { label: input.label }),
    });
    const record = this.dispatchInteraction(
      'button',
      inv,
      InteractionType.MessageComponent,
      () => ({
        message: this.world.apiMessage(stored),
        data: { custom_id: button.custom_id, component_type: ComponentType.Button },
      }),
      { customId: button.custom_id, sourceMessageId: stored.id },
    );
    return this.awaitAnswer(record, `button ${button.label ?? button.custom_id}`, wait);
  }

  /**
   * Submit a modal with `customId` as `user` in `channel`, and wait for what they would see. The
   * emulator does not check that the bot ever showed that modal: a stale client, or another
   * application's modal, can send any id, and the bot must cope.
   */
  async submitModal(
    input: { user: string; channel: string; customId: string; locale?: string },
    wait: AnswerOptions = {},
  ): Promise<InteractionAnswer> {
    const inv = this.invoker(input.user, input.channel, input.locale);
    const record = this.dispatchInteraction(
      'modal',
      inv,
      InteractionType.ModalSubmit,
      () => ({ data: { custom_id: input.customId, components: [] } }),
      { customId: input.customId },
    );
    return this.awaitAnswer(record, `modal ${input.customId}`, wait);
  }

  private async awaitAck(
    record: InteractionRecord,
    what: string,
    wait: AnswerOptions,
  ): Promise<void> {
    const timeoutMs = wait.ackTimeoutMs ?? this.timings.ackDeadlineMs + 2000;
    const acked = await this.interactions.waitFor(
      () => record.responseType !== undefined && record.inFlight === 0,
      timeoutMs,
    );
    if (acked) return;
    const attempts = this.requests
      .filter((r) => r.path.includes(record.id))
      .map(
        (r) =>
          `${r.method} ${r.route ?? r.path} → ${r.status}${r.code === undefined ? '' : ` (${r.code})`}`,
      );
    throw new InteractionTimeoutError(
      `the bot did not acknowledge ${what} within ${timeoutMs} ms` +
        (attempts.length > 0 ? `; it tried: ${attempts.join('; ')}` : ''),
    );
  }

  private async awaitAnswer(
    record: InteractionRecord,
    what: string,
    wait: AnswerOptions,
  ): Promise<InteractionAnswer> {
    await this.awaitAck(record, what, wait);
    if (record.responseType === InteractionResponseType.DeferredChannelMessageWithSource) {
      const answered = () => {
        const original =
          record.originalMessageId === undefined
            ? undefined
            : this.world.messages.get(record.originalMessageId);
        return (
          record.followupIds.length > 0 ||
          (original !== undefined && (original.flags & MessageFlags.Loading) === 0)
        );
      };
      if (!(await this.interactions.waitFor(answered, wait.answerTimeoutMs ?? 10_000))) {
        throw new InteractionTimeoutError(
          `the bot deferred ${what} but never edited the reply or followed up`,
        );
      }
    }
    const settleMs = wait.settleMs ?? 150;
    for (;;) {
      const quiet = Date.now() - record.lastActivity;
      if (record.inFlight === 0 && quiet >= settleMs) break;
      await sleep(Math.max(10, settleMs - quiet));
    }
    return answerOf(this.world, record);
  }

  private async until(predicate: () => boolean, timeoutMs: number, failure: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new InteractionTimeoutError(`${failure} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }
}

/** Start an emulator on 127.0.0.1 (a free port unless `port` is given). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new Emulator(options);
  await emulator.listen(options.port ?? 0);
  return emulator;
}
