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
import { filmLabelIn } from '../src/domain/i18n/film-words.ts';
import { MAX_REMINDERS_PER_USER, offsetLabel, type Reminder } from '../src/domain/reminders.ts';
import type { ReminderStatus, ReminderView } from '../src/app/reminders.ts';
import { MAX_CHOICES } from './options.ts';
import { discordMarkup } from '../src/discord/format.ts';
import { dateTimeWithRelative } from '../src/domain/markup.ts';
import { EMBED_LIMITS, fitEmbed, type Reader } from '../src/discord/embeds.ts';
import { localeOf } from '../src/domain/i18n/index.ts';

/** What became of a reminder, or '' while it is simply scheduled. */
const statusText = (status: ReminderStatus, { t, locale }: Reader): string => {
  switch (status.kind) {
    case 'scheduled':
      return '';
    case 'sending':
      return t(locale, 'reminders.status.sending');
    case 'sent':
      return status.at === undefined
        ? t(locale, 'reminders.status.sent')
        : t(locale, 'reminders.status.sentAt', {
            relative: discordMarkup.relative(DateTime.fromISO(status.at)),
          });
    case 'dm_closed':
      return t(locale, 'reminders.status.dm_closed');
    case 'failed':
      return t(locale, 'reminders.status.failed');
    case 'passed':
      return t(locale, 'reminders.status.passed');
  }
};

/** Where a reminder goes: "in #channel" or "by DM". */
const place = (reminder: Pick<Reminder, 'where' | 'channelId'>, { t, locale }: Reader) =>
  reminder.where === 'here'
    ? t(locale, 'reminders.inChannel', { channel: discordMarkup.channel(reminder.channelId ?? '') })
    : t(locale, 'reminders.byDm');

const filmName = (view: ReminderView, { t, locale }: Reader) =>
  view.film === undefined ? view.reminder.filmId : filmLabelIn(view.film, locale, t);

function line(view: ReminderView, index: number, reader: Reader): string {
  const { t, locale } = reader;
  const when =
    view.dueAt === undefined
      ? t(locale, 'reminders.notTracked')
      : dateTimeWithRelative(discordMarkup, view.dueAt);
  const status = statusText(view.status, reader);
  const heading = t(locale, 'reminders.line', {
    number: index + 1,
    film: filmName(view, reader),
    offset: offsetLabel(view.reminder.offset, locale, t),
    place: place(view.reminder, reader),
  });
  return `${heading}\n${when}${status === '' ? '' : ` · ${status}`}`;
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
  reader: Reader,
  note?: string,
  page = 0,
): {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
} {
  const { t, locale } = reader;
  if (views.length === 0) {
    return {
      ...(note === undefined ? {} : { content: note }),
      embeds: [
        {
          title: t(locale, 'reminders.title'),
          description: t(locale, 'reminders.empty'),
        },
      ],
      components: [],
    };
  }
  const lines = views.map((view, i) => line(view, i, reader));
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
      label: t(locale, 'reminders.cancelButton', { number: i + 1 }),
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
  const footer = t(locale, 'reminders.footer');
  return {
    ...(note === undefined ? {} : { content: note }),
    embeds: [
      fitEmbed({
        title: t(locale, 'reminders.titleCount', {
          count: views.length,
          max: MAX_REMINDERS_PER_USER,
        }),
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
function choiceName(view: ReminderView, reader: Reader): string {
  const { t, locale } = reader;
  const when =
    view.dueAt === undefined
      ? ''
      : ` · ${view.dueAt.setLocale(locale).toFormat(t(locale, 'reminders.choiceDateFormat'))} ${view.dueAt.zoneName ?? ''}`;
  const where =
    view.reminder.where === 'here'
      ? t(locale, 'reminders.choiceInChannel')
      : t(locale, 'reminders.byDm');
  return `${filmName(view, reader)} · ${offsetLabel(view.reminder.offset, locale, t)} · ${where}${when}`.slice(
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
    const reader: Reader = { t, locale: localeOf(interaction.locale) };
    const { locale } = reader;
    switch (interaction.options.getSubcommand()) {
      case 'list': {
        await interaction.reply({
          ...listMessage(await reminders.list(userId), reader),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      case 'cancel': {
        const typed = interaction.options.getString('reminder', true).trim();
        const views = await reminders.list(userId);
        // The autocomplete gives an id; a typed number or film name is accepted too, in the
        // client's language or in English (a Korean client may type the English title).
        const byNumber = /^\d{1,2}$/.test(typed) ? views[Number(typed) - 1] : undefined;
        const readers: Reader[] = locale === 'en' ? [reader] : [reader, { t, locale: 'en' }];
        const matches = views.filter(
          (v) =>
            v.reminder.id === typed ||
            readers.some((r) => choiceName(v, r).toLowerCase().includes(typed.toLowerCase())),
        );
        const chosen =
          byNumber ??
          (matches.length === 1 ? matches[0] : views.find((v) => v.reminder.id === typed));
        if (chosen === undefined) {
          throw new UserError(
            views.length === 0
              ? { key: 'reminders.noneToCancel' }
              : matches.length > 1
                ? {
                    key: 'reminders.ambiguous',
                    vars: { typed: typed.slice(0, 50), matches: matches.length },
                  }
                : { key: 'reminders.notFound', vars: { typed: typed.slice(0, 50) } },
            views.length === 0 ? [] : [{ key: 'reminders.listHint' }],
          );
        }
        await reminders.cancel(userId, chosen.reminder.id);
        await interaction.reply({
          content: t(locale, 'reminders.cancelled', {
            film: filmName(chosen, reader),
            offset: offsetLabel(chosen.reminder.offset, locale, t),
            place: place(chosen.reminder, reader),
          }),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      case 'clear': {
        const { reminders: removed } = await reminders.clear(userId);
        await interaction.reply({
          content:
            removed === 0
              ? t(locale, 'reminders.clearedNone')
              : removed === 1
                ? t(locale, 'reminders.clearedOne')
                : t(locale, 'reminders.clearedSeveral', { count: removed }),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      default:
        throw new UserError({ key: 'reminders.usage' });
    }
  },

  async autocomplete(interaction, { reminders, t }) {
    const typed = interaction.options.getFocused().trim().toLowerCase();
    const reader: Reader = { t, locale: localeOf(interaction.locale) };
    const views = await reminders.list(interaction.user.id);
    const choices: APIApplicationCommandOptionChoice<string>[] = views
      .map((view, i) => ({
        name: `${i + 1}. ${choiceName(view, reader)}`.slice(0, 100),
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
      const reader: Reader = { t, locale: localeOf(interaction.locale) };
      const { locale } = reader;
      const removed = id === undefined ? undefined : await reminders.cancel(userId, id);
      const note =
        removed === undefined
          ? t(locale, 'reminders.alreadyGone')
          : t(locale, 'reminders.cancelledFromList', {
              offset: offsetLabel(removed.offset, locale, t),
              place: place(removed, reader),
            });
      const views = await reminders.list(userId);
      const shown = listMessage(views, reader, note, pageNumber(page));
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
