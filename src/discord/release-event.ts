import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type ChatInputCommandInteraction,
  type GuildScheduledEvent,
} from 'discord.js';
import type { DateTime } from 'luxon';
import type { Film } from '../domain/film.ts';
import {
  disambiguationIn,
  filmLabelIn,
  shortSynopsisIn,
  whereIn,
} from '../domain/i18n/film-words.ts';
import type { Reader } from './embeds.ts';

/**
 * Create the server's scheduled event for a film's release (`/countdown start event:true`): an
 * external event from the release for the film's runtime, private to the server. Throws what
 * discord.js throws (DiscordAPIError when Discord refuses it). `now` decides how the John Wick
 * note in its description reads. Everyone in the server sees the event, so its name, place and
 * description are in the server's language (`reader`: the guild's preferred locale, as for
 * countdown posts), not the language of the admin who ran the command.
 */
export async function createReleaseEvent(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  film: Film,
  release: DateTime,
  now: DateTime,
  { locale, t }: Reader,
): Promise<GuildScheduledEvent> {
  const guild = interaction.guild ?? (await interaction.client.guilds.fetch(interaction.guildId));
  return guild.scheduledEvents.create({
    name: t(locale, 'countdownCommand.eventName', {
      film: filmLabelIn(film, locale, t),
      where: whereIn(film, locale, t),
    }).slice(0, 100),
    scheduledStartTime: release.toJSDate(),
    scheduledEndTime: release.plus({ minutes: film.runtimeMinutes }).toJSDate(),
    privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
    entityType: GuildScheduledEventEntityType.External,
    entityMetadata: { location: whereIn(film, locale, t) },
    description: [shortSynopsisIn(film, locale), disambiguationIn(film, locale, now)]
      .filter(Boolean)
      .join('\n\n')
      .slice(0, 1000),
    reason: `Countdown started by ${interaction.user.id}`,
  });
}
