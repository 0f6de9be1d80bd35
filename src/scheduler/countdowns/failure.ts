import { DateTime } from 'luxon';
import {
  isPauseKind,
  type Countdown,
  type CountdownResult,
} from '../../domain/countdown-record.ts';
import { classifyFailure, isPassing, nextAttempt, utcIso, type Destination } from '../kit/index.ts';
import type { DeliveryFailure } from '../notifier.ts';
import { countdownRetryPolicy, handledUntil } from './plan.ts';
import { countdownFields, type CountdownsState } from './state.ts';

/** What `/countdown status` says when a countdown paused, by the failure that paused it. */
const PAUSE_REASONS: Partial<Record<DeliveryFailure['kind'], (code: number) => string>> = {
  missing_access: (code) => `I can no longer see that channel (Missing Access, ${code})`,
  missing_permissions: (code) =>
    `I may not post there (Missing Permissions, ${code}): I need View Channel, Send Messages and Embed Links`,
  thread_closed: (code) =>
    `that thread is archived or locked (${code}): reopen it, or start the countdown in another channel`,
  not_text_channel: (code) =>
    `that channel no longer takes my messages (${code}): start the countdown in a text channel`,
  blocked: (code) =>
    `the server's AutoMod blocked my post (${code}): allow it, or start the countdown elsewhere`,
};

/** The slot a failed request was for. */
export interface FailedSlot {
  key: string;
  at?: DateTime;
  kind: CountdownResult['slotKind'];
}

/**
 * A failed post or edit: decide the countdown's fate from the kit's failure table (end, pause,
 * retry with backoff, or give the slot up), log it with its code and count it. Returns the change
 * to store and, for a retry, when to try again.
 */
export function countdownFailed(
  state: CountdownsState,
  c: Countdown,
  failure: DeliveryFailure,
  destination: Extract<Destination, 'post' | 'edit'>,
  now: DateTime,
  slot: FailedSlot,
  attempts: number,
): { change: (x: Countdown) => Countdown; retryAt?: DateTime } {
  const { logger, tally } = state;
  const result: CountdownResult = {
    at: utcIso(now),
    outcome: 'failed',
    code: failure.code,
    ...(slot.at ? { slot: utcIso(slot.at) } : {}),
    slotKind: slot.kind,
  };
  const log = { ...countdownFields(c), code: failure.code, slot: slot.key, attempts };
  const handled = (x: Countdown): Countdown => ({
    ...x,
    sending: undefined,
    lastSlot: utcIso(DateTime.max(slot.at ?? now, handledUntil(x))),
    lastResult: result,
  });
  const action = classifyFailure(failure, destination);

  if (action === 'end') {
    logger.warn(
      { ...log, outcome: 'ended', failure: failure.kind },
      'countdown channel is gone; countdown ended',
    );
    tally.record('failed', failure.code);
    return {
      change: (x) => ({
        ...handled(x),
        status: 'ended',
        endedAt: utcIso(now),
        nextSlot: undefined,
      }),
    };
  }
  if (action === 'pause') {
    logger.warn(
      { ...log, outcome: 'paused' },
      'countdown lost access to its channel; paused until started again',
    );
    tally.record('failed', failure.code);
    const pausedReason =
      PAUSE_REASONS[failure.kind]?.(failure.code) ?? `Discord refused (${failure.code})`;
    // Kept beside the English words so /countdown status can name the reason in the reader's language.
    const pausedKind = isPauseKind(failure.kind) ? failure.kind : undefined;
    return {
      change: (x) => ({
        ...handled(x),
        status: 'paused',
        pausedReason,
        ...(pausedKind === undefined ? {} : { pausedKind }),
      }),
    };
  }
  const passing = action === 'retry' && isPassing(failure);
  if (passing) {
    const next = nextAttempt(countdownRetryPolicy, failure, attempts, 0);
    if ('retryInMs' in next) {
      const retryAt = now.plus({ milliseconds: next.retryInMs });
      logger.warn(
        { ...log, outcome: 'retry', retryInMs: next.retryInMs },
        'countdown post failed for now; retrying',
      );
      tally.record('retry', failure.code);
      return {
        change: (x) => ({
          ...x,
          sending: x.sending ? { ...x.sending, attempts, retryAt: utcIso(retryAt) } : undefined,
        }),
        retryAt,
      };
    }
  }
  // A bug on our side (another 4xx) or a failure that outlasted its retries: give the slot up.
  const finalSlot = slot.kind === 'release';
  const giveUp = { ...log, outcome: finalSlot ? 'finished' : 'gave-up' };
  if (passing) logger.warn(giveUp, 'countdown post kept failing; giving this slot up');
  else
    logger.error(
      { ...giveUp, reason: 'message' in failure ? failure.message : undefined },
      'Discord refused a countdown post; giving this slot up',
    );
  tally.record('failed', failure.code);
  return {
    change: (x) => ({
      ...handled(x),
      ...(finalSlot
        ? { status: 'finished' as const, endedAt: utcIso(now), nextSlot: undefined }
        : {}),
    }),
  };
}
