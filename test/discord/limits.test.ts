import { checkContract } from '@premiere/discord-emulator';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { listMessage } from '../../commands/reminders.ts';
import { createCountdownRenderer } from '../../src/discord/countdown-messages.ts';
import { countdownStatusEmbed, countdownStatusField } from '../../src/discord/countdown-status.ts';
import { discordMarkup } from '../../src/discord/format.ts';
import type { Countdown } from '../../src/domain/countdown-record.ts';
import {
  fallbackPreface,
  fallbackReasons,
  releaseChangedText,
  reminderText,
} from '../../src/domain/reminders.ts';
import {
  castEmbed,
  filmOverviewComponents,
  filmOverviewEmbed,
  helpEmbed,
  personEmbed,
  synopsisEmbed,
} from '../../src/discord/embeds.ts';
import { filmSchema, type Film } from '../../src/domain/film.ts';
import { releaseDateTime } from '../../src/domain/release.ts';
import { reminderOffsets, type Reminder } from '../../src/domain/reminders.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import type { ReminderStatus, ReminderView } from '../../src/app/reminders.ts';
import { ballerina, userId } from '../support/reminder-fixtures.ts';

/*
 * Every body the bot builds, from the largest data it can hold, checked by the emulator's own
 * contract (Discord's published schemas plus the limits they leave out): what Discord would
 * refuse with 50035 fails here first.
 */
const REPLY = 'POST /interactions/:interaction_id/:interaction_token/callback';
const asReply = (data: object) => ({ type: 4, data: { ...data, flags: 64 } });
const asUpdate = (data: object) => ({ type: 7, data });
const t = createTranslator();

/** The longest thing a reminder's status can say, on the longest line a reminder can have. */
const longestStatuses: ReminderStatus[] = [{ kind: 'dm_closed' }, { kind: 'passed' }];

function fullList(film: Film): ReminderView[] {
  return Array.from({ length: 25 }, (_, i) => {
    const reminder: Reminder = {
      id: `r${String(i).padStart(2, '0')}-${'x'.repeat(30)}`,
      userId: userId(1),
      filmId: film.id,
      offset: reminderOffsets[i % reminderOffsets.length] ?? 'day',
      where: 'here',
      channelId: '1234567890123456789',
      guildId: '1234567890123456780',
      createdAt: '2023-10-01T09:00:00.000Z',
      delivery: { state: 'pending' },
    } as Reminder;
    return {
      reminder,
      film,
      dueAt: DateTime.fromISO('2023-10-05T08:00', { zone: 'Europe/London' }),
      status: longestStatuses[i % longestStatuses.length] ?? { kind: 'dm_closed' },
    };
  });
}

describe("Discord's limits: /reminders list", () => {
  it('GIVEN 25 reminders whose statuses are the longest THEN every page is a body Discord accepts, and together they show all 25 with a Cancel button each', () => {
    const views = fullList(ballerina);
    const cancelIds = new Set<string>();
    let descriptions = 0;
    for (let page = 0; page < 25; page++) {
      const message = listMessage(
        views,
        { t, locale: 'en' },
        'Cancelled: a day before by DM.',
        page,
      );
      expect(checkContract(REPLY, asReply(message)), `page ${page}`).toEqual([]);
      expect(checkContract(REPLY, asUpdate(message)), `page ${page}`).toEqual([]);
      descriptions += message.embeds[0]?.description?.length ?? 0;
      for (const row of message.components)
        for (const button of row.components)
          if ('custom_id' in button && button.custom_id.startsWith('reminders:cancel:'))
            cancelIds.add(button.custom_id.split(':')[2] ?? '');
    }
    expect(cancelIds).toEqual(new Set(views.map((v) => v.reminder.id)));
    // The whole list is more than one embed description could hold: it had to page.
    expect(descriptions).toBeGreaterThan(4096);
  });

  it('GIVEN a list of more than one page THEN Previous and Next turn it, each disabled at its end', () => {
    const views = fullList(ballerina);
    const nav = (page: number) =>
      listMessage(views, { t, locale: 'en' }, undefined, page)
        .components.at(-1)
        ?.components.map((b) => ('custom_id' in b ? [b.custom_id, b.disabled] : []));
    expect(nav(0)).toEqual([
      ['reminders:page:-1', true],
      ['reminders:page:1', false],
    ]);
    const last = listMessage(views, { t, locale: 'en' }, undefined, 99);
    expect(last.embeds[0]?.footer?.text).toMatch(/^Page 3 of 3 · /);
  });
});

const POST = 'POST /channels/:channel_id/messages';
const long = (what: string, n: number) =>
  `${what} `
    .repeat(Math.ceil(n / (what.length + 1)))
    .slice(0, n)
    .trim();

/**
 * A film with every field at the most its schema allows (synopsis 300/4,000, notes and character
 * descriptions 1,000) and the unbounded ones long: a 200-character title, 100-character names,
 * 30 cast members with 10 other works each.
 */
function largestFilm(): Film {
  const work = (i: number) => ({
    title: long(`Work ${i}`, 100),
    year: 2000 + i,
    kind: long('series', 60),
  });
  const person = (what: string) => ({
    name: long(what, 100),
    aliases: [long(`${what} alias`, 100), long(`${what} other`, 100)],
  });
  return filmSchema.parse({
    $source: 'Test fixture: the largest film the schema accepts, not a real film.',
    id: 'largest-film',
    title: long('Longest Title', 200),
    originalTitle: long('Original', 200),
    aliases: [long('Alias', 100)],
    year: 2023,
    country: long('Country', 60),
    language: long('Language', 60),
    genres: Array.from({ length: 8 }, (_, i) => long(`Genre${i}`, 40)),
    runtimeMinutes: 999,
    director: {
      ...person('Director'),
      role: long('Writer and director', 60),
      previousWorks: Array.from({ length: 10 }, (_, i) => work(i)),
    },
    release: {
      instant: '2023-10-06T08:00:00+01:00',
      zone: 'Europe/London',
      platform: long('Platform', 60),
      region: long('Region', 40),
      note: long('note', 300),
    },
    synopsis: { short: long('Short', 300), full: long('Full', 4000) },
    disambiguation: { note: long('Not this one', 1000), confusedWith: [long('Other', 100)] },
    cast: Array.from({ length: 30 }, (_, i) => ({
      actor: person(`Actor${i}`),
      character: { ...person(`Character${i}`), description: long(`Description${i}`, 1000) },
      lead: i < 10,
      otherWorks: Array.from({ length: 10 }, (_, j) => work(j)),
    })),
  });
}

describe("Discord's limits: every film view from the largest film", () => {
  const film = largestFilm();
  const now = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });
  const release = releaseDateTime(film.release);
  const t = createTranslator();
  // Every view in both languages: Korean labels and the film's Korean blocks must fit as well.
  const readers = [
    { locale: 'en', t },
    { locale: 'ko', t },
  ] as const;
  type Reader = (typeof readers)[number];

  it.each([
    [
      '/film',
      (r: Reader) => ({
        embeds: [filmOverviewEmbed(film, now, release, r)],
        components: filmOverviewComponents(film, r),
      }),
    ],
    ['/cast', (r: Reader) => ({ embeds: [castEmbed(film, r, now)] })],
    [
      '/cast person (actor)',
      (r: Reader) => ({
        embeds: [
          personEmbed(
            film,
            {
              kind: 'member',
              member: film.cast[0] as Film['cast'][number],
              via: 'actor',
            } as never,
            r,
            now,
          ),
        ],
      }),
    ],
    [
      '/cast person (director)',
      (r: Reader) => ({
        embeds: [personEmbed(film, { kind: 'director', director: film.director } as never, r, now)],
      }),
    ],
    ['/synopsis', (r: Reader) => ({ embeds: [synopsisEmbed(film, r, now)] })],
    ['/help', (_r: Reader) => ({ embeds: [helpEmbed([film, film, film])] })],
  ] as const)('GIVEN the largest film THEN %s is a reply Discord accepts', (_name, build) => {
    for (const reader of readers) {
      expect(checkContract(REPLY, asReply(build(reader))), reader.locale).toEqual([]);
    }
  });

  it.each(['post', 'live'] as const)(
    'GIVEN the largest film THEN a %s countdown message is a post Discord accepts, before and at release',
    (style) => {
      for (const at of [now, release]) {
        for (const locale of ['en', 'ko'] as const) {
          const { mentionUserIds: _none, ...body } = createCountdownRenderer(t)({
            film,
            release,
            now: at,
            zone: 'Australia/Lord_Howe',
            style,
            locale,
          });
          expect(checkContract(POST, { ...body, nonce: 'n' }), locale).toEqual([]);
        }
      }
    },
  );
});

describe("Discord's limits: what the scheduler sends and /countdown status, from the largest film", () => {
  const film = largestFilm();
  const release = releaseDateTime(film.release);
  const now = release.minus({ days: 3 });

  it('GIVEN every timing and a here ping THEN each reminder, with the longest fallback preface, is content Discord accepts', () => {
    const timings = [
      { kind: 'on_time' },
      { kind: 'late' },
      { kind: 'out_now', late: false },
      { kind: 'out_now', late: true },
    ] as const;
    const t = createTranslator();
    for (const locale of ['en', 'ko'] as const)
      for (const timing of timings)
        for (const offset of reminderOffsets) {
          const text = reminderText({
            locale,
            t,
            film,
            release,
            offset,
            dueAt: release.minus({ days: 1 }),
            timing,
            mentionUserIds: ['12345678901234567890'],
            markup: discordMarkup,
          });
          for (const reason of fallbackReasons) {
            const content =
              fallbackPreface('12345678901234567890', reason, discordMarkup, locale, t) + text;
            expect(
              checkContract(POST, { content, nonce: 'n' }),
              `${locale} ${timing.kind} ${offset}`,
            ).toEqual([]);
          }
        }
    for (const locale of ['en', 'ko'] as const) {
      const notice = releaseChangedText(
        film,
        release,
        release.plus({ days: 30 }),
        now,
        discordMarkup,
        locale,
        createTranslator(),
      );
      expect(checkContract(POST, { content: notice, nonce: 'n' }), locale).toEqual([]);
    }
  });

  it('GIVEN a server with its 10 countdowns all paused with the longest reason THEN /countdown status is a reply Discord accepts, in English and in Korean', () => {
    const countdown = (i: number): Countdown => ({
      id: `g:${i}:${film.id}`,
      guildId: '1234567890123456789',
      channelId: '1234567890123456789',
      filmId: film.id,
      time: '09:00',
      zone: 'America/Argentina/ComodRivadavia',
      style: i % 2 === 0 ? 'post' : 'live',
      createdBy: '1234567890123456789',
      createdAt: '2023-10-01T09:00:00.000Z',
      status: 'paused',
      pausedReason: long('the server AutoMod blocked my post', 1000),
      liveMessageId: '1234567890123456789',
      lastResult: { at: '2023-10-02T09:00:00.000Z', outcome: 'failed', code: 200000 },
    });
    for (const locale of ['en', 'ko'] as const) {
      const reader = { locale, t };
      const fields = Array.from({ length: 10 }, (_, i) =>
        countdownStatusField(countdown(i), film, release, now, reader),
      );
      const embed = countdownStatusEmbed(fields, long('A server with a long name', 100), reader);
      expect(checkContract(REPLY, asReply({ embeds: [embed] })), locale).toEqual([]);
    }
  });
});
