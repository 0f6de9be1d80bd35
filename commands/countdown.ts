import {
  ApplicationCommandOptionType,
  ChannelType,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  PermissionsBitField,
  time,
  TimestampStyles,
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
import { nextPostSlot, normaliseDailyTime, type CountdownStyle } from '../src/domain/countdown.ts';
import { UserError } from '../src/domain/errors.ts';
import type { Film } from '../src/domain/film.ts';
import { whereToWatch } from '../src/domain/film-text.ts';
import { MAX_CHOICES, titleChoices, titleOption } from './options.ts';
import { canonicalZone, searchZones, utcOffsetLabel } from '../src/domain/zones.ts';
import {
  countdownId,
  MAX_COUNTDOWNS_PER_GUILD,
  resumeCountdown,
  type Countdown,
} from '../src/domain/countdown-record.ts';
import { releaseDateTime } from '../src/domain/release.ts';

const DEFAULT_TIME = '09:00';
const DEFAULT_ZONE = 'Europe/London';

const full = (at: DateTime) =>
  `${time(Math.floor(at.toSeconds()), TimestampStyles.FullDateShortTime)} (${time(Math.floor(at.toSeconds()), TimestampStyles.RelativeTime)})`;
const ephemeral = MessageFlags.Ephemeral;

async function releaseOf({ countdowns }: Services, film: Film): Promise<DateTime> {
  return releaseDateTime(await countdowns.releases.get(film.id));
}

/** The zone a new countdown uses when none is given: the one this server already counts down in. */
function defaultZone(existing: readonly Countdown[]): string {
  return existing.at(-1)?.zone ?? DEFAULT_ZONE;
}

async function start(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  services: Services,
): Promise<void> {
  const { catalogue, clock, countdowns, logger } = services;
  const film = catalogue.resolve(interaction.options.getString('title', true));
  const channel = interaction.options.getChannel('channel', true);
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    throw new UserError(
      `<#${channel.id}> is not a text channel: pick a text or announcement channel.`,
    );
  }

  const existing = await countdowns.store.listGuild(interaction.guildId);
  const current = existing.find(
    (c) => c.id === countdownId(interaction.guildId, channel.id, film.id),
  );
  // Starting a paused countdown again resumes it: options left out keep their earlier values.
  const rawTime = interaction.options.getString('time') ?? current?.time ?? DEFAULT_TIME;
  const dailyTime = normaliseDailyTime(rawTime);
  if (dailyTime === undefined) {
    throw new UserError(`"${rawTime.slice(0, 20)}" is not a time of day I can read.`, [
      'Use 24-hour HH:MM, for example 09:00 or 18:30.',
    ]);
  }
  const rawZone = interaction.options.getString('timezone');
  const zone = rawZone === null ? (current?.zone ?? defaultZone(existing)) : canonicalZone(rawZone);
  if (zone === undefined) {
    throw new UserError(`"${(rawZone ?? '').slice(0, 60)}" is not a time zone I know.`, [
      'Pick one from the list as you type, e.g. Europe/London, America/New_York or Asia/Seoul.',
    ]);
  }
  const style = (interaction.options.getString('style') ??
    current?.style ??
    'post') as CountdownStyle;

  const permissions = await botPermissionsIn(interaction, channel.id);
  const missing = permissions
    ? missingCountdownPermissions(permissions.channel)
    : missingCountdownPermissions(new PermissionsBitField());
  if (!permissions || missing.length > 0) {
    throw new UserError(
      `I can't post the countdown in <#${channel.id}>: I'm missing ${missing.join(', ')} there.`,
      [
        `Give my role ${missing.join(', ')} in that channel (Edit Channel → Permissions), then run /countdown start again.`,
      ],
    );
  }

  const now = clock.now();
  const release = await releaseOf(services, film);
  if (now >= release) {
    throw new UserError(
      `${film.title} is already out on ${whereToWatch(film)} (since ${full(release)}): there is nothing left to count down.`,
    );
  }

  const id = countdownId(interaction.guildId, channel.id, film.id);
  const settings = { time: dailyTime, zone, style };
  let countdown: Countdown;
  let verb: string;
  if (current?.status === 'active') {
    throw new UserError(
      `<#${channel.id}> already counts down to ${film.title}: ${scheduleText(current, now)}.`,
      ['To change it, run /countdown stop for that channel first, then start it again.'],
    );
  } else if (current?.status === 'paused') {
    const resumed = await countdowns.store.update(id, (c) => resumeCountdown(c, settings, now));
    if (!resumed)
      throw new UserError('That countdown was stopped a moment ago; run the command again.');
    countdown = resumed;
    verb = 'Resumed';
  } else {
    const created = await countdowns.store.create({
      id,
      guildId: interaction.guildId,
      channelId: channel.id,
      filmId: film.id,
      ...settings,
      createdBy: interaction.user.id,
      createdAt: now.toUTC().toISO() ?? '',
      status: 'active',
      ...(style === 'post'
        ? {
            nextSlot:
              nextPostSlot({ time: dailyTime, zone }, release, now)?.at.toUTC().toISO() ??
              undefined,
          }
        : {}),
    });
    if (!created.ok && created.reason === 'full') {
      throw new UserError(
        `This server already has ${created.current.length} countdowns running, the most I keep per server (${MAX_COUNTDOWNS_PER_GUILD}).`,
        [
          `Stop one with /countdown stop first: ${created.current.map((c) => `<#${c.channelId}>`).join(', ')}.`,
        ],
      );
    }
    if (!created.ok) {
      throw new UserError(`<#${channel.id}> already counts down to ${film.title}.`, [
        '/countdown status shows it; /countdown stop ends it.',
      ]);
    }
    countdown = created.countdown;
    verb = 'Started';
  }

  const first =
    style === 'post' ? nextPostSlot({ time: dailyTime, zone }, release, now) : undefined;
  const lines = [
    `${verb} the countdown to **${film.title}** in <#${channel.id}>: ${scheduleText(countdown, now)}.`,
    style === 'post' && first
      ? `First post: ${full(first.at)}.`
      : 'The live message appears in a few seconds.',
    `Release: ${full(release)} on ${whereToWatch(film)}.`,
  ];

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
    const guild = interaction.guild ?? (await interaction.client.guilds.fetch(interaction.guildId));
    const event = await guild.scheduledEvents.create({
      name: `${film.title} (${film.year}) on ${whereToWatch(film)}`.slice(0, 100),
      scheduledStartTime: release.toJSDate(),
      scheduledEndTime: release.plus({ minutes: film.runtimeMinutes }).toJSDate(),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: { location: whereToWatch(film) },
      description: [film.synopsis.short, film.disambiguation?.note]
        .filter(Boolean)
        .join('\n\n')
        .slice(0, 1000),
      reason: `Countdown started by ${interaction.user.id}`,
    });
    await countdowns.store.update(id, (c) => ({
      ...c,
      eventId: event.id,
      eventRelease: release.toUTC().toISO() ?? undefined,
    }));
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
  const inChannel = (await countdowns.store.listGuild(interaction.guildId)).filter(
    (c) => c.channelId === channelId,
  );
  if (inChannel.length === 0) {
    throw new UserError(`There is no countdown in <#${channelId}>.`, [
      '/countdown status lists this server’s countdowns.',
    ]);
  }
  const stopped: string[] = [];
  for (const c of inChannel) {
    const removed = await countdowns.store.remove(c.id);
    if (removed) stopped.push(catalogue.get(removed.filmId)?.title ?? removed.filmId);
  }
  await interaction.reply({
    content: `Stopped the countdown to ${stopped.map((t) => `**${t}**`).join(' and ')} in <#${channelId}>. Messages already posted stay.`,
    flags: ephemeral,
  });
}

async function status(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  services: Services,
): Promise<void> {
  const { countdowns, catalogue, clock } = services;
  const list = await countdowns.store.listGuild(interaction.guildId);
  if (list.length === 0) {
    await interaction.reply({
      content: 'No countdowns in this server yet. Start one with /countdown start.',
      flags: ephemeral,
    });
    return;
  }
  const now = clock.now();
  const fields = [];
  for (const c of list) {
    const film = catalogue.get(c.filmId);
    const release = film ? await releaseOf(services, film) : undefined;
    fields.push(countdownStatusField(c, film, release, now));
  }
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
