import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
} from 'discord-api-types/v10';

/**
 * A message the scheduler wants delivered. Plain data: the scheduler never imports discord.js,
 * it only describes what to send (discord-api-types is types only).
 */
export interface OutgoingMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /**
   * Idempotency key (at most 25 characters). Sent with `enforce_nonce: true`, so a retry after a
   * crash returns the message already posted instead of posting a second one.
   */
  nonce: string;
  /** Users this message may ping; nobody else, never roles or @everyone. */
  mentionUserIds?: readonly string[];
}

/** How Discord answered, reduced to what the scheduler decides on. */
export type DeliveryFailure =
  | { kind: 'dm_closed'; code: 50007 }
  | { kind: 'unknown_channel'; code: 10003 }
  | { kind: 'unknown_message'; code: 10008 }
  | { kind: 'missing_access'; code: 50001 }
  | { kind: 'missing_permissions'; code: 50013 }
  | { kind: 'rate_limited'; code: 429; retryAfterMs: number }
  | { kind: 'server_error'; code: number } // 5xx status, or 0 for a timeout / network error
  | { kind: 'rejected'; code: number; message: string }; // any other 4xx: our bug, never retried

export type DeliveryResult =
  { ok: true; channelId: string; messageId: string } | { ok: false; failure: DeliveryFailure };

/** New times for a guild scheduled event, as ISO 8601 instants. */
export interface ScheduledEventTimes {
  scheduledStartTime: string;
  scheduledEndTime: string;
}

/** How Discord answered an event edit; 10070 (Unknown Guild Scheduled Event) comes back as `rejected`. */
export type EventEditResult = { ok: true } | { ok: false; failure: DeliveryFailure };

/** The event is gone (deleted in the server): 10070 Unknown Guild Scheduled Event, or a bare 404. */
export const isUnknownEvent = (failure: DeliveryFailure): boolean =>
  failure.kind === 'rejected' && (failure.code === 10070 || failure.code === 404);

/** The only way the scheduler reaches Discord. */
export interface Notifier {
  /** DM a user; the DM channel is opened once per user and its id kept, so later DMs cost one request. */
  sendDirect(userId: string, message: OutgoingMessage): Promise<DeliveryResult>;
  sendToChannel(channelId: string, message: OutgoingMessage): Promise<DeliveryResult>;
  editMessage(
    channelId: string,
    messageId: string,
    message: Omit<OutgoingMessage, 'nonce'>,
  ): Promise<DeliveryResult>;
  /** Move a guild scheduled event (a countdown's release event) to new times. */
  editScheduledEvent(
    guildId: string,
    eventId: string,
    times: ScheduledEventTimes,
  ): Promise<EventEditResult>;
}
