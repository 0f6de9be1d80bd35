import { DateTime, IANAZone } from 'luxon';
import { UserError, type KeyedText, type Localized } from './errors.ts';
import { LIST_LOCALE } from './i18n/film-words.ts';
import type { MessageKey } from './i18n/index.ts';

/**
 * Time zones: the one place that decides what counts as a zone and how a wall-clock time in a zone
 * becomes an instant. Countdown settings, `/release set`, stored records and film data all validate
 * through `isZone` / `checkZone`, and every wall-clock time is resolved by `wallTimeIn`.
 */

/**
 * Luxon checks a zone by building an Intl.DateTimeFormat every time, which dominated reading
 * thousands of countdowns per tick. A zone that was valid once stays valid for the process.
 */
const knownZones = new Set<string>();

/** True for an IANA zone name luxon knows (any case, links included); false for anything else. */
export function isZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  knownZones.add(zone);
  return true;
}

/** Zones Discord users can pick from: the runtime's IANA list plus UTC (which the list leaves out). */
const zoneList: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];
const zoneByLowerName = new Map(zoneList.map((zone) => [zone.toLowerCase(), zone]));

/** A name people use for a zone that is not a place, and the places they usually mean by it. */
interface Abbreviation {
  places: readonly string[];
  /**
   * The name means standard time all year round while the places it is used for observe daylight
   * saving: `EST` is New York's winter offset only (the runtime even stores it as America/Panama).
   */
  noDaylightSaving: boolean;
}

const abbreviation = (noDaylightSaving: boolean, ...places: string[]): Abbreviation => ({
  places,
  noDaylightSaving,
});

/**
 * Abbreviations and legacy names the runtime accepts or people type, with the places they mean.
 * Refused: an abbreviation names a season's offset, not a place, and the runtime's reading of some is
 * a surprise (`BST` is Bangladesh to it, `IST` India, `EST` Panama). Keys are upper case. The
 * runtime's legacy three-letter ids (ACT, AET, AGT, …) are here too, mapped as it maps them.
 */
const ABBREVIATIONS: ReadonlyMap<string, Abbreviation> = new Map([
  ['EST', abbreviation(true, 'America/New_York', 'America/Toronto')],
  ['EDT', abbreviation(false, 'America/New_York', 'America/Toronto')],
  ['EST5EDT', abbreviation(false, 'America/New_York')],
  ['CST', abbreviation(true, 'America/Chicago', 'Asia/Shanghai')],
  ['CDT', abbreviation(false, 'America/Chicago')],
  ['CST6CDT', abbreviation(false, 'America/Chicago')],
  ['MST', abbreviation(true, 'America/Denver', 'America/Phoenix')],
  ['MDT', abbreviation(false, 'America/Denver')],
  ['MST7MDT', abbreviation(false, 'America/Denver')],
  ['PST', abbreviation(true, 'America/Los_Angeles')],
  ['PDT', abbreviation(false, 'America/Los_Angeles')],
  ['PST8PDT', abbreviation(false, 'America/Los_Angeles')],
  ['AKST', abbreviation(true, 'America/Anchorage')],
  ['AKDT', abbreviation(false, 'America/Anchorage')],
  ['HST', abbreviation(false, 'Pacific/Honolulu')],
  ['AST', abbreviation(true, 'America/Halifax')],
  ['ADT', abbreviation(false, 'America/Halifax')],
  ['NST', abbreviation(true, 'America/St_Johns')],
  ['NDT', abbreviation(false, 'America/St_Johns')],
  ['GMT', abbreviation(true, 'Europe/London')],
  ['BST', abbreviation(false, 'Europe/London')],
  ['IST', abbreviation(false, 'Europe/Dublin', 'Asia/Kolkata', 'Asia/Jerusalem')],
  ['WET', abbreviation(true, 'Europe/Lisbon')],
  ['WEST', abbreviation(false, 'Europe/Lisbon')],
  ['CET', abbreviation(true, 'Europe/Paris', 'Europe/Berlin')],
  ['CEST', abbreviation(false, 'Europe/Paris', 'Europe/Berlin')],
  ['MET', abbreviation(true, 'Europe/Paris', 'Europe/Berlin')],
  ['MEST', abbreviation(false, 'Europe/Paris', 'Europe/Berlin')],
  ['EET', abbreviation(true, 'Europe/Athens', 'Europe/Helsinki')],
  ['EEST', abbreviation(false, 'Europe/Athens', 'Europe/Helsinki')],
  ['MSK', abbreviation(false, 'Europe/Moscow')],
  ['KST', abbreviation(false, 'Asia/Seoul')],
  ['JST', abbreviation(false, 'Asia/Tokyo')],
  ['HKT', abbreviation(false, 'Asia/Hong_Kong')],
  ['SGT', abbreviation(false, 'Asia/Singapore')],
  ['WIB', abbreviation(false, 'Asia/Jakarta')],
  ['AEST', abbreviation(true, 'Australia/Sydney', 'Australia/Melbourne')],
  ['AEDT', abbreviation(false, 'Australia/Sydney', 'Australia/Melbourne')],
  ['ACST', abbreviation(true, 'Australia/Adelaide')],
  ['ACDT', abbreviation(false, 'Australia/Adelaide')],
  ['AWST', abbreviation(false, 'Australia/Perth')],
  ['LHST', abbreviation(true, 'Australia/Lord_Howe')],
  ['LHDT', abbreviation(false, 'Australia/Lord_Howe')],
  ['NZST', abbreviation(true, 'Pacific/Auckland')],
  ['NZDT', abbreviation(false, 'Pacific/Auckland')],
  ['ACT', abbreviation(false, 'Australia/Darwin')],
  ['AET', abbreviation(false, 'Australia/Sydney')],
  ['AGT', abbreviation(false, 'America/Argentina/Buenos_Aires')],
  ['ART', abbreviation(false, 'Africa/Cairo')],
  ['BET', abbreviation(false, 'America/Sao_Paulo')],
  ['CAT', abbreviation(false, 'Africa/Maputo')],
  ['CNT', abbreviation(false, 'America/St_Johns')],
  ['CTT', abbreviation(false, 'Asia/Shanghai')],
  ['EAT', abbreviation(false, 'Africa/Nairobi')],
  ['ECT', abbreviation(false, 'Europe/Paris')],
  ['IET', abbreviation(false, 'America/Indiana/Indianapolis')],
  ['MIT', abbreviation(false, 'Pacific/Apia')],
  ['NET', abbreviation(false, 'Asia/Yerevan')],
  ['PLT', abbreviation(false, 'Asia/Karachi')],
  ['PNT', abbreviation(false, 'America/Phoenix')],
  ['PRT', abbreviation(false, 'America/Puerto_Rico')],
  ['SST', abbreviation(false, 'Pacific/Guadalcanal')],
  ['VST', abbreviation(false, 'Asia/Ho_Chi_Minh')],
]);

/** `UTC+1`, `GMT-5`, `UTC+05:30`, `Etc/GMT+5`, `+02:00`: an offset, not a place. */
const FIXED_OFFSET = /^(?:etc\/)?(?:utc|gmt|uct|z)?\s*[+\-−]\s*\d{1,2}(?::?\d{2})?$/i;

/**
 * Why a zone a user typed is refused:
 * - `unknown`: not a zone at all;
 * - `abbreviation`: `EST`, `PST`, `BST`, `PST8PDT`…, with the places people mean by it;
 * - `fixed_offset`: `UTC+1`, `Etc/GMT+5`…, with places that are at that offset in winter or summer.
 */
export type ZoneRefusal =
  | { kind: 'unknown'; input: string }
  | { kind: 'abbreviation'; input: string; noDaylightSaving: boolean; places: readonly string[] }
  | { kind: 'fixed_offset'; input: string; places: readonly string[] };

export type ZoneCheck = { ok: true; zone: string } | ({ ok: false } & ZoneRefusal);

/** Reference instants for "at that offset in winter or summer": pure, whatever the clock says. */
const SEASONS = [
  DateTime.fromISO('2023-01-15T12:00:00Z', { zone: 'utc' }),
  DateTime.fromISO('2023-07-15T12:00:00Z', { zone: 'utc' }),
] as const;

/** Offset in minutes of `UTC+5:30` / `Etc/GMT+5` (whose sign is reversed) / `+02:00`. */
function fixedOffsetMinutes(input: string): number | undefined {
  const match = /([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(input);
  if (match === null) return undefined;
  const [, sign = '+', hours = '0', minutes = '0'] = match;
  const magnitude = Number(hours) * 60 + Number(minutes);
  const reversed = /^etc\//i.test(input.trim());
  return (sign === '+') !== reversed ? magnitude : -magnitude;
}

/** Up to three places at `offsetMinutes` in winter or summer, popular ones first. */
function placesAtOffset(offsetMinutes: number | undefined): string[] {
  if (offsetMinutes === undefined) return [];
  const matches = (zone: string) =>
    zone !== 'UTC' && SEASONS.some((at) => at.setZone(zone).offset === offsetMinutes);
  const popular: string[] = POPULAR_ZONES.filter(matches);
  return [...popular, ...zoneList.filter((z) => !popular.includes(z) && matches(z))].slice(0, 3);
}

/**
 * What a user typed as a zone (`/release set`, `/countdown start`), checked: `{ ok, zone }` with
 * the canonical spelling (`europe/london` → `Europe/London`, `America/Los Angeles` →
 * `America/Los_Angeles`, links such as `US/Pacific` → `America/Los_Angeles`), or why it is refused.
 * Accepted: places (IANA Area/Location names and their links) and `UTC`, which people choose on
 * purpose. Refused: abbreviations and fixed offsets, which would silently ignore the daylight
 * saving of the place the user means.
 */
export function checkZone(input: string): ZoneCheck {
  const trimmed = input.trim().replace(/ /g, '_');
  const listed = ABBREVIATIONS.get(trimmed.toUpperCase());
  if (listed !== undefined) return { ok: false, kind: 'abbreviation', input: trimmed, ...listed };
  if (FIXED_OFFSET.test(trimmed) || /^(?:etc\/)?gmt[+-]?0$/i.test(trimmed)) {
    const minutes = fixedOffsetMinutes(trimmed) ?? 0;
    return { ok: false, kind: 'fixed_offset', input: trimmed, places: placesAtOffset(minutes) };
  }
  const known = zoneByLowerName.get(trimmed.toLowerCase());
  if (known !== undefined) return { ok: true, zone: known };
  if (!isZone(trimmed)) return { ok: false, kind: 'unknown', input: trimmed };
  const zone = new Intl.DateTimeFormat('en-GB', { timeZone: trimmed }).resolvedOptions().timeZone;
  // The runtime knows more legacy names than the table above; anything that is not a place is refused.
  if (zone !== 'UTC' && !zone.includes('/')) {
    return { ok: false, kind: 'abbreviation', input: trimmed, noDaylightSaving: false, places: [] };
  }
  return { ok: true, zone };
}

/** The canonical zone for what a user typed, or undefined when `checkZone` refuses it. */
export function canonicalZone(input: string): string | undefined {
  const checked = checkZone(input);
  return checked.ok ? checked.zone : undefined;
}

/** "a, b or c" in the reader's language (Intl.ListFormat's disjunction: "a, b 또는 c" in Korean). */
const orListIn =
  (items: readonly string[]): Localized =>
  (locale) =>
    new Intl.ListFormat(LIST_LOCALE[locale], { type: 'disjunction' }).format(items);

const NAME_A_PLACE: KeyedText = { key: 'timeZone.namePlace' };

/**
 * The private reply for a refused zone: "EST has no daylight saving: did you mean
 * America/New_York?", with a hint on what to type instead. Keyed text, rendered in the reader's
 * language by whoever shows it.
 */
export function zoneRefusalError(refusal: ZoneRefusal): UserError {
  const input = refusal.input.slice(0, 60);
  const guessed = (plain: MessageKey, guess: MessageKey, places: readonly string[]): KeyedText =>
    places.length > 0
      ? { key: guess, vars: { input, places: orListIn(places) } }
      : { key: plain, vars: { input } };
  switch (refusal.kind) {
    case 'unknown':
      return new UserError({ key: 'timeZone.unknown', vars: { input } }, [NAME_A_PLACE]);
    case 'abbreviation':
      return new UserError(
        refusal.noDaylightSaving
          ? guessed('timeZone.noDaylightSaving', 'timeZone.noDaylightSavingGuess', refusal.places)
          : guessed('timeZone.abbreviation', 'timeZone.abbreviationGuess', refusal.places),
        [NAME_A_PLACE],
      );
    case 'fixed_offset':
      return new UserError(
        guessed('timeZone.fixedOffset', 'timeZone.fixedOffsetGuess', refusal.places),
        [NAME_A_PLACE],
      );
  }
}

/** `checkZone` for command handlers: the canonical zone, or a UserError saying why and what to type. */
export function zoneFromUser(input: string): string {
  const checked = checkZone(input);
  if (checked.ok) return checked.zone;
  throw zoneRefusalError(checked);
}

const POPULAR_ZONES = [
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Sao_Paulo',
  'Asia/Seoul',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
] as const;

/**
 * Search zones for autocomplete: the places an abbreviation stands for ("EST" → America/New_York)
 * first, then prefix matches on any path segment, then substrings. Offers only names `checkZone`
 * accepts.
 */
export function searchZones(
  query: string,
  limit = 25,
  popular: readonly string[] = POPULAR_ZONES,
): string[] {
  const needle = query.trim().toLowerCase().replace(/ /g, '_');
  if (needle === '') return popular.slice(0, limit);
  const meant = ABBREVIATIONS.get(needle.toUpperCase())?.places ?? [];
  const scored: { zone: string; score: number }[] = [];
  for (const zone of zoneList) {
    const lower = zone.toLowerCase();
    const segments = lower.split('/');
    const score = lower.startsWith(needle)
      ? 0
      : segments.some((s) => s.startsWith(needle))
        ? 1
        : lower.includes(needle)
          ? 2
          : -1;
    if (score >= 0) scored.push({ zone, score });
  }
  scored.sort((a, b) => a.score - b.score || a.zone.localeCompare(b.zone));
  const found = scored.map((s) => s.zone).filter((zone) => !meant.includes(zone));
  return [...meant, ...found].slice(0, limit);
}

/** `UTC+1`, `UTC-7`, `UTC+5:30`: how far `zone` is from UTC at `at` (for labels). */
export function utcOffsetLabel(zone: string, at: DateTime): string {
  const offset = at.setZone(zone).offset;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

/** A wall-clock time: calendar fields as a person reads them off a clock in some zone. */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * How a wall-clock time met its zone's rules: `exact` (it happens once), `repeated` (it happens twice
 * because the clocks go back; the first occurrence was taken) or `skipped` (it never happens because
 * the clocks jump forward; it was moved later by the length of the jump).
 */
export type WallTimeFit = 'exact' | 'repeated' | 'skipped';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The instant that `wall` names in `zone`, by one rule for every caller, the one RFC 5545, java.time
 * (`ZonedDateTime.of`) and Temporal (`disambiguation: 'compatible'`) use:
 * - a time that happens twice (autumn) is its **first** occurrence: 01:30 in London on
 *   29 October 2023 is 00:30Z (BST), not 01:30Z;
 * - a time that does not exist (spring) moves **later by the length of the jump**: 01:30 in London
 *   on 31 March 2024 is 02:30 BST (01:30Z). Callers that must not move a time (`/release set`)
 *   refuse `skipped` instead.
 * Decided from the zone's rules around that date only. Luxon's own `DateTime.fromObject` starts
 * from the offset the zone has at the process clock's now (`Settings.now()`), so a repeated time
 * came out as the first occurrence when the machine's clock was in summer and the second in winter.
 * Returns the instant in `zone`. Throws RangeError for an unknown zone or fields that are no
 * calendar date and time (31 February, 24:00). Assumes at most one offset change within a day
 * either side, which holds for every zone's rules since 1970.
 */
export function wallTimeIn(wall: WallTime, zone: string): { instant: DateTime; fit: WallTimeFit } {
  const rules = IANAZone.create(zone);
  // Read as UTC, the fields are plain calendar arithmetic: no offset to guess.
  const local = DateTime.fromObject(wall, { zone: 'utc' });
  if (!rules.isValid || !local.isValid) {
    throw new RangeError(`not a wall-clock time in a known zone: ${JSON.stringify(wall)} ${zone}`);
  }
  const localMs = local.toMillis();
  const before = rules.offset(localMs - DAY_MS);
  const after = rules.offset(localMs + DAY_MS);
  const occurrences = [...new Set([before, after])]
    .map((offset) => ({ offset, ms: localMs - offset * MINUTE_MS }))
    .filter(({ offset, ms }) => rules.offset(ms) === offset)
    .map(({ ms }) => ms);
  const fit: WallTimeFit =
    occurrences.length === 0 ? 'skipped' : occurrences.length > 1 ? 'repeated' : 'exact';
  // Skipped: read with the offset in force before the jump, which lands as far past it as the gap.
  const ms = occurrences.length === 0 ? localMs - before * MINUTE_MS : Math.min(...occurrences);
  return { instant: DateTime.fromMillis(ms, { zone: rules }), fit };
}

/** The calendar date of `instant` on the wall clock of `zone`, as plain fields. */
export function wallDateOf(
  instant: DateTime,
  zone: string,
): { year: number; month: number; day: number } {
  const local = instant.setZone(zone);
  return { year: local.year, month: local.month, day: local.day };
}

/**
 * Whole calendar days from the date of `from` to the date of `to`, both read on the wall clock of
 * `zone` (0 on the same date, 1 for "tomorrow"), however long those days are (23 or 25 hours
 * around a clock change, 23.5 on Lord Howe Island).
 */
export function calendarDaysBetween(from: DateTime, to: DateTime, zone: string): number {
  const a = wallDateOf(from, zone);
  const b = wallDateOf(to, zone);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS,
  );
}
