import { DateTime, IANAZone } from 'luxon';
import { UserError } from './errors.ts';

export interface ParsedRelease {
  /** The instant, in the zone it was given in. */
  instant: DateTime;
  /** The wall-clock time happens twice (clocks going back); the first occurrence was taken. */
  ambiguous: boolean;
}

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
const EXAMPLE = 'Use `YYYY-MM-DD HH:mm`, for example `2023-10-06 08:00`.';

/** The canonical spelling of an IANA zone ("europe/london" → "Europe/London"), or undefined. */
export function canonicalZone(zone: string): string | undefined {
  const trimmed = zone.trim();
  // Only real IANA names: fixed offsets such as "UTC+1" would silently ignore daylight saving.
  if (!IANAZone.isValidZone(trimmed) || /^(utc|gmt)[+-]/i.test(trimmed)) return undefined;
  return new Intl.DateTimeFormat('en-GB', { timeZone: trimmed }).resolvedOptions().timeZone;
}

/**
 * Parse what an owner types into `/release set`: a local date and time in an IANA zone.
 * Refuses anything that is not exactly a real moment: malformed text, impossible dates
 * (31 February), and local times that do not exist because the clocks jump forward
 * (01:30 on 31 March 2024 in London). A time that happens twice is taken at its first occurrence.
 */
export function parseReleaseInput(text: string, zone: string): ParsedRelease {
  const canonical = canonicalZone(zone);
  if (canonical === undefined) {
    throw new UserError(`"${zone}" is not a time zone I know.`, [
      'Use an IANA zone name such as Europe/London, America/Los_Angeles or Asia/Seoul.',
    ]);
  }
  const match = FORMAT.exec(text.trim());
  if (match === null) throw new UserError(`I can't read "${text}" as a date and time.`, [EXAMPLE]);
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1900 || year > 2100)
    throw new UserError(`${year} is not a plausible release year.`, [EXAMPLE]);

  const wall = { year, month, day, hour, minute };
  const parsed = DateTime.fromObject(wall, { zone: canonical });
  if (!parsed.isValid) {
    throw new UserError(`${text.trim()} is not a real date or time.`, [
      'Check the day exists in that month and the time is between 00:00 and 23:59.',
    ]);
  }
  // Luxon moves a non-existent local time (inside a spring-forward gap) to a later wall-clock time.
  if (
    parsed.year !== year ||
    parsed.month !== month ||
    parsed.day !== day ||
    parsed.hour !== hour ||
    parsed.minute !== minute
  ) {
    throw new UserError(
      `${text.trim()} does not exist in ${canonical}: the clocks jump forward then (that local time is skipped).`,
      [`Pick a time outside the jump, e.g. ${parsed.toFormat('yyyy-MM-dd HH:mm')}.`],
    );
  }
  const offsets = parsed.getPossibleOffsets();
  const first = offsets.reduce(
    (earliest, candidate) => (candidate < earliest ? candidate : earliest),
    parsed,
  );
  return { instant: first, ambiguous: offsets.length > 1 };
}
