import { channelMention, time, TimestampStyles, userMention } from 'discord.js';
import type { DateTime } from 'luxon';
import type { Markup } from '../domain/markup.ts';

const seconds = (instant: DateTime): number => Math.floor(instant.toSeconds());

/**
 * Discord markup with discord.js's own builders: every client renders `<t:…>` in the reader's
 * own time zone and keeps the relative form ("in 2 days") ticking, which no text we could write
 * ourselves would do. The one implementation of the Markup port.
 */
export const discordMarkup: Markup = {
  dateTime: (instant) => time(seconds(instant), TimestampStyles.FullDateShortTime),
  shortDateTime: (instant) => time(seconds(instant), TimestampStyles.LongDateShortTime),
  relative: (instant) => time(seconds(instant), TimestampStyles.RelativeTime),
  date: (instant) => time(seconds(instant), TimestampStyles.LongDate),
  user: (userId) => userMention(userId),
  channel: (channelId) => channelMention(channelId),
};
