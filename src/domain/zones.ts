import { DateTime, IANAZone } from 'luxon';

/**
 * Time zones: the one place that decides what counts as a zone. Countdown settings, `/release set`,
 * stored records and film data all validate through `isZone` / `canonicalZone`.
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

/**
 * The canonical spelling of what a user typed as a zone, or undefined when it is not one:
 * `europe/london` → `Europe/London`, `America/Los Angeles` → `America/Los_Angeles`, links such as
 * `US/Pacific` → `America/Los_Angeles` (so status shows what the list shows). Only real IANA
 * names: fixed offsets such as "UTC+1" would silently ignore daylight saving.
 */
export function canonicalZone(input: string): string | undefined {
  const trimmed = input.trim().replace(/ /g, '_');
  if (/^(utc|gmt)[+-]/i.test(trimmed)) return undefined;
  const known = zoneByLowerName.get(trimmed.toLowerCase());
  if (known !== undefined) return known;
  if (!isZone(trimmed)) return undefined;
  return new Intl.DateTimeFormat('en-GB', { timeZone: trimmed }).resolvedOptions().timeZone;
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

/** Search zones for autocomplete: prefix matches on any path segment first, then substrings. */
export function searchZones(
  query: string,
  limit = 25,
  popular: readonly string[] = POPULAR_ZONES,
): string[] {
  const needle = query.trim().toLowerCase().replace(/ /g, '_');
  if (needle === '') return popular.slice(0, limit);
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
  return scored.slice(0, limit).map((s) => s.zone);
}

/** `UTC+1`, `UTC-7`, `UTC+5:30`: how far `zone` is from UTC at `at` (for labels). */
export function utcOffsetLabel(zone: string, at: DateTime): string {
  const offset = at.setZone(zone).offset;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}
