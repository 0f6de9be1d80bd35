import type { Logger } from 'pino';
import * as z from 'zod';
import {
  MAX_REMINDERS_PER_USER,
  reminderSchema,
  type Reminder,
  type ReminderOffset,
} from '../domain/reminders.ts';
import { checked, type StoreInput } from './checked-store.ts';
import { RecordReader } from './keyv.ts';
import type { Locks } from './locks.ts';
import { KeyedMutex } from './mutex.ts';

export type AddOutcome =
  | { kind: 'added'; reminder: Reminder }
  | { kind: 'duplicate'; reminder: Reminder }
  | { kind: 'cap_reached'; count: number }
  | { kind: 'moment_passed' };

/**
 * Reminders in Keyv. Every add and cancel costs a constant number of store operations however
 * many reminders exist:
 * - `reminder:<id>` holds the record;
 * - `reminders-of:<userId>` lists that user's ids (at most 25), so a user's own reminders are
 *   listed without scanning anyone else's;
 * - `due:<filmId>:<offset>:<page>` is the due index, split into a fixed number of pages by a hash
 *   of the id, so adding a subscriber rewrites one small page, never a list of every subscriber,
 *   and the scheduler reads `pages` keys for a whole due slot (100,000 reminders on one film and
 *   offset are ~1,600 ids a page with the default 64).
 */
export interface ReminderStore {
  readonly pages: number;
  get(id: string): Promise<Reminder | undefined>;
  getMany(ids: readonly string[]): Promise<(Reminder | undefined)[]>;
  listForUser(userId: string): Promise<Reminder[]>;
  /**
   * Store a new reminder unless it exists (duplicate) or the user has 25. `stillAhead` is asked
   * while the due page is locked, right before the reminder becomes visible to the scheduler: the
   * scheduler reads the page under the same lock once the moment has come, so a reminder either
   * makes it into that read or is refused here; it can never slip in unseen.
   */
  add(reminder: Reminder, stillAhead: () => boolean): Promise<AddOutcome>;
  /** Change a stored reminder; a reminder cancelled meanwhile stays cancelled (returns undefined). */
  update(id: string, change: (current: Reminder) => Reminder): Promise<Reminder | undefined>;
  remove(userId: string, id: string): Promise<Reminder | undefined>;
  /** Cancel all of a user's reminders; returns how many there were. */
  removeAllForUser(userId: string): Promise<number>;
  /** Every reminder id in one due slot (film + offset). */
  idsInSlot(filmId: string, offset: ReminderOffset): Promise<string[]>;
  /**
   * The reminder ids on one page (0 … `pages` − 1) of a due slot's index, read under the page's
   * lock as `idsInSlot` reads it, in the order they were added (a cancel removes an id and keeps
   * the order of the rest). The scheduler reads a slot a page at a time instead of whole.
   * Throws RangeError for a page outside the index, StoreUnavailableError as every read does.
   */
  idsInPage(filmId: string, offset: ReminderOffset, page: number): Promise<string[]>;
  /** How many ids one due slot's index holds, without holding them all at once. */
  countInSlot(filmId: string, offset: ReminderOffset): Promise<number>;
  /** Small bookkeeping values of the scheduler (completed slots, notice progress). */
  getMarker(name: string): Promise<string | undefined>;
  setMarker(name: string, value: string): Promise<void>;
}

const pageSchema = z.object({ ids: z.array(z.string()) });
const markerSchema = z.object({ value: z.string() });

const reminderKey = (id: string) => `reminder:${id}`;
const userKey = (userId: string) => `reminders-of:${userId}`;
const pageKey = (filmId: string, offset: ReminderOffset, page: number) =>
  `due:${filmId}:${offset}:${page}`;
const markerKey = (name: string) => `marker:${name}`;
/** Lock name for whole-user operations (add, cancel, clear); distinct from the data keys they edit. */
const userLock = (userId: string) => `user-op:${userId}`;

/** FNV-1a: a stable, cheap spread of ids over pages (not security). */
const pageOf = (id: string, pages: number): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % pages;
};

export interface ReminderStoreOptions {
  /** Every operation is checked and time-bounded (a bare Keyv gets the default CheckedStore). */
  keyv: StoreInput;
  logger: Logger;
  /** Pages per due slot; fixed for the life of a store (changing it orphans the index). */
  pages?: number;
  /** In-process by default; processes sharing Redis pass RedisLocks (see locksFor). */
  locks?: Locks;
}

export function createReminderStore({
  keyv: input,
  logger,
  pages = 64,
  locks = new KeyedMutex(),
}: ReminderStoreOptions): ReminderStore {
  const keyv = checked(input);
  const reader = new RecordReader(logger);
  const mutex = locks;

  const parseReminder = (id: string, raw: unknown) =>
    reader.parse(reminderKey(id), raw, reminderSchema);

  const get = async (id: string) => parseReminder(id, await keyv.get(reminderKey(id)));

  const getMany = async (ids: readonly string[]): Promise<(Reminder | undefined)[]> => {
    if (ids.length === 0) return [];
    const raw = await keyv.getMany(ids.map(reminderKey));
    return ids.map((id, i) => parseReminder(id, raw[i]));
  };

  const readIds = async (key: string): Promise<string[]> =>
    reader.parse(key, await keyv.get(key), pageSchema)?.ids ?? [];

  const editIds = (key: string, edit: (ids: string[]) => string[]) =>
    mutex.run(key, async () => {
      const before = await readIds(key);
      const after = edit(before);
      if (after.length === before.length && after.every((id, i) => id === before[i])) return;
      if (after.length === 0) await keyv.delete(key);
      else await keyv.set(key, { ids: after });
    });

  const pageKeyOf = (r: Pick<Reminder, 'id' | 'filmId' | 'offset'>) =>
    pageKey(r.filmId, r.offset, pageOf(r.id, pages));

  const listForUser = async (userId: string): Promise<Reminder[]> => {
    const ids = await readIds(userKey(userId));
    return (await getMany(ids)).filter((r): r is Reminder => r !== undefined);
  };

  const removeLocked = async (userId: string, id: string): Promise<Reminder | undefined> => {
    const removed = await mutex.run(reminderKey(id), async () => {
      const current = await get(id);
      if (current?.userId !== userId) return undefined;
      // The record goes first: an index entry without a record is skipped by every reader, so a
      // crash halfway leaves nothing that could still be sent.
      await keyv.delete(reminderKey(id));
      return current;
    });
    if (removed !== undefined)
      await editIds(pageKeyOf(removed), (ids) => ids.filter((x) => x !== id));
    return removed;
  };

  return {
    pages,
    get,
    getMany,
    listForUser,

    async add(reminder, stillAhead) {
      return mutex.run(userLock(reminder.userId), async () => {
        const existing = await get(reminder.id);
        if (existing !== undefined) return { kind: 'duplicate', reminder: existing };
        const ids = await readIds(userKey(reminder.userId));
        const live = (await getMany(ids)).filter((r): r is Reminder => r !== undefined);
        if (live.length >= MAX_REMINDERS_PER_USER)
          return { kind: 'cap_reached', count: live.length };

        const page = pageKeyOf(reminder);
        const ahead = await mutex.run(page, async () => {
          if (!stillAhead()) return false;
          const pageIds = await readIds(page);
          if (!pageIds.includes(reminder.id))
            await keyv.set(page, { ids: [...pageIds, reminder.id] });
          return true;
        });
        if (!ahead) return { kind: 'moment_passed' };
        // Dangling ids (a crash between writes) are dropped whenever the list is rewritten.
        await keyv.set(userKey(reminder.userId), { ids: [...live.map((r) => r.id), reminder.id] });
        // Written last: the record is what makes the reminder exist (duplicate check, sending).
        await keyv.set(reminderKey(reminder.id), reminder);
        return { kind: 'added', reminder };
      });
    },

    async update(id, change) {
      return mutex.run(reminderKey(id), async () => {
        const current = await get(id);
        if (current === undefined) return undefined;
        const next = change(current);
        await keyv.set(reminderKey(id), next);
        return next;
      });
    },

    async remove(userId, id) {
      return mutex.run(userLock(userId), async () => {
        const removed = await removeLocked(userId, id);
        await editIds(userKey(userId), (ids) => ids.filter((x) => x !== id));
        return removed;
      });
    },

    async removeAllForUser(userId) {
      return mutex.run(userLock(userId), async () => {
        const ids = await readIds(userKey(userId));
        let removed = 0;
        for (const id of ids) if ((await removeLocked(userId, id)) !== undefined) removed++;
        await keyv.delete(userKey(userId));
        return removed;
      });
    },

    async idsInSlot(filmId, offset) {
      const keys = Array.from({ length: pages }, (_, page) => pageKey(filmId, offset, page));
      // Read under each page's lock so a concurrent add is either in this read or refused (see add).
      const perPage = await Promise.all(keys.map((key) => mutex.run(key, () => readIds(key))));
      return perPage.flat();
    },

    async idsInPage(filmId, offset, page) {
      if (!Number.isInteger(page) || page < 0 || page >= pages)
        throw new RangeError(`due index page ${page} is not in 0 … ${pages - 1}`);
      const key = pageKey(filmId, offset, page);
      return mutex.run(key, () => readIds(key));
    },

    async countInSlot(filmId, offset) {
      // All pages asked at once (the store answers them one by one), each page's ids dropped as
      // soon as counted: never the whole slot's ids at once.
      const counts = await Promise.all(
        Array.from({ length: pages }, (_, page) => {
          const key = pageKey(filmId, offset, page);
          return mutex.run(key, async () => (await readIds(key)).length);
        }),
      );
      return counts.reduce((sum, n) => sum + n, 0);
    },

    async getMarker(name) {
      return reader.parse(markerKey(name), await keyv.get(markerKey(name)), markerSchema)?.value;
    },

    async setMarker(name, value) {
      await keyv.set(markerKey(name), { value });
    },
  };
}
