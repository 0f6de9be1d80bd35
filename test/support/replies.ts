import { MessageFlags, type InteractionReplyOptions } from 'discord.js';
import { UserError } from '../../src/domain/errors.ts';
import type { Locale } from '../../src/domain/i18n/index.ts';
import { createTranslator } from '../../src/i18n/translator.ts';

/** Whether only the user who asked can see the reply. */
export const isPrivate = (reply: InteractionReplyOptions): boolean =>
  reply.flags === MessageFlags.Ephemeral;

/** A UserError as a reader in `locale` sees it (the router translates it the same way). */
export interface UserErrorText {
  message: string;
  suggestions: string[];
  error: UserError;
}

const translate = createTranslator();

/** What the router would show for `err` to a client in `locale`. */
export function shownAs(err: UserError, locale: Locale = 'en'): UserErrorText {
  return { ...err.in(locale, translate), error: err };
}

/** Run a command that must refuse with a UserError, and return it as `locale`'s reader sees it. */
export async function userErrorFrom(
  run: () => Promise<void>,
  locale: Locale = 'en',
): Promise<UserErrorText> {
  try {
    await run();
  } catch (err) {
    if (err instanceof UserError) return shownAs(err, locale);
    throw err;
  }
  throw new Error('expected a UserError');
}

/** Run code that must refuse with a UserError, and return it as `locale`'s reader sees it. */
export function thrownAs(run: () => unknown, locale: Locale = 'en'): UserErrorText {
  try {
    run();
  } catch (err) {
    if (err instanceof UserError) return shownAs(err, locale);
    throw err;
  }
  throw new Error('expected a UserError');
}
