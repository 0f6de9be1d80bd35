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
import type { CastMember, Film } from '../domain/film.ts';
import { filmLabel, leadCast, releaseStatus } from '../domain/film-text.ts';
import {
  actorIn,
  characterIn,
  countryIn,
  descriptionIn,
  directorRoleIn,
  directorWorksIn,
  disambiguationIn,
  filmLabelIn,
  genresIn,
  languageIn,
  listIn,
  nameWithAliasesIn,
  otherWorksIn,
  otherWorksNoteIn,
  runtimeIn,
  synopsisIn,
  titleIn,
  whereIn,
  workIn,
} from '../domain/i18n/film-words.ts';
import { localeOf, type Locale, type Translate } from '../domain/i18n/index.ts';
import { cleanText, truncate } from '../domain/names.ts';
import { MAX_REMINDERS_PER_USER } from '../domain/reminders.ts';
import { createTranslator } from '../i18n/translator.ts';
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

/** Who reads a message: their language and the translator (the interaction's locale, or a guild's). */
export interface Reader {
  locale: Locale;
  t: Translate;
}

/** The reader of an interaction's reply: its `locale` (`ko` → Korean, otherwise English). */
export const readerOf = (interaction: { locale: string }, t: Translate): Reader => ({
  locale: localeOf(interaction.locale),
  t,
});

const disambiguationFooter = (
  film: Film,
  { locale }: Reader,
  now: DateTime,
): APIEmbed['footer'] => {
  const note = disambiguationIn(film, locale, now);
  return note === undefined ? undefined : { text: note };
};

function castLines(film: Film, { locale, t }: Reader): string {
  return leadCast(film)
    .map((m) =>
      t(locale, 'film.castLine', { actor: actorIn(m, locale), character: characterIn(m, locale) }),
    )
    .join('\n');
}

/** The director's role as a heading: "Writer and director" from the data, "각본·감독" in Korean. */
const directorHeading = (film: Film, locale: Locale): string =>
  locale === 'en' ? film.director.role : directorRoleIn(film, locale);

/** "Ballerina (발레리나)": the original title only when it differs from the title shown. */
export function titleWithOriginalIn(film: Film, { locale, t }: Reader): string {
  const title = titleIn(film, locale);
  return film.originalTitle !== undefined && film.originalTitle !== title
    ? t(locale, 'film.titleWithOriginal', { title, original: film.originalTitle })
    : title;
}

/** "On Netflix (UK): <F> (<R>)" before the release, "Out now on Netflix (UK) since <D>" after. */
export function releaseLine(film: Film, release: DateTime, now: DateTime, reader: Reader): string {
  const { locale, t } = reader;
  const where = whereIn(film, locale, t);
  return releaseStatus(release, now).state === 'out'
    ? t(locale, 'film.releaseOut', { where, date: discordMarkup.date(release) })
    : t(locale, 'film.releaseUpcoming', {
        where,
        dateTime: discordMarkup.dateTime(release),
        relative: discordMarkup.relative(release),
      });
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
  reader: Reader,
): APIEmbed {
  const { locale, t } = reader;
  const fields: APIEmbedField[] = [
    {
      name: directorHeading(film, locale),
      value: nameWithAliasesIn(film.director, locale, t),
      inline: true,
    },
    {
      name: t(locale, 'film.runtime'),
      value: runtimeIn(film.runtimeMinutes, locale, t),
      inline: true,
    },
    { name: t(locale, 'film.genre'), value: genresIn(film, locale).join(' · '), inline: true },
    { name: t(locale, 'film.release'), value: releaseLine(film, release, now, reader) },
    {
      name: t(locale, film.cast.some((m) => m.lead) ? 'film.leadCast' : 'film.cast'),
      value: castLines(film, reader),
    },
  ];
  const note = disambiguationIn(film, locale, now);
  if (note !== undefined) fields.push({ name: t(locale, 'film.notConfused'), value: note });
  const origin = [countryIn(film, locale), languageIn(film, locale)].filter(
    (s): s is string => s !== undefined,
  );
  return fitEmbed({
    color: COLOUR,
    title: t(locale, 'film.heading', { title: titleWithOriginalIn(film, reader), year: film.year }),
    description: (locale === 'en' ? undefined : film.ko?.synopsis?.short) ?? film.synopsis.short,
    fields,
    footer: {
      text: [...origin, t(locale, 'film.more')].join(' · '),
    },
  });
}

/** The buttons under an overview: Cast, Synopsis (handled by /film) and Remind me (handled by /remindme). */
export function filmOverviewComponents(
  film: Film,
  { locale, t }: Reader,
): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: t(locale, 'film.buttonCast'),
          custom_id: customId('film', 'cast', film.id),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: t(locale, 'film.buttonSynopsis'),
          custom_id: customId('film', 'synopsis', film.id),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: t(locale, 'film.buttonRemind'),
          custom_id: customId('remindme', 'add', film.id),
        },
      ],
    },
  ];
}

/** /cast without a person: who plays whom, and what else each was in. */
/** `now` decides how time-dependent text in the footer reads. */
export function castEmbed(film: Film, reader: Reader, now: DateTime): APIEmbed {
  const { locale, t } = reader;
  const head = fitEmbed({
    color: COLOUR,
    title: t(locale, 'castEmbed.title', { film: filmLabelIn(film, locale, t) }),
    description: t(locale, 'castEmbed.director', {
      role: directorHeading(film, locale),
      director: nameWithAliasesIn(film.director, locale, t),
    }),
    footer: disambiguationFooter(film, reader, now),
  });
  const memberFields: APIEmbedField[] = film.cast.map((m) => {
    const note = otherWorksNoteIn(m, locale);
    const works = otherWorksIn(m, locale);
    const lines = [
      descriptionIn(m, locale) ?? '',
      m.actor.aliases.length > 0
        ? t(locale, 'castEmbed.alsoSpelled', { names: listIn(locale, m.actor.aliases) })
        : '',
      note ??
        (works.length === 0
          ? ''
          : t(locale, 'castEmbed.alsoIn', {
              works: listIn(
                locale,
                works.map((w) => workIn(w, locale, t)),
              ),
            })),
    ].filter((l) => l !== '');
    return {
      name: truncate(castLineIn(m, reader), EMBED_LIMITS.fieldName),
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
      name: t(locale, 'castEmbed.more', { count: memberFields.length - shown.length }),
      value: t(locale, 'castEmbed.moreHint'),
    });
  }
  return fitEmbed({ ...head, fields });
}

/** /cast with a person: one actor, character or the director. */
export function personEmbed(
  film: Film,
  match: PersonMatch,
  reader: Reader,
  now: DateTime,
): APIEmbed {
  const { locale, t } = reader;
  const label = filmLabelIn(film, locale, t);
  if (match.kind === 'director') {
    const works = directorWorksIn(film, locale).map((w) => workIn(w, locale, t));
    return fitEmbed({
      color: COLOUR,
      title: nameWithAliasesIn(match.director, locale, t),
      description: t(locale, 'castEmbed.directorOf', {
        role: directorRoleIn(film, locale),
        film: label,
      }),
      fields:
        works.length === 0
          ? []
          : [{ name: t(locale, 'castEmbed.earlierWork'), value: works.join('\n') }],
      footer: disambiguationFooter(film, reader, now),
    });
  }
  const { member } = match;
  const note = otherWorksNoteIn(member, locale);
  const works = otherWorksIn(member, locale);
  const fields: APIEmbedField[] = [
    {
      name: t(locale, 'castEmbed.actor'),
      value: nameWithAliasesIn(member.actor, locale, t),
      inline: true,
    },
    {
      name: t(locale, 'castEmbed.character'),
      value: nameWithAliasesIn(member.character, locale, t),
      inline: true,
    },
  ];
  if (note !== undefined || works.length > 0) {
    fields.push({
      name: t(locale, 'castEmbed.alsoInHeading'),
      value: note ?? works.map((w) => workIn(w, locale, t)).join('\n'),
    });
  }
  const names = { actor: actorIn(member, locale), character: characterIn(member, locale) };
  return fitEmbed({
    color: COLOUR,
    title: t(locale, 'castEmbed.personTitle', { person: castLineIn(member, reader), film: label }),
    description: descriptionIn(member, locale) ?? t(locale, 'castEmbed.plays', names),
    fields,
    footer: disambiguationFooter(film, reader, now),
  });
}

/** "Jeon Jong-seo as Jang Ok-ju", "전종서 배우: 장옥주 역". */
const castLineIn = (member: CastMember, { locale, t }: Reader): string =>
  t(locale, 'castEmbed.castLine', {
    actor: actorIn(member, locale),
    character: characterIn(member, locale),
  });

/** /synopsis: the whole story as the data tells it. */
export function synopsisEmbed(film: Film, reader: Reader, now: DateTime): APIEmbed {
  const { locale, t } = reader;
  return fitEmbed({
    color: COLOUR,
    title: t(locale, 'film.synopsisTitle', { film: filmLabelIn(film, locale, t) }),
    description: synopsisIn(film, locale),
    footer: disambiguationFooter(film, reader, now),
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

/** The English reader, made once on first use: /help's default when no interaction is given. */
let english: Reader | undefined;
const englishReader = (): Reader => (english ??= { locale: 'en', t: createTranslator() });

/**
 * /help: what the bot does, every command, what it stores and how to delete it, in `reader`'s
 * language. A Korean reader sees each command as a Korean client's command picker shows it
 * (its Korean `name_localizations`), with the English name beside it.
 */
export function helpEmbed(films: readonly Film[], reader: Reader = englishReader()): APIEmbed {
  const { locale, t } = reader;
  const tracked = films.map((film) => filmLabelIn(film, locale, t));
  return fitEmbed({
    color: COLOUR,
    title: t(locale, 'help.title'),
    description: [
      t(locale, 'help.intro'),
      tracked.length === 0
        ? t(locale, 'help.trackedNone')
        : t(locale, 'help.tracked', { films: listIn(locale, tracked) }),
      t(locale, 'help.pickTitle'),
    ].join('\n'),
    fields: [
      {
        name: t(locale, 'help.facts.name'),
        value: [
          t(locale, 'help.facts.film'),
          t(locale, 'help.facts.cast'),
          t(locale, 'help.facts.synopsis'),
          t(locale, 'help.facts.ask'),
        ].join('\n'),
      },
      {
        name: t(locale, 'help.reminders.name'),
        value: [
          t(locale, 'help.reminders.remindme'),
          t(locale, 'help.reminders.reminders'),
          t(locale, 'help.reminders.cap', { max: MAX_REMINDERS_PER_USER }),
        ].join('\n'),
      },
      { name: t(locale, 'help.countdowns.name'), value: t(locale, 'help.countdowns.value') },
      { name: t(locale, 'help.release.name'), value: t(locale, 'help.release.value') },
      {
        name: t(locale, 'help.stored.name'),
        value: [
          t(locale, 'help.stored.reminders'),
          t(locale, 'help.stored.dmChannel'),
          t(locale, 'help.stored.countdowns'),
          t(locale, 'help.stored.releases'),
          t(locale, 'help.stored.nothingElse'),
        ].join('\n'),
      },
      { name: t(locale, 'help.deleting.name'), value: t(locale, 'help.deleting.value') },
    ],
  });
}
