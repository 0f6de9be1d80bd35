import { DateTime } from 'luxon';
import { dueInstant, reminderOffsets } from '../../domain/reminders.ts';
import type { ReleaseRecord } from '../../domain/release.ts';
import type { FilmRelease } from '../film-releases.ts';
import { utcIso } from '../kit/index.ts';
import { MAX_EARLY_MS, sendFrom } from './spread.ts';
import type { ActiveSlot, RemindersState } from './state.ts';

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
    const ids = await store.idsInSlot(film.id, offset);
    const startAt = sendFrom(offset, dueAt, ids.length, state.requestsPerSecond);
    const notBefore = Math.min(startAt.toMillis(), dueAt.toMillis());
    slots.set(key, {
      key,
      filmId: film.id,
      offset,
      dueAt,
      dueIso,
      waiting: new Map(ids.map((id) => [id, notBefore])),
      seen: new Set(ids),
      // Opened before its moment: reminders may still be added until then (see readLateAdds).
      complete: dueAt <= now,
    });
    if (ids.length > 0)
      state.logger.info(
        {
          filmId: film.id,
          offset,
          dueAt: dueIso,
          reminders: ids.length,
          ...(notBefore < dueAt.toMillis() ? { startAt: utcIso(startAt) } : {}),
        },
        notBefore < dueAt.toMillis() ? 'reminders due soon; starting early' : 'reminders due',
      );
  }
}

/**
 * A slot opened before its moment: `/remindme` accepts reminders until the moment itself, so read
 * the slot once more when it comes (under the page locks `add` checks the moment under, so none
 * slips between) and send the newcomers at once.
 */
async function readLateAdds(state: RemindersState, slot: ActiveSlot): Promise<void> {
  const ids = await state.store.idsInSlot(slot.filmId, slot.offset);
  const added = ids.filter((id) => !slot.seen.has(id));
  for (const id of added) {
    slot.seen.add(id);
    slot.waiting.set(id, 0);
  }
  slot.complete = true;
  if (added.length > 0)
    state.logger.info(
      { filmId: slot.filmId, offset: slot.offset, dueAt: slot.dueIso, reminders: added.length },
      'reminders due (added since the early start)',
    );
}

/** Slots whose reminders are all final: store their marker and forget them. */
export async function completeSlots(state: RemindersState): Promise<void> {
  for (const [key, slot] of state.slots) {
    if (slot.waiting.size > 0 || !slot.complete) continue;
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
