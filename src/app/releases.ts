import type { DateTime } from 'luxon';
import { isStoreUnavailable } from '../domain/errors.ts';
import type { Film } from '../domain/film.ts';
import { releaseDateTime, type ReleaseChange, type ReleaseRecord } from '../domain/release.ts';
import type { ReleaseStore } from '../store/release-store.ts';

/**
 * A release to show a user: the stored one, or when the store does not answer in time the one
 * this process last read or wrote (`last-known`), else the film file's (`film-file`).
 */
export interface ShownRelease {
  release: DateTime;
  stale?: 'last-known' | 'film-file';
}

/** How long a display waits for the store (ms) before it shows what it knows instead. */
export const SHOW_RELEASE_WAIT_MS = 1_000;

/**
 * A release this process read or wrote at most this long ago (ms) is shown by an overview without
 * waiting for the store. A move made by another process shows up at most this much later; a move
 * made here shows at once.
 */
export const SHOW_RELEASE_FRESH_MS = 2_000;

export type MoveOutcome =
  /** The instant and zone asked for are the stored ones: nothing was written. */
  { kind: 'unchanged'; current: ReleaseRecord } | ({ kind: 'moved' } & ReleaseChange);

/** The release use cases `/release`, `/film`, `/ask` and `/countdown` call. */
export interface ReleaseService {
  /** The stored release record of a film (the data file's when none is stored). Throws for an unknown film id. */
  get(filmId: string): Promise<ReleaseRecord>;
  /** The film's release as a DateTime in its announced zone. Throws for an unknown film id. */
  releaseOf(filmId: string): Promise<DateTime>;
  /**
   * Move a film's release to `instant` (its zone is kept as the release zone), as user `by`
   * (an owner's `/release set`; the caller checks who may). Moving it to where it already is
   * writes nothing.
   */
  move(filmId: string, instant: DateTime, by: string): Promise<MoveOutcome>;
  /**
   * The release to show in an overview (/film), never failing on the store: a film's facts do
   * not need the store, and only its date may have been moved since. A release read or written
   * here within `SHOW_RELEASE_FRESH_MS` is shown at once (and read again behind it); otherwise it
   * waits at most `SHOW_RELEASE_WAIT_MS` for the store. Throws only for an unknown film id.
   */
  releaseToShow(filmId: string): Promise<ShownRelease>;
}

export function createReleaseService({
  store,
  films,
  monotonicMs = () => performance.now(),
}: {
  store: Pick<ReleaseStore, 'get' | 'set'>;
  /** The catalogue: the film file's release when the store never answered this process. */
  films?: { get(filmId: string): Film | undefined };
  /** A monotonic clock in ms, for how old the last read is (tests pass their own). */
  monotonicMs?: () => number;
}): ReleaseService {
  // The last record read or written, per film, and when (monotonic ms): what an overview shows
  // while the store is down, and at once while it is fresh.
  const lastKnown = new Map<string, { record: ReleaseRecord; atMs: number }>();
  const refreshing = new Set<string>();
  const get = async (filmId: string) => {
    const record = await store.get(filmId);
    lastKnown.set(filmId, { record, atMs: monotonicMs() });
    return record;
  };
  return {
    get,
    releaseOf: async (filmId) => releaseDateTime(await get(filmId)),
    async move(filmId, instant, by) {
      const current = await get(filmId);
      const before = releaseDateTime(current);
      if (instant.toMillis() === before.toMillis() && instant.zoneName === before.zoneName)
        return { kind: 'unchanged', current };
      const change = await store.set(filmId, instant, by);
      lastKnown.set(filmId, { record: change.current, atMs: monotonicMs() });
      return { kind: 'moved', ...change };
    },
    async releaseToShow(filmId) {
      const fresh = lastKnown.get(filmId);
      if (fresh !== undefined && monotonicMs() - fresh.atMs <= SHOW_RELEASE_FRESH_MS) {
        // Shown at once; one read behind it keeps the next answers fresh. During a fan-out the
        // store's queue is thousands of writes long, and an overview would otherwise wait behind it.
        if (!refreshing.has(filmId)) {
          refreshing.add(filmId);
          void get(filmId)
            .catch(() => undefined)
            .finally(() => refreshing.delete(filmId));
        }
        return { release: releaseDateTime(fresh.record) };
      }
      let timer: NodeJS.Timeout | undefined;
      const read = get(filmId);
      const answer = await Promise.race([
        read.then(
          (record) => ({ record }),
          (err: unknown) => {
            if (isStoreUnavailable(err)) return 'unavailable' as const;
            throw err;
          },
        ),
        new Promise<'slow'>(
          (resolve) => (timer = setTimeout(() => resolve('slow'), SHOW_RELEASE_WAIT_MS)),
        ),
      ]).finally(() => clearTimeout(timer));
      if (typeof answer === 'object') return { release: releaseDateTime(answer.record) };
      read.catch(() => undefined); // a late answer still updates lastKnown; a late failure is moot
      const known = lastKnown.get(filmId)?.record;
      if (known !== undefined) return { release: releaseDateTime(known), stale: 'last-known' };
      const film = films?.get(filmId);
      if (film === undefined) throw new Error(`no release known for film ${filmId}`);
      return { release: releaseDateTime(film.release), stale: 'film-file' };
    },
  };
}
