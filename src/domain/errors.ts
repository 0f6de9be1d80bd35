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
