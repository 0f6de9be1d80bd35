import type { DateTime } from 'luxon';
import { countdownDistance } from '../countdown.ts';
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
 * calendar date in `zone` (the countdown's own zone), as `countdownDistance` decides.
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
  const distance = countdownDistance(release, now, zone);
  if (distance.kind === 'out') return t(locale, 'countdown.outNow', vars);
  if (distance.kind === 'tomorrow') return t(locale, 'countdown.tomorrow', vars);
  return t(locale, KEY[distance.kind], { ...vars, count: distance.count });
}
