import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.ts';
import { askAnswerEmbed } from '../src/discord/embeds.ts';
import { discordMarkup } from '../src/discord/format.ts';
import { answerQuestion, MAX_QUESTION_LENGTH } from '../src/domain/ask.ts';
import { localeOf } from '../src/domain/i18n/index.ts';
import { optionalTitleOption, titleAutocomplete } from './options.ts';

/** /ask: a free-text question answered from the film data only; "I don't know" goes privately. */
export default {
  data: {
    name: 'ask',
    description: 'Ask about a film: "who plays Choi?", "how long is it?", "when is it on Netflix?"',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'Your question, e.g. "who directed it?"',
        required: true,
        max_length: MAX_QUESTION_LENGTH,
      },
      optionalTitleOption,
    ],
  },
  async execute(interaction, { catalogue, clock, releases, t }) {
    const question = interaction.options.getString('question', true);
    const answer = await answerQuestion(question, {
      catalogue,
      now: clock.now(),
      title: interaction.options.getString('title'),
      releaseOf: (film) => releases.releaseOf(film.id),
      format: discordMarkup,
      locale: localeOf(interaction.locale),
      t,
    });
    await interaction.reply({
      embeds: [askAnswerEmbed(question, answer)],
      ...(answer.answered ? {} : { flags: MessageFlags.Ephemeral }),
    });
  },
  autocomplete: titleAutocomplete,
} satisfies SlashCommand;
