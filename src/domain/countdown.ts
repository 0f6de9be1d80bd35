import { DateTime } from 'luxon';
import { whereToWatch } from './film-text.ts';
import type { Markup } from './markup.ts';
import { isZone } from './zones.ts';

/**
 * Countdown rules: when a server's countdown posts, and what it says. Pure: every function is
 * handed the release and "now"; nothing here reads the clock or knows about Discord's library.
 */

export type CountdownStyle = 'post' | 'live';

/** A daily post time on the wall clock of an IANA zone, e.g. `{ time: '09:00', zone: 'Europe/London' }`. */
export interface DailySchedule {
  time: string;
  zone: string;
}

/**
 * `daily`: the everyday post; `hour-before`: the extra post on the last day; `release`: the
 * "out now" post that ends the countdown; `refresh`: a live message's periodic edit.
 */
export type SlotKind = 'daily' | 'hour-before' | 'release' | 'refresh';

export interface Slot {
  kind: SlotKind;
  at: DateTime;
}

/** A missed post is still worth sending this long after its slot; older ones wait for the next slot. */
export const CATCH_UP_WINDOW = { hours: 6 } as const;
const CATCH_UP_WINDOW_MS = CATCH_UP_WINDOW.hours * 3_600_000;
/** The extra last-day post comes this long before the release. */
export const LAST_DAY_NOTICE = { hours: 1 } as const;
/** A slot sent later than this after its instant counts as late (shown in /countdown status). */
const LATE_AFTER_MS = 60_000;

const TIME_PATTERN = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/;

/** `9:00`, `09:00`, `9.30`, `18h30` → `09:00` / `09:30` / `18:30`; anything else → undefined. */
export function normaliseDailyTime(input: string): string | undefined {
  const match = TIME_PATTERN.exec(input.trim());
  if (!match) return undefined;
  const [, hour = '', minute = ''] = match;
  return `${hour.padStart(2, '0')}:${minute}`;
}

function parseTime(time: string): { hour: number; minute: number } {
  const normalised = normaliseDailyTime(time);
  if (!normalised) throw new Error(`not a daily time: ${time}`);
  const [hour, minute] = normalised.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/**
 * The daily slot on the local date of `day` (in the schedule's zone). It keeps the wall-clock
 * time across daylight-saving changes; in the hour that is skipped in spring it moves an hour
 * later, and in the hour that repeats in autumn it takes luxon's choice, the later occurrence.
 */
export function dailySlotOn(schedule: DailySchedule, day: DateTime): DateTime {
  const local = day.setZone(schedule.zone);
  const { hour, minute } = parseTime(schedule.time);
  return DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day, hour, minute },
    { zone: schedule.zone },
  );
}

/** The extra last-day post, 1 hour before release. */
export const hourBeforeSlot = (release: DateTime): DateTime => release.minus(LAST_DAY_NOTICE);

/**
 * Every slot of a post-style countdown in (after, until]: daily posts strictly before the
 * last-day post (a daily time inside the final hour is covered by that post), the post 1 hour
 * before, and the "out now" post at release.
 */
export function postSlotsBetween(
  schedule: DailySchedule,
  release: DateTime,
  after: DateTime,
  until: DateTime,
): Slot[] {
  // Invalid instants compare as NaN and would never end the loop below: refuse them outright.
  if (!isZone(schedule.zone) || !release.isValid || !after.isValid || !until.isValid) {
    throw new RangeError(`not a usable countdown schedule: ${schedule.time} ${schedule.zone}`);
  }
  const slots: Slot[] = [];
  const lastDay = hourBeforeSlot(release);
  const end = DateTime.min(until, lastDay.minus({ milliseconds: 1 }));
  for (let day = after.setZone(schedule.zone).startOf('day'); ; day = day.plus({ days: 1 })) {
    const at = dailySlotOn(schedule, day);
    if (at > end) {
      if (day > end) break;
      continue;
    }
    if (at > after) slots.push({ kind: 'daily', at });
  }
  if (lastDay > after && lastDay <= until) slots.push({ kind: 'hour-before', at: lastDay });
  if (release > after && release <= until) slots.push({ kind: 'release', at: release });
  return slots;
}

/** The first post-style slot strictly after `after`, or undefined once the release has passed it. */
export function nextPostSlot(
  schedule: DailySchedule,
  release: DateTime,
  after: DateTime,
): Slot | undefined {
  // Two days ahead always hold the next slot: a daily one (a day apart, give or take a DST hour)
  // unless the last day is within those two days, and then its own slots are in range.
  return postSlotsBetween(schedule, release, after, after.plus({ days: 2 }))[0];
}

/** The latest post-style slot in (after, now], if any. */
export function latestPostSlot(
  schedule: DailySchedule,
  release: DateTime,
  after: DateTime,
  now: DateTime,
): Slot | undefined {
  if (release > after && release <= now) return { kind: 'release', at: release };
  const lastDay = hourBeforeSlot(release);
  if (lastDay > after && lastDay <= now) return { kind: 'hour-before', at: lastDay };
  // Only the last two days can hold the latest daily slot; older ones are never "latest".
  const from = DateTime.max(after, now.minus({ days: 2 }));
  return postSlotsBetween(schedule, release, from, now).at(-1);
}

/**
 * Refresh instants of a live message: on the hour (in its zone) until the final hour, then every
 * minute, then the release itself, where the message turns into the "out now" message.
 */
export function nextLiveSlot(zone: string, release: DateTime, after: DateTime): Slot | undefined {
  if (after >= release) return undefined;
  const finalHour = hourBeforeSlot(release);
  if (after < finalHour) {
    const nextHour = after.setZone(zone).startOf('hour').plus({ hours: 1 });
    return { kind: 'refresh', at: nextHour >= finalHour ? finalHour : nextHour };
  }
  const nextMinute = after.setZone(zone).startOf('minute').plus({ minutes: 1 });
  return nextMinute >= release
    ? { kind: 'release', at: release }
    : { kind: 'refresh', at: nextMinute };
}

/** The latest live refresh instant in (after, now], if any. */
export function latestLiveSlot(
  zone: string,
  release: DateTime,
  after: DateTime,
  now: DateTime,
): Slot | undefined {
  if (release <= now) return release > after ? { kind: 'release', at: release } : undefined;
  const finalHour = hourBeforeSlot(release);
  const at =
    now < finalHour
      ? now.setZone(zone).startOf('hour')
      : DateTime.max(finalHour, now.setZone(zone).startOf('minute'));
  return at > after ? { kind: 'refresh', at } : undefined;
}

/**
 * Where a schedule stands at `now`: its latest slot at or before now and its first slot after.
 * Every countdown with the same style, time, zone and release shares it, so a tick computes it
 * once per schedule rather than once per channel (zone arithmetic is the costly part).
 */
export interface ScheduleView {
  style: CountdownStyle;
  schedule: DailySchedule;
  release: DateTime;
  now: DateTime;
  latest: Slot | undefined;
  next: Slot | undefined;
}

const EPOCH = DateTime.fromMillis(0, { zone: 'utc' });

export function scheduleView(
  style: CountdownStyle,
  schedule: DailySchedule,
  release: DateTime,
  now: DateTime,
): ScheduleView {
  return style === 'post'
    ? {
        style,
        schedule,
        release,
        now,
        latest: latestPostSlot(schedule, release, EPOCH, now),
        next: nextPostSlot(schedule, release, now),
      }
    : {
        style,
        schedule,
        release,
        now,
        latest: latestLiveSlot(schedule.zone, release, EPOCH, now),
        next: nextLiveSlot(schedule.zone, release, now),
      };
}

/** What the scheduler should do about a countdown at `now`. */
export type Decision =
  | { action: 'wait'; next: Slot | undefined }
  | { action: 'send'; slot: Slot; late: boolean }
  /** The latest missed post is older than the catch-up window: note it, send nothing, wait for the next. */
  | { action: 'skip'; slot: Slot; next: Slot | undefined };

/**
 * Given everything up to `handledUntil` is done: after downtime at most one catch-up post, and
 * only when the missed slot is within 6 hours; never a pile of stale posts. The release ("out
 * now") post is the exception: it is how every countdown ends, so it is sent however late, once.
 * A live message is edited in place, so its latest refresh is always worth doing.
 */
export function decide(view: ScheduleView, handledUntil: DateTime): Decision {
  const { latest, now } = view;
  if (!latest || latest.at <= handledUntil) {
    if (handledUntil <= now) return { action: 'wait', next: view.next };
    const next =
      view.style === 'post'
        ? nextPostSlot(view.schedule, view.release, handledUntil)
        : nextLiveSlot(view.schedule.zone, view.release, handledUntil);
    return { action: 'wait', next };
  }
  const lateBy = now.toMillis() - latest.at.toMillis();
  if (view.style === 'post' && latest.kind !== 'release' && lateBy > CATCH_UP_WINDOW_MS) {
    return { action: 'skip', slot: latest, next: view.next };
  }
  return {
    action: 'send',
    slot: latest,
    late: now.toMillis() - latest.at.toMillis() > LATE_AFTER_MS,
  };
}

/** `decide` for one post-style countdown. */
export const decidePost = (
  schedule: DailySchedule,
  release: DateTime,
  handledUntil: DateTime,
  now: DateTime,
): Decision => decide(scheduleView('post', schedule, release, now), handledUntil);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * How long until release, in words, as a reader in `zone` would say it: "in 3 days" and
 * "tomorrow" by calendar date, "in 5 hours" and "in 40 minutes" on the day itself.
 */
export function countdownWords(release: DateTime, now: DateTime, zone: string): string {
  const ms = release.toMillis() - now.toMillis();
  if (ms <= 0) return 'out now';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `in ${plural(minutes, 'minute')}`;
  const days = Math.round(
    release.setZone(zone).startOf('day').diff(now.setZone(zone).startOf('day'), 'days').days,
  );
  if (days <= 0) return `in ${plural(Math.max(1, Math.round(minutes / 60)), 'hour')}`;
  if (days === 1) return 'tomorrow';
  return `in ${plural(days, 'day')}`;
}

/** What a countdown post needs to know about the film; a subset of Film so tests stay small. */
export interface CountdownFilm {
  title: string;
  release: { platform: string; region: string };
}

/** "Ballerina lands on Netflix (UK) in 3 days (<t:…:R>)", or the "out now" line at release. */
export function countdownHeadline(
  film: CountdownFilm,
  release: DateTime,
  now: DateTime,
  zone: string,
  markup: Pick<Markup, 'relative'>,
): string {
  const where = whereToWatch(film);
  if (now >= release)
    return `${film.title} is out now on ${where}! (released ${markup.relative(release)})`;
  return `${film.title} lands on ${where} ${countdownWords(release, now, zone)} (${markup.relative(release)})`;
}
