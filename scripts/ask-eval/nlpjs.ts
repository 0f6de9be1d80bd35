/**
 * The library side of the comparison: NLP.js (`@nlpjs/nlp` with its English and Korean language
 * packages), trained on the corpus's train split, asked to pick the intent of each evaluated
 * question. Only the intent is compared: both approaches would share the same answer code.
 */
import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { LangKo } from '@nlpjs/lang-ko';
import { Nlp } from '@nlpjs/nlp';
import type { CorpusEntry, Outcome } from './evaluate.ts';

export interface IntentScore {
  name: string;
  /** In-scope questions whose intent was picked right (0..1). */
  en: number;
  ko: number;
  /** Out-of-scope questions given an in-scope intent, i.e. that would be answered with a fact. */
  oos: number;
}

/** Train NLP.js on `train`, then score its intent choice and the table matcher's on `evaluated`. */
export async function compareWithNlpJs(
  train: readonly CorpusEntry[],
  evaluated: readonly CorpusEntry[],
  tableOutcomes: readonly Outcome[],
): Promise<IntentScore[]> {
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  container.use(LangKo);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.log = false;
  nlp.addLanguage('en');
  nlp.addLanguage('ko');
  for (const e of train) nlp.addDocument(e.lang, e.q, e.intent);
  // NLP.js prints one line per training epoch; the comparison's output is the table below.
  const log = console.log;
  console.log = () => undefined;
  try {
    await nlp.train();
  } finally {
    console.log = log;
  }
  const picked: string[] = [];
  for (const e of evaluated) {
    const result = await nlp.process(e.lang, e.q);
    picked.push(result.intent === 'None' ? 'unknown' : result.intent);
  }
  const rate = (hits: (i: number) => boolean, keep: (e: CorpusEntry) => boolean) => {
    const idx = evaluated.map((e, i) => (keep(e) ? i : -1)).filter((i) => i >= 0);
    return idx.length === 0 ? 0 : idx.filter(hits).length / idx.length;
  };
  const inScope = (lang: string) => (e: CorpusEntry) => e.lang === lang && e.intent !== 'unknown';
  const oos = (e: CorpusEntry) => e.intent === 'unknown';
  const nlpRight = (i: number) => picked[i] === evaluated[i]?.intent;
  const tableRight = (i: number) => tableOutcomes[i]?.got === evaluated[i]?.intent;
  return [
    {
      name: 'NLP.js 4',
      en: rate(nlpRight, inScope('en')),
      ko: rate(nlpRight, inScope('ko')),
      oos: rate((i) => picked[i] !== 'unknown', oos),
    },
    {
      name: 'table-driven matcher',
      en: rate(tableRight, inScope('en')),
      ko: rate(tableRight, inScope('ko')),
      oos: rate((i) => tableOutcomes[i]?.answered === true, oos),
    },
  ];
}
