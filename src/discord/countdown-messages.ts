import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { countdownHeadline } from '../domain/countdown.ts';
import { formatRuntime, genresText, titleWithOriginal, whereToWatch } from '../domain/film-text.ts';
import type { CountdownMessageInput, CountdownRenderer } from '../scheduler/countdowns/index.ts';
import { customId } from './command.ts';
import { dateTimeWithRelative } from '../domain/markup.ts';
import { discordMarkup } from './format.ts';
import { fitEmbed } from './embeds.ts';
import { disambiguationIn } from '../domain/i18n/film-words.ts';

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
  const note = disambiguationIn(film, 'en', now);
  // A plain embed brought within Discord's limits by fitEmbed: EmbedBuilder would throw on a
  // film whose title is longer than an embed title may be, and the post would never go out.
  const embed = fitEmbed({
    color: COUNTDOWN_COLOUR,
    title: `${titleWithOriginal(film)} · ${film.year}`,
    description: film.synopsis.short,
    fields: [
      {
        name: out ? `Out now on ${whereToWatch(film)}` : `On ${whereToWatch(film)}`,
        value: dateTimeWithRelative(discordMarkup, release),
      },
      { name: 'Directed by', value: film.director.name, inline: true },
      { name: 'Runtime', value: formatRuntime(film.runtimeMinutes), inline: true },
      { name: 'Genre', value: genresText(film), inline: true },
    ],
    ...(note === undefined ? {} : { footer: { text: note } }),
  });

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
    embeds: [embed],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON()],
    mentionUserIds: [],
  };
};
