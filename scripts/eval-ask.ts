/**
 * `npm run eval:ask`: /ask's accuracy on the held-out questions, per language, and the share of
 * out-of-scope questions it answered with a fact.
 *   --split train|heldout   which part of the corpus (default heldout; tune only on train)
 *   --failures              list the questions it got wrong
 *   --compare-nlpjs         also train NLP.js on the train split and score its intent choice
 */
import { parseArgs } from 'node:util';
import { loadFilms } from '../src/data/load-films.ts';
import { Catalogue } from '../src/domain/catalogue.ts';
import { createTranslator } from '../src/i18n/translator.ts';
import { readCorpus, runCorpus, score, type Split } from './ask-eval/evaluate.ts';
import { compareWithNlpJs } from './ask-eval/nlpjs.ts';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'heldout' },
    failures: { type: 'boolean', default: false },
    'compare-nlpjs': { type: 'boolean', default: false },
  },
});
const SPLITS: readonly Split[] = ['train', 'heldout'];
const split = SPLITS.find((name) => name === values.split);
if (split === undefined) throw new Error('--split is train or heldout');

const catalogue = new Catalogue(await loadFilms('data/films'));
const entries = await readCorpus(split);
const outcomes = await runCorpus(entries, catalogue, createTranslator());
const s = score(outcomes);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

console.log(`/ask on the ${split} questions (table-driven matcher)`);
console.log(`  English accuracy: ${pct(s.accuracy.en)} of ${s.inScope.en}`);
console.log(`  Korean accuracy:  ${pct(s.accuracy.ko)} of ${s.inScope.ko}`);
console.log(`  out-of-scope answered with a fact: ${pct(s.outOfScopeAnswered)} of ${s.outOfScope}`);
if (values.failures) {
  for (const o of outcomes.filter((x) => !x.correct)) {
    console.log(
      `  ✗ [${o.entry.lang}] ${o.entry.q} — want ${o.entry.intent}, got ${o.got}: ${o.text.split('\n')[0] ?? ''}`,
    );
  }
}
if (values['compare-nlpjs']) {
  const nlp = await compareWithNlpJs(await readCorpus('train'), entries, outcomes);
  console.log(`\nIntent choice only, ${split} questions (train split used to train NLP.js):`);
  for (const row of nlp) {
    console.log(
      `  ${row.name.padEnd(22)} en ${pct(row.en)}  ko ${pct(row.ko)}  out-of-scope taken for a fact ${pct(row.oos)}`,
    );
  }
}
