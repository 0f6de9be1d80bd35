import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { shardOf } from './snowflake.ts';
import type { World } from './world.ts';

export interface GatewayOptions {
  world: World;
  token: string;
  /** The URL clients reach this gateway at (also sent as `resume_gateway_url`). */
  url: () => string;
  heartbeatIntervalMs: number;
  /** Privileged intents the application is allowed (GuildMembers, GuildPresences, MessageContent); others close with 4014. */
  privilegedIntents: number;
}

export interface GatewaySessionInfo {
  id: string;
  shard: [number, number];
  intents: number;
  connected: boolean;
  seq: number;
}

export type GatewayLogEntry =
  | { at: number; kind: 'identify'; sessionId: string; shard: [number, number] }
  | { at: number; kind: 'resume'; sessionId: string; replayed: number }
  | { at: number; kind: 'invalid_session'; sessionId: string | undefined }
  | { at: number; kind: 'close'; sessionId: string | undefined; code: number }
  | { at: number; kind: 'reject'; code: number; reason: string };

interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  backlog: { op: 0; s: number; t: string; d: unknown }[];
  socket: WebSocket | null;
  invalid: boolean;
}

const PRIVILEGED =
  GatewayIntentBits.GuildMembers |
  GatewayIntentBits.GuildPresences |
  GatewayIntentBits.MessageContent;
const BACKLOG_LIMIT = 1000;

/** Which intent an event needs; events not listed (READY, INTERACTION_CREATE, …) need none. */
function intentFor(event: GatewayDispatchEvents, inGuild: boolean): number {
  switch (event) {
    case GatewayDispatchEvents.GuildCreate:
    case GatewayDispatchEvents.GuildUpdate:
    case GatewayDispatchEvents.GuildDelete:
    case GatewayDispatchEvents.GuildRoleCreate:
    case GatewayDispatchEvents.GuildRoleUpdate:
    case GatewayDispatchEvents.GuildRoleDelete:
    case GatewayDispatchEvents.ChannelCreate:
    case GatewayDispatchEvents.ChannelUpdate:
    case GatewayDispatchEvents.ChannelDelete:
      return GatewayIntentBits.Guilds;
    case GatewayDispatchEvents.GuildMemberAdd:
    case GatewayDispatchEvents.GuildMemberUpdate:
    case GatewayDispatchEvents.GuildMemberRemove:
      return GatewayIntentBits.GuildMembers;
    case GatewayDispatchEvents.GuildScheduledEventCreate:
    case GatewayDispatchEvents.GuildScheduledEventUpdate:
    case GatewayDispatchEvents.GuildScheduledEventDelete:
      return GatewayIntentBits.GuildScheduledEvents;
    case GatewayDispatchEvents.MessageCreate:
    case GatewayDispatchEvents.MessageUpdate:
    case GatewayDispatchEvents.MessageDelete:
      return inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    default:
      return 0;
  }
}

/**
 * Discord's gateway over `ws`: HELLO, IDENTIFY (4004 on a bad token), READY and one GUILD_CREATE
 * per guild of the shard, heartbeat ACKs, RESUME with replay of missed events, and sharding by
 * `(guild_id >> 22) % shard_count`. JSON encoding, no compression (discord.js falls back to that
 * when zlib-sync is not installed).
 */
export class Gateway extends EventEmitter {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  readonly log: GatewayLogEntry[] = [];
  sessionsStarted = 0;

  constructor(private readonly options: GatewayOptions) {
    super();
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const encoding = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('encoding');
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (encoding !== null && encoding !== 'json') {
        ws.close(GatewayCloseCodes.DecodeError, 'Only JSON encoding is supported');
        return;
      }
      this.wss.emit('connection', ws, request);
    });
  }

  sessionInfo(): GatewaySessionInfo[] {
    return [...this.sessions.values()]
      .filter((s) => !s.invalid)
      .map((s) => ({
        id: s.id,
        shard: s.shard,
        intents: s.intents,
        connected: s.socket?.readyState === WebSocket.OPEN,
        seq: s.seq,
      }));
  }

  /** True when connected sessions cover every shard of some shard count. */
  isReady(): boolean {
    const live = this.sessionInfo().filter((s) => s.connected);
    return live.some((s) => {
      const n = s.shard[1];
      for (let i = 0; i < n; i++)
        if (!live.some((o) => o.shard[1] === n && o.shard[0] === i)) return false;
      return true;
    });
  }

  /** Send an event to every session whose shard owns `guildId` (DMs belong to shard 0). */
  dispatch(event: GatewayDispatchEvents, data: unknown, guildId?: string): number {
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (session.invalid) continue;
      const [index, count] = session.shard;
      const owner = guildId === undefined ? 0 : shardOf(guildId, count);
      if (owner !== index) continue;
      const needed = intentFor(event, guildId !== undefined);
      if (needed !== 0 && (session.intents & needed) === 0) continue;
      this.send(session, event, data);
      if (session.socket) delivered += 1;
    }
    return delivered;
  }

  /**
   * Cut every gateway connection as a network failure would. Resumable by default: discord.js
   * reconnects, RESUMEs and gets the events it missed. Otherwise the sessions are forgotten and
   * the client must IDENTIFY again.
   */
  drop({ resumable = true }: { resumable?: boolean } = {}): void {
    for (const session of this.sessions.values()) {
      if (!resumable) session.invalid = true;
      session.socket?.terminate();
      session.socket = null;
    }
    for (const client of this.wss.clients) client.terminate();
  }

  /** While down, every connection is cut the moment it opens: Discord's gateway unreachable. */
  private down = false;

  /** An outage: cut every connection and refuse new ones until `setDown(false)`. */
  setDown(down: boolean): void {
    this.down = down;
    if (down) this.drop();
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private now(): number {
    return this.options.world.now();
  }

  private send(session: Session, event: string, data: unknown): void {
    session.seq += 1;
    const payload = { op: GatewayOpcodes.Dispatch as const, s: session.seq, t: event, d: data };
    session.backlog.push(payload);
    if (session.backlog.length > BACKLOG_LIMIT) session.backlog.shift();
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  private onConnection(socket: WebSocket): void {
    if (this.down) {
      socket.terminate();
      return;
    }
    let session: Session | undefined;
    const reject = (code: number, reason: string) => {
      this.log.push({ at: this.now(), kind: 'reject', code, reason });
      socket.close(code, reason);
    };
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.options.heartbeatIntervalMs },
      }),
    );
    socket.on('close', (code) => {
      this.log.push({ at: this.now(), kind: 'close', sessionId: session?.id, code });
      if (session?.socket === socket) session.socket = null;
      this.emit('change');
    });
    socket.on('message', (raw: Buffer) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(raw.toString('utf8')) as { op?: unknown; d?: unknown };
      } catch {
        reject(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      const d = (payload.d ?? {}) as Record<string, unknown>;
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
          return;
        case GatewayOpcodes.Identify: {
          if (session)
            return reject(
              GatewayCloseCodes.AlreadyAuthenticated,
              'You sent more than one identify payload.',
            );
          if (!this.tokenMatches(d.token))
            return reject(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
          const shard = Array.isArray(d.shard) ? (d.shard as unknown[]) : [0, 1];
          const [index, count] = shard;
          if (
            typeof index !== 'number' ||
            typeof count !== 'number' ||
            count < 1 ||
            index < 0 ||
            index >= count
          ) {
            return reject(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
          }
          if (typeof d.intents !== 'number' || d.intents < 0)
            return reject(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
          if ((d.intents & PRIVILEGED & ~this.options.privilegedIntents) !== 0) {
            return reject(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
          }
          session = {
            id: randomBytes(16).toString('hex'),
            shard: [index, count],
            intents: d.intents,
            seq: 0,
            backlog: [],
            socket,
            invalid: false,
          };
          this.sessions.set(session.id, session);
          this.sessionsStarted += 1;
          this.log.push({
            at: this.now(),
            kind: 'identify',
            sessionId: session.id,
            shard: session.shard,
          });
          this.sendReady(session);
          this.emit('change');
          return;
        }
        case GatewayOpcodes.Resume: {
          if (!this.tokenMatches(d.token))
            return reject(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
          const found =
            typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
          if (!found || found.invalid) {
            this.log.push({
              at: this.now(),
              kind: 'invalid_session',
              sessionId: typeof d.session_id === 'string' ? d.session_id : undefined,
            });
            socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
            return;
          }
          if (found.socket && found.socket !== socket) found.socket.terminate();
          found.socket = socket;
          session = found;
          const seq = typeof d.seq === 'number' ? d.seq : 0;
          const missed = found.backlog.filter((p) => p.s > seq);
          for (const p of missed) socket.send(JSON.stringify(p));
          this.send(found, GatewayDispatchEvents.Resumed, {});
          this.log.push({
            at: this.now(),
            kind: 'resume',
            sessionId: found.id,
            replayed: missed.length,
          });
          this.emit('change');
          return;
        }
        case GatewayOpcodes.RequestGuildMembers: {
          if (!session) return reject(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          this.sendMemberChunk(session, d);
          return;
        }
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
          if (!session) reject(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        default:
          reject(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
      }
    });
  }

  private tokenMatches(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.options.token;
  }

  private sendReady(session: Session): void {
    const { world } = this.options;
    const [index, count] = session.shard;
    const guilds = [...world.guilds.values()].filter((g) => shardOf(g.id, count) === index);
    this.send(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user: {
        ...world.apiUser(world.requireUser(world.botUserId)),
        verified: true,
        mfa_enabled: false,
        flags: 0,
      },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.options.url(),
      shard: session.shard,
      application: { id: world.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      user_settings: {},
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
    });
    for (const g of guilds)
      this.send(session, GatewayDispatchEvents.GuildCreate, world.apiGuildCreate(g));
  }

  private sendMemberChunk(session: Session, d: Record<string, unknown>): void {
    const { world } = this.options;
    const guild = typeof d.guild_id === 'string' ? world.guilds.get(d.guild_id) : undefined;
    if (!guild) return;
    const ids = Array.isArray(d.user_ids)
      ? (d.user_ids as unknown[])
      : typeof d.user_ids === 'string'
        ? [d.user_ids]
        : undefined;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : Infinity;
    const members = [...guild.members.values()]
      .filter((m) =>
        ids
          ? ids.includes(m.userId)
          : (world.user(m.userId)?.username ?? '').toLowerCase().startsWith(query),
      )
      .slice(0, limit);
    this.send(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guild.id,
      members: members.map((m) => world.apiMember(guild, m)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids ? ids.filter((id) => !guild.members.has(String(id))) : [],
      ...(d.nonce === undefined ? {} : { nonce: d.nonce }),
    });
  }
}
