/**
 * A failure the user caused or can fix: the router turns it into a private reply with this message
 * and logs it at debug level only. Anything else that is thrown is a bug, logged as an error.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** Optional follow-up suggestions ("did you mean …"), shown under the message. */
    readonly suggestions: readonly string[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Which way a store operation went: a read (get) or a write (set, delete). */
export type StoreDirection = 'read' | 'write';

/**
 * The store did not do what was asked: the operation threw, a write came back unconfirmed
 * (Keyv's `false`), or no answer came within the budget. Thrown by src/store for every failed
 * get/set/delete, so nothing goes on as if it had worked. The router answers it with a private
 * "storage unavailable" reply; the scheduler keeps the work for a later tick.
 *
 * A write that timed out may still land later (a frozen Redis runs its queue when it wakes); one
 * that was refused or threw did not happen.
 */
export class StoreUnavailableError extends Error {
  constructor(
    /** The Keyv operation: get, getMany, set, delete. */
    readonly op: string,
    readonly direction: StoreDirection,
    /** How it failed: the adapter threw, a write was not confirmed, or no answer in time. */
    readonly reason: 'failed' | 'unconfirmed' | 'timeout',
    /** The key (or the first of several) it was about. */
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      `store ${op} of ${key} ${reason === 'timeout' ? 'got no answer in time' : reason === 'unconfirmed' ? 'was not confirmed' : 'failed'}`,
      options,
    );
    this.name = 'StoreUnavailableError';
  }
}

/** True for a StoreUnavailableError (the store failed, not the code that called it). */
export const isStoreUnavailable = (err: unknown): err is StoreUnavailableError =>
  err instanceof StoreUnavailableError;
