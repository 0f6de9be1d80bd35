import { ApplicationCommandOptionType, type APIEmbed } from 'discord.js';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  askAnswerEmbed,
  castEmbed,
  EMBED_LIMITS,
  echoUserText,
  embedLength,
  filmOverviewComponents,
  filmOverviewEmbed,
  fitEmbed,
  helpEmbed,
  personEmbed,
  synopsisEmbed,
} from '../../src/discord/embeds.ts';
import countdown from '../../commands/countdown.ts';
import { Catalogue } from '../../src/domain/catalogue.ts';
import { filmSchema, type Film } from '../../src/domain/film.ts';
import { MAX_REMINDERS_PER_USER } from '../../src/domain/reminders.ts';
import { loadBallerina } from '../support/films.ts';
import { releaseDateTime } from '../../src/domain/release.ts';
import { createTranslator } from '../../src/i18n/translator.ts';

const BEFORE = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });
const AFTER = DateTime.fromISO('2023-10-06T08:00:01+01:00', { setZone: true });
const RELEASE_UNIX = 1696575600;
const EN = { locale: 'en', t: createTranslator() } as const;
const KO = { locale: 'ko', t: EN.t } as const;

let ballerina: Film;
let huge: Film;

/** The largest film the schema accepts, and then some: every text at or past its cap. */
function hugeFilm(base: Film): Film {
  const long = (n: number, word = 'lorem') =>
    `${word} `.repeat(Math.ceil(n / (word.length + 1))).slice(0, n);
  return filmSchema.parse({
    ...base,
    id: 'huge-film',
    title: long(500, 'Title'),
    originalTitle: long(300, '발레리나'),
    aliases: Array.from({ length: 50 }, (_, i) => `alias ${i} ${long(200)}`),
    genres: Array.from({ length: 40 }, (_, i) => `genre ${i} ${long(60)}`),
    director: {
      name: long(300, 'Director'),
      aliases: Array.from({ length: 20 }, () => long(200, 'Alias')),
      role: long(400, 'Role'),
      previousWorks: Array.from({ length: 60 }, (_, i) => ({
        title: `work ${i} ${long(200)}`,
        kind: long(100),
      })),
    },
    release: { ...base.release, platform: long(200, 'Platform'), region: long(200, 'Region') },
    synopsis: { short: long(300), full: long(4000) },
    disambiguation: { note: long(1000, 'Note'), confusedWith: ['Something Else'] },
    cast: Array.from({ length: 40 }, (_, i) => ({
      actor: { name: `Actor ${i} ${long(300)}`, aliases: [long(300, 'Aka')] },
      character: {
        name: `Character ${i} ${long(300)}`,
        aliases: [],
        description: long(1000, 'Description'),
      },
      lead: true,
      otherWorks: Array.from({ length: 30 }, (_, j) => ({
        title: `other ${j} ${long(200)}`,
        year: 2000,
      })),
    })),
  });
}

function expectWithinLimits(embed: APIEmbed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.title);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.description);
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.footer);
  expect(embed.author?.name.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.author);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.fields);
  for (const field of embed.fields ?? []) {
    expect(field.name.length).toBeGreaterThan(0);
    expect(field.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
    expect(field.value.length).toBeGreaterThan(0);
    expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
  }
  expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
}

beforeAll(async () => {
  ballerina = await loadBallerina();
  huge = hugeFilm(ballerina);
});

const field = (embed: APIEmbed, name: string) => embed.fields?.find((f) => f.name === name)?.value;

describe('the /film overview', () => {
  it('GIVEN the day before release THEN titles, year, director, runtime, genre, timestamps, synopsis, leads and the note', () => {
    const embed = filmOverviewEmbed(ballerina, BEFORE, releaseDateTime(ballerina.release), EN);
    expect(embed.title).toBe('Ballerina (발레리나) · 2023');
    expect(embed.description).toBe(ballerina.synopsis.short);
    expect(field(embed, 'Writer and director')).toBe('Lee Chung-hyun (also Chung-Hyun Lee)');
    expect(field(embed, 'Runtime')).toBe('1 h 30 min');
    expect(field(embed, 'Genre')).toBe('Action · Revenge thriller');
    expect(field(embed, 'Release')).toBe(
      `On Netflix (UK): <t:${RELEASE_UNIX}:F> (<t:${RELEASE_UNIX}:R>)`,
    );
    expect(field(embed, 'Lead cast')).toBe(
      '**Jeon Jong-seo** as Jang Ok-ju\n**Park Yu-rim** as Min-hee\n**Kim Ji-hun** as Choi',
    );
    expect(field(embed, 'Not to be confused with')).toContain(
      'not the John Wick spin-off Ballerina starring Ana de Armas',
    );
    expectWithinLimits(embed);
  });

  it('GIVEN one second after 08:00 BST THEN "Out now on Netflix (UK) since <t:…:D>"', () => {
    expect(
      field(filmOverviewEmbed(ballerina, AFTER, releaseDateTime(ballerina.release), EN), 'Release'),
    ).toBe(`Out now on Netflix (UK) since <t:${RELEASE_UNIX}:D>`);
  });

  it('GIVEN a release instant from the release store THEN the overview shows that instant', () => {
    const moved = DateTime.fromISO('2023-10-20T08:00', { zone: 'Europe/London' });
    expect(field(filmOverviewEmbed(ballerina, AFTER, moved, EN), 'Release')).toContain(
      `<t:${moved.toSeconds()}:F>`,
    );
  });

  it('has Cast, Synopsis and Remind me buttons carrying the film id', () => {
    const [row] = filmOverviewComponents(ballerina, EN);
    expect(row?.components.map((b) => ('custom_id' in b ? [b.label, b.custom_id] : []))).toEqual([
      ['Cast', 'film:cast:ballerina-2023'],
      ['Synopsis', 'film:synopsis:ballerina-2023'],
      ['Remind me', 'remindme:add:ballerina-2023'],
    ]);
  });
});

describe('cast, person and synopsis embeds', () => {
  it('GIVEN the whole cast THEN who plays whom and what else each was in', () => {
    const embed = castEmbed(ballerina, EN, BEFORE);
    expect(embed.fields?.map((f) => f.name)).toEqual([
      'Jeon Jong-seo as Jang Ok-ju',
      'Park Yu-rim as Min-hee',
      'Kim Ji-hun as Choi',
    ]);
    expect(embed.fields?.[0]?.value).toContain('Also spelled: Jun Jong-seo');
    expect(embed.fields?.[0]?.value).toContain('Burning (2018, drama film)');
    expect(embed.fields?.[2]?.value).toContain('only acting role');
    expect(embed.footer?.text).toContain('not the John Wick spin-off');
    expectWithinLimits(embed);
  });

  it('GIVEN one person THEN actor, character and other work', () => {
    const [match] = new Catalogue([ballerina]).findPeople(ballerina, 'Ji-hun Kim');
    if (match === undefined) throw new Error('no match');
    const embed = personEmbed(ballerina, match, EN, BEFORE);
    expect(embed.title).toBe('Kim Ji-hun as Choi · Ballerina (2023)');
    expect(field(embed, 'Actor')).toBe('Kim Ji-hun (also Ji-hun Kim)');
    expect(field(embed, 'Also in')).toContain('Nonstop');
  });

  it('GIVEN the John Wick note THEN the spin-off is "due in 2025" before 6 June 2025 and "released in 2025" after, in every reply, never a frozen "due in 2024"', () => {
    const in2023 = castEmbed(ballerina, EN, BEFORE).footer?.text ?? '';
    expect(in2023).toContain('Ana de Armas (due in 2025)');
    const in2026 = DateTime.fromISO('2026-11-30T12:00:00Z', { zone: 'utc' });
    for (const embed of [
      castEmbed(ballerina, EN, in2026),
      synopsisEmbed(ballerina, EN, in2026),
      filmOverviewEmbed(ballerina, in2026, releaseDateTime(ballerina.release), EN),
    ]) {
      const text = JSON.stringify(embed);
      expect(text).toContain('Ana de Armas (released in 2025)');
      expect(text).not.toMatch(/due in 2024|\{otherRelease\}/);
    }
  });

  it('GIVEN the synopsis THEN the full text', () => {
    expect(synopsisEmbed(ballerina, EN, BEFORE).description).toBe(ballerina.synopsis.full);
  });
});

describe('embed limits', () => {
  it('GIVEN a film with every text at or past its cap THEN every embed still fits Discord', () => {
    const catalogue = new Catalogue([huge]);
    expectWithinLimits(filmOverviewEmbed(huge, BEFORE, releaseDateTime(huge.release), EN));
    expectWithinLimits(castEmbed(huge, EN, BEFORE));
    expect(castEmbed(huge, EN, BEFORE).fields?.at(-1)?.name).toMatch(/^And \d+ more$/);
    expectWithinLimits(synopsisEmbed(huge, EN, BEFORE));
    for (const match of catalogue.findPeople(huge, 'Actor 1'))
      expectWithinLimits(personEmbed(huge, match, EN, BEFORE));
    expectWithinLimits(
      personEmbed(huge, { kind: 'director', director: huge.director, score: 0 }, EN, BEFORE),
    );
    expectWithinLimits(helpEmbed(Array.from({ length: 200 }, () => huge)));
  });

  it('GIVEN the same film read by a Korean client THEN every embed still fits Discord', () => {
    const catalogue = new Catalogue([huge]);
    expectWithinLimits(filmOverviewEmbed(huge, BEFORE, releaseDateTime(huge.release), KO));
    expectWithinLimits(castEmbed(huge, KO, BEFORE));
    expect(castEmbed(huge, KO, BEFORE).fields?.at(-1)?.name).toMatch(/^그 밖에 \d+명$/);
    expect(castEmbed(huge, KO, BEFORE).fields?.at(-1)?.value).toBe(
      '`/출연진 인물:`(`/cast person:`)로 한 명씩 물어보세요.',
    );
    expectWithinLimits(synopsisEmbed(huge, KO, BEFORE));
    for (const match of catalogue.findPeople(huge, 'Actor 1'))
      expectWithinLimits(personEmbed(huge, match, KO, BEFORE));
  });

  it('GIVEN a 6,000-character question THEN the /ask embed fits', () => {
    const embed = askAnswerEmbed('q'.repeat(6000), {
      intent: 'synopsis',
      film: huge,
      answered: true,
      text: huge.synopsis.full,
    });
    expectWithinLimits(embed);
  });

  it('GIVEN anything at all THEN fitEmbed cuts it down, ellipsis included, empty values filled', () => {
    const embed = fitEmbed({
      title: 't'.repeat(1000),
      description: 'd'.repeat(9000),
      footer: { text: 'f'.repeat(3000) },
      author: { name: 'a'.repeat(500) },
      fields: Array.from({ length: 40 }, () => ({
        name: 'n'.repeat(400),
        value: 'v'.repeat(2000),
      })).concat([{ name: '', value: '' }]),
    });
    expectWithinLimits(embed);
    expect(embed.title?.endsWith('…')).toBe(true);
    const tiny = fitEmbed({ fields: [{ name: ' ', value: '' }] });
    expectWithinLimits(tiny);
  });
});

describe('/help', () => {
  it('lists every command of the bot, what it stores and how to delete it', () => {
    const embed = helpEmbed([ballerina]);
    const text = [
      embed.description,
      ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
    ].join('\n');
    for (const command of [
      '/film',
      '/cast',
      '/synopsis',
      '/ask',
      '/remindme',
      '/reminders list',
      '/reminders cancel',
      '/reminders clear',
      '/countdown start',
      '/countdown stop',
      '/countdown status',
      '/release show',
      '/release set',
      'Ballerina (2023)',
    ]) {
      expect(text).toContain(command);
    }
    expect(field(embed, 'What I store')).toContain('reminders');
    expect(field(embed, 'What I store')).toContain('DM channel');
    expect(field(embed, 'What I store')).toContain('countdown settings');
    expect(field(embed, 'Deleting your data')).toContain('/reminders clear');
    expectWithinLimits(embed);
  });

  it('GIVEN /countdown start THEN /help names every one of its options, event included', () => {
    const embed = helpEmbed([ballerina]);
    const start = countdown.data.options.find((o) => o.name === 'start');
    const names =
      start?.type === ApplicationCommandOptionType.Subcommand
        ? (start.options ?? []).map((o) => o.name)
        : [];
    expect(names).toContain('event');
    const usage = /`\/countdown start ([^`]*)`/.exec(
      field(embed, 'Countdowns (needs Manage Server)') ?? '',
    )?.[1];
    for (const name of names) expect(usage).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('GIVEN the cap on reminders per user THEN /help says how many a user may keep', () => {
    expect(field(helpEmbed([ballerina]), 'Reminders')).toContain(
      `You may keep up to ${MAX_REMINDERS_PER_USER} reminders at a time.`,
    );
    expect(MAX_REMINDERS_PER_USER).toBe(25);
  });
});

describe('echoing user text', () => {
  it('escapes markdown and breaks @everyone and @here', () => {
    const echoed = echoUserText('@everyone **bold** _it_ @here `x` ||s||');
    expect(echoed).not.toMatch(/@everyone|@here/);
    expect(echoed).toContain('\\*\\*bold\\*\\*');
    expect(echoed).toContain('\\`x\\`');
  });

  it('GIVEN the /ask embed THEN the question is quoted escaped', () => {
    const embed = askAnswerEmbed('@everyone who plays **Choi**?', {
      intent: 'who-plays',
      film: ballerina,
      answered: true,
      text: 'answer',
    });
    expect(embed.description).toMatch(
      /^> @\u200beveryone who plays \\\*\\\*Choi\\\*\\\*\?\n\nanswer$/,
    );
  });
});
