import { DateTime } from 'luxon';
import * as z from 'zod';
import { isZone } from './zones.ts';

const nonEmpty = z.string().trim().min(1);

const work = z.object({
  title: nonEmpty,
  year: z.number().int().min(1880).max(2100).optional(),
  kind: nonEmpty.optional(),
});

const person = z.object({
  name: nonEmpty,
  /** Other spellings and romanisations; name order is handled by the matcher, so only list real variants. */
  aliases: z.array(nonEmpty).default([]),
});

const ianaZone = nonEmpty.refine(isZone, {
  message: 'must be an IANA time zone such as Europe/London',
});

/** An ISO 8601 instant with an explicit offset: a bare date or a local time without offset is refused. */
const instant = nonEmpty.refine(
  (s) => /(?:Z|[+-]\d{2}:\d{2})$/.test(s) && DateTime.fromISO(s, { setZone: true }).isValid,
  { message: 'must be an ISO 8601 instant with an offset, e.g. 2023-10-06T08:00:00+01:00' },
);

/** Where a translation's facts come from: always the English facts it translates, named. */
const translationSource = nonEmpty;

/** A person's name in another script or language (Hangul), with its own provenance. */
const localizedPerson = z.object({
  $source: translationSource.optional(),
  name: nonEmpty,
  aliases: z.array(nonEmpty).default([]),
});

/**
 * The Korean side of a film: every field optional, so a film without Korean still loads and its
 * Korean readers get the English text. `$source` says what the translation was made from.
 */
const koreanFilm = z.object({
  $source: translationSource,
  title: nonEmpty.optional(),
  aliases: z.array(nonEmpty).default([]),
  country: nonEmpty.optional(),
  language: nonEmpty.optional(),
  genres: z.array(nonEmpty).optional(),
  synopsis: z.object({ short: nonEmpty.max(300), full: nonEmpty.max(4000) }).optional(),
  disambiguation: nonEmpty.max(1000).optional(),
  /** Hangul spellings of what the film is confused with ("존 윅"). */
  confusedWith: z.array(nonEmpty).default([]),
  release: z.object({ platform: nonEmpty.optional(), region: nonEmpty.optional() }).optional(),
});

export const filmSchema = z.object({
  /** Provenance of the facts; not shown to users. */
  $source: nonEmpty,
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens'),
  title: nonEmpty,
  originalTitle: nonEmpty.optional(),
  aliases: z.array(nonEmpty).default([]),
  year: z.number().int().min(1880).max(2100),
  country: nonEmpty.optional(),
  language: nonEmpty.optional(),
  genres: z.array(nonEmpty).min(1),
  runtimeMinutes: z.number().int().positive(),
  director: person.extend({
    role: nonEmpty.default('Director'),
    previousWorks: z.array(work).default([]),
    ko: localizedPerson
      .extend({ role: nonEmpty.optional(), previousWorks: z.array(work).optional() })
      .optional(),
  }),
  release: z.object({
    instant,
    zone: ianaZone,
    platform: nonEmpty,
    region: nonEmpty,
    note: nonEmpty.optional(),
  }),
  synopsis: z.object({ short: nonEmpty.max(300), full: nonEmpty.max(4000) }),
  disambiguation: z
    .object({
      /** May hold `{otherRelease}`: filled in at reading time by `disambiguationIn`. */
      note: nonEmpty.max(1000),
      confusedWith: z.array(nonEmpty).default([]),
      /** When the film it is confused with comes out, with where that date comes from. */
      otherRelease: z.object({ $source: nonEmpty, date: z.iso.date() }).optional(),
    })
    .optional(),
  cast: z
    .array(
      z.object({
        actor: person,
        character: person.extend({ description: nonEmpty.max(1000).optional() }),
        lead: z.boolean().default(false),
        otherWorks: z.array(work).default([]),
        otherWorksNote: nonEmpty.optional(),
        ko: z
          .object({
            $source: translationSource,
            actor: localizedPerson.omit({ $source: true }),
            character: localizedPerson
              .omit({ $source: true })
              .extend({ description: nonEmpty.max(1000).optional() }),
            otherWorks: z.array(work).optional(),
            otherWorksNote: nonEmpty.optional(),
          })
          .optional(),
      }),
    )
    .min(1),
  ko: koreanFilm.optional(),
});

export type Film = z.infer<typeof filmSchema>;
export type CastMember = Film['cast'][number];
export type Work = z.infer<typeof work>;
