import i18next from 'i18next';
import { LOCALES, type Locale, type Translate } from '../domain/i18n/index.ts';
import { en } from '../domain/i18n/en.ts';
import { ko } from '../domain/i18n/ko.ts';

/** The resources of every language, by locale; adding a language adds an entry here. */
const RESOURCES: Readonly<Record<Locale, object>> = { en, ko };

/**
 * The i18next-backed `Translate` port. Each call builds its own i18next instance (no global one),
 * initialised synchronously from in-memory resources: no backend, no network, no language detection.
 * A missing Korean key falls back to English. Values are inserted as given (Discord is not HTML,
 * and user text is made inert by the domain before it reaches a message).
 */
export function createTranslator(): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    resources: Object.fromEntries(
      LOCALES.map((locale) => [locale, { translation: RESOURCES[locale] }]),
    ),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map(LOCALES.map((locale) => [locale, instance.getFixedT(locale)]));
  return (locale, key, vars) => {
    const t = fixed.get(locale) ?? instance.t;
    return t(key, { ...vars });
  };
}
