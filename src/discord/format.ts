import { time, TimestampStyles } from 'discord.js';
import type { DateTime } from 'luxon';
import type { InstantFormat } from '../domain/film-text.ts';

const seconds = (instant: DateTime): number => Math.floor(instant.toSeconds());

/**
 * Instants as Discord timestamps: every client renders `<t:…>` in the reader's own time zone and
 * keeps the relative form ("in 2 days") ticking, which no text we could write ourselves would do.
 */
export const discordTimestamps: InstantFormat = {
  dateTime: (instant) => time(seconds(instant), TimestampStyles.FullDateShortTime),
  relative: (instant) => time(seconds(instant), TimestampStyles.RelativeTime),
  date: (instant) => time(seconds(instant), TimestampStyles.LongDate),
};
