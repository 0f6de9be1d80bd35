import type { DateTime } from 'luxon';
import { releaseDateTime, type ReleaseChange, type ReleaseRecord } from '../domain/release.ts';
import type { ReleaseStore } from '../store/release-store.ts';

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
}

export function createReleaseService({
  store,
}: {
  store: Pick<ReleaseStore, 'get' | 'set'>;
}): ReleaseService {
  return {
    get: (filmId) => store.get(filmId),
    releaseOf: async (filmId) => releaseDateTime(await store.get(filmId)),
    async move(filmId, instant, by) {
      const current = await store.get(filmId);
      const before = releaseDateTime(current);
      if (instant.toMillis() === before.toMillis() && instant.zoneName === before.zoneName)
        return { kind: 'unchanged', current };
      return { kind: 'moved', ...(await store.set(filmId, instant, by)) };
    },
  };
}
