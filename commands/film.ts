import { MessageFlags, type APIEmbed } from 'discord.js';
import type { Services, SlashCommand } from '../src/discord/command.ts';
import type { Film } from '../src/domain/film.ts';
import {
  castEmbed,
  filmOverviewComponents,
  filmOverviewEmbed,
  readerOf,
  synopsisEmbed,
  type Reader,
} from '../src/discord/embeds.ts';
import { filmFromButton, titleAutocomplete, titleOption } from './options.ts';

/**
 * The overview as of now, with the release as stored (an owner may have moved it). A store that
 * does not answer does not stop /film: the film's facts are in its file, and the date shown is
 * the last one known, with a note saying so (rather than no answer at all).
 */
const overview = async (
  film: Film,
  { clock, releases }: Services,
  reader: Reader,
): Promise<{ embeds: APIEmbed[]; content?: string }> => {
  const shown = await releases.releaseToShow(film.id);
  return {
    embeds: [filmOverviewEmbed(film, clock.now(), shown.release, reader)],
    ...(shown.stale === undefined
      ? {}
      : { content: reader.t(reader.locale, 'interaction.releaseMayBeStale') }),
  };
};

/**
 * /film: the overview, with buttons. Button replies are private: the message belongs to whoever ran
 * /film, and a click should not post a second copy into the channel for everyone.
 */
export default {
  data: {
    name: 'film',
    description: 'A film at a glance: director, runtime, genre, release time, synopsis and cast',
    options: [titleOption],
  },
  async execute(interaction, services) {
    const film = services.catalogue.resolve(interaction.options.getString('title', true));
    const reader = readerOf(interaction, services.t);
    await interaction.reply({
      ...(await overview(film, services, reader)),
      components: filmOverviewComponents(film, reader),
    });
  },
  autocomplete: titleAutocomplete,
  buttons: {
    async cast(interaction, [id], { catalogue, clock, t }) {
      const film = filmFromButton(catalogue, id);
      await interaction.reply({
        embeds: [castEmbed(film, readerOf(interaction, t), clock.now())],
        flags: MessageFlags.Ephemeral,
      });
    },
    async synopsis(interaction, [id], { catalogue, clock, t }) {
      const film = filmFromButton(catalogue, id);
      await interaction.reply({
        embeds: [synopsisEmbed(film, readerOf(interaction, t), clock.now())],
        flags: MessageFlags.Ephemeral,
      });
    },
    /** The overview, privately: the "Details" button under countdown posts. */
    async details(interaction, [id], services) {
      const film = filmFromButton(services.catalogue, id);
      const reader = readerOf(interaction, services.t);
      await interaction.reply({
        ...(await overview(film, services, reader)),
        components: filmOverviewComponents(film, reader),
        flags: MessageFlags.Ephemeral,
      });
    },
  },
} satisfies SlashCommand;
