import type { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import type { Film } from '../domain/film.ts';
import {
  releaseDateTime,
  releaseRecordSchema,
  type ReleaseChange,
  type ReleaseRecord,
} from '../domain/release.ts';
import { checked, type StoreInput } from './checked-store.ts';
import { RecordReader } from './keyv.ts';
import type { Locks } from './locks.ts';
import { KeyedMutex } from './mutex.ts';

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
  /** Every operation is checked and time-bounded (a bare Keyv gets the default CheckedStore). */
  keyv: StoreInput;
  logger: Logger;
  clock: Clock;
  /** The catalogue's films: the seed, and the fallback when a stored record is missing or corrupt. */
  films: readonly Film[];
  /** In-process by default; processes sharing Redis pass RedisLocks (see locksFor). */
  locks?: Locks;
}

const keyOf = (filmId: string) => `release:${filmId}`;

export function createReleaseStore({
  keyv: input,
  logger,
  clock,
  films,
  locks = new KeyedMutex(),
}: ReleaseStoreOptions): ReleaseStore {
  const keyv = checked(input);
  const reader = new RecordReader(logger);
  const mutex = locks;
  const byId = new Map(films.map((film) => [film.id, film]));

  const fromFilm = (film: Film): ReleaseRecord => ({
    filmId: film.id,
    instant: releaseDateTime(film.release).toISO() ?? film.release.instant,
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
          const raw: unknown = await keyv.get(keyOf(film.id));
          if (raw !== undefined) {
            const stored = reader.parse(keyOf(film.id), raw, releaseRecordSchema);
            const file = fromFilm(film);
            if (
              stored !== undefined &&
              (stored.zone !== file.zone ||
                releaseDateTime(stored).toMillis() !== releaseDateTime(file).toMillis())
            )
              logger.warn(
                {
                  filmId: film.id,
                  file: film.release.instant,
                  stored: stored.instant,
                  version: stored.version,
                },
                "the film file's release differs from the stored one, which the bot uses: the file only seeds the first start; change the release with /release set",
              );
            return;
          }
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
