import { readFileSync } from 'node:fs';
import { Keyv } from 'keyv';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { filmSchema, type Film } from '../../src/domain/film.ts';
import { reminderIdOf, type Reminder, type ReminderKey } from '../../src/domain/reminders.ts';

/** The real catalogue entry: reminders are tested against the film users will ask about. */
export const ballerina: Film = filmSchema.parse(
  JSON.parse(
    readFileSync(new URL('../../data/films/ballerina-2023.json', import.meta.url), 'utf8'),
  ),
);

export const silentLogger = pino({ level: 'silent' });

export const london = (iso: string): DateTime => DateTime.fromISO(iso, { zone: 'Europe/London' });

export const memoryKeyv = (): Keyv => new Keyv({ namespace: 'test' });

/** Discord-looking user ids: 18 digits, distinct per n. */
export const userId = (n: number): string => String(100_000_000_000_000_000n + BigInt(n));
export const GUILD = '300000000000000001';
export const CHANNEL = '400000000000000001';

export function newReminder(
  key: Partial<ReminderKey> & { userId: string },
  createdAt = london('2023-09-01T12:00'),
): Reminder {
  const full: ReminderKey = {
    filmId: ballerina.id,
    offset: 'day',
    where: 'dm',
    ...key,
  };
  return {
    id: reminderIdOf(full),
    userId: full.userId,
    filmId: full.filmId,
    offset: full.offset,
    where: full.where,
    ...(full.where === 'here' ? { channelId: full.channelId ?? CHANNEL, guildId: GUILD } : {}),
    createdAt: createdAt.toUTC().toISO() ?? '',
    delivery: { state: 'pending', attempts: 0 },
  };
}
