import type { DateTime } from 'luxon';
import { scheduleView, type ScheduleView } from '../../domain/countdown.ts';
import type { Film } from '../../domain/film.ts';
import type { Countdown } from '../../domain/countdown-record.ts';
import type { OutgoingMessage } from '../notifier.ts';
import type { CountdownRenderer } from './state.ts';
import type { Locale } from '../../domain/i18n/index.ts';

/**
 * What one run shares across countdowns: the release of each film, read once per run (so
 * `/release set` re-plans everything), and the schedule views and rendered messages, which are
 * the same for every countdown with the same settings.
 */
export interface RunContext {
  now: DateTime;
  release(filmId: string): Promise<DateTime | undefined>;
  view(c: Countdown, release: DateTime): ScheduleView;
  message(c: Countdown, film: Film, release: DateTime): Omit<OutgoingMessage, 'nonce'>;
}

export function createRunContext(
  now: DateTime,
  releaseOf: (filmId: string) => Promise<DateTime | undefined>,
  render: CountdownRenderer,
  guildLocale: (guildId: string) => Locale = () => 'en',
): RunContext {
  const releaseByFilm = new Map<string, Promise<DateTime | undefined>>();
  const views = new Map<string, ScheduleView>();
  const messages = new Map<string, Omit<OutgoingMessage, 'nonce'>>();
  return {
    now,
    release(filmId) {
      let release = releaseByFilm.get(filmId);
      if (!release) releaseByFilm.set(filmId, (release = releaseOf(filmId)));
      return release;
    },
    view(c, release) {
      const key = `${c.style}|${c.time}|${c.zone}|${release.toMillis()}`;
      let view = views.get(key);
      if (!view)
        views.set(
          key,
          (view = scheduleView(c.style, { time: c.time, zone: c.zone }, release, now)),
        );
      return view;
    },
    message(c, film, release) {
      const locale = guildLocale(c.guildId);
      const key = `${film.id}|${release.toMillis()}|${c.zone}|${c.style}|${locale}`;
      let message = messages.get(key);
      if (!message)
        messages.set(
          key,
          (message = render({ film, release, now, zone: c.zone, style: c.style, locale })),
        );
      return message;
    },
  };
}
