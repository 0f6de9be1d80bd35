import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
} from 'discord.js';
import type { Services } from '../src/discord/command.ts';
import type { Catalogue } from '../src/domain/catalogue.ts';
import { UserError } from '../src/domain/errors.ts';
import type { Film } from '../src/domain/film.ts';
import { localeOf, type Locale } from '../src/domain/i18n/index.ts';

/** Discord's cap on autocomplete choices, and on a choice's name and value. */
export const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

/** The `title` option every film command shares: autocompleted, and a typed title resolves too. */
export const titleOption = {
  type: ApplicationCommandOptionType.String,
  name: 'title',
  description: 'The film: start typing and pick one, or type its title',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const satisfies APIApplicationCommandBasicOption;

/** The same option where a command can guess the film itself (/ask). */
export const optionalTitleOption = {
  ...titleOption,
  required: false,
} as const satisfies APIApplicationCommandBasicOption;

/** Autocomplete choices for a partly typed title: the film id as value, a readable label as name. */
export function titleChoices(
  catalogue: Catalogue,
  typed: string,
  locale: Locale = 'en',
): APIApplicationCommandOptionChoice<string>[] {
  return catalogue.suggest(typed, MAX_CHOICES, locale).map(({ film, label }) => ({
    name: label.slice(0, MAX_CHOICE_LENGTH),
    value: film.id.slice(0, MAX_CHOICE_LENGTH),
  }));
}

/**
 * The autocomplete handler for any command whose only autocompleted option is `title`.
 * Pure in-memory work, so it answers well inside Discord's 3-second window.
 */
export async function titleAutocomplete(
  interaction: AutocompleteInteraction,
  { catalogue }: Pick<Services, 'catalogue'>,
): Promise<void> {
  await interaction.respond(
    titleChoices(catalogue, interaction.options.getFocused(), localeOf(interaction.locale)),
  );
}

/** The film a button's custom id names; the film may have left the catalogue since the message was sent. */
export function filmFromButton(catalogue: Catalogue, id: string | undefined): Film {
  const film = id === undefined ? undefined : catalogue.get(id);
  if (film === undefined) {
    throw new UserError({ key: 'interaction.filmGone' });
  }
  return film;
}
