import type { DateTime } from 'luxon';
import type { Catalogue } from './catalogue.ts';
import type { Film } from './film.ts';
import type { Locale, Translate } from './i18n/index.ts';
import type { Markup } from './markup.ts';

/*
 * The shapes /ask reads and answers in, on their own so the intent table (ask-intents.ts) and the
 * entry point (ask.ts) both use them without importing each other.
 */

/** The question a reply answers (`unknown`: none the data can answer). */
export type AskIntent =
  | 'disambiguation'
  | 'cast'
  | 'in-cast'
  | 'who-plays'
  | 'who-is'
  | 'other-works'
  | 'director'
  | 'runtime'
  | 'genre'
  | 'origin'
  | 'year'
  | 'release'
  | 'synopsis'
  | 'motive'
  | 'title'
  | 'unknown';

export interface Answer {
  intent: AskIntent;
  /** The film the answer is about; absent only when the bot could not tell and did not answer. */
  film: Film | undefined;
  /** False for "I don't know that": the reply then goes privately to the asker. */
  answered: boolean;
  /** Markdown built from the data only; user text appears only through quoteUserText. */
  text: string;
  /** The language `text` is written in. */
  locale?: Locale;
  /** "About Ballerina (2023) · answered from my film data only", in the same language. */
  footer?: string | undefined;
}

export interface AskContext {
  catalogue: Catalogue;
  now: DateTime;
  /** The optional `title` option of /ask. */
  title?: string | null;
  /** Where the film's release instant comes from (the data file today, the release store later). */
  releaseOf(film: Film): DateTime | Promise<DateTime>;
  format: Markup;
  /** The asker's language (from `interaction.locale`); default English. */
  locale?: Locale;
  /** How messages are written in a language (the i18next adapter in the bot, any function in tests). */
  t: Translate;
}
