import { describe, expect, it } from 'vitest';
import { en } from '../src/domain/i18n/en.ts';
import { ko } from '../src/domain/i18n/ko.ts';
import { localeOf } from '../src/domain/i18n/index.ts';
import { createTranslator } from '../src/i18n/translator.ts';

/** Every leaf of a resource object as [dotted key, message]. */
function leaves(node: object, prefix = ''): [string, string][] {
  return Object.entries(node).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : leaves(v as object, `${prefix}${k}.`),
  );
}
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** `x_one` and `x_other` are one message, `x`, in whatever forms a language needs. */
const baseKey = (key: string) => key.replace(PLURAL, '');
const placeholders = (message: string) => [...message.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);

describe('the languages the bot speaks', () => {
  it('GIVEN the Korean resources THEN they have exactly the English keys, with the same placeholders', () => {
    // Plural forms are compared as one key: each language has the forms its own plural rules use.
    const english = new Map(leaves(en).map(([k, m]) => [baseKey(k), m]));
    const korean = new Map(leaves(ko).map(([k, m]) => [baseKey(k), m]));
    expect([...korean.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, message] of english) {
      expect(placeholders(korean.get(key) ?? '').sort(), key).toEqual(placeholders(message).sort());
    }
  });

  it.each([
    ['en', en],
    ['ko', ko],
  ] as const)(
    'GIVEN a plural message in %s THEN it has exactly the forms that language’s plural rules use, each with {{count}}',
    (locale, resources) => {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.sort();
      const plurals = new Map<string, string[]>();
      for (const [key, message] of leaves(resources)) {
        const form = PLURAL.exec(key)?.[1];
        if (form === undefined) continue;
        plurals.set(baseKey(key), [...(plurals.get(baseKey(key)) ?? []), form]);
        expect(placeholders(message), key).toContain('count');
      }
      expect(plurals.size).toBeGreaterThan(0);
      for (const [key, forms] of plurals) expect(forms.sort(), key).toEqual(categories);
    },
  );

  it('GIVEN a count THEN English and Korean choose their plural forms through i18next', () => {
    const t = createTranslator();
    expect(t('en', 'castEmbed.more', { count: 1 })).toBe('And 1 more');
    expect(t('en', 'castEmbed.more', { count: 3 })).toBe('And 3 more');
    expect(t('ko', 'castEmbed.more', { count: 1 })).toBe('그 밖에 1명');
    expect(t('ko', 'castEmbed.more', { count: 3 })).toBe('그 밖에 3명');
  });

  it.each([
    ['ko', 'ko'],
    ['ko-KR', 'ko'],
    ['en-GB', 'en'],
    ['en-US', 'en'],
    ['ja', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ] as const)('GIVEN the Discord locale %j THEN the bot speaks %s', (discord, locale) => {
    expect(localeOf(discord)).toBe(locale);
  });

  it('GIVEN a name with markdown-looking or HTML characters THEN i18next inserts it unchanged', () => {
    const t = createTranslator();
    expect(t('en', 'ask.runtime', { film: 'A <b> & B', minutes: 90, runtime: '1 h 30 min' })).toBe(
      'A <b> & B runs 90 minutes (1 h 30 min).',
    );
    expect(t('ko', 'common.runtimeHoursMinutes', { h: 1, m: 30 })).toBe('1시간 30분');
  });

  it('GIVEN two translators THEN they share no state', () => {
    const a = createTranslator();
    const b = createTranslator();
    expect(a('ko', 'ask.examples.director')).toBe('감독이 누구야?');
    expect(b('en', 'ask.examples.director')).toBe('who directed it?');
    expect(a('en', 'ask.examples.director')).toBe('who directed it?');
  });
});
