import { setTimeout as sleep } from 'node:timers/promises';
import type {
  DeliveryFailure,
  DeliveryResult,
  EventEditResult,
  Notifier,
  OutgoingMessage,
  ScheduledEventTimes,
} from '../../src/scheduler/notifier.ts';

export type Destination = { kind: 'dm'; userId: string } | { kind: 'channel'; channelId: string };

export interface RecordedRequest {
  to: Destination;
  message: OutgoingMessage;
}

/** A message as users see it: where it is, its id, its current content (after edits). */
export interface VisibleMessage extends RecordedRequest {
  /** The channel it is in (for a DM, the user's DM channel). */
  channelId: string;
  messageId: string;
  /** The same as `messageId`. */
  id: string;
  nonce: string;
  /** The message's text now (`message.content`, or '' without one). */
  content: string;
  edits: number;
}

/** Decides how "Discord" answers one request: undefined lets it through. */
export type Responder = (request: RecordedRequest) => DeliveryFailure | 'hang' | undefined;

export const failures = {
  unknownChannel: { kind: 'unknown_channel', code: 10003 },
  missingAccess: { kind: 'missing_access', code: 50001 },
  missingPermissions: { kind: 'missing_permissions', code: 50013 },
  threadArchived: { kind: 'thread_closed', code: 50083 },
  threadLocked: { kind: 'thread_closed', code: 160005 },
  blockedByAutoMod: { kind: 'blocked', code: 200000 },
  rateLimited: (retryAfterMs: number) => ({ kind: 'rate_limited', code: 429, retryAfterMs }),
  serverError: { kind: 'server_error', code: 500 },
} as const satisfies Record<string, DeliveryFailure | ((n: number) => DeliveryFailure)>;

/**
 * The one fake Notifier of the tests: it behaves like Discord for the scheduler's purposes. It
 * records every request; keeps the messages users would see, enforcing nonces per channel (a
 * repeated nonce returns the message already posted, like `enforce_nonce`); edits messages and
 * answers 10008 for a deleted one; keeps guild scheduled events and answers 10070 for a missing
 * one; and measures how many requests overlap. Failures are scripted three ways: `respond` /
 * `failNext` (rules over any request), `fail(channelId, …)` (queued per channel, for posts and
 * edits) and `eventFailures` (queued for event edits). `'hang'` and `dieAfterSend` model a
 * process that dies after Discord posted but before it heard back.
 */
export class FakeNotifier implements Notifier {
  readonly requests: RecordedRequest[] = [];
  /** Every message posted, in order (deleting one does not remove it from here). */
  readonly visible: VisibleMessage[] = [];
  /** Messages that still exist, by id. */
  readonly messages = new Map<string, VisibleMessage>();
  readonly editsLog: { channelId: string; messageId: string; content: string }[] = [];
  /** Failures answered to the next posts and edits in a channel, in order. */
  readonly queued = new Map<string, DeliveryFailure[]>();
  /** Channels where the post reaches Discord and then the process "dies" before hearing back. */
  readonly dieAfterSend = new Set<string>();
  /** Scheduled events "in the server": id → current times. Edits of a missing one answer 10070. */
  readonly events = new Map<string, ScheduledEventTimes>();
  /** Scheduled-event moves, in order; reminders never make any. */
  readonly eventEdits: { guildId: string; eventId: string; times: ScheduledEventTimes }[] = [];
  /** Failures answered to the next event edits, in order. */
  readonly eventFailures: DeliveryFailure[] = [];
  /** Simulated round trip per request, in ms (0 answers on the next macrotask). */
  latencyMs = 0;
  inFlight = 0;
  /** The most requests that were in flight at once: > 1 proves a fan-out is concurrent. */
  maxInFlight = 0;
  private readonly responders: Responder[] = [];
  private readonly byNonce = new Map<string, string>();
  private nextId = 500_000_000_000_000_000n;

  /** Channel posts only (what a countdown channel shows, deleted ones included). */
  get posts(): VisibleMessage[] {
    return this.visible.filter((m) => m.to.kind === 'channel');
  }

  /** Add a rule; the first rule that returns a failure wins. */
  respond(responder: Responder): this {
    this.responders.push(responder);
    return this;
  }

  /** Fail the next `times` requests matching `when` with `failure`. */
  failNext(
    failure: DeliveryFailure,
    times = 1,
    when: (r: RecordedRequest) => boolean = () => true,
  ): this {
    let left = times;
    return this.respond((r) => {
      if (left <= 0 || !when(r)) return undefined;
      left--;
      return failure;
    });
  }

  clearResponders(): void {
    this.responders.length = 0;
  }

  /** Queue failures for the next posts and edits in `channelId`. */
  fail(channelId: string, ...failures: DeliveryFailure[]): void {
    this.queued.set(channelId, [...(this.queued.get(channelId) ?? []), ...failures]);
  }

  static dmChannelOf(userId: string): string {
    return String(BigInt(userId) + 7n);
  }

  /** What one user saw: their DMs and the channel posts that mention them. */
  seenBy(userId: string): VisibleMessage[] {
    return this.visible.filter((m) =>
      m.to.kind === 'dm' ? m.to.userId === userId : m.message.mentionUserIds?.includes(userId),
    );
  }

  inChannel(channelId: string): VisibleMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId);
  }

  deleteMessage(messageId: string): void {
    this.messages.delete(messageId);
  }

  sendDirect(userId: string, message: OutgoingMessage): Promise<DeliveryResult> {
    return this.send({ to: { kind: 'dm', userId }, message }, FakeNotifier.dmChannelOf(userId));
  }

  sendToChannel(channelId: string, message: OutgoingMessage): Promise<DeliveryResult> {
    return this.send({ to: { kind: 'channel', channelId }, message }, channelId);
  }

  editMessage(
    channelId: string,
    messageId: string,
    message: Omit<OutgoingMessage, 'nonce'>,
  ): Promise<DeliveryResult> {
    return this.timed(() => {
      const failure = this.queued.get(channelId)?.shift();
      if (failure) return { ok: false, failure };
      const existing = this.messages.get(messageId);
      if (existing?.channelId !== channelId) {
        return { ok: false, failure: { kind: 'unknown_message', code: 10008 } };
      }
      existing.message = { ...message, nonce: existing.nonce };
      existing.content = message.content ?? '';
      existing.edits++;
      this.editsLog.push({ channelId, messageId, content: existing.content });
      return { ok: true, channelId, messageId };
    });
  }

  editScheduledEvent(
    guildId: string,
    eventId: string,
    times: ScheduledEventTimes,
  ): Promise<EventEditResult> {
    return this.timed(() => {
      this.eventEdits.push({ guildId, eventId, times });
      const failure = this.eventFailures.shift();
      if (failure) return { ok: false, failure };
      if (!this.events.has(eventId)) {
        return {
          ok: false,
          failure: { kind: 'rejected', code: 10070, message: 'Unknown Guild Scheduled Event' },
        };
      }
      this.events.set(eventId, times);
      return { ok: true };
    });
  }

  private async send(request: RecordedRequest, channelId: string): Promise<DeliveryResult> {
    this.requests.push(request);
    const answer = await this.timed(() => {
      const queued =
        request.to.kind === 'channel' ? this.queued.get(channelId)?.shift() : undefined;
      if (queued) return queued;
      for (const responder of this.responders) {
        const answer = responder(request);
        if (answer !== undefined) return answer;
      }
      return undefined;
    });
    if (answer === 'hang') {
      // Discord posted it, but the process dies before hearing back: never resolves.
      this.post(request, channelId);
      return new Promise<never>(() => undefined);
    }
    if (answer !== undefined) return { ok: false, failure: answer };
    const messageId = this.post(request, channelId);
    if (this.dieAfterSend.has(channelId)) throw new Error('process died after the request left');
    return { ok: true, channelId, messageId };
  }

  private post(request: RecordedRequest, channelId: string): string {
    const key = `${channelId}|${request.message.nonce}`;
    const existing = this.byNonce.get(key);
    if (existing !== undefined) return existing;
    const id = String(this.nextId++);
    const posted: VisibleMessage = {
      ...request,
      channelId,
      messageId: id,
      id,
      nonce: request.message.nonce,
      content: request.message.content ?? '',
      edits: 0,
    };
    this.visible.push(posted);
    this.messages.set(id, posted);
    this.byNonce.set(key, id);
    return id;
  }

  private async timed<T>(work: () => T): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await sleep(this.latencyMs);
      return work();
    } finally {
      this.inFlight--;
    }
  }
}
