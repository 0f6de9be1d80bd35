import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { discordMarkup } from '../../src/discord/format.ts';
import { answerQuestion } from '../../src/domain/ask.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import { UserError } from '../../src/domain/errors.ts';
import { shownAs } from '../support/replies.ts';
import { twoFilmCatalogue } from '../support/films.ts';
import { releaseDateTime } from '../../src/domain/release.ts';
import { createTranslator } from '../../src/i18n/translator.ts';

/** Pieces people (and bots) paste: scripts, marks, emoji sequences, mentions, markdown, long runs. */
const PIECES = [
  'who',
  'plays',
  'is',
  'in',
  'it',
  'ballerina',
  '발레리나',
  'Choi',
  'Ji-hun',
  'Kim',
  'Oldboy',
  'the',
  '?',
  '!',
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&123456789012345678>',
  '**',
  '`',
  '||',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\u0301\u0301\u0301',
  'Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍',
  '👩‍👩‍👧‍👦',
  '🇬🇧',
  '💃🏽',
  '\ud83d',
  'ﷺ',
  '𝕭𝖆𝖑𝖑𝖊𝖗𝖎𝖓𝖆',
  'ｂａｌｌｅｒｉｎａ',
  '\n',
  '\t',
  '\\',
  '%s',
  '$&',
  'a'.repeat(120),
  '-',
  '–',
  "'",
  '’',
  'ㅂㅏ',
  'ⅷ',
  '٣',
  'ß',
  'İ',
];

/** A small deterministic generator so a failure can be replayed. */
function* randomInputs(seed: number, count: number): Generator<string> {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  for (let i = 0; i < count; i++) {
    const length = next() % 12;
    yield Array.from({ length }, () => PIECES[next() % PIECES.length] ?? '').join(
      next() % 3 === 0 ? '' : ' ',
    );
  }
}

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await twoFilmCatalogue();
});

const onlyUserErrors = async (run: () => unknown) => {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const { message, suggestions } = shownAs(err as UserError);
    // Whatever is echoed back can never become a mention.
    expect(message).not.toMatch(/@everyone|@here|<@/);
    for (const s of suggestions) expect(s).not.toMatch(/@everyone|@here|<@/);
  }
};

describe('GIVEN 2,000 odd inputs THEN only clear UserErrors come back, never a crash', () => {
  it('resolving titles, suggesting, finding people and answering questions', async () => {
    const [ballerina] = catalogue.all();
    if (ballerina === undefined) throw new Error('no film');
    const t = createTranslator();
    const started = performance.now();
    for (const input of randomInputs(20231006, 2000)) {
      await onlyUserErrors(() => catalogue.resolve(input));
      const suggestions = catalogue.suggest(input);
      expect(suggestions.length).toBeLessThanOrEqual(25);
      for (const s of suggestions) expect(s.label.length).toBeLessThanOrEqual(100);
      catalogue.findPeople(ballerina, input);
      await onlyUserErrors(async () => {
        const answer = await answerQuestion(input, {
          catalogue,
          now: DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' }),
          releaseOf: (film) => releaseDateTime(film.release),
          format: discordMarkup,
          title: 'ballerina',
          t,
        });
        expect(answer.text).not.toMatch(/@everyone|@here|<@/);
      });
    }
    // Everything here is in memory: 2,000 rounds of four operations stay well inside a few seconds.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('GIVEN words that are members of every JavaScript object', () => {
  const members = [
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'prototype',
  ];
  it.each(members)(
    'WHEN "%s" is a title, a person or part of a question THEN it is just an unknown word, never a crash',
    async (word) => {
      const [ballerina] = catalogue.all();
      if (ballerina === undefined) throw new Error('no film');
      await onlyUserErrors(() => catalogue.resolve(word));
      expect(catalogue.suggest(word).length).toBeLessThanOrEqual(25);
      expect(catalogue.findPeople(ballerina, word)).toEqual([]);
      expect(catalogue.findPeople(ballerina, `${word} park`)).toEqual([]);
      await onlyUserErrors(() =>
        answerQuestion(`who plays ${word}?`, {
          catalogue,
          now: DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' }),
          releaseOf: (film) => releaseDateTime(film.release),
          format: discordMarkup,
          title: 'ballerina',
          t: createTranslator(),
        }),
      );
    },
  );
});
