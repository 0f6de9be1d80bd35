import type { DateTime } from 'luxon';
import { calendarDaysBetween } from '../zones.ts';
import { relativeCount } from '../countdown.ts';
import type { Markup } from '../markup.ts';
import type { Film } from '../film.ts';
import { titleIn, whereIn } from './film-words.ts';
import type { Locale, Translate } from './index.ts';

const KEY = {
  minute: 'countdown.minutes',
  hour: 'countdown.hours',
  day: 'countdown.days',
} as const;

/**
 * The headline of a countdown post in `locale`: "Ballerina lands on Netflix (UK) in 3 days
 * (<t:…:R>)", "〈발레리나〉 3일 후 넷플릭스(영국) 공개 (<t:…:R>)", or the "out now" line at release.
 * The count and unit are `relativeCount`'s (those of the relative timestamp beside them), chosen
 * per language by i18next's plural rules; "tomorrow" only when the release falls on the next
 * calendar date in `zone` (the countdown's own zone), as `countdownWords` decides.
 */
export function countdownHeadlineIn(
  film: Film,
  release: DateTime,
  now: DateTime,
  zone: string,
  locale: Locale,
  t: Translate,
  markup: Pick<Markup, 'relative'>,
): string {
  const vars = {
    title: titleIn(film, locale),
    where: whereIn(film, locale, t),
    relative: markup.relative(release),
  };
  const ms = release.toMillis() - now.toMillis();
  if (ms <= 0) return t(locale, 'countdown.outNow', vars);
  const { unit, count } = relativeCount(ms);
  if (unit === 'day' && count === 1 && calendarDaysBetween(now, release, zone) === 1)
    return t(locale, 'countdown.tomorrow', vars);
  return t(locale, KEY[unit], { ...vars, count });
}
