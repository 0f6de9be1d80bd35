import type { DateTime } from 'luxon';
import type { CastMember, Film, Work } from './film.ts';
import type { Markup } from './markup.ts';

export type ReleaseStatus =
  | { state: 'upcoming'; release: DateTime; unixSeconds: number }
  | { state: 'out'; release: DateTime; unixSeconds: number };

/** Before the release instant the film is upcoming; from that instant on it is out. */
export function releaseStatus(release: DateTime, now: DateTime): ReleaseStatus {
  const unixSeconds = Math.floor(release.toSeconds());
  return now.toMillis() >= release.toMillis()
    ? { state: 'out', release, unixSeconds }
    : { state: 'upcoming', release, unixSeconds };
}

/** "Netflix (UK)": the one spelling of where a film is released, from its data file. */
export const whereToWatch = (film: { release: { platform: string; region: string } }): string =>
  `${film.release.platform} (${film.release.region})`;

/**
 * The release in a line: "On Netflix (UK) <F> · <R>" before it, "Out now on Netflix (UK) since <D>" after.
 * `release` is a parameter because the stored release instant can move away from the data file.
 */
export function releaseText(film: Film, release: DateTime, now: DateTime, format: Markup): string {
  const status = releaseStatus(release, now);
  return status.state === 'out'
    ? `Out now on ${whereToWatch(film)} since ${format.date(release)}`
    : `On ${whereToWatch(film)}: ${format.dateTime(release)} (${format.relative(release)})`;
}

/** 90 → "1 h 30 min", 45 → "45 min", 120 → "2 h". */
export function formatRuntime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "Ballerina (2023)" */
export const filmLabel = (film: Film): string => `${film.title} (${film.year})`;

/** "Ballerina (발레리나)": the original title only when it differs. */
export const titleWithOriginal = (film: Film): string =>
  film.originalTitle !== undefined && film.originalTitle !== film.title
    ? `${film.title} (${film.originalTitle})`
    : film.title;

/** "Action · Revenge thriller" */
export const genresText = (film: Film): string => film.genres.join(' · ');

/** "a", "a and b", "a, b and c" */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** "Burning (2018, drama film)" */
export function workText(work: Work): string {
  const details = [work.year === undefined ? undefined : String(work.year), work.kind].filter(
    (d): d is string => d !== undefined,
  );
  return details.length === 0 ? work.title : `${work.title} (${details.join(', ')})`;
}

/** What else an actor was in, in one sentence-ish line; the data's own note wins when it has one. */
export function otherWorksText(member: CastMember): string | undefined {
  if (member.otherWorksNote !== undefined) return member.otherWorksNote;
  if (member.otherWorks.length === 0) return undefined;
  return listText(member.otherWorks.map(workText));
}

/** "Jeon Jong-seo (also Jun Jong-seo)" */
export function nameWithAliases(person: { name: string; aliases: readonly string[] }): string {
  return person.aliases.length === 0
    ? person.name
    : `${person.name} (also ${listText(person.aliases)})`;
}

/** "Jeon Jong-seo as Jang Ok-ju" */
export const castLine = (member: CastMember): string =>
  `${member.actor.name} as ${member.character.name}`;

/** The cast members the overview shows: the leads, or everyone when the data marks no lead. */
export function leadCast(film: Film): CastMember[] {
  const leads = film.cast.filter((m) => m.lead);
  return leads.length > 0 ? leads : film.cast;
}

/** "writer and director" from the data's role, for use mid-sentence. */
export const directorRole = (film: Film): string => film.director.role.toLowerCase();
