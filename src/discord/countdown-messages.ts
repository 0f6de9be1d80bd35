import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { countdownHeadlineIn } from '../domain/i18n/countdown-text.ts';
import {
  directorIn,
  disambiguationIn,
  genresIn,
  runtimeIn,
  whereIn,
} from '../domain/i18n/film-words.ts';
import type { Translate } from '../domain/i18n/index.ts';
import type { CountdownMessageInput, CountdownRenderer } from '../scheduler/countdowns/index.ts';
import { customId } from './command.ts';
import { dateTimeWithRelative } from '../domain/markup.ts';
import { discordMarkup } from './format.ts';
import { fitEmbed, titleWithOriginalIn } from './embeds.ts';

/** Discord's embed colour for countdowns: a stage-curtain red. */
const COUNTDOWN_COLOUR = 0xb3122d;

/**
 * A countdown post (or the live message): the headline in words with a relative timestamp, the
 * film's poster-free card, and buttons for a reminder and the details, both answered privately.
 * At release it becomes the "out now" post, where a reminder no longer makes sense. Written in the
 * server's language (`input.locale`); the timestamps show in each reader's own zone and language.
 */
export const createCountdownRenderer =
  (t: Translate): CountdownRenderer =>
  (input: CountdownMessageInput) => {
    const { film, release, now, zone, locale } = input;
    const out = now >= release;
    const where = whereIn(film, locale, t);
    const note = disambiguationIn(film, locale, now);
    // A plain embed brought within Discord's limits by fitEmbed: EmbedBuilder would throw on a
    // film whose title is longer than an embed title may be, and the post would never go out.
    const embed = fitEmbed({
      color: COUNTDOWN_COLOUR,
      title: t(locale, 'film.heading', {
        title: titleWithOriginalIn(film, { locale, t }),
        year: film.year,
      }),
      description: (locale === 'en' ? undefined : film.ko?.synopsis?.short) ?? film.synopsis.short,
      fields: [
        {
          name: t(locale, out ? 'countdown.outNowField' : 'countdown.onField', { where }),
          value: dateTimeWithRelative(discordMarkup, release),
        },
        { name: t(locale, 'countdown.directedBy'), value: directorIn(film, locale), inline: true },
        {
          name: t(locale, 'film.runtime'),
          value: runtimeIn(film.runtimeMinutes, locale, t),
          inline: true,
        },
        { name: t(locale, 'film.genre'), value: genresIn(film, locale).join(' · '), inline: true },
      ],
      ...(note === undefined ? {} : { footer: { text: note } }),
    });

    const buttons = [
      ...(out
        ? []
        : [
            new ButtonBuilder()
              .setCustomId(customId('remindme', 'add', film.id))
              .setLabel(t(locale, 'film.buttonRemind'))
              .setStyle(ButtonStyle.Primary),
          ]),
      new ButtonBuilder()
        .setCustomId(customId('film', 'details', film.id))
        .setLabel(t(locale, 'film.buttonDetails'))
        .setStyle(ButtonStyle.Secondary),
    ];

    return {
      content: countdownHeadlineIn(film, release, now, zone, locale, t, discordMarkup),
      embeds: [embed],
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON()],
      mentionUserIds: [],
    };
  };
