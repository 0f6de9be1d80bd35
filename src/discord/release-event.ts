import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type ChatInputCommandInteraction,
  type GuildScheduledEvent,
} from 'discord.js';
import type { DateTime } from 'luxon';
import type { Film } from '../domain/film.ts';
import { whereToWatch } from '../domain/film-text.ts';
import { disambiguationIn } from '../domain/i18n/film-words.ts';

/**
 * Create the server's scheduled event for a film's release (`/countdown start event:true`): an
 * external event from the release for the film's runtime, private to the server. Throws what
 * discord.js throws (DiscordAPIError when Discord refuses it). `now` decides how the John Wick
 * note in its description reads.
 */
export async function createReleaseEvent(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  film: Film,
  release: DateTime,
  now: DateTime,
): Promise<GuildScheduledEvent> {
  const guild = interaction.guild ?? (await interaction.client.guilds.fetch(interaction.guildId));
  return guild.scheduledEvents.create({
    name: `${film.title} (${film.year}) on ${whereToWatch(film)}`.slice(0, 100),
    scheduledStartTime: release.toJSDate(),
    scheduledEndTime: release.plus({ minutes: film.runtimeMinutes }).toJSDate(),
    privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
    entityType: GuildScheduledEventEntityType.External,
    entityMetadata: { location: whereToWatch(film) },
    description: [film.synopsis.short, disambiguationIn(film, 'en', now)]
      .filter(Boolean)
      .join('\n\n')
      .slice(0, 1000),
    reason: `Countdown started by ${interaction.user.id}`,
  });
}
