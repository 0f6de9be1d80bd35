import type { SlashCommand } from '../src/discord/command.ts';
import { synopsisEmbed } from '../src/discord/embeds.ts';
import { titleAutocomplete, titleOption } from './options.ts';

export default {
  data: {
    name: 'synopsis',
    description: 'What a film is about',
    options: [titleOption],
  },
  async execute(interaction, { catalogue, clock }) {
    const film = catalogue.resolve(interaction.options.getString('title', true));
    await interaction.reply({ embeds: [synopsisEmbed(film, clock.now())] });
  },
  autocomplete: titleAutocomplete,
} satisfies SlashCommand;
