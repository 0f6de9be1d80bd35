import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
  type APIActionRowComponent,
  type APIButtonComponent,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { DateTime } from 'luxon';
import { customId, type Services, type SlashCommand } from '../src/discord/command.ts';
import { UserError } from '../src/domain/errors.ts';
import { filmLabelIn, whereIn } from '../src/domain/i18n/film-words.ts';
import { localeOf } from '../src/domain/i18n/index.ts';
import { readerOf, type Reader } from '../src/discord/embeds.ts';
import type { Film } from '../src/domain/film.ts';
import {
  DEFAULT_OFFSET,
  isReminderOffset,
  MAX_REMINDERS_PER_USER,
  offsetLabel,
  offsetsStillAhead,
  reminderOffsets,
  type ReminderOffset,
  type ReminderPlace,
} from '../src/domain/reminders.ts';
import type { RemindOutcome } from '../src/app/reminders.ts';
import { filmFromButton, titleAutocomplete, titleOption } from './options.ts';
import { discordMarkup } from '../src/discord/format.ts';
import { dateTimeWithRelative } from '../src/domain/markup.ts';

const at = (instant: DateTime) => dateTimeWithRelative(discordMarkup, instant);

const choiceLabel: Readonly<Record<ReminderOffset, string>> = {
  week: 'A week before',
  day: 'A day before (default)',
  hour: 'An hour before',
  release: 'At release',
};

interface Placement {
  where: ReminderPlace;
  channelId?: string;
  guildId?: string;
}

/**
 * `here` means a post in this channel that pings the user, so it is only accepted where that post
 * could arrive: a server channel the bot can see and write in, and the user can see.
 */
function placementFor(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  where: ReminderPlace,
): Placement {
  if (where === 'dm') return { where };
  if (!interaction.inGuild()) {
    throw new UserError({ key: 'remindme.hereOutsideServer' });
  }
  const channel = interaction.channel;
  if (channel !== null && (!channel.isTextBased() || channel.isVoiceBased())) {
    throw new UserError({ key: 'remindme.notTextChannel' });
  }
  const send =
    channel?.isThread() === true
      ? PermissionFlagsBits.SendMessagesInThreads
      : PermissionFlagsBits.SendMessages;
  if (!interaction.appPermissions.has([PermissionFlagsBits.ViewChannel, send])) {
    throw new UserError(
      {
        key: 'remindme.cannotPost',
        vars: { channel: discordMarkup.channel(interaction.channelId) },
      },
      [{ key: 'remindme.cannotPostHint' }],
    );
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ViewChannel)) {
    throw new UserError({
      key: 'remindme.cannotSee',
      vars: { channel: discordMarkup.channel(interaction.channelId) },
    });
  }
  return { where, channelId: interaction.channelId, guildId: interaction.guildId };
}

function offerButtons(
  film: Film,
  offsets: readonly ReminderOffset[],
  where: ReminderPlace,
  { locale, t }: Reader,
): APIActionRowComponent<APIButtonComponent>[] {
  if (offsets.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: offsets.map((offset) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: t(locale, `remindme.button.${offset}`),
        custom_id: customId(
          'remindme',
          'add',
          film.id,
          offset,
          ...(where === 'here' ? ['here'] : []),
        ),
      })),
    },
  ];
}

/**
 * The private answer to a reminder request, whatever became of it. `offerOthers` lists offsets to
 * offer as one-click buttons after a success (the "Remind me" button's follow-up).
 */
function answer(
  film: Film,
  placement: Placement,
  offset: ReminderOffset,
  outcome: RemindOutcome,
  reader: Reader,
  offerOthers: readonly ReminderOffset[] = [],
) {
  const { locale, t } = reader;
  const here = placement.where === 'here';
  const vars = {
    film: filmLabelIn(film, locale, t),
    offset: offsetLabel(offset, locale, t),
    channel: `<#${placement.channelId ?? ''}>`,
  };
  const comesOut = (release: DateTime) =>
    t(locale, 'remindme.comesOut', { where: whereIn(film, locale, t), release: at(release) });
  switch (outcome.kind) {
    case 'added': {
      const lines = [
        t(locale, here ? 'remindme.addedHere' : 'remindme.addedDm', {
          ...vars,
          dueAt: at(outcome.dueAt),
        }),
        comesOut(outcome.release),
      ];
      if (!here) lines.push(t(locale, 'remindme.keepDmsOpen'));
      const others = offerOthers.filter((o) => o !== offset);
      if (others.length > 0) lines.push(t(locale, 'remindme.another'));
      return {
        content: lines.join('\n'),
        components: offerButtons(film, others, placement.where, reader),
      };
    }
    case 'duplicate':
      return {
        content: t(locale, here ? 'remindme.duplicateHere' : 'remindme.duplicateDm', {
          ...vars,
          dueAt: at(outcome.dueAt),
        }),
        components: [],
      };
    case 'cap_reached':
      return {
        content: t(locale, 'remindme.capReached', { max: MAX_REMINDERS_PER_USER }),
        components: [],
      };
    case 'moment_passed': {
      const lines = [
        t(locale, `remindme.passed.${offset}`, { ...vars, dueAt: at(outcome.dueAt) }),
        comesOut(outcome.release),
      ];
      if (outcome.stillAhead.length > 0) {
        const offsets = outcome.stillAhead.map((o) => offsetLabel(o, locale, t));
        lines.push(
          t(locale, 'remindme.stillAhead', {
            offsets: new Intl.ListFormat(locale, { type: 'disjunction' }).format(offsets),
          }),
        );
      }
      return {
        content: lines.join('\n'),
        components: offerButtons(film, outcome.stillAhead, placement.where, reader),
      };
    }
    case 'out_now':
      return {
        content: t(locale, 'remindme.outNow', {
          film: vars.film,
          where: whereIn(film, locale, t),
          release: at(outcome.release),
        }),
        components: [],
      };
  }
}

async function remind(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  { reminders, clock, t }: Services,
  film: Film,
  offset: ReminderOffset,
  where: ReminderPlace,
  offerOthers: boolean,
): Promise<void> {
  const placement = placementFor(interaction, where);
  const outcome = await reminders.remind({
    userId: interaction.user.id,
    film,
    offset,
    ...placement,
    locale: localeOf(interaction.locale),
  });
  if (outcome.kind === 'added' && placement.where === 'dm') {
    // Discord says whether it lets the bot DM someone only when a DM is sent: the confirmation
    // goes by DM too, so closed DMs are known now, not at the reminder's moment.
    const locale = localeOf(interaction.locale);
    const reach = await reminders.confirmByDm(
      interaction.user.id,
      outcome.reminder.id,
      t(locale, 'remindme.dmCopy', {
        when: offsetLabel(offset, locale, t),
        film: `**${filmLabelIn(film, locale, t)}**`,
        at: at(outcome.dueAt),
      }),
    );
    if (reach === 'dm_closed') {
      await interaction.reply({
        content: t(
          locale,
          interaction.inGuild() ? 'remindme.dmClosed' : 'remindme.dmClosedNoHere',
          { film: `**${filmLabelIn(film, locale, t)}**` },
        ),
        components: interaction.inGuild()
          ? hereInstead(film, offset, t(locale, 'remindme.hereInstead'))
          : [],
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
  }
  const others =
    offerOthers && outcome.kind === 'added' ? offsetsStillAhead(outcome.release, clock.now()) : [];
  await interaction.reply({
    ...answer(film, placement, offset, outcome, readerOf(interaction, t), others),
    flags: MessageFlags.Ephemeral,
  });
}

/** One button that makes the same reminder as a `here` ping in this channel. */
const hereInstead = (
  film: Film,
  offset: ReminderOffset,
  label: string,
): APIActionRowComponent<APIButtonComponent>[] => [
  {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label,
        custom_id: customId('remindme', 'add', film.id, offset, 'here'),
      },
    ],
  },
];

export default {
  data: {
    name: 'remindme',
    description: 'Remind me before a film comes out',
    options: [
      titleOption,
      {
        type: ApplicationCommandOptionType.String,
        name: 'when',
        description: 'When to remind you (default: a day before)',
        required: false,
        choices: reminderOffsets.map((offset) => ({ name: choiceLabel[offset], value: offset })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'where',
        description: 'Where to remind you (default: by DM)',
        required: false,
        choices: [
          { name: 'By DM (default)', value: 'dm' },
          { name: 'Here, in this channel (pings only you)', value: 'here' },
        ],
      },
    ],
  },
  async execute(interaction, services) {
    const film = services.catalogue.resolve(interaction.options.getString('title', true));
    const when = interaction.options.getString('when') ?? DEFAULT_OFFSET;
    const where = interaction.options.getString('where') ?? 'dm';
    if (!isReminderOffset(when))
      throw new UserError({ key: 'remindme.notAChoiceWhen', vars: { value: when } });
    if (where !== 'dm' && where !== 'here')
      throw new UserError({ key: 'remindme.notAChoiceWhere', vars: { value: where } });
    await remind(interaction, services, film, when, where, false);
  },
  autocomplete: titleAutocomplete,
  buttons: {
    /**
     * `remindme:add:<filmId>` is the "Remind me" button under /film and countdown posts: one click
     * makes the default reminder (a day before, by DM) and offers the other moments as buttons,
     * which are `remindme:add:<filmId>:<offset>[:here]`.
     */
    async add(interaction, [filmId, offset, where], services) {
      const film = filmFromButton(services.catalogue, filmId);
      const chosen = offset === undefined ? DEFAULT_OFFSET : offset;
      if (!isReminderOffset(chosen)) throw new UserError({ key: 'remindme.staleButton' });
      await remind(
        interaction,
        services,
        film,
        chosen,
        where === 'here' ? 'here' : 'dm',
        offset === undefined,
      );
    },
  },
} satisfies SlashCommand;
