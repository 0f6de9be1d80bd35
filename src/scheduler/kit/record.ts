import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isStoreUnavailable } from '../../domain/errors.ts';

export interface RecordOptions {
  /** True once the job is stopping: give up, the next start sends again under the stored nonce. */
  stopped: () => boolean;
  logger: Logger;
  /** Log fields naming the delivery (ids, nonce). */
  fields?: object;
  /** First wait between attempts (ms), doubling up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Store what became of a message that Discord has already taken (step 3 of `sendOnce`), retrying
 * the write, never the message, until the store takes it.
 *
 * Left unstored, the record would still say `sending` (or less): the next tick, or a restart,
 * would send again, and after Discord's nonce window that is a second message. So the write is
 * retried (250 ms, doubling, at most 5 s apart) while the store is unavailable, and the delivery's
 * run waits meanwhile, so nothing is sent under the stale record. Only stopping gives up: the record
 * then keeps its `sending` mark and nonce, and the next start sends under that nonce, which Discord
 * answers with the message it already has. Any error other than the store's is thrown at once.
 */
export async function recordUntilStored<T>(
  write: () => Promise<T>,
  { stopped, logger, fields = {}, baseDelayMs = 250, maxDelayMs = 5_000 }: RecordOptions,
): Promise<T> {
  for (let attempt = 1, delay = baseDelayMs; ; attempt++, delay = Math.min(maxDelayMs, delay * 2)) {
    try {
      return await write();
    } catch (err) {
      if (!isStoreUnavailable(err) || stopped()) throw err;
      // The outage itself is logged once by the store layer.
      if (attempt === 1)
        logger.debug(
          { ...fields, op: err.op, reason: err.reason },
          'sent, but the outcome is not stored yet; retrying the write, not the message',
        );
      await sleep(delay);
    }
  }
}

/**
 * Log an error a job caught for one item or one run: as `error` (a bug, or Discord), except when
 * the store is unavailable, which the store layer logs once per outage: then `debug`, so an
 * outage is not repeated for every reminder on every tick.
 */
export function logJobError(logger: Logger, err: unknown, fields: object, message: string): void {
  if (isStoreUnavailable(err))
    logger.debug({ ...fields, op: err.op, reason: err.reason }, `${message} (store unavailable)`);
  else logger.error({ err, ...fields }, message);
}
