import { DateTime } from 'luxon';
import { decide, type ScheduleView, type Slot } from '../../domain/countdown.ts';
import type { Countdown } from '../../domain/countdown-record.ts';
import { deliveryNonce, type RetryPolicy } from '../kit/index.ts';

/** A countdown slot is worth six attempts, 5 s, 10 s, 20 s … apart; a 429 never waits less. */
export const countdownRetryPolicy: RetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 6,
  rateLimitAtLeastBackoff: true,
};

/** Attempts at a post that fails for a passing reason (429, 5xx, timeout) before the slot is given up. */
export const MAX_ATTEMPTS = countdownRetryPolicy.maxAttempts ?? 6;

/** The kit's nonce for one countdown and slot: Discord dedupes a retried post by it. */
export const countdownNonce = (
  countdown: Pick<Countdown, 'id' | 'createdAt'>,
  slotKey: string,
): string => deliveryNonce(countdown.id, countdown.createdAt, slotKey);

/** What a countdown needs now. */
export type Action =
  | { kind: 'wait'; until: DateTime | undefined }
  | { kind: 'post'; slot: Slot; late: boolean }
  | { kind: 'skip'; slot: Slot; next: Slot | undefined }
  | { kind: 'live-post' }
  | { kind: 'live-edit'; slot: Slot };

/** Everything before this instant is done; nothing earlier is ever sent. Plain millis: no zone work. */
export function handledUntil(c: Countdown): DateTime {
  const created = Date.parse(c.createdAt);
  const last = c.lastSlot === undefined ? created : Date.parse(c.lastSlot);
  return DateTime.fromMillis(Math.max(created, last), { zone: 'utc' });
}

/**
 * Decide what a countdown needs at `view.now`: pure, given its record, the schedule of its
 * settings and the instant its backoff ends (if any). The run computes it once per countdown
 * to pick the due ones and its wake-up, and again on the stored record inside the atomic update
 * that marks the slot, so it never acts on a stale copy.
 */
export function planCountdown(
  c: Countdown,
  view: ScheduleView,
  retryAt: DateTime | undefined,
): Action {
  if (retryAt !== undefined && view.now < retryAt) return { kind: 'wait', until: retryAt };
  if (c.style === 'live' && c.liveMessageId === undefined) return { kind: 'live-post' };
  // The live message shows a release that has since moved: edit it now, not at the next refresh.
  if (
    c.style === 'live' &&
    c.liveRelease !== undefined &&
    Date.parse(c.liveRelease) !== view.release.toMillis()
  ) {
    const kind = view.now >= view.release ? 'release' : 'refresh';
    return { kind: 'live-edit', slot: { kind, at: DateTime.max(view.now, handledUntil(c)) } };
  }
  const decision = decide(view, handledUntil(c));
  if (decision.action === 'wait') return { kind: 'wait', until: decision.next?.at };
  if (decision.action === 'skip') return { kind: 'skip', slot: decision.slot, next: decision.next };
  return c.style === 'post'
    ? { kind: 'post', slot: decision.slot, late: decision.late }
    : { kind: 'live-edit', slot: decision.slot };
}

/**
 * The `sending` mark for a slot: the nonce it is sent with (the stored one when this slot was
 * already marked, so a restart resends under it) and the attempts so far.
 */
export const markFor = (x: Countdown, slotKey: string): NonNullable<Countdown['sending']> =>
  x.sending?.slot === slotKey
    ? { slot: slotKey, nonce: x.sending.nonce, attempts: x.sending.attempts }
    : { slot: slotKey, nonce: countdownNonce(x, slotKey), attempts: 0 };
