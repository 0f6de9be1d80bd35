import type { Locale } from '../../domain/i18n/index.ts';
import {
  reminderLocale,
  type DeliveryRecord,
  type FallbackReason,
  type Reminder,
} from '../../domain/reminders.ts';

/** Where a message goes; the nonce depends on it, so a fallback DM is a message of its own. */
export type Route =
  | { kind: 'dm' }
  | { kind: 'here'; channelId: string }
  | { kind: 'fallback'; channelId: string; reason: FallbackReason };

/** The route a reminder takes for a due instant: its own place, or DM after a channel failure. */
export function routeOf(reminder: Reminder, dueIso: string): Route {
  if (reminder.where === 'dm' || reminder.channelId === undefined) return { kind: 'dm' };
  const fallback = reminder.delivery.dueAt === dueIso ? reminder.delivery.fallback : undefined;
  return fallback === undefined
    ? { kind: 'here', channelId: reminder.channelId }
    : { kind: 'fallback', channelId: reminder.channelId, reason: fallback };
}

/** The part of a nonce that names the destination. */
export const routeKey = (route: Route): string =>
  route.kind === 'dm' ? 'dm' : `${route.kind}:${route.channelId}`;

/** Only a post in a channel pings, and only the reminder's own user. */
export const mentionFor = (route: Route, reminder: Reminder): { mentionUserIds?: string[] } =>
  route.kind === 'here' ? { mentionUserIds: [reminder.userId] } : {};

/**
 * Where a message ends up for the user: their DMs (a DM reminder, or a `here` reminder that fell
 * back to DM) or one channel. Messages are only ever combined within one destination, so a `here`
 * reminder is posted in its channel whatever happens to the same user's DM reminders.
 */
export const destinationOf = (route: Route): string =>
  route.kind === 'here' ? `here:${route.channelId}` : 'dm';

/**
 * The language of the message that delivers `reminder` by `route`: a post in a channel speaks the
 * server's language (its preferred locale, as Discord reports it now), because everyone there reads
 * it; a DM, and a here reminder that fell back to DM, the language the reminder was asked in.
 */
export const localeFor = (
  route: Route,
  reminder: Reminder,
  guildLocale: (guildId: string) => Locale,
): Locale =>
  route.kind === 'here' && reminder.guildId !== undefined
    ? guildLocale(reminder.guildId)
    : reminderLocale(reminder);

/** The nonce recorded for this very delivery, if a previous attempt got as far as recording one. */
export const reuseNonce = (delivery: DeliveryRecord, dueIso: string): string | undefined =>
  delivery.dueAt === dueIso ? delivery.nonce : undefined;

/** A delivery in a final state: no retry pending. */
export function finalDelivery(
  d: DeliveryRecord,
  state: 'sent' | 'failed' | 'dm_closed',
  extra: Partial<DeliveryRecord>,
): DeliveryRecord {
  const { nextAttemptAt: _next, ...rest } = d;
  return { ...rest, state, ...extra };
}
