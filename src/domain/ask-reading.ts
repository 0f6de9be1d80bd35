/**
 * Reading a question for /ask: its words, the films it names, the people in them, the language it is
 * written in. The intents table (ask-intents.ts) matches patterns against what this produces.
 */
import type { Catalogue, PersonMatch } from './catalogue.ts';
import { UserError } from './errors.ts';
import type { Film } from './film.ts';
import { filmLabelIn } from './i18n/film-words.ts';
import type { Locale, Translate } from './i18n/index.ts';
import {
  cleanText,
  editDistance,
  foldText,
  isHangulWord,
  isNameWithEndings,
  titleKey,
  titleTypoAllowance,
} from './names.ts';

export const MENTIONS = /@(?:everyone|here)\b|<(?:@[!&]?|#)\d+>/gu;

/** Words that point at "the film" without naming it; a slot made only of these is not a title. */
const FILM_REFERENCE_WORDS = new Set(
  (
    'it this that the a an film movie one flick picture show new netflix korean cast actors ' +
    'thing same there here now yet of in for from about on ' +
    // Korean: "this film", "that one", fillers people open a question with.
    '이 그 저 영화 작품 이거 그거 저거 이번 넷플릭스 넷플 한국 혹시 근데 그럼 그래서 아 저기 요 ' +
    '이영화 그영화 이작품 ' +
    // Korean question words, which stand before a keyword where a title could ("누가 감독했어?").
    '누가 누구 누구야 어떤 무슨 왜 언제 어디 어디서 뭐 몇 얼마나'
  ).split(' '),
);

/** Words standing for the director in "what else has the director made?". */
const DIRECTOR_WORDS =
  /^(?:the )?(?:director|writer|filmmaker|screenwriter|writer and director|writer director|creator|dir)$/;

/** Role words people use for characters, and the words in a character description that mean them. */
const ROLE_WORDS: readonly { asked: RegExp; askedKo: RegExp; described: RegExp }[] = [
  {
    asked:
      /^(?:the )?(?:villain|villains|antagonist|bad guy|bad guys|baddie|baddies|big bad|bad one|enemy)$/,
    askedKo: /(?:^| )(?:악역|악당|빌런|나쁜 ?놈)/,
    described: /\b(?:antagonist|villain)\b/,
  },
  {
    asked:
      /^(?:the )?(?:hero|heroine|protagonist|main character|main role|anti hero|antihero|lead character|title character|lead|bodyguard|ex bodyguard|former bodyguard)$/,
    askedKo: /(?:^| )(?:주인공|히어로|안티 ?히어로|경호원)/,
    described: /\b(?:hero|heroine|protagonist)\b/,
  },
  {
    asked: /^(?:the )?(?:ballerina|dead friend|friend|her friend|the friend|dancer)$/,
    askedKo: /(?!)/,
    described: /\bballerina\b/,
  },
];

/** Korean words standing for the director ("감독 다른 작품은?"). */
const DIRECTOR_WORDS_KO = /(?:^| )감독/;

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

// A Map, not an object: the words are the user's, and `constructor` must not find Object's.
const SHORT_FORMS: ReadonlyMap<string, string> = new Map([
  ['whos', 'who is'],
  ['whats', 'what is'],
  ['wheres', 'where is'],
  ['whens', 'when is'],
  ['hows', 'how is'],
  ['its', 'it is'],
  ['u', 'you'],
  ['r', 'are'],
  ['pls', 'please'],
  ['plz', 'please'],
]);

interface Mention {
  film: Film;
  start: number;
  end: number;
}

/**
 * The language a question is written in: Korean when Hangul remains once the titles and names it
 * quotes are set aside ("who directed 발레리나?" is English, "전종서 누구야?" is Korean).
 */
function questionLanguage(words: readonly string[], catalogue: Catalogue): Locale {
  const films = catalogue.all();
  const hangul = words.filter((w) => /[\uAC00-\uD7A3]/u.test(w));
  const own = hangul.filter(
    (w) =>
      !films.some(
        (film) =>
          [film.originalTitle, film.ko?.title]
            .filter((t): t is string => t !== undefined)
            .some((t) => isHangulWord(titleKey(t)) && isNameWithEndings(w, titleKey(t))) ||
          catalogue.findPeopleInText(film, w).length > 0,
      ),
  );
  return own.length > 0 ? 'ko' : 'en';
}

/** What the question talks about: its words, the films it names, and the film it is about. */
export class Scope {
  readonly words: string[];
  /** Folded words: lowercase, no punctuation, contractions expanded. */
  readonly text: string;
  /** The question with every named film replaced by "it", so patterns see one shape. */
  readonly masked: string;
  /** The language the question is written in. */
  readonly lang: Locale;
  private readonly mentions: Mention[];
  private readonly explicit: Film | undefined;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly question: string,
    title: string | null | undefined,
    /** The language errors are written in. */
    private readonly locale: Locale,
    private readonly t: Translate,
  ) {
    this.words = foldText(expandContractions(question))
      .split(' ')
      .flatMap((w) => (SHORT_FORMS.get(w) ?? w).split(' '))
      .filter((w) => w !== '');
    this.text = this.words.join(' ');
    this.lang = questionLanguage(this.words, catalogue);
    this.mentions = findMentions(this.words, catalogue.all());
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
    const typed = title == null ? '' : cleanText(title);
    this.explicit = typed === '' ? undefined : catalogue.resolve(typed);
  }

  private label(film: Film): string {
    return filmLabelIn(film, this.locale, this.t);
  }

  /** The film a slot names, or the film of the question when the slot is "it"/"this film"/absent. */
  film(slot?: string): Film {
    if (slot !== undefined && !this.isFilmReference(slot)) {
      const typed = originalWording(this.question, stripReferenceWords(slot));
      return this.agreeWithTitleOption(this.catalogue.resolve(typed));
    }
    const other = this.mentions.find((m) => m.film.id !== this.explicit?.id);
    if (this.explicit !== undefined && other !== undefined) this.agreeWithTitleOption(other.film);
    const known = this.filmIfKnown();
    if (known !== undefined) return known;
    const distinct = new Set(this.mentions.map((m) => m.film));
    throw new UserError(
      this.t(this.locale, distinct.size > 1 ? 'ask.severalFilms' : 'ask.whichFilm'),
      (distinct.size > 1 ? [...distinct] : this.catalogue.all())
        .slice(0, 10)
        .map((f) => this.label(f)),
    );
  }

  private agreeWithTitleOption(named: Film): Film {
    if (this.explicit !== undefined && named.id !== this.explicit.id) {
      throw new UserError(
        this.t(this.locale, 'ask.filmMismatch', {
          named: this.label(named),
          option: this.label(this.explicit),
        }),
        [this.label(named), this.label(this.explicit)],
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
    const all = this.catalogue.all();
    return all.length === 1 ? all[0] : undefined;
  }

  /** Is this slot just "it", "this film", "이 영화", or a film the question already named? */
  isFilmReference(slot: string): boolean {
    const words = slot.split(' ').map((w) => this.withoutKoreanEndings(w));
    if (words.every((w) => w === '' || FILM_REFERENCE_WORDS.has(w))) return true;
    const mention = findMentions(words, this.catalogue.all());
    const covered = mention.reduce((n, m) => n + m.end - m.start, 0);
    return words.filter((w) => !FILM_REFERENCE_WORDS.has(w)).length <= covered;
  }

  /** Does this slot name a film in the catalogue (exactly or with a typo)? */
  isFilm(slot: string): boolean {
    return this.isFilmReference(slot) && !slot.split(' ').every((w) => FILM_REFERENCE_WORDS.has(w));
  }

  /** A Korean word without the particles glued to it ("발레리나의" → "발레리나"); other words unchanged. */
  private withoutKoreanEndings(word: string): string {
    if (!/[\uAC00-\uD7A3]$/u.test(word)) return word;
    for (let cut = word.length; cut >= 1; cut--) {
      const stem = word.slice(0, cut);
      if (isNameWithEndings(word, stem) && (FILM_REFERENCE_WORDS.has(stem) || this.isTitle(stem)))
        return stem;
    }
    return word;
  }

  private isTitle(word: string): boolean {
    return findMentions([word], this.catalogue.all()).length > 0;
  }

  /** The film this question may be confused with, when it mentions that other film or its star. */
  confusion(): Film | undefined {
    const candidates = this.explicit !== undefined ? [this.explicit] : this.catalogue.all();
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
      if (phrases.some((p) => ` ${this.text} `.includes(` ${p} `))) return film;
      // Korean glues particles on ("존윅이랑"), so its phrases are looked for inside words.
      const korean = [...(film.ko?.confusedWith ?? []), '스핀오프'].map(foldText);
      if (korean.some((p) => p !== '' && this.text.includes(p))) return film;
    }
    return undefined;
  }

  /** People in the film a slot names: by name in any spelling, "the director", or a role word. */
  people(film: Film, slot: string): PersonMatch[] {
    if (DIRECTOR_WORDS.test(slot)) return [{ kind: 'director', director: film.director, score: 0 }];
    const found = this.catalogue.findPeople(film, slot);
    if (found.length > 0) return found;
    const bare = slot.replace(/^(?:the|a|an) /, '');
    for (const role of ROLE_WORDS) {
      if (!role.asked.test(bare)) continue;
      return film.cast
        .filter((m) => role.described.test(foldText(m.character.description ?? '')))
        .map((member) => ({ kind: 'cast', member, via: 'character', score: 1 }));
    }
    return [];
  }

  /**
   * People a Korean question names anywhere in it, with their particles (`최는`, `전종서가`),
   * or by a role word (악역, 주인공; 감독 when `director` is set).
   */
  peopleInKorean(film: Film, { director }: { director: boolean }): PersonMatch[] {
    const found = this.catalogue.findPeopleInText(film, this.text);
    if (found.length > 0) return found;
    if (director && DIRECTOR_WORDS_KO.test(this.text)) {
      return [{ kind: 'director', director: film.director, score: 0 }];
    }
    for (const role of ROLE_WORDS) {
      if (!role.askedKo.test(this.text)) continue;
      return film.cast
        .filter((m) => role.described.test(foldText(m.character.description ?? '')))
        .map((member) => ({ kind: 'cast', member, via: 'character', score: 1 }));
    }
    return [];
  }

  /** The user's own spelling of a slot, for quoting back. */
  original(slot: string): string {
    return originalWording(this.question, slot);
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
 * Films named in the question's words: exact titles and aliases (English, original, Korean), or a
 * single typo in a long title ("balerina"). Longer spans win ("ballerina 2023" over "ballerina").
 * A Korean title may carry particles ("발레리나의", "발레리나는").
 */
function findMentions(words: readonly string[], films: readonly Film[]): Mention[] {
  const keys = films.flatMap((film) =>
    [
      film.id,
      film.title,
      film.originalTitle,
      film.ko?.title,
      ...film.aliases,
      ...(film.ko?.aliases ?? []),
      `${film.title} ${film.year}`,
    ]
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
        (span === 1
          ? keys.find((k) => isHangulWord(k.key) && isNameWithEndings(window, k.key))
          : undefined) ??
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
