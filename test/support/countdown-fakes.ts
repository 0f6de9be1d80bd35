import { setTimeout as sleep } from 'node:timers/promises';
import type {
  DeliveryFailure,
  DeliveryResult,
  EventEditResult,
  Notifier,
  OutgoingMessage,
  ScheduledEventTimes,
} from '../../src/scheduler/notifier.ts';

export interface ChannelMessage {
  id: string;
  channelId: string;
  nonce: string;
  content: string;
  message: Omit<OutgoingMessage, 'nonce'>;
  edits: number;
}

export const failures = {
  unknownChannel: { kind: 'unknown_channel', code: 10003 },
  missingAccess: { kind: 'missing_access', code: 50001 },
  missingPermissions: { kind: 'missing_permissions', code: 50013 },
  rateLimited: (retryAfterMs: number) => ({ kind: 'rate_limited', code: 429, retryAfterMs }),
  serverError: { kind: 'server_error', code: 500 },
} as const satisfies Record<string, DeliveryFailure | ((n: number) => DeliveryFailure)>;

/**
 * A Notifier that behaves like Discord's channels for countdowns: messages get ids, a repeated
 * nonce returns the message already posted (enforce_nonce), editing a deleted message answers
 * 10008, and failures can be queued per channel. It also measures how many sends overlap.
 */
export class FakeChannelNotifier implements Notifier {
  readonly messages = new Map<string, ChannelMessage>();
  readonly posts: ChannelMessage[] = [];
  readonly editsLog: { channelId: string; messageId: string; content: string }[] = [];
  /** Failures answered to the next calls for a channel, in order. */
  readonly queued = new Map<string, DeliveryFailure[]>();
  /** Channels where the post reaches Discord and then the process "dies" before hearing back. */
  readonly dieAfterSend = new Set<string>();
  latencyMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  private nextId = 900_000_000_000_000_000n;
  private readonly byNonce = new Map<string, string>();

  fail(channelId: string, ...failures: DeliveryFailure[]): void {
    this.queued.set(channelId, [...(this.queued.get(channelId) ?? []), ...failures]);
  }

  inChannel(channelId: string): ChannelMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId);
  }

  deleteMessage(messageId: string): void {
    this.messages.delete(messageId);
  }

  sendDirect(): Promise<DeliveryResult> {
    return Promise.reject(new Error('countdowns never send DMs'));
  }

  sendToChannel(channelId: string, message: OutgoingMessage): Promise<DeliveryResult> {
    return this.timed(() => {
      const failure = this.queued.get(channelId)?.shift();
      if (failure) return { ok: false, failure };
      const key = `${channelId}|${message.nonce}`;
      const existing = this.byNonce.get(key);
      if (existing !== undefined) return { ok: true, channelId, messageId: existing };
      const id = String(this.nextId++);
      const { nonce, ...rest } = message;
      const posted: ChannelMessage = {
        id,
        channelId,
        nonce,
        content: rest.content ?? '',
        message: rest,
        edits: 0,
      };
      this.messages.set(id, posted);
      this.posts.push(posted);
      this.byNonce.set(key, id);
      if (this.dieAfterSend.has(channelId)) throw new Error('process died after the request left');
      return { ok: true, channelId, messageId: id };
    });
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
      existing.message = message;
      existing.content = message.content ?? '';
      existing.edits++;
      this.editsLog.push({ channelId, messageId, content: existing.content });
      return { ok: true, channelId, messageId };
    });
  }

  /** Scheduled events "in the server": id → current times. Edits of a missing one answer 10070. */
  readonly events = new Map<string, ScheduledEventTimes>();
  readonly eventEdits: { guildId: string; eventId: string; times: ScheduledEventTimes }[] = [];
  /** Failures answered to the next event edits, in order. */
  readonly eventFailures: DeliveryFailure[] = [];

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

  private async timed<T>(work: () => T): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      return work();
    } finally {
      this.inFlight--;
    }
  }
}
