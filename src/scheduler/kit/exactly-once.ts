import type { DeliveryResult } from '../notifier.ts';

/**
 * The exactly-once protocol, written once. Every message the scheduler sends goes through it:
 *
 * 1. `mark`: persist the delivery as `sending` with its nonce (the record is the only memory that
 *    survives a crash). Returns undefined when there is nothing to send any more (cancelled,
 *    stopped, paused meanwhile); then nothing is sent.
 * 2. `send`: hand the message to Discord with that nonce and `enforce_nonce`.
 * 3. The caller persists the outcome (`sent`, a retry, a fallback, …) from the result, through
 *    `recordUntilStored`: a write the store refuses is retried, the message is not sent again.
 *
 * Step 1 is a checked store write (it throws StoreUnavailableError unless the store confirmed it),
 * so a mark that could not be stored sends nothing: the job tries again on a later tick.
 *
 * A process killed between 1 and 3 finds `sending` on restart and sends again under the stored
 * nonce; Discord answers with the message it already posted, so the user sees one.
 */
export async function sendOnce<Marked>(steps: {
  mark(): Promise<Marked | undefined>;
  send(marked: Marked): Promise<DeliveryResult>;
}): Promise<{ marked: Marked; result: DeliveryResult } | undefined> {
  const marked = await steps.mark();
  if (marked === undefined) return undefined;
  return { marked, result: await steps.send(marked) };
}
