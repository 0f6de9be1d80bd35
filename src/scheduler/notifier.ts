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

/**
 * A refusal whose meaning is decided: each kind stands for the Discord JSON codes listed beside
 * it in the kit's failure table (`kindCodes` in kit/failures.ts).
 */
export type RefusalKind =
  | 'dm_closed' // the user does not take DMs from the bot
  | 'unknown_user' // the user is gone
  | 'unknown_channel' // the channel (or its whole server) is gone
  | 'unknown_message' // the message being edited was deleted
  | 'missing_access' // the bot can no longer see the channel
  | 'missing_permissions' // the bot may no longer post there
  | 'thread_closed' // the thread is archived, locked or full
  | 'not_text_channel' // the channel no longer takes messages of this kind
  | 'blocked'; // the server's AutoMod refused the message

/**
 * How Discord answered, reduced to what the scheduler decides on. `code` is always the code
 * Discord gave (its JSON code, else the HTTP status; 0 for a timeout), for logs and metrics.
 */
export type DeliveryFailure =
  | { kind: RefusalKind; code: number }
  | { kind: 'rate_limited'; code: number; retryAfterMs: number } // 429, slowmode, write limits
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
