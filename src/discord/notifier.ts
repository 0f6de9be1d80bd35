import { randomUUID } from 'node:crypto';
import {
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  Routes,
  type APIChannel,
  type APIMessage,
  type REST,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPatchAPIGuildScheduledEventJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPICurrentUserCreateDMChannelJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import {
  isUnknownEvent,
  type DeliveryFailure,
  type DeliveryResult,
  type EventEditResult,
  type Notifier,
  type OutgoingMessage,
  type ScheduledEventTimes,
} from '../scheduler/notifier.ts';
// The failure table alone, not the kit's index: the rest of the kit is the scheduler's, loaded
// only once the bot is ready (main.ts), while the notifier is built before.
import { kindOfCode } from '../scheduler/kit/failures.ts';
import { discordErrorFields } from './discord-error.ts';
import type { EvenPacer } from './pacer.ts';

/**
 * What a failed request means for delivery. Discord's JSON code decides where the kit's table
 * (`kindOfCode`) gives it a meaning; the HTTP status otherwise. The code is kept on every failure
 * for logs. Anything that is not a clear answer (network error, timeout, 5xx) is `server_error`,
 * which the scheduler retries with the same nonce, so retrying is always safe.
 */
export function toDeliveryFailure(err: unknown): DeliveryFailure {
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' && err.code !== 0 ? err.code : err.status;
    const kind = kindOfCode(code);
    if (err.status === 429 || kind === 'rate_limited') {
      const retryAfter = (err.rawError as { retry_after?: unknown }).retry_after;
      return {
        kind: 'rate_limited',
        code,
        retryAfterMs: typeof retryAfter === 'number' ? Math.ceil(retryAfter * 1000) : 1000,
      };
    }
    if (kind !== undefined) return { kind, code };
    if (err.status >= 500) return { kind: 'server_error', code: err.status };
    return { kind: 'rejected', code, message: err.message };
  }
  if (err instanceof RateLimitError)
    return { kind: 'rate_limited', code: 429, retryAfterMs: err.retryAfter };
  if (err instanceof HTTPError) {
    return err.status >= 500 || err.status === 0
      ? { kind: 'server_error', code: err.status }
      : { kind: 'rejected', code: err.status, message: err.message };
  }
  // AbortError (discord.js gave up waiting), connection refused or reset: nobody answered.
  return { kind: 'server_error', code: 0 };
}

/**
 * Where the DM channel Discord opened for each user is kept, so each later DM costs one request
 * (the user store in production; declared here so the adapter needs nothing of store/).
 */
export interface DmChannelCache {
  getDmChannel(userId: string): Promise<string | undefined>;
  setDmChannel(userId: string, channelId: string): Promise<void>;
}

export interface DiscordNotifierOptions {
  /** discord.js's REST client (`client.rest`): its queue applies Discord's per-route and global limits. */
  rest: REST;
  users: DmChannelCache;
  logger: Logger;
  /**
   * Every request the notifier makes counts against the global limit: with a pacer (production:
   * `EvenPacer.forLimit(REST_GLOBAL_LIMIT)`) they leave one after another at its pace instead of
   * a whole second's worth at once. Interactions are answered on their own routes, never paced.
   */
  pacer?: EvenPacer;
}

/** `paced`: the scheduler's sends, one turn each; `now`: a command's own request, not queued. */
type Lane = 'paced' | 'now';

/**
 * The scheduler's way to Discord, over REST. Every message is created with its nonce enforced, and
 * may mention only the users it names.
 */
export class DiscordNotifier implements Notifier {
  constructor(private readonly options: DiscordNotifierOptions) {}

  async sendDirect(userId: string, message: OutgoingMessage): Promise<DeliveryResult> {
    return this.direct(userId, message, 'paced');
  }

  private async direct(
    userId: string,
    message: OutgoingMessage,
    lane: Lane,
  ): Promise<DeliveryResult> {
    const known = await this.options.users.getDmChannel(userId);
    const channelId = known ?? (await this.openDm(userId, lane));
    if (typeof channelId !== 'string') return channelId;
    const result = await this.post(channelId, message, lane);
    // The DM channel we kept is gone (rare): open it again once, with the same nonce.
    if (known !== undefined && !result.ok && result.failure.kind === 'unknown_channel') {
      const reopened = await this.openDm(userId, lane);
      return typeof reopened === 'string' ? this.post(reopened, message, lane) : reopened;
    }
    return result;
  }

  /**
   * Open the user's DM channel now if it is not known yet. Called when a DM reminder is made, so
   * the channel is opened while Discord's strict DM-opening limit (about one a second) is idle,
   * and a later fan-out costs exactly one request per reminder. Never throws: failures are logged.
   */
  async ensureDmChannel(userId: string): Promise<void> {
    try {
      if ((await this.options.users.getDmChannel(userId)) === undefined)
        await this.openDm(userId, 'now');
    } catch (err) {
      this.options.logger.warn(
        { err, userId },
        'could not prepare a DM channel; it will be opened when needed',
      );
    }
  }

  /**
   * DM `content` now, for a command that must know at once whether the user takes DMs from the
   * bot: `dm_closed` for 50007/50278, `unknown` for any other failure or no answer within
   * `timeoutMs` (the interaction must still be answered inside Discord's 3 s). Never throws.
   * Not paced: behind a fan-out's queue of turns it would always come back `unknown`.
   */
  async tryDirectMessage(
    userId: string,
    content: string,
    timeoutMs = 1500,
  ): Promise<'sent' | 'dm_closed' | 'unknown'> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'unknown'>((resolve) => {
      timer = setTimeout(() => resolve('unknown'), timeoutMs);
    });
    const sent = this.direct(userId, { content, nonce: randomUUID().slice(0, 25) }, 'now').then(
      (result) =>
        result.ok ? 'sent' : result.failure.kind === 'dm_closed' ? 'dm_closed' : 'unknown',
      () => 'unknown' as const,
    );
    try {
      return await Promise.race([sent, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async sendToChannel(channelId: string, message: OutgoingMessage): Promise<DeliveryResult> {
    return this.post(channelId, message, 'paced');
  }

  private async post(
    channelId: string,
    message: OutgoingMessage,
    lane: Lane,
  ): Promise<DeliveryResult> {
    const body: RESTPostAPIChannelMessageJSONBody = {
      ...content(message),
      nonce: message.nonce,
      enforce_nonce: true,
    };
    return this.request(
      () => this.options.rest.post(Routes.channelMessages(channelId), { body }),
      lane,
    );
  }

  async editMessage(
    channelId: string,
    messageId: string,
    message: Omit<OutgoingMessage, 'nonce'>,
  ): Promise<DeliveryResult> {
    const body: RESTPatchAPIChannelMessageJSONBody = content(message);
    return this.request(
      () => this.options.rest.patch(Routes.channelMessage(channelId, messageId), { body }),
      'paced',
    );
  }

  async editScheduledEvent(
    guildId: string,
    eventId: string,
    times: ScheduledEventTimes,
  ): Promise<EventEditResult> {
    const body: RESTPatchAPIGuildScheduledEventJSONBody = {
      scheduled_start_time: times.scheduledStartTime,
      scheduled_end_time: times.scheduledEndTime,
    };
    try {
      await this.paced(
        () => this.options.rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body }),
        'paced',
      );
      return { ok: true };
    } catch (err) {
      const failure = toDeliveryFailure(err);
      // A deleted event has a decided outcome the scheduler logs once; no detail to add here.
      if (isUnknownEvent(failure)) return { ok: false, failure };
      return this.failed(err, 'Discord refused to move a scheduled event');
    }
  }

  /** Opens (or finds) the user's DM channel and keeps its id, so later DMs cost one request. */
  private async openDm(userId: string, lane: Lane): Promise<string | DeliveryResult> {
    try {
      const body: RESTPostAPICurrentUserCreateDMChannelJSONBody = { recipient_id: userId };
      const channel = (await this.paced(
        () => this.options.rest.post(Routes.userChannels(), { body }),
        lane,
      )) as APIChannel;
      await this.options.users.setDmChannel(userId, channel.id);
      return channel.id;
    } catch (err) {
      return this.failed(err, 'could not open a DM channel');
    }
  }

  /**
   * `call` at this process's next turn under the global limit (at once without a pacer, or in the
   * `now` lane: a command waiting on the answer; discord.js's own limiter still counts it).
   */
  private async paced<T>(call: () => Promise<T>, lane: Lane): Promise<T> {
    if (lane === 'paced') await this.options.pacer?.turn();
    return call();
  }

  private async request(send: () => Promise<unknown>, lane: Lane): Promise<DeliveryResult> {
    try {
      const sent = (await this.paced(send, lane)) as APIMessage;
      return { ok: true, channelId: sent.channel_id, messageId: sent.id };
    } catch (err) {
      return this.failed(err, 'Discord refused a message');
    }
  }

  private failed(err: unknown, what: string): { ok: false; failure: DeliveryFailure } {
    const failure = toDeliveryFailure(err);
    if (failure.kind === 'server_error' || failure.kind === 'rejected') {
      // Codes with a decided outcome are logged once by the scheduler; these carry detail only the error has.
      this.options.logger.warn(
        { err, ...discordErrorFields(err), failure: failure.kind, code: failure.code },
        what,
      );
    }
    return { ok: false, failure };
  }
}

/** The visible part of a message, with mentions restricted to the users it names (never roles or @everyone). */
function content(message: Omit<OutgoingMessage, 'nonce'>) {
  return {
    ...(message.content === undefined ? {} : { content: message.content }),
    ...(message.embeds === undefined ? {} : { embeds: message.embeds }),
    ...(message.components === undefined ? {} : { components: message.components }),
    allowed_mentions: {
      parse: [],
      users: [...(message.mentionUserIds ?? [])],
      replied_user: false,
    },
  } satisfies RESTPostAPIChannelMessageJSONBody & RESTPatchAPIChannelMessageJSONBody;
}
