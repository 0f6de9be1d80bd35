import { UserError, type Localized } from './errors.ts';
import type { CastMember, Film } from './film.ts';
import { type Clock, systemClock } from './clock.ts';
import {
  directorIn,
  disambiguationIn,
  filmLabelIn,
  platformIn,
  titleIn,
} from './i18n/film-words.ts';
import type { Locale } from './i18n/index.ts';
import {
  cleanText,
  editDistance,
  isHangulWord,
  isNameWithEndings,
  nameForms,
  nameMatchScore,
  personQueryKey,
  quoteUserText,
  titleKey,
  titleTypoAllowance,
  truncate,
  type NameForms,
} from './names.ts';

/** Longer than any title or name anyone types; anything beyond is refused rather than searched. */
export const MAX_QUERY_LENGTH = 200;
/** Discord's limit for an autocomplete choice name. */
const MAX_LABEL_LENGTH = 100;

export type PersonMatch =
  | { kind: 'cast'; member: CastMember; via: 'actor' | 'character'; score: number }
  | { kind: 'director'; director: Film['director']; score: number };

export interface Suggestion {
  film: Film;
  /** "Ballerina (2023) · Lee Chung-hyun · Netflix", at most 100 characters. */
  label: string;
}

interface PersonEntry {
  forms: NameForms[];
  match: (score: number) => PersonMatch;
}

interface FilmIndex {
  film: Film;
  /** Folded titles: id, title, original title, aliases, and each with the year. */
  keys: Set<string>;
  /** Folded names of anyone the film could be confused with ("John Wick", "Ana de Armas"). */
  confusedWith: string[];
  people: PersonEntry[];
}

/** The films the bot knows, and every way of finding one or a person in it. */
export class Catalogue {
  private readonly byId = new Map<string, FilmIndex>();

  /**
   * `clock` decides how time-dependent text in refusals reads (the John Wick note's "due in" /
   * "released in"); main.ts passes the bot's clock.
   */
  constructor(
    films: readonly Film[],
    private readonly clock: Clock = systemClock,
  ) {
    for (const film of films) {
      if (this.byId.has(film.id)) throw new Error(`Two films share the id "${film.id}"`);
      this.byId.set(film.id, indexFilm(film));
    }
  }

  all(): Film[] {
    return [...this.byId.values()].map((i) => i.film);
  }

  get(id: string): Film | undefined {
    return this.byId.get(id)?.film;
  }

  /**
   * The one film a typed title means: id, title, original title or alias, ignoring case, accents and
   * punctuation, forgiving a typo or two. Unsure or unknown → a UserError with "did you mean" suggestions.
   */
  resolve(query: string): Film {
    const text = cleanText(query);
    if (text === '') {
      throw new UserError({ key: 'catalogue.emptyTitle' }, this.shortLabels());
    }
    if (text.length > MAX_QUERY_LENGTH) {
      throw new UserError(
        { key: 'catalogue.titleTooLong', vars: { length: text.length, max: MAX_QUERY_LENGTH } },
        this.shortLabels(),
      );
    }
    const key = titleKey(text);
    if (key === '') {
      throw new UserError(
        { key: 'catalogue.unreadableTitle', vars: { typed: quoteUserText(text) } },
        this.shortLabels(),
      );
    }

    const exact = this.indexes().filter((i) => i.keys.has(key));
    const [only] = exact;
    if (exact.length === 1 && only !== undefined) return only.film;
    if (exact.length > 1) {
      throw new UserError(
        { key: 'catalogue.severalFilms', vars: { typed: quoteUserText(text) } },
        exact.map((i) => labelOf(i.film)),
      );
    }

    const confused = this.indexes().find((i) => i.confusedWith.some((c) => key.includes(c)));
    if (confused?.film.disambiguation !== undefined) {
      const film = confused.film;
      const now = this.clock.now();
      throw new UserError(
        {
          key: 'catalogue.confused',
          vars: {
            typed: quoteUserText(text),
            note: (locale) => disambiguationIn(film, locale, now) ?? '',
          },
        },
        [labelOf(film)],
      );
    }

    const allowance = titleTypoAllowance(key);
    const scored = this.indexes()
      .map((i) => ({ index: i, distance: closestKeyDistance(key, i.keys, allowance + 2) }))
      .sort((a, b) => a.distance - b.distance);
    const [best, second] = scored;
    if (
      best !== undefined &&
      best.distance <= allowance &&
      (second === undefined || second.distance > best.distance)
    ) {
      return best.index.film;
    }

    const prefixed = this.indexes().filter(
      (i) => key.length >= 2 && [...i.keys].some((k) => k.startsWith(key)),
    );
    const [onlyPrefixed] = prefixed;
    // A unique start of a title is enough once it is long enough not to be a coincidence.
    if (prefixed.length === 1 && onlyPrefixed !== undefined && key.length >= 4) {
      return onlyPrefixed.film;
    }

    const near = new Set([
      ...prefixed.map((i) => i.film),
      ...scored.filter((s) => s.distance <= allowance + 2).map((s) => s.index.film),
    ]);
    if (near.size > 0) {
      throw new UserError({ key: 'catalogue.notSure', vars: { typed: quoteUserText(text) } }, [
        ...[...near].map(labelOf),
      ]);
    }
    throw new UserError(
      { key: 'catalogue.unknownFilm', vars: { typed: quoteUserText(text) } },
      this.shortLabels(),
    );
  }

  /**
   * Films for autocomplete, best first: exact and prefix matches on any title, then substrings, typos,
   * and finally films whose director or cast matches. An empty query lists every film.
   */
  suggest(query: string, limit = 25, locale: Locale = 'en'): Suggestion[] {
    const key = titleKey(cleanText(query).slice(0, MAX_QUERY_LENGTH));
    const people = personQueryKey(cleanText(query).slice(0, MAX_QUERY_LENGTH));
    const scored: { film: Film; score: number }[] = [];
    for (const index of this.indexes()) {
      const score = key === '' ? 0 : suggestionScore(key, people, index);
      if (score !== undefined) scored.push({ film: index.film, score });
    }
    return scored
      .sort(
        (a, b) =>
          a.score - b.score ||
          a.film.title.localeCompare(b.film.title) ||
          b.film.year - a.film.year,
      )
      .slice(0, Math.max(0, limit))
      .map(({ film }) => ({ film, label: suggestionLabel(film, locale) }));
  }

  /**
   * Cast members (and the director) whose actor or character name matches, in any romanisation or
   * word order. Only the best tier comes back: a whole-name match hides partial and typo matches.
   */
  findPeople(film: Film, query: string): PersonMatch[] {
    const index = this.byId.get(film.id) ?? indexFilm(film);
    const text = cleanText(query);
    if (text === '' || text.length > MAX_QUERY_LENGTH) return [];
    const key = personQueryKey(text);
    const matches: PersonMatch[] = [];
    for (const person of index.people) {
      let best: number | undefined;
      for (const forms of person.forms) {
        const score = nameMatchScore(key, forms);
        if (score !== undefined && (best === undefined || score < best)) best = score;
      }
      if (best !== undefined) matches.push(person.match(best));
    }
    const top = Math.min(...matches.map((m) => m.score));
    return matches.filter((m) => m.score === top);
  }

  /**
   * People of `film` named anywhere in a Korean sentence (folded words), where names carry particles
   * and honorifics (`전종서가`, `최는`, `옥주한테`), plus any romanised name written in it.
   * Only the best tier comes back, as in findPeople.
   */
  findPeopleInText(film: Film, foldedText: string): PersonMatch[] {
    const index = this.byId.get(film.id) ?? indexFilm(film);
    const tokens = foldedText.split(' ').filter((w) => w !== '');
    const matches: PersonMatch[] = [];
    for (const person of index.people) {
      let best: number | undefined;
      for (const forms of person.forms) {
        for (const [keys, score] of [
          [forms.full, 0],
          [forms.partial, 1],
        ] as const) {
          for (const key of keys) {
            if (!isHangulWord(key) || (score === 1 && key.length < 2)) continue;
            if (tokens.some((token) => isNameWithEndings(token, key))) {
              if (best === undefined || score < best) best = score;
            }
          }
        }
      }
      if (best !== undefined) matches.push(person.match(best));
    }
    for (const latin of foldedText.match(/[a-z]+(?: [a-z]+)*/g) ?? []) {
      matches.push(...this.findPeople(film, latin));
    }
    if (matches.length === 0) return [];
    const top = Math.min(...matches.map((m) => m.score));
    const seen = new Set<string>();
    return matches.filter((m) => {
      const id = m.kind === 'director' ? 'director' : `${m.via}:${m.member.actor.name}`;
      if (m.score !== top || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  private indexes(): FilmIndex[] {
    return [...this.byId.values()];
  }

  private shortLabels(): Localized[] {
    return this.all().slice(0, 10).map(labelOf);
  }
}

/**
 * "Ballerina (2023) · Lee Chung-hyun · Netflix", or for a Korean client "발레리나 (2023) · 이충현 ·
 * 넷플릭스" (Korean fields where the film file has them), cut to Discord's 100-character limit.
 * A label of fields, not a sentence, so it needs no translated message.
 */
export function suggestionLabel(film: Film, locale: Locale = 'en'): string {
  return truncate(
    [
      `${titleIn(film, locale)} (${film.year})`,
      directorIn(film, locale),
      platformIn(film, locale),
    ].join(' · '),
    MAX_LABEL_LENGTH,
  );
}

function indexFilm(film: Film): FilmIndex {
  const titles = [
    film.title,
    film.originalTitle,
    ...film.aliases,
    film.ko?.title,
    ...(film.ko?.aliases ?? []),
  ].filter((t): t is string => t !== undefined);
  const keys = new Set(
    [film.id, ...titles, ...titles.map((t) => `${t} ${film.year}`)].map(titleKey),
  );
  keys.delete('');
  const confusedWith = (film.disambiguation?.confusedWith ?? [])
    .map(titleKey)
    .filter((k) => k !== '');
  type Spelled = { name: string; aliases: readonly string[] };
  const spellings = (p: Spelled, ko: Spelled | undefined) =>
    [p.name, ...p.aliases, ...(ko === undefined ? [] : [ko.name, ...ko.aliases])].map(nameForms);
  const people: PersonEntry[] = [
    {
      forms: spellings(film.director, film.director.ko),
      match: (score) => ({ kind: 'director', director: film.director, score }),
    },
  ];
  for (const member of film.cast) {
    people.push(
      {
        forms: spellings(member.actor, member.ko?.actor),
        match: (score) => ({ kind: 'cast', member, via: 'actor', score }),
      },
      {
        forms: spellings(member.character, member.ko?.character),
        match: (score) => ({ kind: 'cast', member, via: 'character', score }),
      },
    );
  }
  return { film, keys, confusedWith, people };
}

function closestKeyDistance(key: string, keys: ReadonlySet<string>, max: number): number {
  let best = max + 1;
  for (const k of keys) best = Math.min(best, editDistance(key, k, max));
  return best;
}

function suggestionScore(key: string, peopleKey: string, index: FilmIndex): number | undefined {
  const keys = [...index.keys];
  if (keys.includes(key)) return 0;
  if (keys.some((k) => k.startsWith(key))) return 1;
  if (keys.some((k) => k.includes(key))) return 2;
  const allowance = titleTypoAllowance(key);
  // While typing, compare with the same-length start of each title so "balel" finds "ballerina".
  const typo = Math.min(
    ...keys.map((k) =>
      editDistance(key, Array.from(k).slice(0, Array.from(key).length).join(''), allowance),
    ),
    ...keys.map((k) => editDistance(key, k, allowance)),
  );
  if (typo <= allowance) return 3 + typo;
  const personScores = index.people.flatMap((p) =>
    p.forms.map((f) => nameMatchScore(peopleKey, f)),
  );
  if (
    personScores.some((s) => s !== undefined) ||
    (peopleKey.length >= 3 &&
      index.people.some((p) =>
        p.forms.some((f) => [...f.full, ...f.partial].some((k) => k.startsWith(peopleKey))),
      ))
  ) {
    return 10;
  }
  return undefined;
}

/** A film's label in the reader's language, for suggestions under an error. */
const labelOf =
  (film: Film): Localized =>
  (locale, t) =>
    filmLabelIn(film, locale, t);
