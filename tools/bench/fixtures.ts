import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Keyv } from 'keyv';
import type { DateTime } from 'luxon';
import { pino, type Logger } from 'pino';
import { loadFilms } from '../../src/data/load-films.ts';
import { Catalogue } from '../../src/domain/catalogue.ts';
import { systemClock } from '../../src/domain/clock.ts';
import type { Film } from '../../src/domain/film.ts';
import { type ReminderOffset, reminderIdOf, type Reminder } from '../../src/domain/reminders.ts';
import { repoRoot } from '../../src/main.ts';
import { createReleaseStore } from '../../src/store/release-store.ts';
import type { ReminderStore } from '../../src/store/reminder-store.ts';

export const silent: Logger = pino({ level: 'silent' });

export async function loadCatalogue(): Promise<Catalogue> {
  return new Catalogue(await loadFilms(path.join(repoRoot, 'data', 'films')));
}

export function firstFilm(catalogue: Catalogue): Film {
  const film = catalogue.all()[0];
  if (film === undefined) throw new Error('the catalogue in data/films is empty');
  return film;
}

/**
 * Store `film`'s release as `instant`, exactly as the first start seeds it from data/ (version 1,
 * so no "the date changed" notice follows). The bot's own seed later leaves it alone.
 */
export async function seedRelease(keyv: Keyv, film: Film, instant: DateTime): Promise<void> {
  const moved: Film = {
    ...film,
    release: { ...film.release, instant: instant.setZone(film.release.zone).toISO() ?? '' },
  };
  await createReleaseStore({ keyv, logger: silent, clock: systemClock, films: [moved] }).seed();
}

/**
 * After a bulk load, fold SQLite's write-ahead log back into the database, so the operations
 * measured next do not pay for checkpointing writes they did not make.
 */
export async function checkpoint(keyv: Keyv): Promise<void> {
  const store: unknown = keyv.store;
  if (store instanceof KeyvSqlite) await store.query('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** Many writes in one SQLite transaction (one fsync instead of thousands); other stores as they are. */
export async function batched(keyv: Keyv, work: () => Promise<unknown>): Promise<void> {
  const store: unknown = keyv.store;
  if (!(store instanceof KeyvSqlite)) {
    await work();
    return;
  }
  await store.query('BEGIN');
  try {
    await work();
    await store.query('COMMIT');
  } catch (err) {
    await store.query('ROLLBACK');
    throw err;
  }
}

// ---- many reminders ----------------------------------------------------------------------------

/*
 * Reminders are seeded through the store's own `add`, exactly as /remindme stores them, so the
 * benchmark follows whatever layout the store has. 100,000 adds on one film and offset are setup,
 * not what is measured: on SQLite they share one transaction per chunk (one fsync, not 100,000),
 * and up to SEED_CONCURRENCY run at once (the store's own locks keep each page consistent).
 */

const SEED_CHUNK = 5000;
const SEED_CONCURRENCY = 64;

export interface SeedReminder {
  userId: string;
  offset: ReminderOffset;
}

/** A pending DM reminder for `film`, as /remindme would create it at `createdAt` (ISO, UTC). */
export function reminderFor(
  film: Film,
  { userId, offset }: SeedReminder,
  createdAt: string,
): Reminder {
  return {
    id: reminderIdOf({ userId, filmId: film.id, offset, where: 'dm' }),
    userId,
    filmId: film.id,
    offset,
    where: 'dm',
    createdAt,
    delivery: { state: 'pending', attempts: 0 },
  };
}

/** Run `work` on every item, at most `limit` at once; rejects with the first error once all have settled. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((err: unknown) => {
        failure ??= { err };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.err;
}

/**
 * Add one DM reminder per entry (users not seen before) through `store.add`. Throws when the
 * store answers anything but `added` (a duplicate, a full list).
 */
export async function seedReminders(
  store: ReminderStore,
  keyv: Keyv,
  film: Film,
  reminders: readonly SeedReminder[],
  createdAt: string,
): Promise<void> {
  for (let i = 0; i < reminders.length; i += SEED_CHUNK) {
    const chunk = reminders.slice(i, i + SEED_CHUNK);
    await batched(keyv, () =>
      eachLimited(chunk, SEED_CONCURRENCY, async (r) => {
        const outcome = await store.add(reminderFor(film, r, createdAt), () => true);
        if (outcome.kind !== 'added')
          throw new Error(`seeding a reminder for ${r.userId}: the store said ${outcome.kind}`);
      }),
    );
  }
  await checkpoint(keyv);
}

/** Throws unless the store's due slot for `film` and `offset` holds exactly `expected` reminders. */
export async function expectInSlot(
  store: ReminderStore,
  film: Film,
  offset: ReminderOffset,
  expected: number,
): Promise<void> {
  const found = (await store.idsInSlot(film.id, offset)).length;
  if (found !== expected)
    throw new Error(
      `the store holds ${found} reminders in ${film.id}/${offset}, expected ${expected}`,
    );
}
