import type { DateTime } from 'luxon';
import type { ReminderOffset } from '../../domain/reminders.ts';

/** A reminder before release is never sent more than this before its moment (ms). */
export const MAX_EARLY_MS = 10 * 60_000;

/**
 * Below this much queue (ms at the limit), reminders simply leave at their moment: the last is
 * out within a second anyway, and nobody gets a reminder early for nothing.
 */
export const SPREAD_FROM_MS = 1_000;

/**
 * Spare time beside the queue itself: other messages share the limit (countdown posts, other
 * films, interactions), the ticker looks once a second, and the store is read first.
 */
const MARGIN_FACTOR = 1.25;
const MARGIN_MS = 2_000;

/**
 * When to start sending a slot of `due` messages whose moment is `dueAt`, at `requestsPerSecond`
 * (REST_GLOBAL_LIMIT), so that the last one leaves by its moment rather than `due / limit`
 * seconds after it: 400 day reminders at 50/s start about 12 s early, 10,000 about 4 min 12 s.
 *
 * - `release` reminders never start early: the film is not out yet, and "out now" would be false.
 *   They keep today's order, as fast as the limit allows.
 * - A queue shorter than `SPREAD_FROM_MS` starts at the moment.
 * - Otherwise the lead is the queue's length × 1.25 + 2 s, never more than `MAX_EARLY_MS`.
 *
 * Pure: `due` is what the store holds for the slot (an upper bound: grouped `here` reminders take
 * fewer requests, other shards' reminders none here). Returns an instant ≤ `dueAt`.
 */
export function sendFrom(
  offset: ReminderOffset,
  dueAt: DateTime,
  due: number,
  requestsPerSecond: number,
): DateTime {
  if (offset === 'release' || due <= 0 || requestsPerSecond <= 0) return dueAt;
  const queueMs = (due / requestsPerSecond) * 1000;
  if (queueMs <= SPREAD_FROM_MS) return dueAt;
  const leadMs = Math.min(MAX_EARLY_MS, Math.ceil(queueMs * MARGIN_FACTOR + MARGIN_MS));
  return dueAt.minus({ milliseconds: leadMs });
}
