import type { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Film } from '../domain/film.ts';
import { releaseDateTime, type ReleaseRecord } from '../domain/release.ts';
import type { ReleaseStore } from '../store/release-store.ts';
import { logJobError } from './kit/index.ts';

/** A film with its release as stored at the start of a run. */
export interface FilmRelease {
  film: Film;
  record: ReleaseRecord;
  release: DateTime;
}

/**
 * Read the release of every film, once per run (so a `/release set` is seen by the very next
 * run). A film whose release cannot be read is logged and left out: its work waits a tick.
 */
export async function readFilmReleases(
  films: readonly Film[],
  releases: Pick<ReleaseStore, 'get'>,
  logger: Logger,
): Promise<Map<string, FilmRelease>> {
  const out = new Map<string, FilmRelease>();
  for (const film of films) {
    let record: ReleaseRecord;
    try {
      record = await releases.get(film.id);
    } catch (err) {
      logJobError(
        logger,
        err,
        { filmId: film.id },
        'cannot read the release; its reminders wait for the next tick',
      );
      continue;
    }
    out.set(film.id, { film, record, release: releaseDateTime(record) });
  }
  return out;
}
