import { describe, expect, it } from 'vitest';
import {
  deliveryTiming,
  dueInstant,
  fallbackPreface,
  MENTION_USERS_MAX,
  mentionChunks,
  MESSAGE_CONTENT_MAX,
  offsetsStillAhead,
  releaseChangedText,
  reminderLocale,
  reminderSchema,
  reminderText,
} from '../../src/domain/reminders.ts';
import { ballerina, london } from '../support/reminder-fixtures.ts';
import { discordMarkup } from '../../src/discord/format.ts';
import { createTranslator } from '../../src/i18n/translator.ts';

const release = london('2023-10-06T08:00');
const EN = { locale: 'en', t: createTranslator() } as const;

describe('dueInstant', () => {
  it('GIVEN the Ballerina release (08:00 BST) THEN week, day, hour and release reminders fall at the expected instants', () => {
    expect(dueInstant(release, 'week').toISO()).toBe('2023-09-29T08:00:00.000+01:00');
    expect(dueInstant(release, 'day').toISO()).toBe('2023-10-05T08:00:00.000+01:00');
    expect(dueInstant(release, 'hour').toISO()).toBe('2023-10-06T07:00:00.000+01:00');
    expect(dueInstant(release, 'release').toISO()).toBe(release.toISO());
  });

  it('GIVEN a release just after the clocks go back (BST→GMT) THEN week and day before keep the local 12:00 and the hour is sixty minutes', () => {
    const afterChange = london('2023-10-29T12:00');
    expect(afterChange.offset).toBe(0);
    const week = dueInstant(afterChange, 'week');
    expect(week.toISO()).toBe('2023-10-22T12:00:00.000+01:00');
    expect(week.toUTC().toISO()).toBe('2023-10-22T11:00:00.000Z');
    expect(dueInstant(afterChange, 'day').toUTC().toISO()).toBe('2023-10-28T11:00:00.000Z');
    expect(afterChange.diff(dueInstant(afterChange, 'day'), 'hours').hours).toBe(25);
    expect(dueInstant(afterChange, 'hour').toUTC().toISO()).toBe('2023-10-29T11:00:00.000Z');
  });
});

describe('offsetsStillAhead', () => {
  it('GIVEN two days before release THEN day, hour and release remain and the week has passed', () => {
    expect(offsetsStillAhead(release, london('2023-10-04T08:00'))).toEqual([
      'day',
      'hour',
      'release',
    ]);
  });
  it('GIVEN the release has come THEN nothing is ahead', () => {
    expect(offsetsStillAhead(release, release)).toEqual([]);
  });
});

describe('deliveryTiming', () => {
  const due = dueInstant(release, 'day');
  it('GIVEN now within a minute of the due instant THEN it is on time', () => {
    expect(deliveryTiming(due, release, due.plus({ seconds: 59 }))).toEqual({ kind: 'on_time' });
  });
  it('GIVEN the bot was down for two hours at the due instant THEN it is late', () => {
    expect(deliveryTiming(due, release, due.plus({ hours: 2 }))).toEqual({ kind: 'late' });
  });
  it('GIVEN the release has come meanwhile THEN the day-before reminder is overtaken: out now, late', () => {
    expect(deliveryTiming(due, release, release.plus({ hours: 1 }))).toEqual({
      kind: 'out_now',
      late: true,
    });
  });
  it('GIVEN a release reminder at its instant THEN it is out now, not late', () => {
    expect(deliveryTiming(release, release, release.plus({ milliseconds: 300 }))).toEqual({
      kind: 'out_now',
      late: false,
    });
  });
});

describe('reminder texts', () => {
  const unix = Math.floor(release.toSeconds());

  it('GIVEN a day-before reminder on time THEN it names the film, the platform and the exact instant', () => {
    const text = reminderText({
      markup: discordMarkup,
      ...EN,
      film: ballerina,
      release,
      offset: 'day',
      dueAt: dueInstant(release, 'day'),
      timing: { kind: 'on_time' },
    });
    expect(text).toBe(
      `⏰ One day to go! **Ballerina (2023)** comes out on Netflix (UK) <t:${unix}:F> (<t:${unix}:R>).`,
    );
  });

  it('GIVEN a late reminder THEN it apologises and says when it was due', () => {
    const dueAt = dueInstant(release, 'hour');
    const text = reminderText({
      markup: discordMarkup,
      ...EN,
      film: ballerina,
      release,
      offset: 'hour',
      dueAt,
      timing: { kind: 'late' },
    });
    expect(text).toContain('Sorry, this reminder is late');
    expect(text).toContain(`<t:${Math.floor(dueAt.toSeconds())}:f>`);
  });

  it('GIVEN a here reminder THEN it pings only that user, in the text', () => {
    const text = reminderText({
      markup: discordMarkup,
      ...EN,
      film: ballerina,
      release,
      offset: 'release',
      dueAt: release,
      timing: { kind: 'out_now', late: false },
      mentionUserIds: ['123456789012345678'],
    });
    expect(text).toBe('🍿 <@123456789012345678> **Ballerina (2023)** is out now on Netflix (UK)!');
  });

  it('GIVEN a here post for several users THEN the text comes first and each is mentioned once on the line below', () => {
    const text = reminderText({
      ...EN,
      markup: discordMarkup,
      film: ballerina,
      release,
      offset: 'day',
      dueAt: dueInstant(release, 'day'),
      timing: { kind: 'on_time' },
      mentionUserIds: ['123456789012345678', '223456789012345678'],
    });
    expect(text).toBe(
      `⏰ One day to go! **Ballerina (2023)** comes out on Netflix (UK) <t:${unix}:F> (<t:${unix}:R>).\n<@123456789012345678> <@223456789012345678>`,
    );
  });

  it('GIVEN a reminder sent up to ten minutes before its moment THEN its text reads the same as at the moment (the release is a Discord timestamp)', () => {
    const input = {
      ...EN,
      markup: discordMarkup,
      film: ballerina,
      release,
      offset: 'day',
      dueAt: dueInstant(release, 'day'),
    } as const;
    const early = dueInstant(release, 'day').minus({ minutes: 10 });
    const timing = deliveryTiming(input.dueAt, release, early);
    expect(timing).toEqual({ kind: 'on_time' });
    expect(reminderText({ ...input, timing })).toBe(
      reminderText({ ...input, timing: deliveryTiming(input.dueAt, release, input.dueAt) }),
    );
  });

  it('GIVEN an overtaken reminder THEN it says out now, never "to go"', () => {
    const text = reminderText({
      markup: discordMarkup,
      ...EN,
      film: ballerina,
      release,
      offset: 'day',
      dueAt: dueInstant(release, 'day'),
      timing: { kind: 'out_now', late: true },
    });
    expect(text).toContain('is out now on Netflix (UK)');
    expect(text).not.toMatch(/to go|tomorrow/);
  });

  it('GIVEN a fallback to DM THEN the reason is explained', () => {
    expect(
      fallbackPreface('400000000000000001', 'missing_permissions', discordMarkup, 'en', EN.t),
    ).toContain('I am no longer allowed to post there');
  });

  it('GIVEN a reminder asked for in Korean THEN its text is Korean, with the same timestamps', () => {
    const text = reminderText({
      markup: discordMarkup,
      locale: 'ko',
      t: EN.t,
      film: ballerina,
      release,
      offset: 'day',
      dueAt: dueInstant(release, 'day'),
      timing: { kind: 'on_time' },
    });
    expect(text).toBe(
      `⏰ 하루 남았어요! **〈발레리나〉(2023)** 공개: 넷플릭스(영국), <t:${unix}:F> (<t:${unix}:R>).`,
    );
  });

  it('GIVEN a record stored before reminders had a language THEN it reads as English', () => {
    const stored = reminderSchema.parse({
      id: 'rAAAAAAAAAAAAAAA',
      userId: '111111111111111111',
      filmId: 'ballerina-2023',
      offset: 'day',
      where: 'dm',
      createdAt: '2023-09-01T11:00:00.000Z',
      delivery: { state: 'pending', attempts: 0 },
    });
    expect(stored.locale).toBeUndefined();
    expect(reminderLocale(stored)).toBe('en');
    expect(reminderLocale({})).toBe('en');
    expect(reminderLocale({ locale: 'ko' })).toBe('ko');
  });

  describe('mentionChunks', () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => String(1_000_000_000_000_000_000n + BigInt(i)));
    const render = (userIds: readonly string[]) =>
      reminderText({
        ...EN,
        markup: discordMarkup,
        film: ballerina,
        release,
        offset: 'release',
        dueAt: release,
        timing: { kind: 'out_now', late: false },
        mentionUserIds: userIds,
      });

    it('GIVEN 130 users with 19-digit ids THEN 2 posts, each within 2,000 characters and 100 mentions, every user once, in order', () => {
      const users = ids(130);
      const chunks = mentionChunks(users, render, (id) => discordMarkup.user(id));
      expect(chunks).toHaveLength(2);
      expect(chunks.flat()).toEqual(users);
      for (const chunk of chunks) {
        expect(chunk.length).toBeLessThanOrEqual(MENTION_USERS_MAX);
        expect(render(chunk).length).toBeLessThanOrEqual(MESSAGE_CONTENT_MAX);
      }
      // Full: one more user would not have fitted.
      const first = chunks[0] ?? [];
      expect(render([...first, users[first.length] ?? '']).length).toBeGreaterThan(
        MESSAGE_CONTENT_MAX,
      );
    });

    it('GIVEN short ids THEN the 100-mention cap decides', () => {
      const users = Array.from({ length: 250 }, (_, i) => String(i + 1));
      const chunks = mentionChunks(users, render, (id) => discordMarkup.user(id));
      expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
      for (const chunk of chunks)
        expect(render(chunk).length).toBeLessThanOrEqual(MESSAGE_CONTENT_MAX);
    });

    it('GIVEN one user THEN one post, and none for nobody', () => {
      expect(mentionChunks(['123456789012345678'], render, (id) => discordMarkup.user(id))).toEqual(
        [['123456789012345678']],
      );
      expect(mentionChunks([], render, (id) => discordMarkup.user(id))).toEqual([]);
    });
  });

  it('GIVEN a release change THEN old and new instants are side by side', () => {
    const next = london('2023-10-13T08:00');
    const text = releaseChangedText(
      ballerina,
      release,
      next,
      london('2023-10-01T00:00'),
      discordMarkup,
      'en',
      EN.t,
    );
    expect(text).toContain(`Was: ~~<t:${unix}:F>~~`);
    expect(text).toContain(`Now: <t:${Math.floor(next.toSeconds())}:F>`);
    // Only reminders already past at the change are replaced by it: one that falls due later and
    // is missed while the bot is down still gets its own late DM.
    expect(text).toContain(
      'any whose moment had already passed when it changed are covered by this message.',
    );
  });
});
