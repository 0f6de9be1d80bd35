import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import { DateTime } from 'luxon';
import { customId, type SlashCommand } from '../src/discord/command.ts';
import { UserError } from '../src/domain/errors.ts';
import { filmLabel } from '../src/domain/film-text.ts';
import { MAX_REMINDERS_PER_USER, offsetLabel } from '../src/domain/reminders.ts';
import type { ReminderStatus, ReminderView } from '../src/app/reminders.ts';
import { MAX_CHOICES } from './options.ts';
import { discordMarkup } from '../src/discord/format.ts';
import { dateTimeWithRelative } from '../src/domain/markup.ts';
import { EMBED_LIMITS, fitEmbed } from '../src/discord/embeds.ts';
import { localeOf, type Locale, type Translate } from '../src/domain/i18n/index.ts';

const statusText = (status: ReminderStatus): string => {
  switch (status.kind) {
    case 'scheduled':
      return '';
    case 'sending':
      return ' · ⏳ going out now';
    case 'sent':
      return status.at === undefined
        ? ' · ✅ sent'
        : ` · ✅ sent ${discordMarkup.relative(DateTime.fromISO(status.at))}`;
    case 'dm_closed':
      return ' · ⚠️ not delivered: your DMs are closed to me (allow DMs from server members, or use `where: here`)';
    case 'failed':
      return ' · ❌ not delivered: Discord kept refusing it';
    case 'passed':
      return ' · its moment passed when the release date changed';
  }
};

const place = (view: ReminderView) =>
  view.reminder.where === 'here'
    ? `in ${discordMarkup.channel(view.reminder.channelId ?? '')}`
    : 'by DM';

const filmName = (view: ReminderView) =>
  view.film === undefined ? view.reminder.filmId : filmLabel(view.film);

function line(view: ReminderView, index: number): string {
  const when =
    view.dueAt === undefined
      ? 'no longer tracked'
      : dateTimeWithRelative(discordMarkup, view.dueAt);
  return `**${index + 1}.** ${filmName(view)} · ${offsetLabel[view.reminder.offset]} · ${place(view)}\n${when}${statusText(view.status)}`;
}

/** Reminders on one page of the list: two rows of five Cancel buttons, and a row to turn pages. */
const PAGE_SIZE = 10;

/**
 * Split the list into pages: at most `PAGE_SIZE` reminders each, and never more text than an
 * embed description holds (4,096), so 25 reminders with the longest statuses still show.
 * Returns the indexes of the first reminder on each page.
 */
export function pageStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  let size = 0;
  let count = 0;
  lines.forEach((line, i) => {
    const added = (count === 0 ? 0 : 2) + line.length;
    if (count === 0 || count >= PAGE_SIZE || size + added > EMBED_LIMITS.description) {
      starts.push(i);
      size = line.length;
      count = 1;
    } else {
      size += added;
      count += 1;
    }
  });
  return starts;
}

/**
 * The private list, one page of it: one line per reminder, each with its own Cancel button, and
 * Previous/Next buttons when it takes more than one page. `page` is 0-based and clamped.
 */
export function listMessage(
  views: readonly ReminderView[],
  { t, locale }: { t: Translate; locale: Locale },
  note?: string,
  page = 0,
): {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
} {
  if (views.length === 0) {
    return {
      ...(note === undefined ? {} : { content: note }),
      embeds: [
        {
          title: 'Your reminders',
          description:
            'You have no reminders. Ask for one with `/remindme`, or the Remind me button under `/film`.',
        },
      ],
      components: [],
    };
  }
  const lines = views.map(line);
  const starts = pageStarts(lines);
  const current = Math.min(Math.max(0, page), starts.length - 1);
  const from = starts[current] ?? 0;
  const to = starts[current + 1] ?? views.length;
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = from; i < to; i++) {
    const view = views[i];
    if (view === undefined) continue;
    if ((i - from) % 5 === 0) rows.push({ type: ComponentType.ActionRow, components: [] });
    rows.at(-1)?.components.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: `Cancel ${i + 1}`,
      custom_id: customId('reminders', 'cancel', view.reminder.id, String(current)),
    });
  }
  if (starts.length > 1) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: t(locale, 'reminders.previousPage'),
          custom_id: customId('reminders', 'page', String(current - 1)),
          disabled: current === 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: t(locale, 'reminders.nextPage'),
          custom_id: customId('reminders', 'page', String(current + 1)),
          disabled: current === starts.length - 1,
        },
      ],
    });
  }
  const footer = '/reminders clear deletes all of them and everything else I keep about you.';
  return {
    ...(note === undefined ? {} : { content: note }),
    embeds: [
      fitEmbed({
        title: `Your reminders (${views.length} of ${MAX_REMINDERS_PER_USER})`,
        description: lines.slice(from, to).join('\n\n'),
        footer: {
          text:
            starts.length > 1
              ? `${t(locale, 'reminders.pageOf', { page: current + 1, pages: starts.length })} · ${footer}`
              : footer,
        },
      }),
    ],
    components: rows,
  };
}

/** An autocomplete label: plain text (no <t:…> there), in the release's own zone. */
function choiceName(view: ReminderView): string {
  const when =
    view.dueAt === undefined
      ? ''
      : ` · ${view.dueAt.toFormat('d LLL yyyy HH:mm')} ${view.dueAt.zoneName ?? ''}`;
  return `${filmName(view)} · ${offsetLabel[view.reminder.offset]} · ${view.reminder.where === 'here' ? 'in a channel' : 'by DM'}${when}`.slice(
    0,
    100,
  );
}

export default {
  data: {
    name: 'reminders',
    description: 'See and cancel your reminders',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'Your reminders, each with a Cancel button',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'cancel',
        description: 'Cancel one of your reminders',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'reminder',
            description: 'Which one: start typing the film, or its number in /reminders list',
            required: true,
            autocomplete: true,
            max_length: 100,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'clear',
        description: 'Delete all your reminders and everything else I keep about you',
      },
    ],
  },

  async execute(interaction, { reminders, t }) {
    const userId = interaction.user.id;
    switch (interaction.options.getSubcommand()) {
      case 'list': {
        await interaction.reply({
          ...listMessage(await reminders.list(userId), { t, locale: localeOf(interaction.locale) }),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      case 'cancel': {
        const typed = interaction.options.getString('reminder', true).trim();
        const views = await reminders.list(userId);
        // The autocomplete gives an id; a typed number or film name is accepted too.
        const byNumber = /^\d{1,2}$/.test(typed) ? views[Number(typed) - 1] : undefined;
        const matches = views.filter(
          (v) =>
            v.reminder.id === typed || choiceName(v).toLowerCase().includes(typed.toLowerCase()),
        );
        const chosen =
          byNumber ??
          (matches.length === 1 ? matches[0] : views.find((v) => v.reminder.id === typed));
        if (chosen === undefined) {
          throw new UserError(
            views.length === 0
              ? 'You have no reminders to cancel.'
              : matches.length > 1
                ? `"${typed.slice(0, 50)}" matches ${matches.length} of your reminders: pick one from the list as you type, or use its number.`
                : `I couldn't find "${typed.slice(0, 50)}" among your reminders.`,
            views.length === 0 ? [] : ['`/reminders list` shows them, each with a Cancel button.'],
          );
        }
        await reminders.cancel(userId, chosen.reminder.id);
        await interaction.reply({
          content: `Cancelled: ${filmName(chosen)}, ${offsetLabel[chosen.reminder.offset]}, ${place(chosen)}.`,
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      case 'clear': {
        const { reminders: removed } = await reminders.clear(userId);
        await interaction.reply({
          content:
            removed === 0
              ? 'Done: you had no reminders, and I now keep nothing about you.'
              : `Done: I deleted your ${removed === 1 ? 'reminder' : `${removed} reminders`} and everything else I kept about you (the id of our DM channel). I keep nothing about you now.`,
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      default:
        throw new UserError('Use `/reminders list`, `/reminders cancel` or `/reminders clear`.');
    }
  },

  async autocomplete(interaction, { reminders }) {
    const typed = interaction.options.getFocused().trim().toLowerCase();
    const views = await reminders.list(interaction.user.id);
    const choices: APIApplicationCommandOptionChoice<string>[] = views
      .map((view, i) => ({
        name: `${i + 1}. ${choiceName(view)}`.slice(0, 100),
        value: view.reminder.id,
      }))
      .filter((choice) => typed === '' || choice.name.toLowerCase().includes(typed))
      .slice(0, MAX_CHOICES);
    await interaction.respond(choices);
  },

  buttons: {
    /** `reminders:cancel:<id>[:<page>]` under /reminders list: cancel it and show that page as it is now. */
    async cancel(interaction, [id, page], { reminders, t }) {
      const userId = interaction.user.id;
      const removed = id === undefined ? undefined : await reminders.cancel(userId, id);
      const note =
        removed === undefined
          ? 'That reminder was already gone.'
          : `Cancelled: ${offsetLabel[removed.offset]} ${removed.where === 'here' ? `in ${discordMarkup.channel(removed.channelId ?? '')}` : 'by DM'}.`;
      const views = await reminders.list(userId);
      const shown = listMessage(
        views,
        { t, locale: localeOf(interaction.locale) },
        note,
        pageNumber(page),
      );
      // The list is private to this user, so editing it in place is safe and keeps one list on screen.
      if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.update(shown);
      else await interaction.reply({ ...shown, flags: MessageFlags.Ephemeral });
    },
    /** `reminders:page:<n>`: turn the private list to page n (0-based), read afresh. */
    async page(interaction, [page], { reminders, t }) {
      const views = await reminders.list(interaction.user.id);
      const shown = listMessage(
        views,
        { t, locale: localeOf(interaction.locale) },
        undefined,
        pageNumber(page),
      );
      if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.update(shown);
      else await interaction.reply({ ...shown, flags: MessageFlags.Ephemeral });
    },
  },
} satisfies SlashCommand;

/** A page number from a custom id: anything that is not a small whole number is the first page. */
const pageNumber = (raw: string | undefined): number =>
  raw !== undefined && /^\d{1,2}$/.test(raw) ? Number(raw) : 0;
