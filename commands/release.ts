import {
  ApplicationCommandOptionType,
  MessageFlags,
  type APIApplicationCommandOptionChoice,
} from 'discord.js';
import { DateTime } from 'luxon';
import type { SlashCommand } from '../src/discord/command.ts';
import { UserError } from '../src/domain/errors.ts';
import type { Film } from '../src/domain/film.ts';
import { filmLabelIn, whereIn } from '../src/domain/i18n/film-words.ts';
import { readerOf, type Reader } from '../src/discord/embeds.ts';
import {
  parseReleaseInput,
  previousReleaseDateTime,
  releaseDateTime,
  type ReleaseRecord,
} from '../src/domain/release.ts';
import { MAX_CHOICES, titleChoices, titleOption } from './options.ts';
import { searchZones, utcOffsetLabel } from '../src/domain/zones.ts';
import { discordMarkup } from '../src/discord/format.ts';
import { dateTimeWithRelative } from '../src/domain/markup.ts';

const full = (instant: DateTime) => dateTimeWithRelative(discordMarkup, instant);

/** How the instant is stored, spelled out for the owner: local time, zone and offset. */
const stored = (instant: DateTime) => ({
  local: instant.toFormat('yyyy-MM-dd HH:mm'),
  zone: instant.zoneName ?? '',
  offset: utcOffsetLabel(instant.zoneName ?? 'UTC', instant),
});

function showText(record: ReleaseRecord, film: Film, now: DateTime, { locale, t }: Reader): string {
  const release = releaseDateTime(record);
  const vars = {
    film: filmLabelIn(film, locale, t),
    where: whereIn(film, locale, t),
    release: full(release),
  };
  const lines = [
    t(locale, release <= now ? 'releaseCommand.cameOut' : 'releaseCommand.comesOut', vars),
    t(locale, 'releaseCommand.storedAs', stored(release)),
  ];
  const previous = previousReleaseDateTime(record);
  if (previous !== undefined) {
    lines.push(
      t(locale, 'releaseCommand.movedFrom', {
        relative: discordMarkup.relative(DateTime.fromISO(record.updatedAt)),
        previous: discordMarkup.dateTime(previous),
      }),
    );
  }
  return lines.join('\n');
}

export default {
  data: {
    name: 'release',
    description: 'The release instant I use for a film',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'When a film comes out, exactly',
        options: [titleOption],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'set',
        description:
          'Move a release (bot owners only); reminders move with it and subscribers are told',
        options: [
          titleOption,
          {
            type: ApplicationCommandOptionType.String,
            name: 'date',
            description: 'Local date and time: YYYY-MM-DD HH:mm, e.g. 2023-10-06 08:00',
            required: true,
            max_length: 40,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'timezone',
            description: "IANA time zone of that local time (default: the film's release zone)",
            required: false,
            autocomplete: true,
            max_length: 64,
          },
        ],
      },
    ],
  },

  async execute(interaction, { catalogue, releases, config, clock, logger, t }) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'set' && !config.ownerIds.has(interaction.user.id)) {
      // Checked before anything else is read: nothing about the input matters to a refusal.
      throw new UserError({ key: 'releaseCommand.ownersOnly' });
    }
    const reader = readerOf(interaction, t);
    const { locale } = reader;
    const film = catalogue.resolve(interaction.options.getString('title', true));
    const current = await releases.get(film.id);

    if (sub === 'show') {
      await interaction.reply({
        content: showText(current, film, clock.now(), reader),
      });
      return;
    }

    const zone = interaction.options.getString('timezone') ?? current.zone;
    const { instant, ambiguous } = parseReleaseInput(
      interaction.options.getString('date', true),
      zone,
    );
    const moved = await releases.move(film.id, instant, interaction.user.id);
    if (moved.kind === 'unchanged') {
      await interaction.reply({
        content: t(locale, 'releaseCommand.unchanged', {
          film: filmLabelIn(film, locale, t),
          release: full(releaseDateTime(moved.current)),
        }),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const before = releaseDateTime(moved.previous);
    logger.info(
      {
        filmId: film.id,
        from: moved.previous.instant,
        to: moved.current.instant,
        by: interaction.user.id,
      },
      '/release set',
    );
    const lines = [
      t(locale, 'releaseCommand.movedHead', { film: filmLabelIn(film, locale, t) }),
      t(locale, 'releaseCommand.was', { release: full(before) }),
      t(locale, 'releaseCommand.now', { release: full(instant), ...stored(instant) }),
    ];
    if (ambiguous) lines.push(t(locale, 'releaseCommand.ambiguous'));
    lines.push(t(locale, 'releaseCommand.follows'));
    await interaction.reply({ content: lines.join('\n'), flags: MessageFlags.Ephemeral });
  },

  async autocomplete(interaction, { catalogue, clock }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') {
      const now = clock.now();
      const choices: APIApplicationCommandOptionChoice<string>[] = searchZones(
        focused.value,
        MAX_CHOICES,
      ).map((zone) => ({
        name: `${zone.replace(/_/g, ' ')} · ${utcOffsetLabel(zone, now)}`.slice(0, 100),
        value: zone,
      }));
      await interaction.respond(choices);
      return;
    }
    await interaction.respond(titleChoices(catalogue, focused.value));
  },
} satisfies SlashCommand;
