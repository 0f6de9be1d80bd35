import type { Keyv } from 'keyv';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { releaseInstant, type Film } from '../domain/film.ts';
import { RecordReader } from './keyv.ts';
import type { Locks } from './locks.ts';
import { KeyedMutex } from './mutex.ts';

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

/** The release as a DateTime in its announced zone. */
export const releaseDateTime = (record: ReleaseRecord): DateTime =>
  DateTime.fromISO(record.instant, { setZone: true }).setZone(record.zone);

/** The instant before the latest change, in the release zone (undefined for a seeded record). */
export const previousReleaseDateTime = (record: ReleaseRecord): DateTime | undefined =>
  record.previousInstant === undefined
    ? undefined
    : DateTime.fromISO(record.previousInstant, { setZone: true }).setZone(record.zone);

export interface ReleaseChange {
  previous: ReleaseRecord;
  current: ReleaseRecord;
}

/** Where the release instant of each film lives. Countdowns and reminders read it on every tick. */
export interface ReleaseStore {
  /** The stored release; the film's data-file value when nothing valid is stored. Throws for an unknown film id. */
  get(filmId: string): Promise<ReleaseRecord>;
  /** First start only: stores each film's release from data/ unless one is stored already. */
  seed(films?: readonly Film[]): Promise<void>;
  /** Move a film's release (an owner's `/release set`). `instant` carries the zone to keep. */
  set(filmId: string, instant: DateTime, by: string): Promise<ReleaseChange>;
}

export interface ReleaseStoreOptions {
  keyv: Keyv;
  logger: Logger;
  clock: Clock;
  /** The catalogue's films: the seed, and the fallback when a stored record is missing or corrupt. */
  films: readonly Film[];
  /** In-process by default; processes sharing Redis pass RedisLocks (see locksFor). */
  locks?: Locks;
}

const keyOf = (filmId: string) => `release:${filmId}`;

export function createReleaseStore({
  keyv,
  logger,
  clock,
  films,
  locks = new KeyedMutex(),
}: ReleaseStoreOptions): ReleaseStore {
  const reader = new RecordReader(logger);
  const mutex = locks;
  const byId = new Map(films.map((film) => [film.id, film]));

  const fromFilm = (film: Film): ReleaseRecord => ({
    filmId: film.id,
    instant: releaseInstant(film).toISO() ?? film.release.instant,
    zone: film.release.zone,
    version: 1,
    updatedAt: clock.now().toUTC().toISO() ?? '',
  });

  const read = async (filmId: string): Promise<ReleaseRecord | undefined> =>
    reader.parse(keyOf(filmId), await keyv.get(keyOf(filmId)), releaseRecordSchema);

  const get = async (filmId: string): Promise<ReleaseRecord> => {
    const stored = await read(filmId);
    if (stored !== undefined) return stored;
    const film = byId.get(filmId);
    if (film === undefined) throw new Error(`no release known for film ${filmId}`);
    return fromFilm(film);
  };

  return {
    get,

    async seed(seedFilms = films) {
      for (const film of seedFilms) {
        byId.set(film.id, film);
        await mutex.run(keyOf(film.id), async () => {
          // Only an absent key is seeded: a stored value, even an unreadable one, is an owner's
          // decision or evidence to keep, and must never be replaced by data/ on restart.
          if ((await keyv.get(keyOf(film.id))) !== undefined) return;
          await keyv.set(keyOf(film.id), fromFilm(film));
          logger.info(
            { filmId: film.id, instant: film.release.instant },
            'release seeded from data',
          );
        });
      }
    },

    async set(filmId, instant, by) {
      return mutex.run(keyOf(filmId), async () => {
        const previous = await get(filmId);
        const current: ReleaseRecord = {
          filmId,
          instant: instant.toISO() ?? '',
          zone: instant.zoneName ?? previous.zone,
          version: previous.version + 1,
          previousInstant: previous.instant,
          updatedAt: clock.now().toUTC().toISO() ?? '',
          updatedBy: by,
        };
        await keyv.set(keyOf(filmId), current);
        logger.info(
          { filmId, from: previous.instant, to: current.instant, version: current.version, by },
          'release moved',
        );
        return { previous, current };
      });
    },
  };
}
