/**
 * The delivery kit every scheduler job is built on: one nonce, one failure table, one retry
 * policy, one bounded pool, one outcome event, one exactly-once protocol.
 */
export { sendOnce } from './exactly-once.ts';
export {
  classifyFailure,
  codeTable,
  describeFailure,
  failureTable,
  kindCodes,
  kindOfCode,
  type Destination,
  type FailureAction,
} from './failures.ts';
export { deliveryNonce, MAX_NONCE_LENGTH } from './nonce.ts';
export { OutcomeTally, type JobName, type OutcomeEvent, type OutcomeListener } from './outcomes.ts';
export { BoundedPool, SENDS_IN_FLIGHT } from './pool.ts';
export { logJobError, recordUntilStored, type RecordOptions } from './record.ts';
export { eventLoopTurns, readInPages } from './turns.ts';
export { utcIso } from './time.ts';
export {
  backoffMs,
  isPassing,
  nextAttempt,
  type RetryDecision,
  type RetryPolicy,
} from './retry.ts';
