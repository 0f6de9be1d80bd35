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

export interface VisibleMessage extends RecordedRequest {
  channelId: string;
  messageId: string;
}

/** Decides how "Discord" answers one request: undefined lets it through. */
export type Responder = (request: RecordedRequest) => DeliveryFailure | 'hang' | undefined;

/**
 * A Notifier that behaves like Discord for the scheduler's purposes: it records every request,
 * and keeps the messages users would see, enforcing nonces per channel (a repeated nonce returns
 * the message already posted instead of posting again). Failures are scripted with `respond`.
 */
export class RecordingNotifier implements Notifier {
  readonly requests: RecordedRequest[] = [];
  readonly visible: VisibleMessage[] = [];
  private readonly responders: Responder[] = [];
  private inFlight = 0;
  /** The most requests that were in flight at once: > 1 proves a fan-out is concurrent. */
  maxInFlight = 0;
  /** Simulated round trip per request, in ms (0 answers on the next microtask). */
  latencyMs = 0;
  private nextId = 500_000_000_000_000_000n;

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

  static dmChannelOf(userId: string): string {
    return String(BigInt(userId) + 7n);
  }

  /** What one user saw: their DMs and the channel posts that mention them. */
  seenBy(userId: string): VisibleMessage[] {
    return this.visible.filter((m) =>
      m.to.kind === 'dm' ? m.to.userId === userId : m.message.mentionUserIds?.includes(userId),
    );
  }

  sendDirect(userId: string, message: OutgoingMessage): Promise<DeliveryResult> {
    return this.handle(
      { to: { kind: 'dm', userId }, message },
      RecordingNotifier.dmChannelOf(userId),
    );
  }

  sendToChannel(channelId: string, message: OutgoingMessage): Promise<DeliveryResult> {
    return this.handle({ to: { kind: 'channel', channelId }, message }, channelId);
  }

  editMessage(channelId: string, messageId: string): Promise<DeliveryResult> {
    return Promise.resolve({ ok: true, channelId, messageId });
  }

  /** Scheduled-event moves, in order; reminders never make any. */
  readonly eventEdits: { guildId: string; eventId: string; times: ScheduledEventTimes }[] = [];

  editScheduledEvent(
    guildId: string,
    eventId: string,
    times: ScheduledEventTimes,
  ): Promise<EventEditResult> {
    this.eventEdits.push({ guildId, eventId, times });
    return Promise.resolve({ ok: true });
  }

  private async handle(request: RecordedRequest, channelId: string): Promise<DeliveryResult> {
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      let answer: DeliveryFailure | 'hang' | undefined;
      for (const responder of this.responders) {
        answer = responder(request);
        if (answer !== undefined) break;
      }
      if (answer === 'hang') {
        // Discord posted it, but the process dies before hearing back: never resolves.
        this.post(request, channelId);
        return await new Promise<never>(() => undefined);
      }
      if (answer !== undefined) return { ok: false, failure: answer };
      return { ok: true, channelId, messageId: this.post(request, channelId) };
    } finally {
      this.inFlight--;
    }
  }

  private post(request: RecordedRequest, channelId: string): string {
    const same = this.visible.find(
      (m) => m.channelId === channelId && m.message.nonce === request.message.nonce,
    );
    if (same !== undefined) return same.messageId;
    const messageId = String(this.nextId++);
    this.visible.push({ ...request, channelId, messageId });
    return messageId;
  }
}
