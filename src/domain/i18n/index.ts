/**
 * The languages the bot speaks and the port the domain translates through.
 *
 * The domain never holds an i18next instance: it receives a `Translate` function and a `Locale`
 * as parameters, so it stays pure and a test can pass any translator. The resources (plain data)
 * live beside this file; the i18next adapter that reads them is `src/i18n/translator.ts`.
 */
import { en } from './en.ts';

/** Every language with its own resources. Adding one: a resource file, an entry here and in ko's shape. */
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

/** i18next's plural suffixes (CLDR categories): `reminders_one`, `reminders_other`. */
export type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** A leaf's key as callers write it: plural forms (`x_one`, `x_other`) are asked for as `x` with a count. */
type KeyOf<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;

/** Dotted paths to the leaves of a resource object: `ask.unknown.lead`. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${KeyOf<K>}`
    : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key; the English resources define the set and every other language mirrors it. */
export type MessageKey = Leaves<typeof en>;

/** Values put into a message: names, titles, counts. Never a sentence built elsewhere. */
export type MessageVars = Readonly<Record<string, string | number>>;

/**
 * Translate `key` into `locale`, interpolating `vars` (`{{name}}`). Unknown keys come back as the
 * key itself (i18next's behaviour), which the resource-shape test keeps from happening.
 */
export type Translate = (locale: Locale, key: MessageKey, vars?: MessageVars) => string;

/**
 * The bot's language for a Discord locale (`interaction.locale`, `guild.preferredLocale`):
 * `ko` → Korean, anything else (including none) → English.
 */
export function localeOf(discordLocale: string | null | undefined): Locale {
  return discordLocale?.toLowerCase().startsWith('ko') === true ? 'ko' : 'en';
}
