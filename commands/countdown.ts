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
} from '../src/discord/countdown-permissions.ts';
import {
  countdownStatusEmbed,
  countdownStatusField,
  scheduleText,
} from '../src/discord/countdown-status.ts';
import { discordErrorFields } from '../src/discord/discord-error.ts';
import type { CountdownStyle } from '../src/domain/countdown.ts';
import { UserError } from '../src/domain/errors.ts';
import { whereToWatch } from '../src/domain/film-text.ts';
import { MAX_CHOICES, titleChoices, titleOption } from './options.ts';
import { searchZones, utcOffsetLabel, zoneRefusalError } from '../src/domain/zones.ts';
import { MAX_COUNTDOWNS_PER_GUILD } from '../src/domain/countdown-record.ts';
import { createReleaseEvent } from '../src/discord/release-event.ts';
import { discordMarkup } from '../src/discord/format.ts';
import { dateTimeWithRelative } from '../src/domain/markup.ts';

const full = (at: DateTime) => dateTimeWithRelative(discordMarkup, at);
const ephemeral = MessageFlags.Ephemeral;

async function start(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  { catalogue, clock, countdowns, logger }: Services,
): Promise<void> {
  const film = catalogue.resolve(interaction.options.getString('title', true));
  const channel = interaction.options.getChannel('channel', true);
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    throw new UserError(
      `${discordMarkup.channel(channel.id)} is not a text channel: pick a text or announcement channel.`,
    );
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
    throw new UserError(`"${planned.input.slice(0, 20)}" is not a time of day I can read.`, [
      'Use 24-hour HH:MM, for example 09:00 or 18:30.',
    ]);
  }
  if (planned.kind === 'bad_zone') throw zoneRefusalError(planned.refusal);

  const permissions = await botPermissionsIn(interaction, channel.id);
  const missing = permissions
    ? missingCountdownPermissions(permissions.channel)
    : missingCountdownPermissions(new PermissionsBitField());
  if (!permissions || missing.length > 0) {
    throw new UserError(
      `I can't post the countdown in ${discordMarkup.channel(channel.id)}: I'm missing ${missing.join(', ')} there.`,
      [
        `Give my role ${missing.join(', ')} in that channel (Edit Channel → Permissions), then run /countdown start again.`,
      ],
    );
  }

  const outcome = await countdowns.start(planned.plan, interaction.user.id);
  switch (outcome.kind) {
    case 'out_now':
      throw new UserError(
        `${film.title} is already out on ${whereToWatch(film)} (since ${full(outcome.release)}): there is nothing left to count down.`,
      );
    case 'already_active':
      throw new UserError(
        `${discordMarkup.channel(channel.id)} already counts down to ${film.title}: ${scheduleText(outcome.countdown, clock.now())}.`,
        ['To change it, run /countdown stop for that channel first, then start it again.'],
      );
    case 'stopped_meanwhile':
      throw new UserError('That countdown was stopped a moment ago; run the command again.');
    case 'full':
      throw new UserError(
        `This server already has ${outcome.running.length} countdowns running, the most I keep per server (${MAX_COUNTDOWNS_PER_GUILD}).`,
        [
          `Stop one with /countdown stop first: ${outcome.running.map((c) => discordMarkup.channel(c.channelId)).join(', ')}.`,
        ],
      );
    case 'exists':
      throw new UserError(
        `${discordMarkup.channel(channel.id)} already counts down to ${film.title}.`,
        ['/countdown status shows it; /countdown stop ends it.'],
      );
  }

  const { countdown, release, firstPost } = outcome;
  const now = clock.now();
  const lines = [
    `${outcome.kind === 'resumed' ? 'Resumed' : 'Started'} the countdown to **${film.title}** in ${discordMarkup.channel(channel.id)}: ${scheduleText(countdown, now)}.`,
    countdown.style === 'post' && firstPost
      ? `First post: ${full(firstPost)}.`
      : 'The live message appears in a few seconds.',
    `Release: ${full(release)} on ${whereToWatch(film)}.`,
  ];
  if (planned.plan.zoneFrom !== undefined) {
    lines.push(
      planned.plan.zoneFrom === 'server'
        ? `Time zone: ${countdown.zone}, the one this server's other countdowns use; add timezone: to pick another.`
        : `Time zone: ${countdown.zone}, the default; add timezone: to pick another.`,
    );
  }

  if (interaction.options.getBoolean('event') !== true) {
    await interaction.reply({ content: lines.join('\n'), flags: ephemeral });
    return;
  }
  if (!mayCreateEvents(permissions.guild)) {
    lines.push(
      "I couldn't add a server event for the release: I need the Manage Events permission. Grant it and run /countdown start with event:true again.",
    );
    await interaction.reply({ content: lines.join('\n'), flags: ephemeral });
    return;
  }
  if (countdown.eventId !== undefined) {
    lines.push('The server event for the release already exists.');
    await interaction.reply({ content: lines.join('\n'), flags: ephemeral });
    return;
  }
  // Creating the event is a REST call that may take a moment: answer Discord within its 3 seconds first.
  await interaction.deferReply({ flags: ephemeral });
  try {
    const event = await createReleaseEvent(interaction, film, release, clock.now());
    await countdowns.recordEvent(countdown.id, event.id, release);
    lines.push(`Added a server event for the release: ${event.url}`);
  } catch (err) {
    logger.warn(
      { err, guildId: interaction.guildId, ...discordErrorFields(err) },
      'could not create the release event',
    );
    lines.push(
      "I couldn't add a server event for the release: Discord refused it. The countdown itself is running.",
    );
  }
  await interaction.editReply({ content: lines.join('\n') });
}

async function stop(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  { countdowns, catalogue }: Services,
): Promise<void> {
  const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  const removed = await countdowns.stop(interaction.guildId, channelId);
  if (removed === undefined) {
    throw new UserError(`There is no countdown in ${discordMarkup.channel(channelId)}.`, [
      '/countdown status lists this server’s countdowns.',
    ]);
  }
  const stopped = removed.map((c) => catalogue.get(c.filmId)?.title ?? c.filmId);
  await interaction.reply({
    content: `Stopped the countdown to ${stopped.map((t) => `**${t}**`).join(' and ')} in ${discordMarkup.channel(channelId)}. Messages already posted stay.`,
    flags: ephemeral,
  });
}

async function status(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  { countdowns, clock }: Services,
): Promise<void> {
  const list = await countdowns.list(interaction.guildId);
  if (list.length === 0) {
    await interaction.reply({
      content: 'No countdowns in this server yet. Start one with /countdown start.',
      flags: ephemeral,
    });
    return;
  }
  const now = clock.now();
  const fields = list.map(({ countdown, film, release }) =>
    countdownStatusField(countdown, film, release, now),
  );
  await interaction.reply({
    embeds: [countdownStatusEmbed(fields, interaction.guild?.name)],
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
      throw new UserError('Countdowns live in a server channel: run /countdown in a server.');
    }
    if (!memberMay(interaction, PermissionFlagsBits.ManageGuild)) {
      throw new UserError('Only members with the Manage Server permission can manage countdowns.');
    }
    switch (interaction.options.getSubcommand(true)) {
      case 'start':
        return start(interaction, services);
      case 'stop':
        return stop(interaction, services);
      case 'status':
        return status(interaction, services);
      default:
        throw new UserError('Use /countdown start, stop or status.');
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
