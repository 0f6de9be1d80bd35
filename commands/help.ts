import { MessageFlags } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.ts';
import { helpEmbed, readerOf } from '../src/discord/embeds.ts';

export default {
  data: {
    name: 'help',
    description: 'What Premiere does, its commands, what it stores and how to delete it',
  },
  async execute(interaction, { catalogue, t }) {
    await interaction.reply({
      embeds: [helpEmbed(catalogue.all(), readerOf(interaction, t))],
      flags: MessageFlags.Ephemeral,
    });
  },
} satisfies SlashCommand;
