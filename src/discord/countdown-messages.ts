import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { countdownHeadline } from '../domain/countdown.ts';
import { formatRuntime, genresText, titleWithOriginal, whereToWatch } from '../domain/film-text.ts';
import type { CountdownMessageInput, CountdownRenderer } from '../scheduler/countdowns/index.ts';
import { customId } from './command.ts';
import { dateTimeWithRelative } from '../domain/markup.ts';
import { discordMarkup } from './format.ts';

/** Discord's embed colour for countdowns: a stage-curtain red. */
const COUNTDOWN_COLOUR = 0xb3122d;

/**
 * A countdown post (or the live message): the headline in words with a relative timestamp, the
 * film's poster-free card, and buttons for a reminder and the details, both answered privately.
 * At release it becomes the "out now" post, where a reminder no longer makes sense.
 */
export const renderCountdownMessage: CountdownRenderer = (input: CountdownMessageInput) => {
  const { film, release, now, zone } = input;
  const out = now >= release;
  const embed = new EmbedBuilder()
    .setColor(COUNTDOWN_COLOUR)
    .setTitle(`${titleWithOriginal(film)} · ${film.year}`)
    .setDescription(film.synopsis.short)
    .addFields(
      {
        name: out ? `Out now on ${whereToWatch(film)}` : `On ${whereToWatch(film)}`,
        value: dateTimeWithRelative(discordMarkup, release),
      },
      { name: 'Directed by', value: film.director.name, inline: true },
      { name: 'Runtime', value: formatRuntime(film.runtimeMinutes), inline: true },
      { name: 'Genre', value: genresText(film), inline: true },
    );
  if (film.disambiguation) embed.setFooter({ text: film.disambiguation.note });

  const buttons = [
    ...(out
      ? []
      : [
          new ButtonBuilder()
            .setCustomId(customId('remindme', 'add', film.id))
            .setLabel('Remind me')
            .setStyle(ButtonStyle.Primary),
        ]),
    new ButtonBuilder()
      .setCustomId(customId('film', 'details', film.id))
      .setLabel('Details')
      .setStyle(ButtonStyle.Secondary),
  ];

  return {
    content: countdownHeadline(film, release, now, zone, discordMarkup),
    embeds: [embed.toJSON()],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON()],
    mentionUserIds: [],
  };
};
