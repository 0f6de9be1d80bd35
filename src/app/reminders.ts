import type { DateTime } from 'luxon';
import type { Clock } from '../domain/clock.ts';
import type { Film } from '../domain/film.ts';
import {
  dueInstant,
  offsetsStillAhead,
  finalStates,
  reminderIdOf,
  type Reminder,
  type ReminderOffset,
  type ReminderPlace,
} from '../domain/reminders.ts';
import type { Locale } from '../domain/i18n/index.ts';
import { releaseDateTime } from '../domain/release.ts';
import type { ReleaseStore } from '../store/release-store.ts';
import type { ReminderStore } from '../store/reminder-store.ts';
import type { UserStore } from '../store/user-store.ts';

export interface RemindRequest {
  userId: string;
  film: Film;
  offset: ReminderOffset;
  where: ReminderPlace;
  /** For `here`: the guild channel to post in. */
  channelId?: string;
  guildId?: string;
  /** The language it was asked in (the interaction's locale): its DM is written in it. */
  locale?: Locale;
}

export type RemindOutcome =
  | { kind: 'added' | 'duplicate'; reminder: Reminder; dueAt: DateTime; release: DateTime }
  | { kind: 'cap_reached'; count: number }
  /** The chosen moment is past; `stillAhead` lists the offsets that can still be asked for. */
  | { kind: 'moment_passed'; dueAt: DateTime; release: DateTime; stillAhead: ReminderOffset[] }
  | { kind: 'out_now'; release: DateTime };

export type ReminderStatus =
  | { kind: 'scheduled' }
  | { kind: 'sending' }
  | { kind: 'sent'; at?: string }
  | { kind: 'dm_closed' }
  | { kind: 'failed'; reason?: string }
  /** Its moment passed without a message of its own (the release moved past it, or it was covered by another). */
  | { kind: 'passed' };

export interface ReminderView {
  reminder: Reminder;
  film: Film | undefined;
  /** Where the reminder stands for the current release instant (undefined for a film no longer tracked). */
  dueAt: DateTime | undefined;
  status: ReminderStatus;
}

/** The reminder use cases the commands call. Time comes from the clock given at construction. */
export interface ReminderService {
  remind(request: RemindRequest): Promise<RemindOutcome>;
  /** The user's reminders, soonest first, each with its due instant and what became of it. */
  list(userId: string): Promise<ReminderView[]>;
  cancel(userId: string, reminderId: string): Promise<Reminder | undefined>;
  /** Forget everything stored about the user: reminders and the kept DM channel. */
  clear(userId: string): Promise<{ reminders: number }>;
  /**
   * Send `content` (the confirmation of a DM reminder just made) to the user by DM now. Discord
   * refuses a DM (50007) only when one is sent, so this is the one way to learn at once that a
   * DM reminder could never arrive; then the reminder is removed and `dm_closed` comes back.
   * `unknown`: Discord did not answer in time, or no Discord is wired (tests); the reminder stands.
   */
  confirmByDm(userId: string, reminderId: string, content: string): Promise<DmReach>;
}

/** Whether a DM reached the user: `dm_closed` is Discord's 50007 (or 50278). */
export type DmReach = 'sent' | 'dm_closed' | 'unknown';

export interface ReminderServiceOptions {
  store: ReminderStore;
  users: UserStore;
  releases: Pick<ReleaseStore, 'get'>;
  clock: Clock;
  films: { get(id: string): Film | undefined };
  /**
   * Opens a user's DM channel ahead of time when they make a DM reminder (fire and forget), so
   * sending it later is one request. Omitted in tests that do not talk to Discord.
   */
  dmChannels?: DmChannelOpener;
}

/** Opens a user's DM channel so a later DM costs one request (the Discord notifier does). */
export interface DmChannelOpener {
  ensureDmChannel(userId: string): Promise<void>;
  /** Send `content` by DM now, opening (and keeping) the DM channel; never throws. */
  tryDirectMessage?(userId: string, content: string): Promise<DmReach>;
}

export function createReminderService({
  store,
  users,
  releases,
  clock,
  films,
  dmChannels,
}: ReminderServiceOptions): ReminderService {
  const releaseOf = async (filmId: string) => releaseDateTime(await releases.get(filmId));

  return {
    async remind({ userId, film, offset, where, channelId, guildId, locale }) {
      const release = await releaseOf(film.id);
      const now = clock.now();
      if (now >= release) return { kind: 'out_now', release };
      const dueAt = dueInstant(release, offset);
      if (dueAt <= now)
        return {
          kind: 'moment_passed',
          dueAt,
          release,
          stillAhead: offsetsStillAhead(release, now),
        };

      const reminder: Reminder = {
        id: reminderIdOf({ userId, filmId: film.id, offset, where, channelId }),
        userId,
        filmId: film.id,
        offset,
        where,
        ...(where === 'here' && channelId !== undefined && guildId !== undefined
          ? { channelId, guildId }
          : {}),
        createdAt: now.toUTC().toISO() ?? '',
        ...(locale === undefined ? {} : { locale }),
        delivery: { state: 'pending', attempts: 0 },
      };
      // Checked again under the due page's lock: the moment may pass while this runs.
      const outcome = await store.add(reminder, () => dueAt > clock.now());
      // With tryDirectMessage, confirmByDm opens the channel as it sends the confirmation.
      if (outcome.kind === 'added' && where === 'dm' && dmChannels?.tryDirectMessage === undefined)
        void dmChannels?.ensureDmChannel(userId);
      switch (outcome.kind) {
        case 'added':
        case 'duplicate':
          return { kind: outcome.kind, reminder: outcome.reminder, dueAt, release };
        case 'cap_reached':
          return outcome;
        case 'moment_passed':
          return {
            kind: 'moment_passed',
            dueAt,
            release,
            stillAhead: offsetsStillAhead(release, clock.now()),
          };
      }
    },

    async list(userId) {
      const views = await Promise.all(
        (await store.listForUser(userId)).map(async (reminder): Promise<ReminderView> => {
          const film = films.get(reminder.filmId);
          if (film === undefined)
            return {
              reminder,
              film,
              dueAt: undefined,
              status: statusOf(reminder, undefined, clock.now()),
            };
          const dueAt = dueInstant(await releaseOf(film.id), reminder.offset);
          return { reminder, film, dueAt, status: statusOf(reminder, dueAt, clock.now()) };
        }),
      );
      return views.sort(
        (a, b) => (a.dueAt?.toMillis() ?? Infinity) - (b.dueAt?.toMillis() ?? Infinity),
      );
    },

    cancel: (userId, reminderId) => store.remove(userId, reminderId),

    async confirmByDm(userId, reminderId, content) {
      const reach = (await dmChannels?.tryDirectMessage?.(userId, content)) ?? 'unknown';
      if (reach === 'dm_closed') await store.remove(userId, reminderId);
      return reach;
    },

    async clear(userId) {
      const reminders = await store.removeAllForUser(userId);
      await users.forget(userId);
      return { reminders };
    },
  };
}

function statusOf(reminder: Reminder, dueAt: DateTime | undefined, now: DateTime): ReminderStatus {
  const delivery = reminder.delivery;
  const current = dueAt !== undefined && delivery.dueAt === dueAt.toUTC().toISO();
  if (current && finalStates.has(delivery.state)) {
    if (delivery.state === 'sent')
      return { kind: 'sent', ...(delivery.sentAt === undefined ? {} : { at: delivery.sentAt }) };
    if (delivery.state === 'dm_closed') return { kind: 'dm_closed' };
    return {
      kind: 'failed',
      ...(delivery.lastError === undefined ? {} : { reason: delivery.lastError }),
    };
  }
  if (current && delivery.state === 'sending') return { kind: 'sending' };
  if (dueAt === undefined || dueAt <= now)
    return current ? { kind: 'sending' } : { kind: 'passed' };
  return { kind: 'scheduled' };
}
