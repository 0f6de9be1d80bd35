import { DateTime } from 'luxon';
import { calendarDaysBetween, isZone, wallDateOf, wallTimeIn } from './zones.ts';

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
 * The daily slot on the local date of `day` (in the schedule's zone): the wall-clock time resolved
 * by `wallTimeIn`'s one rule. A time that happens twice when the clocks go back is its first
 * occurrence (01:30 London on 29 October 2023 is 00:30Z), however many times and whenever the
 * countdown is planned; a time skipped when they jump forward moves later by the jump (01:30 → 02:30).
 */
export function dailySlotOn(schedule: DailySchedule, day: DateTime): DateTime {
  return dailySlotOnDate(schedule, wallDateOf(day, schedule.zone));
}

function dailySlotOnDate(
  schedule: DailySchedule,
  date: { year: number; month: number; day: number },
): DateTime {
  return wallTimeIn({ ...date, ...parseTime(schedule.time) }, schedule.zone).instant;
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
  // Walk the zone's calendar dates as plain dates (UTC arithmetic): no wall-clock guessing here.
  const first = wallDateOf(after, schedule.zone);
  for (
    let date = DateTime.utc(first.year, first.month, first.day);
    ;
    date = date.plus({ days: 1 })
  ) {
    const at = dailySlotOnDate(schedule, { year: date.year, month: date.month, day: date.day });
    // Every later date's slot is later still (a day, give or take a clock change, after this one).
    if (at > end) break;
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
 * now") post is the exception: it is how every countdown ends, so it is sent however late, once,
 * even when the release was moved back to before a post already made.
 * A live message is edited in place, so its latest refresh is always worth doing.
 */
export function decide(view: ScheduleView, handledUntil: DateTime): Decision {
  const { latest, now } = view;
  // The release has come but at or before what is already handled: it was moved back past posts
  // already made, or the countdown was paused across it. An active countdown has not posted
  // "out now" yet (that post finishes it), so it is owed, once, however late.
  if (latest?.kind === 'release' && latest.at <= handledUntil)
    return { action: 'send', slot: latest, late: true };
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
 * How far away `ms` is, in the unit and count a Discord client shows for a relative timestamp
 * (`<t:…:R>`, moment.js's `fromNow` thresholds: under 45 minutes in minutes, under 22 hours in
 * hours, then days; each rounded), so words written next to one never contradict it.
 */
export function relativeCount(ms: number): { unit: 'minute' | 'hour' | 'day'; count: number } {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 45) return { unit: 'minute', count: Math.max(1, minutes) };
  const hours = Math.round(ms / 3_600_000);
  if (hours < 22) return { unit: 'hour', count: Math.max(1, hours) };
  return { unit: 'day', count: Math.max(1, Math.round(ms / 86_400_000)) };
}

/**
 * How far the release is, as words beside a relative timestamp must say it: `out` once it has
 * come; `tomorrow` when `relativeCount` says one day and the release falls on the next calendar
 * date in `zone` (the countdown's own zone); otherwise `relativeCount`'s unit and count. So the
 * hour before a midnight release is "1 hour", not "tomorrow", and 23:59 the day before the day
 * before is "1 day", not "2 days". Every language's headline words come from this one rule.
 */
export type CountdownDistance =
  { kind: 'out' } | { kind: 'tomorrow' } | { kind: 'minute' | 'hour' | 'day'; count: number };

export function countdownDistance(
  release: DateTime,
  now: DateTime,
  zone: string,
): CountdownDistance {
  const ms = release.toMillis() - now.toMillis();
  if (ms <= 0) return { kind: 'out' };
  const { unit, count } = relativeCount(ms);
  if (unit === 'day' && count === 1 && calendarDaysBetween(now, release, zone) === 1)
    return { kind: 'tomorrow' };
  return { kind: unit, count };
}

/** `countdownDistance` in English words: "out now", "tomorrow", "in 40 minutes", "in 3 days". */
export function countdownWords(release: DateTime, now: DateTime, zone: string): string {
  const distance = countdownDistance(release, now, zone);
  if (distance.kind === 'out') return 'out now';
  if (distance.kind === 'tomorrow') return 'tomorrow';
  return `in ${plural(distance.count, distance.kind)}`;
}
