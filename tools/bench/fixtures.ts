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

// ---- many reminders, fast ----------------------------------------------------------------------

/*
 * Adding 100,000 reminders one `store.add` at a time rewrites a due page of up to ~1,600 ids per
 * add (~90 s on SQLite here), which is setup, not what is measured. So the benchmark writes the
 * store's documented layout (see ReminderStore) in bulk, then `verifySeeded` proves through the
 * store's own API that the store reads it back and that each id sits on the page the store would
 * have chosen. A layout change in the store makes the benchmark fail loudly, never lie.
 */

const PAGES = 64;

/** The store's page of an id (FNV-1a over the id, modulo the page count). */
const pageOf = (id: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PAGES;
};

export interface SeedReminder {
  userId: string;
  offset: ReminderOffset;
}

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

/**
 * Append DM reminders (one per user, users not seen before) to the store in bulk. Each due page
 * is read, extended and written once, keeping whatever the store itself added to it meanwhile.
 */
export async function seedReminders(
  keyv: Keyv,
  film: Film,
  reminders: readonly SeedReminder[],
  createdAt: string,
): Promise<void> {
  const additions = new Map<string, string[]>();
  const records: { key: string; value: unknown }[] = [];
  for (const r of reminders) {
    const reminder = reminderFor(film, r, createdAt);
    const pageKey = `due:${film.id}:${r.offset}:${pageOf(reminder.id)}`;
    additions.set(pageKey, [...(additions.get(pageKey) ?? []), reminder.id]);
    records.push({ key: `reminders-of:${r.userId}`, value: { ids: [reminder.id] } });
    records.push({ key: `reminder:${reminder.id}`, value: reminder });
  }
  const pageKeys = [...additions.keys()];
  const current = await keyv.getMany<{ ids: string[] }>(pageKeys);
  pageKeys.forEach((key, i) =>
    records.push({
      key,
      value: { ids: [...(current[i]?.ids ?? []), ...(additions.get(key) ?? [])] },
    }),
  );
  for (let i = 0; i < records.length; i += 5000) {
    const chunk = records.slice(i, i + 5000);
    await batched(keyv, async () => {
      // Keyv reports a failed write as `false` rather than throwing (the Redis adapter returns nothing).
      const results: unknown = await keyv.setMany(chunk);
      if (Array.isArray(results) && results.includes(false))
        throw new Error('the store refused a write');
    });
  }
  await checkpoint(keyv);
}

/** Throws unless the store sees exactly `expected` reminders in the slot, on the pages it would use. */
export async function verifySeeded(
  store: ReminderStore,
  film: Film,
  offset: ReminderOffset,
  expected: number,
  probe: SeedReminder,
): Promise<void> {
  const problem = (what: string) =>
    new Error(
      `bench/fixtures.ts seeds the reminder store's key layout directly and it no longer matches ` +
        `src/store/reminder-store.ts (${what}); update seedReminders to the store's layout`,
    );
  if (store.pages !== PAGES) throw problem(`the store has ${store.pages} pages, not ${PAGES}`);
  const count = async () => (await store.idsInSlot(film.id, offset)).length;
  const before = await count();
  if (before !== expected) throw problem(`${before} ids in the slot, expected ${expected}`);
  const id = reminderIdOf({
    userId: probe.userId,
    filmId: film.id,
    offset: probe.offset,
    where: 'dm',
  });
  if ((await store.listForUser(probe.userId)).map((r) => r.id).join() !== id)
    throw problem(`listForUser(${probe.userId}) does not return the seeded reminder`);
  // Removing edits only the page the store computes: if the id sat elsewhere it would stay counted.
  const removed = await store.remove(probe.userId, id);
  if (removed === undefined || (await count()) !== expected - 1)
    throw problem('a seeded reminder is not on the page the store would put it on');
  const again = await store.add(removed, () => true);
  if (again.kind !== 'added' || (await count()) !== expected)
    throw problem(`re-adding the probe gave ${again.kind}`);
}
