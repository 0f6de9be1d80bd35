import { reminderOffsets } from '../../domain/reminders.ts';
import type { ReminderStore } from '../../store/reminder-store.ts';

/** The "release date changed" notice for one film version: one message per subscriber. */
export interface ActiveNotice {
  filmId: string;
  version: number;
  /** Canonical reminder id per user (the one that carries the notice state) → not before (ms). */
  waiting: Map<string, number>;
}

/**
 * The subscribers to tell about one release change: one reminder id per user this process owns,
 * the smallest of their reminders for the film. Deterministic, so a restart picks the same
 * reminder and finds on it what was already sent.
 */
export async function canonicalReminders(
  store: Pick<ReminderStore, 'idsInSlot' | 'getMany'>,
  filmId: string,
  ownsUser: (userId: string) => boolean,
): Promise<Map<string, string>> {
  const canonical = new Map<string, string>();
  for (const offset of reminderOffsets) {
    const ids = await store.idsInSlot(filmId, offset);
    for (let i = 0; i < ids.length; i += 500) {
      for (const reminder of await store.getMany(ids.slice(i, i + 500))) {
        if (reminder === undefined || !ownsUser(reminder.userId)) continue;
        const current = canonical.get(reminder.userId);
        if (current === undefined || reminder.id < current)
          canonical.set(reminder.userId, reminder.id);
      }
    }
  }
  return canonical;
}
