import type { DateTime } from 'luxon';
import type { Catalogue, PersonMatch } from './catalogue.ts';
import { UserError } from './errors.ts';
import type { CastMember, Film } from './film.ts';
import {
  directorRole,
  filmLabel,
  formatRuntime,
  listText,
  nameWithAliases,
  otherWorksText,
  releaseStatus,
  whereToWatch,
  workText,
  type InstantFormat,
} from './film-text.ts';
import {
  cleanText,
  editDistance,
  foldText,
  quoteUserText,
  titleKey,
  titleTypoAllowance,
} from './names.ts';

/** The longest question /ask reads; a question is a sentence, not an essay. */
export const MAX_QUESTION_LENGTH = 300;

export type AskIntent =
  | 'disambiguation'
  | 'cast'
  | 'in-cast'
  | 'who-plays'
  | 'who-is'
  | 'other-works'
  | 'director'
  | 'runtime'
  | 'genre'
  | 'origin'
  | 'year'
  | 'release'
  | 'synopsis'
  | 'unknown';

export interface Answer {
  intent: AskIntent;
  /** The film the answer is about; absent only when the bot could not tell and did not answer. */
  film: Film | undefined;
  /** False for "I don't know that": the reply then goes privately to the asker. */
  answered: boolean;
  /** Markdown built from the data only; user text appears only through quoteUserText. */
  text: string;
}

export interface AskContext {
  catalogue: Catalogue;
  now: DateTime;
  /** The optional `title` option of /ask. */
  title?: string | null;
  /** Where the film's release instant comes from (the data file today, the release store later). */
  releaseOf(film: Film): DateTime | Promise<DateTime>;
  format: InstantFormat;
}

/**
 * Answer a free-text question about a tracked film from the data alone.
 * Unknown films, unknown people and empty or oversized questions throw a UserError (a private reply);
 * a question the data cannot answer comes back as `answered: false` with example questions.
 */
export async function answerQuestion(question: string, ctx: AskContext): Promise<Answer> {
  // Mentions are never part of a question; dropping them also keeps "@everyone who plays Choi?" readable.
  const asked = cleanText(question.replace(MENTIONS, ' '));
  if (foldText(asked) === '') {
    throw new UserError(
      'Ask me a question about a film, in words. For example:',
      exampleQuestions(ctx.catalogue.all().length === 1 ? ctx.catalogue.all()[0] : undefined),
    );
  }
  if (asked.length > MAX_QUESTION_LENGTH) {
    throw new UserError(
      `That question is ${asked.length} characters long; please keep it under ${MAX_QUESTION_LENGTH}.`,
    );
  }
  const scope = new Scope(ctx, asked);
  const film = (slot?: string) => scope.film(slot);

  const confusion = scope.confusion();
  if (confusion !== undefined) {
    const { film: f, note } = confusion;
    const yesNo = /^(?:is|was|are|does|did|has|have|isnt|is not) /.test(scope.masked);
    const lead = yesNo ? 'No.' : `I only track ${filmLabel(f)}.`;
    return answer('disambiguation', f, `${lead} ${note}`);
  }

  const t = scope.text;
  const m = scope.masked;
  let unknownPerson: { slot: string; film: Film } | undefined;

  // The whole cast.
  {
    const hit =
      matchFirst(m, [
        /^(?:who|whom) (?:is|are|was|were|stars?|starred|starring|acts?|acted|appears?|appeared|plays?|played) in(?: (?<f>.+))?$/,
        /^(?:who|what) (?:is|are) (?:the )?(?:cast|actors|stars|cast list|main cast|leads?|lead actors)(?: (?:of|in|for) (?<f>.+))?$/,
        /^(?:the |full |whole )?(?:cast|cast list|actors|stars)(?: (?:of|in|for) (?<f>.+))?$/,
        /^(?:who|whom) (?:is|are) (?:starring|the stars?) (?:in )?(?<f>.+)$/,
        /\b(?:cast|actors|actresses|starring|line ?up)\b(?: (?:of|in|for) (?<f>.+))?/,
      ]) ?? undefined;
    if (hit !== undefined) return castAnswer(film(hit.f));
  }

  // What else someone was in or has made.
  {
    const hit = matchFirst(t, [
      /^what (?:else|other (?:films?|movies?|shows?|series|things?|work|roles?|projects?)) (?:has|have|did|does|was|is|were|will) (?<p>.+?) (?:been in|appeared in|starred in|acted in|done|made|directed|written|worked on|do|make|direct|write|star in|act in|appear in|work on|been|in)(?: before)?$/,
      /^what (?:has|have|did|else did) (?<p>.+?) (?:been in|appeared in|starred in|acted in|done|made|directed|written|worked on|do before|make before|direct before)(?: before)?$/,
      /^where (?:have i|do i know|did i|might i have|could i have|would i have|have we) (?:seen|know|heard of|heard) (?<p>.+?)(?: from| before)?$/,
      /^(?:other|previous|earlier|past) (?:works?|films?|movies?|roles?|credits?|shows?) (?:of|by|for|from|with) (?<p>.+)$/,
      /^(?<p>.+?) (?:other|previous|earlier|past) (?:works?|films?|movies?|roles?|credits?|shows?)$/,
      /^(?:filmography|credits) (?:of|for) (?<p>.+)$/,
      /^(?<p>.+?) (?:filmography|credits)$/,
      /^(?:has|was|is|did) (?<p>.+?) (?:been )?(?:in|made|directed|done) (?:anything|any other|other) ?(?:else|films?|movies?|shows?|work)?$/,
    ]);
    if (hit?.p !== undefined) {
      const f = film();
      const people = scope.people(f, hit.p);
      if (people.length > 0) return otherWorksAnswer(f, people);
      unknownPerson ??= { slot: hit.p, film: f };
    }
  }

  // Who directed it.
  {
    const hit = matchFirst(m, [
      /^who (?:directed|directs|is directing|was directing|made|makes|helmed|created|wrote|write|writes|is behind|was behind)(?: (?<f>.+))?$/,
      /^who (?:is|was|are|were) (?:the )?(?:director|directors|writer|writers|filmmaker|screenwriter|writer and director|creator)(?: (?:of|for|behind) (?<f>.+))?$/,
      /^(?:the )?(?:director|writer|filmmaker|screenwriter)(?: (?:of|for|behind) (?<f>.+))?$/,
      /^(?:what is the name of|name) (?:the )?(?:director|writer)(?: (?:of|for) (?<f>.+))?$/,
      /\b(?:directed|director|directors|filmmaker|screenwriter|written by|writer|wrote|direct)\b/,
    ]);
    if (hit !== undefined) {
      const f = film(hit.f);
      const asksWriter = /\b(?:wrote|write|writes|writer|writers|written|screenwriter)\b/.test(m);
      return directorAnswer(f, asksWriter);
    }
  }

  // Whether someone is in it.
  {
    const hit = matchFirst(t, [
      /^(?:is|was|does|did) (?<p>.+?) (?:in|star in|act in|appear in|play in|starring in|acting in) (?<f>.+)$/,
    ]);
    if (hit?.p !== undefined && hit.f !== undefined) {
      const f = film(hit.f);
      const people = scope.people(f, hit.p);
      if (people.length > 0) return inCastAnswer(f, people);
      return answer(
        'in-cast',
        f,
        `Not that I know of: I know no one called ${quoteUserText(originalWording(asked, hit.p))} in ${filmLabel(f)}. Its cast: ${castNames(f)}.`,
      );
    }
  }

  // Who plays someone, or whom someone plays.
  {
    const hit = matchFirst(t, [
      /^who (?:plays|played|is playing|was playing|will play|portrays|portrayed|plays the role of|played the role of|plays the part of|is the actor (?:for|playing|who plays|of)|is the actress (?:for|playing|who plays|of)|acts as|stars as|is cast as|was cast as)(?: the role of)? (?<p>.+?)(?: in (?<f>.+))?$/,
      /^(?:which|what) (?:actor|actress|person|performer) (?:plays|played|is playing|portrays|portrayed|is) (?<p>.+?)(?: in (?<f>.+))?$/,
      /^who (?:is|was) (?<p>.+?) played by(?: in (?<f>.+))?$/,
      /^(?<p>.+?) (?:is|was) played by (?:who|whom|which actor)(?: in (?<f>.+))?$/,
      /^(?:who|whom|what (?:role|character|part)|which (?:role|character|part)) (?:does|did|will|is) (?<p>.+?) (?:play|playing|portray|portraying)(?: in (?<f>.+))?$/,
      /^(?:who|whom|what (?:role|character|part)) (?:is|was) (?<p>.+?) playing(?: in (?<f>.+))?$/,
      /^(?:actor|actress) (?:for|of|playing) (?<p>.+?)(?: in (?<f>.+))?$/,
    ]);
    if (hit?.p !== undefined) {
      const f = film(hit.f);
      const people = scope.people(f, hit.p);
      if (people.length > 0) return whoPlaysAnswer(f, people);
      unknownPerson ??= { slot: hit.p, film: f };
    }
  }

  // Who someone is, or who the villain is.
  {
    const hit = matchFirst(t, [
      /^(?:who|whom) (?:is|was|are|were) (?<p>.+?)(?: in (?<f>.+))?$/,
      /^(?:tell me|what do you know|talk) about (?<p>.+?)(?: in (?<f>.+))?$/,
      /^(?:what|which) (?:character|role) is (?<p>.+?)(?: in (?<f>.+))?$/,
    ]);
    // "tell me about Ballerina" is about the film, not the ballerina of its title.
    const aboutFilm =
      hit?.p !== undefined && /^(?:tell|what do|talk)/.test(t) && scope.isFilm(hit.p);
    if (hit?.p !== undefined && !aboutFilm && !scope.isFilmReference(hit.p)) {
      const f = film(hit.f);
      const people = scope.people(f, hit.p);
      if (people.length > 0) return whoIsAnswer(f, people);
      unknownPerson ??= { slot: hit.p, film: f };
    }
  }

  // How long until the release, before "how long" is taken as the runtime.
  if (
    /\bhow (?:long|many (?:days|hours|weeks|minutes|sleeps)) (?:until|till|til|before|to go|left|is it until|is it till|do we have|do i have)\b/.test(
      m,
    )
  ) {
    return releaseAnswer(film(), await ctx.releaseOf(film()), ctx, m);
  }

  // Runtime.
  {
    const hit = matchFirst(m, [
      /^(?:how long|what) (?:is|was) (?:the )?(?<f>.+?) (?:runtime|run time|running time|length|duration)$/,
      /^how long (?:is|was) (?<f>.+?)(?: in minutes| in hours| exactly| roughly)?$/,
      /^how long (?:does|will|did) (?<f>.+?) (?:last|run|take|go on|go for)$/,
      /\b(?:runtime|run time|running time|length|duration) (?:of|for) (?<f>.+)$/,
      /^how many (?:minutes|hours|mins) (?:is|long is|does) (?<f>.+?)(?: last| run)?$/,
      /\b(?:how long|runtime|run time|running time|length|duration|how many minutes|how many hours|minutes long|hours long)\b/,
    ]);
    if (hit !== undefined) return runtimeAnswer(film(hit.f));
  }

  // Genre.
  {
    const hit = matchFirst(m, [
      /^what (?:genre|genres|kind of (?:film|movie)|type of (?:film|movie)|sort of (?:film|movie)) (?:is|was) (?<f>.+)$/,
      /\b(?:genre|genres) (?:of|for) (?<f>.+)$/,
      /^what is (?:the )?(?<f>.+?) genre$/,
      /\b(?:genre|genres|kind of (?:film|movie)|type of (?:film|movie)|sort of (?:film|movie)|what is it like)\b/,
      /^is (?:it|this|that) (?:a |an )?(?:horror|comedy|action|thriller|drama|romance|romcom|scary|funny|violent|gory|bloody|sci ?fi|fantasy|documentary|animated|cartoon|musical|revenge)\b/,
    ]);
    if (hit !== undefined) return genreAnswer(film(hit.f));
  }

  // Country and language.
  if (
    /\b(?:language|languages|country|nationality|subtitles?|subtitled|dubbed|dub|in english|korean film|korean movie|where is it from|where (?:is|was) it (?:made|filmed|shot|from))\b/.test(
      m,
    )
  ) {
    const f = film();
    if (f.country !== undefined || f.language !== undefined) return originAnswer(f);
  }

  // Year.
  {
    const hit = matchFirst(m, [
      /^what year (?:is|was) (?<f>.+?)(?: from| made| released)?$/,
      /\b(?:what year|which year|when was it (?:made|filmed|shot|produced))\b/,
    ]);
    if (hit !== undefined) return yearAnswer(film(hit.f));
  }

  // When and where to watch.
  {
    const hit = matchFirst(m, [
      /^when (?:is|does|will|can i (?:watch|see|stream)|do we get|do i get) (?<f>.+?)(?: (?:come out|coming out|be out|out|released|release|be released|premiere|premiering|premieres|available|streaming|on netflix|come to netflix|coming to netflix|land|drop|air|be available|be on netflix|start|starting|come|coming|arrive|arriving|launch|launching|hit netflix|hitting netflix|on))+(?: in (?:the )?uk)?$/,
      /^where (?:can|do|could|should|will|would) (?:i|we|you|people) (?:watch|see|stream|find|get) (?<f>.+?)(?: in (?:the )?uk)?$/,
      /^(?:is|has) (?<f>.+?) (?:out|on netflix|available|released|streaming|come out|came out)(?: yet| now| already)?$/,
      /^(?:the )?release date (?:of|for) (?<f>.+)$/,
      /^what is (?:the )?(?<f>.+?) release (?:date|day|time)$/,
      /^when (?:is|was) (?:the )?release (?:date |day )?(?:of|for) (?<f>.+)$/,
      /\b(?:when|release|released|releases|releasing|come out|comes out|coming out|out yet|out now|is it out|premiere|premieres|available|streaming|stream|watch|netflix|air|airs|date|where can|where to|where do|where is|what time|launch|drop|drops|see it|countdown|is it on|platform|uk)\b/,
    ]);
    if (hit !== undefined) {
      const f = film(hit.f);
      return releaseAnswer(f, await ctx.releaseOf(f), ctx, m);
    }
  }

  // What it's about.
  {
    const hit = matchFirst(m, [
      /^what (?:is|was) (?<f>.+?) about$/,
      /^what (?:happens|happened) in (?<f>.+)$/,
      /\b(?:plot|synopsis|story|storyline|summary|premise|summarise|summarize) (?:of|for) (?<f>.+)$/,
      /^what is (?:the )?(?<f>.+?) (?:plot|synopsis|story|storyline|premise)$/,
      /^(?:tell me|what do you know|talk) about (?<f>.+)$/,
      /\b(?:about|plot|synopsis|story|storyline|summary|premise|summarise|summarize|what happens|happen|happens|spoilers?|describe)\b/,
    ]);
    if (hit !== undefined) return synopsisAnswer(film(hit.f));
  }

  if (unknownPerson !== undefined) {
    throw new UserError(
      `No one called ${quoteUserText(originalWording(asked, unknownPerson.slot))} is in ${filmLabel(unknownPerson.film)} as far as I know. Its cast:`,
      castSuggestions(unknownPerson.film),
    );
  }

  const f = scope.filmIfKnown();
  return {
    intent: 'unknown',
    film: f,
    answered: false,
    text: [
      f === undefined
        ? "I don't know that. I only answer from what I know about the films I track."
        : `I don't know that. I only answer from what I know about ${filmLabel(f)}, and that isn't in it.`,
      'Questions I can answer:',
      ...exampleQuestions(f).map((q) => `• ${q}`),
    ].join('\n'),
  };
}

/** Questions /ask can answer, with names taken from the film so they are true for it. */
export function exampleQuestions(film: Film | undefined): string[] {
  const [first, second] = film?.cast ?? [];
  const questions = [
    `who plays ${first?.character.name ?? 'the lead'}?`,
    `who is ${first?.actor.name ?? 'the lead actor'}?`,
    'who directed it?',
    `what else was ${(second ?? first)?.actor.name ?? 'the lead actor'} in?`,
    'how long is it?',
    'what genre is it?',
    `when is it on ${film?.release.platform ?? 'streaming'}?`,
    'what is it about?',
  ];
  const confused = film?.disambiguation?.confusedWith[0];
  if (confused !== undefined) questions.push(`is this the ${confused} one?`);
  return questions;
}

// ---------------------------------------------------------------------------------------------
// Reading the question

const MENTIONS = /@(?:everyone|here)\b|<(?:@[!&]?|#)\d+>/gu;

/** Words that point at "the film" without naming it; a slot made only of these is not a title. */
const FILM_REFERENCE_WORDS = new Set(
  (
    'it this that the a an film movie one flick picture show new netflix korean cast actors ' +
    'thing same there here now yet of in for from about on'
  ).split(' '),
);

/** Words standing for the director in "what else has the director made?". */
const DIRECTOR_WORDS =
  /^(?:the )?(?:director|writer|filmmaker|screenwriter|writer and director|writer director|creator)$/;

/** Role words people use for characters, and the words in a character description that mean them. */
const ROLE_WORDS: readonly { asked: RegExp; described: RegExp }[] = [
  {
    asked:
      /^(?:the )?(?:villain|villains|antagonist|bad guy|bad guys|baddie|baddies|big bad|bad one|enemy)$/,
    described: /\b(?:antagonist|villain)\b/,
  },
  {
    asked:
      /^(?:the )?(?:hero|heroine|protagonist|main character|main role|anti hero|antihero|lead character|title character)$/,
    described: /\b(?:hero|heroine|protagonist)\b/,
  },
];

type Slots = { p?: string; f?: string };

function matchFirst(text: string, patterns: readonly RegExp[]): Slots | undefined {
  for (const pattern of patterns) {
    const found = pattern.exec(text);
    if (found !== null) {
      const p = found.groups?.p?.trim();
      const f = found.groups?.f?.trim();
      return { ...(p ? { p } : {}), ...(f ? { f } : {}) };
    }
  }
  return undefined;
}

/** English contractions and possessives, so the patterns can stay simple. */
function expandContractions(text: string): string {
  return text
    .replace(/\b(who|what|where|when|how|it|that|this|there|he|she)['’]s\b/giu, '$1 is')
    .replace(/\b(\p{L}+)['’]re\b/giu, '$1 are')
    .replace(/\b(\p{L}+)['’]ll\b/giu, '$1 will')
    .replace(/\bcan['’]t\b/giu, 'can not')
    .replace(/\b(\p{L}+)n['’]t\b/giu, '$1 not')
    .replace(/(\p{L})['’]s?(?=\s|$|[?!.,])/gu, '$1');
}

const SHORT_FORMS: Readonly<Record<string, string>> = {
  whos: 'who is',
  whats: 'what is',
  wheres: 'where is',
  whens: 'when is',
  hows: 'how is',
  its: 'it is',
  u: 'you',
  r: 'are',
};

interface Mention {
  film: Film;
  start: number;
  end: number;
}

/** What the question talks about: its words, the films it names, and the film it is about. */
class Scope {
  readonly words: string[];
  readonly text: string;
  /** The question with every named film replaced by "it", so patterns see one shape. */
  readonly masked: string;
  private readonly mentions: Mention[];
  private readonly explicit: Film | undefined;

  constructor(
    private readonly ctx: AskContext,
    private readonly question: string,
  ) {
    this.words = foldText(expandContractions(question))
      .split(' ')
      .flatMap((w) => (SHORT_FORMS[w] ?? w).split(' '))
      .filter((w) => w !== '');
    this.text = this.words.join(' ');
    this.mentions = findMentions(this.words, ctx.catalogue.all());
    const masked: string[] = [];
    for (let i = 0; i < this.words.length; i++) {
      const mention = this.mentions.find((mm) => mm.start === i);
      if (mention !== undefined) {
        masked.push('it');
        i = mention.end - 1;
      } else {
        masked.push(this.words[i] ?? '');
      }
    }
    this.masked = masked.join(' ');
    const title = ctx.title == null ? '' : cleanText(ctx.title);
    this.explicit = title === '' ? undefined : ctx.catalogue.resolve(title);
  }

  /** The film a slot names, or the film of the question when the slot is "it"/"this film"/absent. */
  film(slot?: string): Film {
    if (slot !== undefined && !this.isFilmReference(slot)) {
      const typed = originalWording(this.question, stripReferenceWords(slot));
      return this.agreeWithTitleOption(this.ctx.catalogue.resolve(typed));
    }
    const other = this.mentions.find((m) => m.film.id !== this.explicit?.id);
    if (this.explicit !== undefined && other !== undefined) this.agreeWithTitleOption(other.film);
    const known = this.filmIfKnown();
    if (known !== undefined) return known;
    const distinct = new Set(this.mentions.map((m) => m.film));
    throw new UserError(
      distinct.size > 1
        ? 'Your question names several films; ask about one at a time, or pick one with the title option.'
        : 'Which film do you mean? Name it in the question or pick it with the title option.',
      (distinct.size > 1 ? [...distinct] : this.ctx.catalogue.all()).slice(0, 10).map(filmLabel),
    );
  }

  private agreeWithTitleOption(named: Film): Film {
    if (this.explicit !== undefined && named.id !== this.explicit.id) {
      throw new UserError(
        `Your question is about ${filmLabel(named)} but the title option says ${filmLabel(this.explicit)}: which one?`,
        [filmLabel(named), filmLabel(this.explicit)],
      );
    }
    return named;
  }

  /** The film of the question when it is clear: the title option, the one film named, or the only film. */
  filmIfKnown(): Film | undefined {
    if (this.explicit !== undefined) return this.explicit;
    const distinct = [...new Set(this.mentions.map((m) => m.film))];
    if (distinct.length === 1) return distinct[0];
    if (distinct.length > 1) return undefined;
    const all = this.ctx.catalogue.all();
    return all.length === 1 ? all[0] : undefined;
  }

  /** Is this slot just "it", "this film", "the movie", or a film the question already named? */
  isFilmReference(slot: string): boolean {
    const words = slot.split(' ');
    if (words.every((w) => FILM_REFERENCE_WORDS.has(w))) return true;
    const mention = findMentions(words, this.ctx.catalogue.all());
    const covered = mention.reduce((n, m) => n + m.end - m.start, 0);
    return words.filter((w) => !FILM_REFERENCE_WORDS.has(w)).length <= covered;
  }

  /** Does this slot name a film in the catalogue (exactly or with a typo)? */
  isFilm(slot: string): boolean {
    return this.isFilmReference(slot) && !slot.split(' ').every((w) => FILM_REFERENCE_WORDS.has(w));
  }

  /** The film this question may be confused with, when it mentions that other film or its star. */
  confusion(): { film: Film; note: string } | undefined {
    const candidates = this.explicit !== undefined ? [this.explicit] : this.ctx.catalogue.all();
    for (const film of candidates) {
      const d = film.disambiguation;
      if (d === undefined) continue;
      const phrases = d.confusedWith.map((c) => foldText(c)).filter((c) => c !== '');
      // "Wick", "de Armas": the distinctive last word of a name is enough to recognise it.
      for (const c of d.confusedWith) {
        const last = foldText(c).split(' ').at(-1) ?? '';
        if (last.length >= 4 && !titleKey(film.title).includes(last)) phrases.push(last);
      }
      phrases.push('spin off', 'spinoff');
      if (phrases.some((p) => ` ${this.text} `.includes(` ${p} `))) {
        return { film, note: d.note };
      }
    }
    return undefined;
  }

  /** People in the film a slot names: by name in any spelling, "the director", or a role word. */
  people(film: Film, slot: string): PersonMatch[] {
    if (DIRECTOR_WORDS.test(slot)) return [{ kind: 'director', director: film.director, score: 0 }];
    const found = this.ctx.catalogue.findPeople(film, slot);
    if (found.length > 0) return found;
    for (const role of ROLE_WORDS) {
      if (!role.asked.test(slot)) continue;
      return film.cast
        .filter((m) => role.described.test(foldText(m.character.description ?? '')))
        .map((member) => ({ kind: 'cast', member, via: 'character', score: 1 }));
    }
    return [];
  }
}

/**
 * The user's own spelling of a slot: patterns run on folded text ("harry potter"), but a reply should
 * quote what was typed ("Harry Potter"). Falls back to the folded slot when the words cannot be lined up.
 */
function originalWording(question: string, slot: string): string {
  const target = slot.split(' ');
  const tokens = [...question.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].flatMap((m) =>
    foldText(m[0])
      .split(' ')
      .filter((w) => w !== '')
      .map((word) => ({ word, start: m.index, end: m.index + m[0].length })),
  );
  for (let i = 0; i + target.length <= tokens.length; i++) {
    if (target.every((w, k) => tokens[i + k]?.word === w)) {
      const first = tokens[i];
      const last = tokens[i + target.length - 1];
      if (first !== undefined && last !== undefined) return question.slice(first.start, last.end);
    }
  }
  return slot;
}

function stripReferenceWords(slot: string): string {
  const words = slot.split(' ');
  while (words.length > 1 && FILM_REFERENCE_WORDS.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

/**
 * Films named in the question's words: exact titles and aliases, or a single typo in a long title
 * ("balerina"). Longer spans win ("ballerina 2023" over "ballerina").
 */
function findMentions(words: readonly string[], films: readonly Film[]): Mention[] {
  const keys = films.flatMap((film) =>
    [film.id, film.title, film.originalTitle, ...film.aliases, `${film.title} ${film.year}`]
      .filter((k): k is string => k !== undefined)
      .map((k) => ({ film, key: titleKey(k), length: foldText(k).split(' ').length })),
  );
  const found: Mention[] = [];
  const taken = new Set<number>();
  const maxSpan = Math.max(1, ...keys.map((k) => k.length + 1));
  for (let span = Math.min(maxSpan, words.length); span >= 1; span--) {
    for (let start = 0; start + span <= words.length; start++) {
      if (Array.from({ length: span }, (_, i) => start + i).some((i) => taken.has(i))) continue;
      const window = words.slice(start, start + span).join('');
      const match =
        keys.find((k) => k.key === window) ??
        (window.length >= 6
          ? keys.find(
              (k) =>
                k.key.length >= 6 &&
                editDistance(window, k.key, 1) <= Math.min(1, titleTypoAllowance(k.key)),
            )
          : undefined);
      if (match === undefined) continue;
      found.push({ film: match.film, start, end: start + span });
      for (let i = start; i < start + span; i++) taken.add(i);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Composing answers (from the data only)

const answer = (intent: AskIntent, film: Film, text: string): Answer => ({
  intent,
  film,
  answered: true,
  text,
});

const bold = (s: string) => `**${s}**`;

const castNames = (film: Film) =>
  listText(film.cast.map((m) => `${m.actor.name} (${m.character.name})`));

function castSuggestions(film: Film): string[] {
  return film.cast.map((m) => `${m.actor.name} as ${m.character.name}`);
}

function castAnswer(film: Film): Answer {
  const lines = film.cast.map((m) => `• ${bold(m.actor.name)} as ${bold(m.character.name)}`);
  return answer('cast', film, [`The cast of ${filmLabel(film)}:`, ...lines].join('\n'));
}

function describeCharacter(member: CastMember): string {
  return member.character.description === undefined ? '' : ` ${member.character.description}`;
}

function whoPlaysAnswer(film: Film, people: readonly PersonMatch[]): Answer {
  const lines = people.map((p) => {
    if (p.kind === 'director') {
      return `${bold(p.director.name)} is the ${directorRole(film)} of ${filmLabel(film)}, not one of its actors.`;
    }
    const { member } = p;
    return p.via === 'character'
      ? `${bold(member.character.name)} is played by ${bold(nameWithAliases(member.actor))}.${describeCharacter(member)}`
      : `${bold(member.actor.name)} plays ${bold(member.character.name)} in ${filmLabel(film)}.${describeCharacter(member)}`;
  });
  return answer('who-plays', film, lines.join('\n'));
}

function whoIsAnswer(film: Film, people: readonly PersonMatch[]): Answer {
  const lines = people.map((p) => {
    if (p.kind === 'director') return directorSentence(film);
    const { member } = p;
    if (p.via === 'character') {
      return `${bold(nameWithAliases(member.character))}, played by ${bold(member.actor.name)} in ${filmLabel(film)}.${describeCharacter(member)}`;
    }
    const other = otherWorksText(member);
    return `${bold(nameWithAliases(member.actor))} plays ${bold(member.character.name)} in ${filmLabel(film)}.${
      other === undefined
        ? ''
        : member.otherWorksNote === undefined
          ? ` Also in: ${other}.`
          : ` ${other}`
    }`;
  });
  return answer('who-is', film, lines.join('\n'));
}

function inCastAnswer(film: Film, people: readonly PersonMatch[]): Answer {
  const lines = people.map((p) =>
    p.kind === 'director'
      ? `${bold(p.director.name)} is not in the cast; they are the ${directorRole(film)} of ${filmLabel(film)}.`
      : p.via === 'character'
        ? `Yes: ${bold(p.member.character.name)} is in ${filmLabel(film)}, played by ${bold(p.member.actor.name)}.`
        : `Yes: ${bold(p.member.actor.name)} plays ${bold(p.member.character.name)} in ${filmLabel(film)}.`,
  );
  return answer('in-cast', film, lines.join('\n'));
}

function otherWorksAnswer(film: Film, people: readonly PersonMatch[]): Answer {
  const lines = people.map((p) => {
    if (p.kind === 'director') {
      const works = p.director.previousWorks.map(workText);
      return works.length === 0
        ? `I don't know what else ${bold(p.director.name)} has made besides ${filmLabel(film)}.`
        : `Before ${filmLabel(film)}, ${bold(p.director.name)} made ${listText(works)}.`;
    }
    const { member } = p;
    const who =
      p.via === 'character'
        ? `${bold(member.character.name)} is played by ${bold(member.actor.name)}. `
        : '';
    if (member.otherWorksNote !== undefined) return `${who}${member.otherWorksNote}`;
    const works = member.otherWorks.map(workText);
    return works.length === 0
      ? `${who}I don't know what else ${bold(member.actor.name)} has been in.`
      : `${who}Besides ${filmLabel(film)}, ${bold(member.actor.name)} was in ${listText(works)}.`;
  });
  return answer('other-works', film, lines.join('\n'));
}

function directorSentence(film: Film): string {
  const works = film.director.previousWorks.map(workText);
  return `${filmLabel(film)} is by ${bold(nameWithAliases(film.director))}, its ${directorRole(film)}.${
    works.length === 0 ? '' : ` Earlier work: ${listText(works)}.`
  }`;
}

function directorAnswer(film: Film, asksWriter: boolean): Answer {
  if (asksWriter && !/writ/i.test(film.director.role)) {
    return {
      intent: 'director',
      film,
      answered: false,
      text: `I don't know who wrote ${filmLabel(film)}. I only know it was directed by ${bold(film.director.name)}.`,
    };
  }
  return answer('director', film, directorSentence(film));
}

function runtimeAnswer(film: Film): Answer {
  return answer(
    'runtime',
    film,
    `${filmLabel(film)} runs ${film.runtimeMinutes} minutes (${formatRuntime(film.runtimeMinutes)}).`,
  );
}

function genreAnswer(film: Film): Answer {
  return answer(
    'genre',
    film,
    `${filmLabel(film)} is a film of these genres: ${film.genres.join(', ')}.`,
  );
}

function originAnswer(film: Film): Answer {
  const parts = [
    film.country === undefined ? undefined : `from ${film.country}`,
    film.language === undefined ? undefined : `in ${film.language}`,
  ].filter((p): p is string => p !== undefined);
  return answer('origin', film, `${filmLabel(film)} is ${parts.join(', ')}.`);
}

function yearAnswer(film: Film): Answer {
  return answer('year', film, `${film.title} is from ${film.year}.`);
}

/** Places people ask about that the data may not cover. */
const OTHER_REGIONS =
  /\bin (?:the )?(us|usa|united states|america|canada|australia|korea|south korea|japan|india|ireland|europe|france|germany|spain|italy|brazil|mexico|new zealand)\b/;

function releaseAnswer(film: Film, release: DateTime, ctx: AskContext, question: string): Answer {
  const status = releaseStatus(release, ctx.now);
  const where = whereToWatch(film);
  const main =
    status.state === 'out'
      ? `${bold(film.title)} is out now on ${where}, since ${ctx.format.date(release)}.`
      : `${bold(film.title)} comes out on ${where} on ${ctx.format.dateTime(release)} (${ctx.format.relative(release)}).`;
  const elsewhere = OTHER_REGIONS.exec(question)?.[1];
  const caveat =
    elsewhere !== undefined && foldText(elsewhere) !== foldText(film.release.region)
      ? `I only know the ${film.release.region} release. `
      : '';
  return answer('release', film, `${caveat}${main}`);
}

function synopsisAnswer(film: Film): Answer {
  return answer('synopsis', film, film.synopsis.full);
}
