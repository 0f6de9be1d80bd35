import { ApplicationCommandOptionType, type APIApplicationCommandOptionChoice } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.ts';
import { castEmbed, personEmbed, readerOf } from '../src/discord/embeds.ts';
import { MAX_QUERY_LENGTH, type Catalogue } from '../src/domain/catalogue.ts';
import { UserError, type Localized } from '../src/domain/errors.ts';
import type { CastMember, Film } from '../src/domain/film.ts';
import {
  actorIn,
  characterIn,
  directorIn,
  directorRoleIn,
  filmLabelIn,
} from '../src/domain/i18n/film-words.ts';
import { localeOf, type Locale, type Translate } from '../src/domain/i18n/index.ts';
import { cleanText, personQueryKey, quoteUserText } from '../src/domain/names.ts';
import { MAX_CHOICES, titleChoices, titleOption } from './options.ts';

/** At most this many people in one reply: a name matching more than that is too vague anyway. */
const MAX_PEOPLE_SHOWN = 3;

/** The cast as suggestions under an error, in the reader's language: "Jeon Jong-seo as Jang Ok-ju". */
const castSuggestions = (film: Film): Localized[] =>
  film.cast.map(
    (m) => (locale, t) =>
      t(locale, 'castEmbed.castLine', {
        actor: actorIn(m, locale),
        character: characterIn(m, locale),
      }),
  );

/** Every name /cast person understands for a film: actors, characters and the director. */
function personChoices(
  catalogue: Catalogue,
  titleValue: string | null,
  typed: string,
  locale: Locale,
  t: Translate,
): APIApplicationCommandOptionChoice<string>[] {
  let film: Film;
  try {
    film = catalogue.resolve(titleValue ?? '');
  } catch {
    // No film chosen yet, or an unknown one: nothing sensible to offer.
    return [];
  }
  const vars = (m: CastMember) => ({
    actor: actorIn(m, locale),
    character: characterIn(m, locale),
  });
  const all = [
    ...film.cast.flatMap((m) => [
      { name: t(locale, 'cast.choiceActor', vars(m)), value: m.actor.name },
      { name: t(locale, 'cast.choiceCharacter', vars(m)), value: m.character.name },
    ]),
    {
      name: t(locale, 'cast.choiceDirector', {
        director: directorIn(film, locale),
        role: directorRoleIn(film, locale),
      }),
      value: film.director.name,
    },
  ];
  const key = personQueryKey(typed);
  const shown =
    key === ''
      ? all
      : all.filter(
          (c) =>
            personQueryKey(c.value).includes(key) ||
            personQueryKey(c.name).includes(key) ||
            catalogue
              .findPeople(film, typed)
              .some((p) =>
                p.kind === 'director'
                  ? p.director.name === c.value
                  : c.value === (p.via === 'actor' ? p.member.actor.name : p.member.character.name),
              ),
        );
  return shown
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) }));
}

export default {
  data: {
    name: 'cast',
    description: 'Who plays whom in a film, and what else they were in',
    options: [
      titleOption,
      {
        type: ApplicationCommandOptionType.String,
        name: 'person',
        description: 'One actor or character, in any spelling; leave empty for the whole cast',
        required: false,
        autocomplete: true,
        max_length: 100,
      },
    ],
  },
  async execute(interaction, { catalogue, clock, t }) {
    const film = catalogue.resolve(interaction.options.getString('title', true));
    const person = interaction.options.getString('person');
    const reader = readerOf(interaction, t);
    const label: Localized = (locale, tr) => filmLabelIn(film, locale, tr);
    if (person === null) {
      await interaction.reply({ embeds: [castEmbed(film, reader, clock.now())] });
      return;
    }
    const typed = cleanText(person);
    if (personQueryKey(typed) === '') {
      throw new UserError(
        { key: 'castEmbed.noName', vars: { film: label } },
        castSuggestions(film),
      );
    }
    if (typed.length > MAX_QUERY_LENGTH) {
      throw new UserError(
        { key: 'castEmbed.nameTooLong', vars: { length: typed.length, max: MAX_QUERY_LENGTH } },
        castSuggestions(film),
      );
    }
    const matches = catalogue.findPeople(film, typed);
    if (matches.length === 0) {
      throw new UserError(
        { key: 'castEmbed.unknownPerson', vars: { name: quoteUserText(typed), film: label } },
        castSuggestions(film),
      );
    }
    await interaction.reply({
      embeds: matches
        .slice(0, MAX_PEOPLE_SHOWN)
        .map((m) => personEmbed(film, m, reader, clock.now())),
    });
  },
  async autocomplete(interaction, { catalogue, t }) {
    const focused = interaction.options.getFocused(true);
    const locale = localeOf(interaction.locale);
    await interaction.respond(
      focused.name === 'person'
        ? personChoices(catalogue, interaction.options.getString('title'), focused.value, locale, t)
        : titleChoices(catalogue, focused.value, locale),
    );
  },
} satisfies SlashCommand;
