import type { Locale, MessageKey, Translate } from './i18n/index.ts';

/** A value that depends on the reader's language, e.g. a film's label: "Ballerina (2023)", "〈발레리나〉(2023)". */
export type Localized = (locale: Locale, t: Translate) => string;

/** A message by key, with its values; a value may itself depend on the reader's language. */
export interface KeyedText {
  key: MessageKey;
  vars?: Readonly<Record<string, string | number | Localized>>;
}

/**
 * Text for a user that is rendered once the reader's language is known: a message key with its
 * values, a `Localized` function, or a plain string (already in the reader's language, or data
 * such as a title).
 */
export type UserText = string | KeyedText | Localized;

/** `text` in `locale`: keys are translated with their values, functions are called, strings kept. */
export function renderText(text: UserText, locale: Locale, t: Translate): string {
  if (typeof text === 'string') return text;
  if (typeof text === 'function') return text(locale, t);
  const vars = Object.fromEntries(
    Object.entries(text.vars ?? {}).map(([name, value]) => [
      name,
      typeof value === 'function' ? value(locale, t) : value,
    ]),
  );
  return t(locale, text.key, vars);
}

/**
 * A failure the user caused or can fix: the router turns it into a private reply in the
 * interaction's language and logs it at debug level only. Anything else that is thrown is a bug,
 * logged as an error.
 *
 * The domain does not know who reads the error, so it carries a message key and values
 * (`new UserError({ key: 'catalogue.unknownFilm', vars: { typed } }, …)`) that the router
 * translates; `message` is then the key, which is what the log shows.
 */
export class UserError extends Error {
  constructor(
    readonly text: UserText,
    /** Optional follow-up suggestions ("did you mean …"), shown under the message. */
    readonly hints: readonly UserText[] = [],
  ) {
    super(typeof text === 'string' ? text : typeof text === 'function' ? 'UserError' : text.key);
    this.name = 'UserError';
  }

  /** The message and suggestions as `locale`'s reader sees them. */
  in(locale: Locale, t: Translate): { message: string; suggestions: string[] } {
    return {
      message: renderText(this.text, locale, t),
      suggestions: this.hints.map((hint) => renderText(hint, locale, t)),
    };
  }

  /**
   * The suggestions as written when every one is a plain string; kept for code that throws plain
   * strings. Keyed or localized hints read as empty here: use `in(locale, t)`.
   */
  get suggestions(): readonly string[] {
    return this.hints.filter((hint): hint is string => typeof hint === 'string');
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
