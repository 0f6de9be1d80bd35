import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import {
  readCorpus,
  runCorpus,
  score,
  type CorpusEntry,
  type Scores,
} from '../../scripts/ask-eval/evaluate.ts';
import { realCatalogue } from '../support/films.ts';

let catalogue: Catalogue;
let train: CorpusEntry[];
let heldout: CorpusEntry[];
let held: Scores;
beforeAll(async () => {
  catalogue = await realCatalogue();
  train = await readCorpus('train');
  heldout = await readCorpus('heldout');
  held = score(await runCorpus(heldout, catalogue, createTranslator()));
});

describe('the /ask question corpus', () => {
  it('GIVEN the corpus THEN it has at least 250 English, 100 Korean and 80 out-of-scope questions', () => {
    const all = [...train, ...heldout];
    const inScope = (lang: string) =>
      all.filter((e) => e.lang === lang && e.intent !== 'unknown').length;
    expect(inScope('en')).toBeGreaterThanOrEqual(250);
    expect(inScope('ko')).toBeGreaterThanOrEqual(100);
    expect(all.filter((e) => e.intent === 'unknown').length).toBeGreaterThanOrEqual(80);
  });

  it('GIVEN the two splits THEN no question is in both (held-out stays unseen)', () => {
    const seen = new Set(train.map((e) => e.q.toLowerCase()));
    expect(heldout.filter((e) => seen.has(e.q.toLowerCase()))).toEqual([]);
  });
});

describe('/ask on the held-out questions (npm run eval:ask)', () => {
  it('GIVEN English questions never tuned on THEN at least 95 % answered right', () => {
    expect(held.accuracy.en).toBeGreaterThanOrEqual(0.95);
  });

  it('GIVEN Korean questions never tuned on THEN at least 95 % answered right', () => {
    expect(held.accuracy.ko).toBeGreaterThanOrEqual(0.95);
  });

  it('GIVEN questions the data cannot answer THEN none is answered with a fact', () => {
    expect(held.outOfScope).toBeGreaterThan(0);
    expect(held.outOfScopeAnswered).toBe(0);
  });
});
