import type { DateTime } from 'luxon';

/**
 * How instants, users and channels are written in a message for the reader: the one port for
 * Discord markup. The domain decides which style goes where; the Discord adapter
 * (src/discord/format.ts, with discord.js's `time()`, `userMention()`, `channelMention()`)
 * renders it: `<t:…>` timestamps, which every client shows in the reader's own time zone, and
 * mentions. Domain text takes it as a parameter, so the domain never spells Discord's syntax.
 */
export interface Markup {
  /** Full date and time, e.g. "Friday, 6 October 2023 08:00" (Discord style F). */
  dateTime(instant: DateTime): string;
  /** Date and time, shorter, e.g. "6 October 2023 08:00" (Discord style f). */
  shortDateTime(instant: DateTime): string;
  /** Relative to the reader's now, e.g. "in 2 days" (Discord style R). */
  relative(instant: DateTime): string;
  /** The date alone, e.g. "6 October 2023" (Discord style D). */
  date(instant: DateTime): string;
  /** A mention of a user by id (snowflake). */
  user(userId: string): string;
  /** A link to a channel by id (snowflake). */
  channel(channelId: string): string;
}

/** "<F> (<R>)": an instant with how far away it is. */
export const dateTimeWithRelative = (markup: Markup, instant: DateTime): string =>
  `${markup.dateTime(instant)} (${markup.relative(instant)})`;
