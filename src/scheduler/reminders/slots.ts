import { DateTime } from 'luxon';
import { dueInstant, reminderOffsets } from '../../domain/reminders.ts';
import type { ReleaseRecord } from '../../domain/release.ts';
import type { FilmRelease } from '../film-releases.ts';
import { utcIso } from '../kit/index.ts';
import type { RemindersState } from './state.ts';

/**
 * Open the slots (film × offset) that have come due at `now`: read their reminder ids once, keep
 * them waiting in memory until each reaches a final state. A slot already completed (its marker
 * in the store says so) or swallowed by a release change is skipped.
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
    if (dueAt > now || slots.has(key) || completedSlots.get(key) === dueIso) continue;

    const markerName = `slot:${key}:${state.shardTag}`;
    if ((await store.getMarker(markerName)) === dueIso || absorbedByChange(record, dueAt)) {
      completedSlots.set(key, dueIso);
      continue;
    }
    const ids = await store.idsInSlot(film.id, offset);
    slots.set(key, {
      key,
      filmId: film.id,
      offset,
      dueAt,
      dueIso,
      waiting: new Map(ids.map((id) => [id, 0])),
    });
    if (ids.length > 0)
      state.logger.info(
        { filmId: film.id, offset, dueAt: dueIso, reminders: ids.length },
        'reminders due',
      );
  }
}

/** Slots whose reminders are all final: store their marker and forget them. */
export async function completeSlots(state: RemindersState): Promise<void> {
  for (const [key, slot] of state.slots) {
    if (slot.waiting.size > 0) continue;
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
