import type { SlashCommand } from '../src/discord/command.ts';
import { readerOf, synopsisEmbed } from '../src/discord/embeds.ts';
import { titleAutocomplete, titleOption } from './options.ts';

export default {
  data: {
    name: 'synopsis',
    description: 'What a film is about',
    options: [titleOption],
  },
  async execute(interaction, { catalogue, clock, t }) {
    const film = catalogue.resolve(interaction.options.getString('title', true));
    await interaction.reply({
      embeds: [synopsisEmbed(film, readerOf(interaction, t), clock.now())],
    });
  },
  autocomplete: titleAutocomplete,
} satisfies SlashCommand;
