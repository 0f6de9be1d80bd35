import { DateTime } from 'luxon';
import * as z from 'zod';
import { UserError } from './errors.ts';
import { wallTimeIn, zoneFromUser } from './zones.ts';

export interface ParsedRelease {
  /** The instant, in the zone it was given in. */
  instant: DateTime;
  /** The wall-clock time happens twice (clocks going back); the first occurrence was taken. */
  ambiguous: boolean;
}

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
const EXAMPLE = { key: 'releaseCommand.example' } as const;

/**
 * Parse what an owner types into `/release set`: a local date and time in an IANA zone.
 * Refuses anything that is not exactly a real moment: malformed text, impossible dates
 * (31 February), and local times that do not exist because the clocks jump forward
 * (01:30 on 31 March 2024 in London). A time that happens twice is taken at its first occurrence
 * (`wallTimeIn`'s rule). Zones are checked by `zoneFromUser`: `EST` or `UTC+1` are refused with the
 * place meant. Throws UserError (keyed `releaseCommand.*` / `timeZone.*` text) with what to type instead.
 */
export function parseReleaseInput(text: string, zone: string): ParsedRelease {
  const canonical = zoneFromUser(zone);
  const match = FORMAT.exec(text.trim());
  if (match === null)
    throw new UserError({ key: 'releaseCommand.unreadable', vars: { text } }, [EXAMPLE]);
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1900 || year > 2100)
    throw new UserError({ key: 'releaseCommand.implausibleYear', vars: { year } }, [EXAMPLE]);

  let resolved: ReturnType<typeof wallTimeIn>;
  try {
    resolved = wallTimeIn({ year, month, day, hour, minute }, canonical);
  } catch {
    throw new UserError({ key: 'releaseCommand.notReal', vars: { text: text.trim() } }, [
      { key: 'releaseCommand.notRealHint' },
    ]);
  }
  // A release is an exact moment the owner names: a skipped time is refused, not moved.
  if (resolved.fit === 'skipped') {
    throw new UserError(
      { key: 'releaseCommand.skipped', vars: { text: text.trim(), zone: canonical } },
      [
        {
          key: 'releaseCommand.skippedHint',
          vars: { suggestion: resolved.instant.toFormat('yyyy-MM-dd HH:mm') },
        },
      ],
    );
  }
  return { instant: resolved.instant, ambiguous: resolved.fit === 'repeated' };
}

// The stored release of a film: what `/release set` changes and every job reads.

const isoInstant = z
  .string()
  .refine((s) => DateTime.fromISO(s, { setZone: true }).isValid, 'must be an ISO instant');

export const releaseRecordSchema = z.object({
  filmId: z.string().min(1),
  /** ISO 8601 with its offset, e.g. 2023-10-06T08:00:00.000+01:00. */
  instant: isoInstant,
  /** The IANA zone the release is announced in; "a day before" is computed in it. */
  zone: z.string().min(1),
  /** 1 when seeded from data/; each `/release set` adds one. Readers use it to notice a change. */
  version: z.number().int().min(1),
  /** The instant before the latest change: what subscribers are told it "was". */
  previousInstant: isoInstant.optional(),
  updatedAt: isoInstant,
  /** User id of the owner who last set it; absent for the seed. */
  updatedBy: z.string().optional(),
});

export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/**
 * A release as a DateTime in its announced zone: the one conversion for both a stored
 * ReleaseRecord and a film's data-file release (`releaseDateTime(film.release)`).
 * `instant` is ISO 8601 with an offset; `zone` an IANA zone.
 */
export const releaseDateTime = (release: { instant: string; zone: string }): DateTime =>
  DateTime.fromISO(release.instant, { setZone: true }).setZone(release.zone);

/** The instant before the latest change, in the release zone (undefined for a seeded record). */
export const previousReleaseDateTime = (record: ReleaseRecord): DateTime | undefined =>
  record.previousInstant === undefined
    ? undefined
    : releaseDateTime({ instant: record.previousInstant, zone: record.zone });

export interface ReleaseChange {
  previous: ReleaseRecord;
  current: ReleaseRecord;
}
