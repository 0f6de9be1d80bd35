import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { DateTime } from 'luxon';
import type { Answer } from '../domain/ask.ts';
import type { PersonMatch } from '../domain/catalogue.ts';
import type { Film } from '../domain/film.ts';
import { disambiguationIn } from '../domain/i18n/film-words.ts';
import {
  castLine,
  directorRole,
  filmLabel,
  formatRuntime,
  genresText,
  leadCast,
  listText,
  nameWithAliases,
  otherWorksText,
  releaseText,
  titleWithOriginal,
  workText,
} from '../domain/film-text.ts';
import { cleanText, truncate } from '../domain/names.ts';
import { MAX_REMINDERS_PER_USER } from '../domain/reminders.ts';
import { customId } from './command.ts';
import { discordMarkup } from './format.ts';

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
} as const;

const COLOUR = 0x8e44ad;

/** Characters Discord counts towards an embed's 6,000 total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * Bring an embed within every Discord limit, cutting text with an ellipsis rather than letting the API
 * refuse the whole reply. When the 6,000 total is exceeded the description gives way first, then the
 * last fields' values, then whole fields from the end.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, EMBED_LIMITS.title);
  if (out.description !== undefined) {
    out.description = truncate(out.description, EMBED_LIMITS.description);
  }
  if (out.footer !== undefined) {
    out.footer = { ...out.footer, text: truncate(out.footer.text, EMBED_LIMITS.footer) };
  }
  if (out.author !== undefined) {
    out.author = { ...out.author, name: truncate(out.author.name, EMBED_LIMITS.author) };
  }
  if (out.fields !== undefined) {
    out.fields = out.fields.slice(0, EMBED_LIMITS.fields).map((f) => ({
      ...f,
      // Discord refuses empty field names and values.
      name: truncate(f.name.trim() === '' ? '\u200b' : f.name, EMBED_LIMITS.fieldName),
      value: truncate(f.value.trim() === '' ? '—' : f.value, EMBED_LIMITS.fieldValue),
    }));
  }

  let excess = embedLength(out) - EMBED_LIMITS.total;
  if (excess > 0 && out.description !== undefined) {
    const keep = Math.max(100, out.description.length - excess);
    out.description = truncate(out.description, keep);
    excess = embedLength(out) - EMBED_LIMITS.total;
  }
  const fields = out.fields === undefined ? undefined : [...out.fields];
  for (let i = (fields?.length ?? 0) - 1; excess > 0 && fields !== undefined && i >= 0; i--) {
    const field = fields[i];
    if (field === undefined) continue;
    const keep = Math.max(40, field.value.length - excess);
    fields[i] = { ...field, value: truncate(field.value, keep) };
    excess = embedLength({ ...out, fields }) - EMBED_LIMITS.total;
  }
  while (excess > 0 && fields !== undefined && fields.length > 0) {
    fields.pop();
    excess = embedLength({ ...out, fields }) - EMBED_LIMITS.total;
  }
  if (fields !== undefined) out.fields = fields;
  if (excess > 0 && out.footer !== undefined) {
    out.footer = {
      ...out.footer,
      text: truncate(out.footer.text, Math.max(1, out.footer.text.length - excess)),
    };
  }
  return out;
}

/**
 * User text shown back to them: markdown escaped and @everyone/@here broken with a zero-width space,
 * so even a message that somehow allowed mentions could not ping anyone.
 */
export function echoUserText(raw: string, max = 200): string {
  return escapeMarkdown(truncate(cleanText(raw), max)).replace(/@(everyone|here)/giu, '@\u200b$1');
}

const disambiguationFooter = (film: Film, now: DateTime): APIEmbed['footer'] => {
  const note = disambiguationIn(film, 'en', now);
  return note === undefined ? undefined : { text: note };
};

function castLines(film: Film): string {
  return leadCast(film)
    .map((m) => `**${m.actor.name}** as ${m.character.name}`)
    .join('\n');
}

/**
 * /film: everything at a glance. `release` defaults to the data file's instant; once the release
 * store owns it, the caller passes the stored one.
 */
export function filmOverviewEmbed(
  film: Film,
  now: DateTime,
  /** The stored release (owners can move it), not the data file's: callers read the ReleaseStore. */
  release: DateTime,
): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: film.director.role, value: nameWithAliases(film.director), inline: true },
    { name: 'Runtime', value: formatRuntime(film.runtimeMinutes), inline: true },
    { name: 'Genre', value: genresText(film), inline: true },
    { name: 'Release', value: releaseText(film, release, now, discordMarkup) },
    { name: film.cast.some((m) => m.lead) ? 'Lead cast' : 'Cast', value: castLines(film) },
  ];
  const note = disambiguationIn(film, 'en', now);
  if (note !== undefined) fields.push({ name: 'Not to be confused with', value: note });
  const origin = [film.country, film.language].filter((s): s is string => s !== undefined);
  return fitEmbed({
    color: COLOUR,
    title: `${titleWithOriginal(film)} · ${film.year}`,
    description: film.synopsis.short,
    fields,
    footer: {
      text: [...origin, 'More with /cast, /synopsis and /ask'].join(' · '),
    },
  });
}

/** The buttons under an overview: Cast, Synopsis (handled by /film) and Remind me (handled by /remindme). */
export function filmOverviewComponents(film: Film): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Cast',
          custom_id: customId('film', 'cast', film.id),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Synopsis',
          custom_id: customId('film', 'synopsis', film.id),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: 'Remind me',
          custom_id: customId('remindme', 'add', film.id),
        },
      ],
    },
  ];
}

/** /cast without a person: who plays whom, and what else each was in. */
/** `now` decides how time-dependent text in the footer reads. */
export function castEmbed(film: Film, now: DateTime): APIEmbed {
  const head = fitEmbed({
    color: COLOUR,
    title: `${filmLabel(film)}: cast`,
    description: `${film.director.role} **${nameWithAliases(film.director)}**`,
    footer: disambiguationFooter(film, now),
  });
  const memberFields: APIEmbedField[] = film.cast.map((m) => {
    const other = otherWorksText(m);
    const lines = [
      m.character.description ?? '',
      m.actor.aliases.length > 0 ? `Also spelled: ${listText(m.actor.aliases)}` : '',
      other === undefined ? '' : m.otherWorksNote === undefined ? `Also in: ${other}` : other,
    ].filter((l) => l !== '');
    return {
      name: truncate(castLine(m), EMBED_LIMITS.fieldName),
      value: truncate(lines.join('\n') || '—', EMBED_LIMITS.fieldValue),
    };
  });
  // Whole cast members only, as many as fit, with room kept for a last "and N more" field.
  const moreReserve = 100;
  let budget = EMBED_LIMITS.total - embedLength(head) - moreReserve;
  const shown: APIEmbedField[] = [];
  for (const f of memberFields) {
    const size = f.name.length + f.value.length;
    if (shown.length >= EMBED_LIMITS.fields - 1 || size > budget) break;
    shown.push(f);
    budget -= size;
  }
  const fields = [...shown];
  if (memberFields.length > shown.length) {
    fields.push({
      name: `And ${memberFields.length - shown.length} more`,
      value: 'Ask for one person with `/cast person:`.',
    });
  }
  return fitEmbed({ ...head, fields });
}

/** /cast with a person: one actor, character or the director. */
export function personEmbed(film: Film, match: PersonMatch, now: DateTime): APIEmbed {
  if (match.kind === 'director') {
    const works = match.director.previousWorks.map(workText);
    return fitEmbed({
      color: COLOUR,
      title: nameWithAliases(match.director),
      description: `The ${directorRole(film)} of ${filmLabel(film)}.`,
      fields: works.length === 0 ? [] : [{ name: 'Earlier work', value: works.join('\n') }],
      footer: disambiguationFooter(film, now),
    });
  }
  const { member } = match;
  const other = otherWorksText(member);
  const fields: APIEmbedField[] = [
    { name: 'Actor', value: nameWithAliases(member.actor), inline: true },
    { name: 'Character', value: nameWithAliases(member.character), inline: true },
  ];
  if (other !== undefined) {
    fields.push({
      name: 'Also in',
      value:
        member.otherWorksNote === undefined ? member.otherWorks.map(workText).join('\n') : other,
    });
  }
  return fitEmbed({
    color: COLOUR,
    title: `${castLine(member)} · ${filmLabel(film)}`,
    description:
      member.character.description ?? `${member.actor.name} plays ${member.character.name}.`,
    fields,
    footer: disambiguationFooter(film, now),
  });
}

/** /synopsis: the whole story as the data tells it. */
export function synopsisEmbed(film: Film, now: DateTime): APIEmbed {
  return fitEmbed({
    color: COLOUR,
    title: `${filmLabel(film)}: synopsis`,
    description: film.synopsis.full,
    footer: disambiguationFooter(film, now),
  });
}

/** /ask: the question, escaped and quoted, then the answer built from the data. */
export function askAnswerEmbed(question: string, answer: Answer): APIEmbed {
  return fitEmbed({
    color: COLOUR,
    description: `> ${echoUserText(question)}\n\n${answer.text}`,
    ...(answer.film === undefined
      ? {}
      : {
          footer: {
            text:
              answer.footer ?? `About ${filmLabel(answer.film)} · answered from my film data only`,
          },
        }),
  });
}

/** /help: what the bot does, every command, what it stores and how to delete it. */
export function helpEmbed(films: readonly Film[]): APIEmbed {
  const tracked = films.map(filmLabel);
  return fitEmbed({
    color: COLOUR,
    title: 'Premiere: film facts and release countdowns',
    description: [
      'I answer questions about films from my own film data, remind you before a film comes out, and post countdowns in a channel.',
      `Films I track: ${tracked.length === 0 ? 'none yet' : listText(tracked)}.`,
      'Start typing a title in any `title` option to pick a film.',
    ].join('\n'),
    fields: [
      {
        name: 'Film facts',
        value: [
          '`/film title`: overview with release time, plus Cast, Synopsis and Remind me buttons',
          '`/cast title [person]`: the whole cast, or one actor or character (any spelling)',
          '`/synopsis title`: what the film is about',
          '`/ask question [title]`: e.g. "who plays Choi?", "how long is it?", "when is it on Netflix?"',
        ].join('\n'),
      },
      {
        name: 'Reminders',
        value: [
          '`/remindme title [when] [where]`: a week, a day (default) or an hour before, or at release; by DM (default) or here',
          '`/reminders list` · `/reminders cancel` · `/reminders clear`: see and cancel your own reminders',
          `You may keep up to ${MAX_REMINDERS_PER_USER} reminders at a time.`,
        ].join('\n'),
      },
      {
        name: 'Countdowns (needs Manage Server)',
        value:
          '`/countdown start channel title [time] [timezone] [style] [event]` · `/countdown stop` · `/countdown status`: automatic countdown posts in a channel; `event:true` also adds a server event for the release (needs Manage Events)',
      },
      {
        name: 'Release dates',
        value:
          '`/release show title`: the release instant I use · `/release set title date [timezone]`: bot owners only',
      },
      {
        name: 'What I store',
        value: [
          '• Your reminders: your user id, the film, when, and where (DM or a channel)',
          '• The id of the DM channel I use to reach you',
          "• Each server's countdown settings: channel, film, time, time zone and style",
          '• Each film’s release instant',
          'Nothing else: no message content.',
        ].join('\n'),
      },
      {
        name: 'Deleting your data',
        value:
          '`/reminders clear` deletes all your reminders and the DM channel id I keep for you. A server’s countdown settings go with `/countdown stop`.',
      },
    ],
  });
}
