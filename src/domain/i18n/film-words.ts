import { DateTime } from 'luxon';
import type { CastMember, Film, Work } from '../film.ts';
import type { Locale, Translate } from './index.ts';

/**
 * A film's facts in one language: the film file's Korean block where it has one, the English facts
 * otherwise. Every function is pure and total: a film without Korean still reads in Korean, in English.
 */

/** The `Intl` locale lists are joined in: British English ("a, b and c"), Korean ("a, b 및 c"). */
export const LIST_LOCALE: Readonly<Record<Locale, string>> = { en: 'en-GB', ko: 'ko' };

/** "a", "a and b", "a, b and c" in the reader's language (Intl.ListFormat, no hand-made joining). */
export function listIn(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(LIST_LOCALE[locale], { type: 'conjunction' }).format(items);
}

const ko = (locale: Locale) => locale === 'ko';

export const titleIn = (film: Film, locale: Locale): string =>
  (ko(locale) ? film.ko?.title : undefined) ?? film.title;

/** "Ballerina (2023)", "〈발레리나〉(2023)". */
export const filmLabelIn = (film: Film, locale: Locale, t: Translate): string =>
  t(locale, 'common.filmLabel', { title: titleIn(film, locale), year: film.year });

export const genresIn = (film: Film, locale: Locale): readonly string[] =>
  (ko(locale) ? film.ko?.genres : undefined) ?? film.genres;

/** The one-line synopsis (at most 300 characters), e.g. for a server event's description. */
export const shortSynopsisIn = (film: Film, locale: Locale): string =>
  (ko(locale) ? film.ko?.synopsis?.short : undefined) ?? film.synopsis.short;

export const synopsisIn = (film: Film, locale: Locale): string =>
  (ko(locale) ? film.ko?.synopsis?.full : undefined) ?? film.synopsis.full;

/**
 * How the other film's release reads in a note: "due in 2025" before its date, "released in 2025"
 * from it on. Kept beside the note's reader rather than in the message resources because callers
 * without a translator (embeds, the catalogue's refusal) need it too.
 */
const OTHER_RELEASE: Readonly<Record<Locale, { due: string; released: string }>> = {
  en: { due: 'due in {year}', released: 'released in {year}' },
  ko: { due: '{year}년 개봉 예정', released: '{year}년 개봉' },
};

/**
 * The film's "not to be confused with" note at `now`, in `locale`. Text that depends on time is
 * computed here from the clock and the data's dates, never frozen in the data: the note's
 * `{otherRelease}` becomes "due in 2025" or "released in 2025" (the date read in UTC).
 */
export function disambiguationIn(film: Film, locale: Locale, now: DateTime): string | undefined {
  const note = (ko(locale) ? film.ko?.disambiguation : undefined) ?? film.disambiguation?.note;
  const other = film.disambiguation?.otherRelease;
  if (note === undefined || other === undefined) return note;
  const date = DateTime.fromISO(other.date, { zone: 'utc' });
  const words = OTHER_RELEASE[locale][now >= date ? 'released' : 'due'];
  return note.replaceAll('{otherRelease}', words.replace('{year}', String(date.year)));
}

export const countryIn = (film: Film, locale: Locale): string | undefined =>
  (ko(locale) ? film.ko?.country : undefined) ?? film.country;

export const languageIn = (film: Film, locale: Locale): string | undefined =>
  (ko(locale) ? film.ko?.language : undefined) ?? film.language;

export const platformIn = (film: Film, locale: Locale): string =>
  (ko(locale) ? film.ko?.release?.platform : undefined) ?? film.release.platform;

export const regionIn = (film: Film, locale: Locale): string =>
  (ko(locale) ? film.ko?.release?.region : undefined) ?? film.release.region;

/** "Netflix (UK)", "넷플릭스(영국)". */
export const whereIn = (film: Film, locale: Locale, t: Translate): string =>
  t(locale, 'common.whereToWatch', {
    platform: platformIn(film, locale),
    region: regionIn(film, locale),
  });

export const actorIn = (member: CastMember, locale: Locale): string =>
  (ko(locale) ? member.ko?.actor.name : undefined) ?? member.actor.name;

export const characterIn = (member: CastMember, locale: Locale): string =>
  (ko(locale) ? member.ko?.character.name : undefined) ?? member.character.name;

export const descriptionIn = (member: CastMember, locale: Locale): string | undefined =>
  (ko(locale) ? member.ko?.character.description : undefined) ?? member.character.description;

export const otherWorksIn = (member: CastMember, locale: Locale): readonly Work[] =>
  (ko(locale) ? member.ko?.otherWorks : undefined) ?? member.otherWorks;

export const otherWorksNoteIn = (member: CastMember, locale: Locale): string | undefined =>
  (ko(locale) ? member.ko?.otherWorksNote : undefined) ?? member.otherWorksNote;

export const directorIn = (film: Film, locale: Locale): string =>
  (ko(locale) ? film.director.ko?.name : undefined) ?? film.director.name;

/** The director's role for use mid-sentence: "writer and director", "각본·감독". */
export const directorRoleIn = (film: Film, locale: Locale): string =>
  (ko(locale) ? film.director.ko?.role : undefined) ?? film.director.role.toLowerCase();

export const directorWorksIn = (film: Film, locale: Locale): readonly Work[] =>
  (ko(locale) ? film.director.ko?.previousWorks : undefined) ?? film.director.previousWorks;

/** "Burning (2018, drama film)", "버닝(2018, 드라마 영화)". */
export function workIn(work: Work, locale: Locale, t: Translate): string {
  const details = [work.year === undefined ? undefined : String(work.year), work.kind].filter(
    (d): d is string => d !== undefined,
  );
  return details.length === 0
    ? work.title
    : t(locale, 'common.workWithDetails', { title: work.title, details: details.join(', ') });
}

/** 90 → "1 h 30 min" / "1시간 30분"; 45 → "45 min"; 120 → "2 h". */
export function runtimeIn(minutes: number, locale: Locale, t: Translate): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t(locale, 'common.runtimeMinutes', { m });
  return m === 0
    ? t(locale, 'common.runtimeHours', { h })
    : t(locale, 'common.runtimeHoursMinutes', { h, m });
}

/** "Jeon Jong-seo (also Jun Jong-seo)"; Korean readers get the Hangul name alone. */
export function nameWithAliasesIn(
  person: { name: string; aliases: readonly string[]; ko?: { name: string } | undefined },
  locale: Locale,
  t: Translate,
): string {
  if (ko(locale) && person.ko !== undefined) return person.ko.name;
  return person.aliases.length === 0
    ? person.name
    : t(locale, 'common.nameWithAliases', {
        name: person.name,
        aliases: listIn(locale, person.aliases),
      });
}
