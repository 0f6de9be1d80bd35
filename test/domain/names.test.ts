import { describe, expect, it } from 'vitest';
import {
  cleanText,
  editDistance,
  foldText,
  isNameWithEndings,
  nameForms,
  nameMatchScore,
  personQueryKey,
  quoteUserText,
  titleKey,
  truncate,
} from '../../src/domain/names.ts';

const matches = (query: string, name: string) =>
  nameMatchScore(personQueryKey(query), nameForms(name)) !== undefined;

describe('cleaning and folding what users type', () => {
  it('GIVEN zero-width spaces, RTL marks, a BOM and control characters THEN they vanish', () => {
    expect(cleanText('\u200b\u200f\ufeffBal\u200dlerina\u0007  \n ')).toBe('Ballerina');
    expect(cleanText('\u200b\u200b\u2060')).toBe('');
  });

  it('GIVEN case, punctuation and accents THEN they are ignored', () => {
    expect(foldText('BALLERINA!')).toBe('ballerina');
    expect(foldText('Ballérina…')).toBe('ballerina');
    expect(foldText('Zoë Ålander')).toBe('zoe alander');
    expect(titleKey('Ballerina (2023)')).toBe('ballerina2023');
  });

  it('GIVEN Hangul, precomposed or decomposed into jamo THEN it folds to the same syllables', () => {
    expect(foldText('발레리나')).toBe('발레리나');
    expect(foldText('발레리나'.normalize('NFD'))).toBe('발레리나');
  });

  it('GIVEN full-width letters or combining accents stacked on letters THEN they fold to plain letters', () => {
    expect(foldText('ＢＡＬＬＥＲＩＮＡ')).toBe('ballerina');
    expect(foldText('B\u0301\u0301a\u0308llerina')).toBe('ballerina');
  });

  it('GIVEN emoji only THEN nothing comparable remains', () => {
    expect(foldText('💃🩰✨')).toBe('');
  });
});

describe('typo distance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('ballerina', 'balerina')).toBe(1);
    expect(editDistance('ballerina', 'ballerinaa')).toBe(1);
    expect(editDistance('ballerina', 'bellerina')).toBe(1);
    expect(editDistance('ballerina', 'balelrina')).toBe(1);
    expect(editDistance('ballerina', 'oldboy')).toBeGreaterThan(3);
  });

  it('stops early past the allowed maximum', () => {
    expect(editDistance('ballerina', 'xxxxxxxxxxxxxxxxxxxxxxx', 2)).toBe(3);
  });
});

describe('matching Korean names in any romanisation and order', () => {
  it.each([
    ['Jun Jong-seo', 'Jeon Jong-seo'],
    ['Jeon Jongseo', 'Jeon Jong-seo'],
    ['jeon jong seo', 'Jeon Jong-seo'],
    ['Jong-seo Jeon', 'Jeon Jong-seo'],
    ['Ji-hun Kim', 'Kim Ji-hun'],
    ['Jihun Kim', 'Kim Ji-hun'],
    ['Jee-hoon Kim', 'Kim Ji-hun'],
    ['Gim Ji-hun', 'Kim Ji-hun'],
    ['Chung-Hyun Lee', 'Lee Chung-hyun'],
    ['Yi Chung-hyun', 'Lee Chung-hyun'],
    ['Rhee Chung-hyun', 'Lee Chung-hyun'],
    ['Pak Yoo-rim', 'Park Yu-rim'],
    ['Bak Yu-rim', 'Park Yu-rim'],
    ['Choe', 'Choi'],
    ['Okju', 'Ok-ju'],
    ['Min-hui', 'Min-hee'],
    ['Élodie Brevin', 'Élodie Brévin'],
  ])('%s finds %s', (query, name) => {
    expect(matches(query, name)).toBe(true);
  });

  it('GIVEN part of a name (surname or given name) THEN it matches as a partial match', () => {
    expect(nameMatchScore(personQueryKey('Kim'), nameForms('Kim Ji-hun'))).toBe(1);
    expect(nameMatchScore(personQueryKey('Jong-seo'), nameForms('Jeon Jong-seo'))).toBe(1);
    expect(nameMatchScore(personQueryKey('Kim Ji-hun'), nameForms('Kim Ji-hun'))).toBe(0);
  });

  it('GIVEN a typo in a long name THEN it still matches, but short names need to be exact', () => {
    expect(matches('Jeon Jong-so', 'Jeon Jong-seo')).toBe(true);
    expect(matches('Kin', 'Kim Ji-hun')).toBe(false);
  });

  it('GIVEN different people THEN they do not match', () => {
    expect(matches('Park Yu-rim', 'Jeon Jong-seo')).toBe(false);
    expect(matches('Ana de Armas', 'Jeon Jong-seo')).toBe(false);
    expect(matches('Hun Ji Kim', 'Kim Ji-hun')).toBe(false);
    expect(matches('the', 'the ballerina')).toBe(false);
  });
});

describe('quoting user text back', () => {
  it('GIVEN @everyone, a role mention and markdown THEN none of it survives as syntax', () => {
    const quoted = quoteUserText('@everyone <@&123456789012345678> **bold** `code` ||spoiler||');
    expect(quoted).not.toMatch(/[@<>*`|]/);
    expect(quoted).toContain('everyone');
  });

  it('GIVEN 6,000 characters THEN the quote stays short', () => {
    expect(quoteUserText('a'.repeat(6000)).length).toBeLessThanOrEqual(62);
  });

  it('GIVEN nothing readable THEN it shows an ellipsis rather than empty quotes', () => {
    expect(quoteUserText('\u200b')).toBe('“…”');
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('word '.repeat(100), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits an emoji (a surrogate pair) in half', () => {
    const cut = truncate('💃'.repeat(10), 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });
});

describe('Hangul names with what Korean glues onto them', () => {
  it.each([
    ['최는', '최', true],
    ['전종서가', '전종서', true],
    ['옥주한테', '옥주', true],
    ['전종서씨는', '전종서', true],
    ['최근', '최', false],
    ['최고', '최', false],
    ['김지훈이랑', '김지훈', true],
  ])('GIVEN %s THEN it is %s with endings: %s', (token, name, expected) => {
    expect(isNameWithEndings(token, name)).toBe(expected);
  });

  it('GIVEN a Hangul name THEN the given name alone matches, the surname syllable alone does not', () => {
    expect(matches('종서', '전종서')).toBe(true);
    expect(matches('전종서', '전종서')).toBe(true);
    expect(matches('전', '전종서')).toBe(false);
  });
});
