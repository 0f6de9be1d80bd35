/**
 * Measuring /ask on the question corpus (data/ask-corpus/*.jsonl): each line is a question, its
 * language, the intent it should get ("unknown" for questions the data cannot answer) and words the
 * answer must contain. Shared by `npm run eval:ask` and the test that holds the thresholds.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import * as z from 'zod';
import { discordMarkup } from '../../src/discord/format.ts';
import { answerQuestion, type AskIntent } from '../../src/domain/ask.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import { UserError } from '../../src/domain/errors.ts';
import { releaseDateTime } from '../../src/domain/release.ts';
import { LOCALES, type Locale, type Translate } from '../../src/domain/i18n/index.ts';

export const CORPUS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'data',
  'ask-corpus',
);

/** The day before Ballerina's release, in London: every release answer is "comes out … in 1 day". */
export const EVAL_NOW = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });

const entrySchema = z.object({
  lang: z.enum(LOCALES),
  q: z.string().min(1),
  intent: z.string().min(1),
  expect: z.array(z.string()).optional(),
});
export type CorpusEntry = z.infer<typeof entrySchema>;
export type Split = 'train' | 'heldout';

/** One split of the corpus, validated line by line (a bad line names its file and number). */
export async function readCorpus(split: Split, dir = CORPUS_DIR): Promise<CorpusEntry[]> {
  const file = path.join(dir, `${split}.jsonl`);
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    const parsed = entrySchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
    return [parsed.data];
  });
}

export interface Outcome {
  entry: CorpusEntry;
  /** The intent /ask gave, "error" for a UserError (a private "which film?"/"no one called…"). */
  got: AskIntent | 'error';
  answered: boolean;
  text: string;
  /** In scope: right intent, answered, every expected word present. Out of scope: not answered. */
  correct: boolean;
}

/** Ask every question of `entries` in its own language and judge the answer. */
export async function runCorpus(
  entries: readonly CorpusEntry[],
  catalogue: Catalogue,
  t: Translate,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const entry of entries) {
    let got: Outcome['got'];
    let answered = false;
    let text: string;
    try {
      const answer = await answerQuestion(entry.q, {
        catalogue,
        now: EVAL_NOW,
        releaseOf: (film) => releaseDateTime(film.release),
        format: discordMarkup,
        locale: entry.lang,
        t,
      });
      got = answer.intent;
      answered = answer.answered;
      text = answer.text;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      got = 'error';
      text = err.message;
    }
    const correct =
      entry.intent === 'unknown'
        ? !answered
        : got === entry.intent && answered && (entry.expect ?? []).every((w) => text.includes(w));
    outcomes.push({ entry, got, answered, text, correct });
  }
  return outcomes;
}

export interface Scores {
  /** Share of in-scope questions answered right, per language (0..1). */
  accuracy: Record<Locale, number>;
  inScope: Record<Locale, number>;
  /** Share of out-of-scope questions that got an answer with a fact (0..1); the goal is 0. */
  outOfScopeAnswered: number;
  outOfScope: number;
}

export function score(outcomes: readonly Outcome[]): Scores {
  const inScope = (lang: Locale) =>
    outcomes.filter((o) => o.entry.lang === lang && o.entry.intent !== 'unknown');
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  const oos = outcomes.filter((o) => o.entry.intent === 'unknown');
  const accuracy = {} as Record<Locale, number>;
  const counts = {} as Record<Locale, number>;
  for (const lang of LOCALES) {
    const all = inScope(lang);
    accuracy[lang] = share(all.filter((o) => o.correct).length, all.length);
    counts[lang] = all.length;
  }
  return {
    accuracy,
    inScope: counts,
    outOfScopeAnswered: share(oos.filter((o) => o.answered).length, oos.length),
    outOfScope: oos.length,
  };
}
