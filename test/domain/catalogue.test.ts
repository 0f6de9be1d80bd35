import { beforeAll, describe, expect, it } from 'vitest';
import { Catalogue, type PersonMatch } from '../../src/domain/catalogue.ts';
import { UserError } from '../../src/domain/errors.ts';
import { shownAs, type UserErrorText } from '../support/replies.ts';
import type { Film } from '../../src/domain/film.ts';
import { loadBallerina, realCatalogue, twoFilmCatalogue } from '../support/films.ts';

let catalogue: Catalogue;
let two: Catalogue;
let ballerina: Film;

beforeAll(async () => {
  catalogue = await realCatalogue();
  two = await twoFilmCatalogue();
  ballerina = await loadBallerina();
});

function userError(fn: () => unknown): UserErrorText {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return shownAs(err);
    throw err;
  }
  throw new Error('expected a UserError');
}

const describeMatch = (m: PersonMatch) =>
  m.kind === 'director' ? `director ${m.director.name}` : `${m.via} ${m.member.actor.name}`;

describe('resolving a typed title', () => {
  it.each([
    'ballerina',
    'Ballerina',
    'BALLERINA!',
    '  ballerina  ',
    'Ballérina',
    'balerina',
    'ballerna',
    'Ballerina (2023)',
    'ballerina 2023',
    'ballerina-2023',
    '발레리나',
    '발레리나'.normalize('NFD'),
    'Korean Ballerina',
    'Netflix ballerina',
    '\u200bBal\u200fle\u200drina\u200b',
    'ＢＡＬＬＥＲＩＮＡ',
    'balle',
  ])('GIVEN %j THEN it is Ballerina (2023)', (typed) => {
    expect(catalogue.resolve(typed).id).toBe('ballerina-2023');
    expect(two.resolve(typed).id).toBe('ballerina-2023');
  });

  it('GIVEN a second film file THEN its title, original title and accent-free spelling resolve to it', () => {
    expect(two.resolve('The Lantern Keeper').id).toBe('the-lantern-keeper-2031');
    expect(two.resolve('lantern keeper').id).toBe('the-lantern-keeper-2031');
    expect(two.resolve('le gardien de la lanterne').id).toBe('the-lantern-keeper-2031');
    expect(two.resolve('the-lantern-keeper-2031').id).toBe('the-lantern-keeper-2031');
  });

  it('GIVEN a film it does not track THEN a UserError says so and lists the films it knows', () => {
    const err = userError(() => catalogue.resolve('Oldboy'));
    expect(err.message).toContain("I don't track a film called “Oldboy”");
    expect(err.suggestions).toEqual(['Ballerina (2023)']);
  });

  it('GIVEN the John Wick spin-off THEN it says it does not track it and explains the difference', () => {
    const err = userError(() => catalogue.resolve('John Wick Ballerina'));
    expect(err.message).toContain("I don't track");
    expect(err.message).toContain('not the John Wick spin-off');
  });

  it('GIVEN a short start of a title THEN it asks "did you mean" instead of guessing', () => {
    const err = userError(() => catalogue.resolve('bal'));
    expect(err.message).toContain('Did you mean');
    expect(err.suggestions).toEqual(['Ballerina (2023)']);
  });

  it('GIVEN two films with the same title THEN it asks which one, naming both years', () => {
    const remake: Film = { ...ballerina, id: 'ballerina-2031', year: 2031, aliases: [] };
    const both = new Catalogue([ballerina, remake]);
    const err = userError(() => both.resolve('Ballerina'));
    expect(err.message).toContain('Several films');
    expect(err.suggestions).toEqual(['Ballerina (2023)', 'Ballerina (2031)']);
    expect(both.resolve('Ballerina 2031').id).toBe('ballerina-2031');
  });

  it.each([
    ['', 'empty'],
    ['\u200b\u200f\u2060', 'empty'],
    ['💃🩰', "couldn't read"],
    ['b'.repeat(6000), '6000 characters'],
  ])('GIVEN the bad title %j THEN a clear UserError (%s)', (typed, expected) => {
    expect(userError(() => catalogue.resolve(typed)).message).toContain(expected);
  });

  it('GIVEN @everyone as a title THEN the reply quotes it without the @', () => {
    const err = userError(() => catalogue.resolve('@everyone'));
    expect(err.message).toContain('“everyone”');
    expect(err.message).not.toContain('@');
  });

  it('GIVEN two films sharing an id THEN the catalogue refuses to start', () => {
    expect(() => new Catalogue([ballerina, ballerina])).toThrow(/ballerina-2023/);
  });
});

describe('autocomplete suggestions', () => {
  it('GIVEN nothing typed yet THEN every film is offered with a label like "Ballerina (2023) · Lee Chung-hyun · Netflix"', () => {
    expect(catalogue.suggest('').map((s) => s.label)).toEqual([
      'Ballerina (2023) · Lee Chung-hyun · Netflix',
    ]);
    expect(two.suggest('')).toHaveLength(2);
  });

  it('GIVEN a partial title, a typo, the Korean title or a cast name THEN Ballerina is offered', () => {
    for (const typed of ['bal', 'Balle', 'balel', '발레', 'jeon', 'Kim Ji-hun']) {
      expect(two.suggest(typed)[0]?.film.id, typed).toBe('ballerina-2023');
    }
    expect(two.suggest('lantern')[0]?.film.id).toBe('the-lantern-keeper-2031');
  });

  it('GIVEN nothing that matches THEN no suggestion', () => {
    expect(catalogue.suggest('zzzzzz')).toEqual([]);
  });

  it('GIVEN 60 films THEN at most 25 suggestions, each label at most 100 characters', () => {
    const many = new Catalogue(
      Array.from({ length: 60 }, (_, i) => ({
        ...ballerina,
        id: `ballerina-${i}`,
        title: `Ballerina ${'with a very long subtitle '.repeat(5)}${i}`,
        aliases: [],
      })),
    );
    const suggestions = many.suggest('ballerina');
    expect(suggestions).toHaveLength(25);
    for (const s of suggestions) expect(s.label.length).toBeLessThanOrEqual(100);
    expect(many.suggest('', 5)).toHaveLength(5);
  });

  it('GIVEN a 6,000-character query THEN it answers at once without throwing', () => {
    const started = performance.now();
    expect(catalogue.suggest('x'.repeat(6000))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('finding people in a film', () => {
  it.each([
    ['Jeon Jong-seo', 'actor Jeon Jong-seo'],
    ['Jun Jong-seo', 'actor Jeon Jong-seo'],
    ['jong-seo jeon', 'actor Jeon Jong-seo'],
    ['Jang Ok-ju', 'character Jeon Jong-seo'],
    ['Ok-ju', 'character Jeon Jong-seo'],
    ['Park Yu-rim', 'actor Park Yu-rim'],
    ['Min-hee', 'character Park Yu-rim'],
    ['the ballerina', 'character Park Yu-rim'],
    ['Kim Ji-hun', 'actor Kim Ji-hun'],
    ['Ji-hun Kim', 'actor Kim Ji-hun'],
    ['CHOI', 'character Kim Ji-hun'],
    ['Choe', 'character Kim Ji-hun'],
    ['Lee Chung-hyun', 'director Lee Chung-hyun'],
    ['Chung-Hyun Lee', 'director Lee Chung-hyun'],
  ])('GIVEN %j THEN it finds the %s', (query, expected) => {
    expect(catalogue.findPeople(ballerina, query).map(describeMatch)).toEqual([expected]);
  });

  it('GIVEN someone not in the film, or nothing readable THEN no one', () => {
    expect(catalogue.findPeople(ballerina, 'Ana de Armas')).toEqual([]);
    expect(catalogue.findPeople(ballerina, 'Keanu Reeves')).toEqual([]);
    expect(catalogue.findPeople(ballerina, '💃')).toEqual([]);
    expect(catalogue.findPeople(ballerina, 'k'.repeat(6000))).toEqual([]);
  });

  it('GIVEN a whole-name match THEN partial and typo matches of other people are not returned', () => {
    expect(catalogue.findPeople(ballerina, 'Kim Ji-hun')).toHaveLength(1);
  });
});

describe('Korean titles and names in the catalogue', () => {
  it('GIVEN a Korean sentence THEN the people it names are found with their particles', async () => {
    const catalogue = await realCatalogue();
    const [ballerina] = catalogue.all();
    if (ballerina === undefined) throw new Error('no film');
    const names = (text: string) =>
      catalogue
        .findPeopleInText(ballerina, text)
        .map((p) => (p.kind === 'director' ? p.director.name : `${p.via}:${p.member.actor.name}`));
    expect(names('최는 누가 연기해')).toEqual(['character:Kim Ji-hun']);
    expect(names('전종서가 전에 나온 작품 뭐야')).toEqual(['actor:Jeon Jong-seo']);
    expect(names('이충현 감독은 누구야')).toEqual(['Lee Chung-hyun']);
    expect(names('최근에 나온 영화야')).toEqual([]);
  });

  it('GIVEN the Korean title with a particle or the Korean alias THEN Ballerina', async () => {
    const catalogue = await realCatalogue();
    expect(catalogue.resolve('발레리나').id).toBe('ballerina-2023');
    expect(catalogue.resolve('넷플릭스 발레리나').id).toBe('ballerina-2023');
  });
});
