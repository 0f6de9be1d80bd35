import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { dueInstant, reminderOffsets } from '../../domain/reminders.ts';
import type { ReleaseRecord } from '../../domain/release.ts';
import type { FilmRelease } from '../film-releases.ts';
import { utcIso } from '../kit/index.ts';
import { MAX_EARLY_MS, sendFrom } from './spread.ts';
import type { ActiveSlot, RemindersState } from './state.ts';

/**
 * Open the slots (film × offset) that have come due at `now`: count their reminders (for the
 * early start and the log), then leave them to `readNextPage`, which reads them a page at a time
 * as the sends go. A slot already completed (its marker in the store says so) or swallowed by a
 * release change is skipped.
 */
export async function planSlots(
  state: RemindersState,
  { film, record, release }: FilmRelease,
  now: DateTime,
): Promise<void> {
  const { store, slots, completedSlots } = state;
  for (const offset of reminderOffsets) {
    const key = `${film.id}:${offset}`;
    const dueAt = dueInstant(release, offset);
    const dueIso = utcIso(dueAt);
    const active = slots.get(key);
    // The release moved: reminders are relative, so the slot is now due at another instant.
    if (active !== undefined && active.dueIso !== dueIso) slots.delete(key);
    const opened = slots.get(key);
    if (opened !== undefined) {
      if (!opened.complete && dueAt <= now) await readLateAdds(state, opened);
      continue;
    }
    // Reminders before release may open early (see spread.ts); `release` ones at their moment.
    const opensAt = offset === 'release' ? dueAt : dueAt.minus({ milliseconds: MAX_EARLY_MS });
    if (opensAt > now || completedSlots.get(key) === dueIso) continue;

    const markerName = `slot:${key}:${state.shardTag}`;
    if ((await store.getMarker(markerName)) === dueIso || absorbedByChange(record, dueAt)) {
      completedSlots.set(key, dueIso);
      continue;
    }
    const due = await store.countInSlot(film.id, offset);
    const startAt = Math.min(
      sendFrom(offset, dueAt, due, state.requestsPerSecond).toMillis(),
      dueAt.toMillis(),
    );
    slots.set(key, {
      key,
      filmId: film.id,
      offset,
      dueAt,
      dueIso,
      startAt,
      pagesRead: 0,
      readPages: [],
      waiting: new Map(),
      // Opened before its moment: reminders may still be added until then (see readLateAdds).
      complete: dueAt <= now,
    });
    if (due > 0)
      state.logger.info(
        {
          filmId: film.id,
          offset,
          dueAt: dueIso,
          reminders: due,
          ...(startAt < dueAt.toMillis() ? { startAt: utcIso(DateTime.fromMillis(startAt)) } : {}),
        },
        startAt < dueAt.toMillis() ? 'reminders due soon; starting early' : 'reminders due',
      );
  }
}

/**
 * Read the slot's next due-index page. Its ids join `waiting` (ready from the slot's start) and
 * are returned for delivery. While the slot is open early, the page is marked (see readLateAdds).
 */
export async function readNextPage(state: RemindersState, slot: ActiveSlot): Promise<string[]> {
  const ids = await state.store.idsInPage(slot.filmId, slot.offset, slot.pagesRead);
  if (!slot.complete) slot.readPages.push({ count: ids.length, digest: digestIds(ids) });
  slot.pagesRead++;
  const fresh = ids.filter((id) => !slot.waiting.has(id));
  for (const id of fresh) slot.waiting.set(id, slot.startAt);
  return fresh;
}

/** Whether the slot has due-index pages left to read. */
export const hasPagesLeft = (state: RemindersState, slot: ActiveSlot): boolean =>
  slot.pagesRead < state.store.pages;

/**
 * A slot opened before its moment: `/remindme` accepts reminders until the moment itself, so read
 * the pages already read once more when it comes (under the page locks `add` checks the moment
 * under, so none slips between) and send the newcomers at once. Pages not read yet are read
 * whole later anyway.
 *
 * A page only grows at its end, so when its first ids are still the ones read before (same
 * count, same digest), only the ids after them are new. A page that changed otherwise (someone
 * cancelled meanwhile) is taken whole again: each reminder's record then says whether it was
 * already sent for this moment (`deliverReminder` drops those), so none goes twice.
 */
async function readLateAdds(state: RemindersState, slot: ActiveSlot): Promise<void> {
  let added = 0;
  for (const [page, mark] of slot.readPages.entries()) {
    const ids = await state.store.idsInPage(slot.filmId, slot.offset, page);
    const unchanged =
      mark.count <= ids.length && digestIds(ids.slice(0, mark.count)) === mark.digest;
    for (const id of ids.slice(unchanged ? mark.count : 0)) {
      if (slot.waiting.has(id)) continue;
      slot.waiting.set(id, 0);
      added++;
    }
  }
  slot.readPages = [];
  slot.complete = true;
  if (added > 0)
    state.logger.info(
      { filmId: slot.filmId, offset: slot.offset, dueAt: slot.dueIso, reminders: added },
      'reminders due (added since the early start)',
    );
}

/** A digest of a page's ids in order, to tell later whether its first ids are still the same. */
const digestIds = (ids: readonly string[]): string =>
  createHash('sha256').update(ids.join('\n')).digest('base64url');

/** Slots whose reminders are all read and final: store their marker and forget them. */
export async function completeSlots(state: RemindersState): Promise<void> {
  for (const [key, slot] of state.slots) {
    if (slot.waiting.size > 0 || !slot.complete || hasPagesLeft(state, slot)) continue;
    await state.store.setMarker(`slot:${key}:${state.shardTag}`, slot.dueIso);
    state.slots.delete(key);
    state.completedSlots.set(key, slot.dueIso);
  }
}

/**
 * A release change swallows the reminders whose moment had already passed when it happened:
 * each subscriber is told the new date by the change notice at that moment, so a late
 * "a week to go" that is no longer true is never sent as well.
 */
export function absorbedByChange(record: ReleaseRecord, dueAt: DateTime): boolean {
  if (record.version <= 1) return false;
  const changedAt = DateTime.fromISO(record.updatedAt);
  return changedAt.isValid && dueAt < changedAt;
}
