import type { DeliveryFailure } from '../notifier.ts';

/**
 * When to try a passing failure (429, 5xx, timeout) again, and when to stop. One shape and one
 * rule for every job; each job states its numbers (a reminder is worth ten minutes of trying, a
 * countdown slot six attempts).
 */
export interface RetryPolicy {
  /** Wait after the first failure (ms); it doubles with each further attempt. */
  baseDelayMs: number;
  /** The longest wait (ms). */
  maxDelayMs: number;
  /** Give up once server errors have lasted this long (ms since the first failure). */
  giveUpAfterMs?: number;
  /** Give up after this many attempts, whatever the passing failure. */
  maxAttempts?: number;
  /**
   * A 429 waits what Discord said (`retry_after`); with this set, never less than the backoff,
   * so a slot hammered by 429s slows down like one hit by 5xx.
   */
  rateLimitAtLeastBackoff?: boolean;
}

export type RetryDecision = { retryInMs: number } | { giveUp: true };

/** Doubling backoff for the n-th attempt (1-based), capped at `maxDelayMs`. */
export const backoffMs = (policy: RetryPolicy, attempts: number): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));

/**
 * Decide the next attempt after a passing failure. `attempts` counts the attempts made so far,
 * this one included; `failingForMs` is how long this delivery has been failing (0 the first time).
 */
export function nextAttempt(
  policy: RetryPolicy,
  failure: Extract<DeliveryFailure, { kind: 'rate_limited' | 'server_error' }>,
  attempts: number,
  failingForMs: number,
): RetryDecision {
  if (policy.maxAttempts !== undefined && attempts >= policy.maxAttempts) return { giveUp: true };
  if (
    failure.kind === 'server_error' &&
    policy.giveUpAfterMs !== undefined &&
    failingForMs >= policy.giveUpAfterMs
  )
    return { giveUp: true };
  const backoff = backoffMs(policy, attempts);
  if (failure.kind === 'server_error') return { retryInMs: backoff };
  return {
    retryInMs: policy.rateLimitAtLeastBackoff
      ? Math.max(failure.retryAfterMs, backoff)
      : failure.retryAfterMs,
  };
}

/** Narrow a failure to the passing kinds `nextAttempt` takes. */
export const isPassing = (
  failure: DeliveryFailure,
): failure is Extract<DeliveryFailure, { kind: 'rate_limited' | 'server_error' }> =>
  failure.kind === 'rate_limited' || failure.kind === 'server_error';
