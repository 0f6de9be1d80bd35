import { UserError } from './errors.ts';
import { filmLabelIn } from './i18n/film-words.ts';
import type { Locale } from './i18n/index.ts';
import {
  castSuggestions,
  exampleQuestionsIn,
  INTENTS,
  refusal,
  type Question,
  type Slots,
} from './ask-intents.ts';
import { MENTIONS, Scope } from './ask-reading.ts';
import { cleanText, foldText, quoteUserText } from './names.ts';
import type { Answer, AskContext } from './ask-types.ts';

export type { Answer, AskContext, AskIntent } from './ask-types.ts';

/** The longest question /ask reads; a question is a sentence, not an essay. */
export const MAX_QUESTION_LENGTH = 300;

/**
 * Answer a free-text question (English or Korean) about a tracked film from the data alone.
 * The reply is in Korean when the question is written in Korean, otherwise in `ctx.locale`.
 * Unknown films, unknown people and empty or oversized questions throw a UserError (a private reply);
 * a question the data cannot answer comes back as `answered: false` with example questions.
 */
export async function answerQuestion(question: string, ctx: AskContext): Promise<Answer> {
  const locale = ctx.locale ?? 'en';
  // Mentions are never part of a question; dropping them also keeps "@everyone who plays Choi?" readable.
  const asked = cleanText(question.replace(MENTIONS, ' '));
  const only = ctx.catalogue.all().length === 1 ? ctx.catalogue.all()[0] : undefined;
  if (foldText(asked) === '') {
    throw new UserError(ctx.t(locale, 'ask.empty'), exampleQuestionsIn(only, locale, ctx.t));
  }
  if (asked.length > MAX_QUESTION_LENGTH) {
    throw new UserError(
      ctx.t(locale, 'ask.tooLong', { length: asked.length, max: MAX_QUESTION_LENGTH }),
    );
  }
  const probe = new Scope(ctx.catalogue, asked, ctx.title, locale, ctx.t);
  const replyIn: Locale = probe.lang === 'ko' ? 'ko' : locale;
  const scope =
    replyIn === locale ? probe : new Scope(ctx.catalogue, asked, ctx.title, replyIn, ctx.t);
  const q: Question = { scope, lang: scope.lang, locale: replyIn, ctx };

  for (const row of INTENTS) {
    const text = row.reads === 'masked' ? scope.masked : scope.text;
    for (const pattern of row[q.lang]) {
      const found = pattern.exec(text);
      if (found === null) continue;
      const answer = await row.answer(q, slotsOf(found));
      if (answer !== undefined) return answer;
    }
  }

  if (q.unknownPerson !== undefined) {
    const { slot, film } = q.unknownPerson;
    throw new UserError(
      ctx.t(replyIn, 'ask.unknownPerson', {
        name: quoteUserText(scope.original(slot)),
        film: filmLabelIn(film, replyIn, ctx.t),
      }),
      castSuggestions(q, film),
    );
  }
  return refusal(q, undefined);
}

function slotsOf(found: RegExpExecArray): Slots {
  const p = found.groups?.p?.trim();
  const f = found.groups?.f?.trim();
  return { ...(p ? { p } : {}), ...(f ? { f } : {}) };
}
