import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  PermissionsBitField,
  type APIApplicationCommandChannelOption,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { DateTime } from 'luxon';
import type { Services, SlashCommand } from '../src/discord/command.ts';
import {
  botPermissionsIn,
  mayCreateEvents,
  memberMay,
  missingCountdownPermissions,
  missingCountdownPermissionsIn,
} from '../src/discord/countdown-permissions.ts';
import {
  countdownStatusEmbed,
  countdownStatusField,
  scheduleText,
} from '../src/discord/countdown-status.ts';
import { discordErrorFields } from '../src/discord/discord-error.ts';
import type { CountdownStyle } from '../src/domain/countdown.ts';
import { UserError, type Localized } from '../src/domain/errors.ts';
import { listIn, titleIn, whereIn } from '../src/domain/i18n/film-words.ts';
import { localeOf, type Translate } from '../src/domain/i18n/index.ts';
import { readerOf, type Reader } from '../src/discord/embeds.ts';
import { MAX_CHOICES, titleChoices, titleOption } from './options.ts';
import { searchZones, utcOffsetLabel, zoneRefusalError } from '../src/domain/zones.ts';
import { MAX_COUNTDOWNS_PER_GUILD } from '../src/domain/countdown-record.ts';
import { createReleaseEvent } from '../src/discord/release-event.ts';
import { discordMarkup } from '../src/discord/format.ts';
import { dateTimeWithRelative } from '../src/domain/markup.ts';

const full = (at: DateTime) => dateTimeWithRelative(discordMarkup, at);
const ephemeral = MessageFlags.Ephemeral;

/** The server's language: what its scheduled event is written in (countdown posts use the same rule). */
const serverReader = (
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  t: Translate,
): Reader => ({ locale: localeOf(interaction.guildLocale), t });

async function start(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  { catalogue, clock, countdowns, logger, t }: Services,
): Promise<void> {
  const reader = readerOf(interaction, t);
  const { locale } = reader;
  const film = catalogue.resolve(interaction.options.getString('title', true));
  const title = titleIn(film, locale);
  const channel = interaction.options.getChannel('channel', true);
  const channelMention = discordMarkup.channel(channel.id);
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    throw new UserError({
      key: 'countdownCommand.notTextChannel',
      vars: { channel: channelMention },
    });
  }

  const planned = await countdowns.plan({
    guildId: interaction.guildId,
    channelId: channel.id,
    film,
    time: interaction.options.getString('time'),
    zone: interaction.options.getString('timezone'),
    style: interaction.options.getString('style') as CountdownStyle | null,
  });
  if (planned.kind === 'bad_time') {
    throw new UserError(
      { key: 'countdownCommand.badTime', vars: { input: planned.input.slice(0, 20) } },
      [{ key: 'countdownCommand.badTimeHint' }],
    );
  }
  if (planned.kind === 'bad_zone') throw zoneRefusalError(planned.refusal);

  const permissions = await botPermissionsIn(interaction, channel.id);
  const granted = permissions ? permissions.channel : new PermissionsBitField();
  const missing = missingCountdownPermissions(granted);
  if (!permissions || missing.length > 0) {
    // Permission names as the reader's Discord settings show them; the log keeps the English ones.
    const names: Localized = (l, tr) =>
      missingCountdownPermissionsIn(granted, { locale: l, t: tr }).join(', ');
    throw new UserError(
      {
        key: 'countdownCommand.missingPermissions',
        vars: { channel: channelMention, permissions: names },
      },
      [{ key: 'countdownCommand.missingPermissionsHint', vars: { permissions: names } }],
    );
  }

  const outcome = await countdowns.start(planned.plan, interaction.user.id);
  switch (outcome.kind) {
    case 'out_now':
      throw new UserError({
        key: 'countdownCommand.outNow',
        vars: { title, where: whereIn(film, locale, t), release: full(outcome.release) },
      });
    case 'already_active':
      throw new UserError(
        {
          key: 'countdownCommand.alreadyActive',
          vars: {
            channel: channelMention,
            title,
            schedule: (l, tr) => scheduleText(outcome.countdown, clock.now(), { locale: l, t: tr }),
          },
        },
        [{ key: 'countdownCommand.alreadyActiveHint' }],
      );
    case 'stopped_meanwhile':
      throw new UserError({ key: 'countdownCommand.stoppedMeanwhile' });
    case 'full':
      throw new UserError(
        {
          key: 'countdownCommand.full',
          vars: { running: outcome.running.length, max: MAX_COUNTDOWNS_PER_GUILD },
        },
        [
          {
            key: 'countdownCommand.fullHint',
            vars: {
              channels: outcome.running.map((c) => discordMarkup.channel(c.channelId)).join(', '),
            },
          },
        ],
      );
    case 'exists':
      throw new UserError(
        { key: 'countdownCommand.exists', vars: { channel: channelMention, title } },
        [{ key: 'countdownCommand.existsHint' }],
      );
  }

  const { countdown, release, firstPost } = outcome;
  const now = clock.now();
  const lines = [
    t(
      locale,
      outcome.kind === 'resumed' ? 'countdownCommand.resumed' : 'countdownCommand.started',
      {
        title,
        channel: channelMention,
        schedule: scheduleText(countdown, now, reader),
      },
    ),
    countdown.style === 'post' && firstPost
      ? t(locale, 'countdownCommand.firstPost', { at: full(firstPost) })
      : t(locale, 'countdownCommand.liveSoon'),
    t(locale, 'countdownCommand.release', {
      release: full(release),
      where: whereIn(film, locale, t),
    }),
  ];
  if (planned.plan.zoneFrom !== undefined) {
    lines.push(
      t(
        locale,
        planned.plan.zoneFrom === 'server'
          ? 'countdownCommand.zoneFromServer'
          : 'countdownCommand.zoneDefault',
        { zone: countdown.zone },
      ),
    );
  }

  if (interaction.options.getBoolean('event') !== true) {
    await interaction.reply({ content: lines.join('\n'), flags: ephemeral });
    return;
  }
  if (!mayCreateEvents(permissions.guild)) {
    lines.push(t(locale, 'countdownCommand.eventNeedsPermission'));
    await interaction.reply({ content: lines.join('\n'), flags: ephemeral });
    return;
  }
  if (countdown.eventId !== undefined) {
    lines.push(t(locale, 'countdownCommand.eventExists'));
    await interaction.reply({ content: lines.join('\n'), flags: ephemeral });
    return;
  }
  // Creating the event is a REST call that may take a moment: answer Discord within its 3 seconds first.
  await interaction.deferReply({ flags: ephemeral });
  try {
    const event = await createReleaseEvent(
      interaction,
      film,
      release,
      clock.now(),
      serverReader(interaction, t),
    );
    await countdowns.recordEvent(countdown.id, event.id, release);
    lines.push(t(locale, 'countdownCommand.eventAdded', { url: event.url }));
  } catch (err) {
    logger.warn(
      { err, guildId: interaction.guildId, ...discordErrorFields(err) },
      'could not create the release event',
    );
    lines.push(t(locale, 'countdownCommand.eventRefused'));
  }
  await interaction.editReply({ content: lines.join('\n') });
}

async function stop(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  { countdowns, catalogue, t }: Services,
): Promise<void> {
  const { locale } = readerOf(interaction, t);
  const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  const removed = await countdowns.stop(interaction.guildId, channelId);
  if (removed === undefined) {
    throw new UserError(
      { key: 'countdownCommand.noCountdown', vars: { channel: discordMarkup.channel(channelId) } },
      [{ key: 'countdownCommand.noCountdownHint' }],
    );
  }
  const titles = removed.map((c) => {
    const film = catalogue.get(c.filmId);
    return t(locale, 'countdownCommand.stoppedTitle', {
      title: film ? titleIn(film, locale) : c.filmId,
    });
  });
  await interaction.reply({
    content: t(locale, 'countdownCommand.stopped', {
      titles: listIn(locale, titles),
      channel: discordMarkup.channel(channelId),
    }),
    flags: ephemeral,
  });
}

async function status(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  { countdowns, clock, t }: Services,
): Promise<void> {
  const reader = readerOf(interaction, t);
  const list = await countdowns.list(interaction.guildId);
  if (list.length === 0) {
    await interaction.reply({
      content: t(reader.locale, 'countdownCommand.noneYet'),
      flags: ephemeral,
    });
    return;
  }
  const now = clock.now();
  const fields = list.map(({ countdown, film, release }) =>
    countdownStatusField(countdown, film, release, now, reader),
  );
  await interaction.reply({
    embeds: [countdownStatusEmbed(fields, interaction.guild?.name, reader)],
    flags: ephemeral,
  });
}

const channelOption: APIApplicationCommandChannelOption = {
  type: ApplicationCommandOptionType.Channel,
  name: 'channel',
  description: 'The text channel for the countdown posts',
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
};

/**
 * /countdown: a server's automatic countdown posts. Registered for Manage Server only, and checked
 * again when run (server admins can change who sees the command). Replies are private: they are
 * settings, not announcements.
 */
export default {
  data: {
    name: 'countdown',
    description: 'Automatic countdown posts in a channel of this server (needs Manage Server)',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'start',
        description: 'Start a countdown to a film in a channel',
        options: [
          { ...channelOption, required: true },
          titleOption,
          {
            type: ApplicationCommandOptionType.String,
            name: 'time',
            description: 'Time of the daily post, 24-hour HH:MM (default 09:00)',
            min_length: 4,
            max_length: 5,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'timezone',
            description:
              'Time zone of that time, e.g. Europe/London (default: this server’s, else London)',
            autocomplete: true,
            max_length: 64,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'style',
            description: 'A new post each day, or one live message kept up to date',
            choices: [
              { name: 'post: a new post each day', value: 'post' },
              { name: 'live: one message I keep editing', value: 'live' },
            ],
          },
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'event',
            description: 'Also add a server event for the release (needs Manage Events)',
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'stop',
        description: 'Stop the countdown in a channel',
        options: [{ ...channelOption, description: 'The channel (default: this one)' }],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'status',
        description: 'This server’s countdowns: schedule, next post, last result',
      },
    ],
  },

  async execute(interaction, services) {
    if (!interaction.inGuild()) {
      throw new UserError({ key: 'countdownCommand.outsideServer' });
    }
    if (!memberMay(interaction, PermissionFlagsBits.ManageGuild)) {
      throw new UserError({ key: 'countdownCommand.notManager' });
    }
    switch (interaction.options.getSubcommand(true)) {
      case 'start':
        return start(interaction, services);
      case 'stop':
        return stop(interaction, services);
      case 'status':
        return status(interaction, services);
      default:
        throw new UserError({ key: 'countdownCommand.unknownSubcommand' });
    }
  },

  async autocomplete(interaction, { catalogue, clock }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') {
      const now = clock.now();
      await interaction.respond(
        searchZones(focused.value, MAX_CHOICES).map((zone) => ({
          name: `${zone.replace(/_/g, ' ')} · ${utcOffsetLabel(zone, now)}`.slice(0, 100),
          value: zone,
        })),
      );
      return;
    }
    await interaction.respond(titleChoices(catalogue, focused.value));
  },
} satisfies SlashCommand;
