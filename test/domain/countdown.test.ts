import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  countdownWords,
  decidePost,
  latestLiveSlot,
  nextLiveSlot,
  nextPostSlot,
  normaliseDailyTime,
  postSlotsBetween,
  relativeCount,
  type DailySchedule,
} from '../../src/domain/countdown.ts';
import { canonicalZone, searchZones, utcOffsetLabel } from '../../src/domain/zones.ts';
import { discordMarkup } from '../../src/discord/format.ts';
import { countdownHeadlineIn } from '../../src/domain/i18n/countdown-text.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { loadBallerina } from '../support/films.ts';

const t = createTranslator();

const london = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/London' });
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const iso = (dt: DateTime | undefined) => dt?.toUTC().toISO({ suppressMilliseconds: true });

/** Ballerina: Friday 6 October 2023, 08:00 in London (BST), i.e. 07:00Z. */
const ballerina = london('2023-10-06T08:00');
const nineLondon: DailySchedule = { time: '09:00', zone: 'Europe/London' };

describe('daily slots keep their wall-clock time', () => {
  it('GIVEN a daily post at 09:00 Europe/London WHEN the clocks go back on 2023-10-29 THEN it posts at 08:00Z in BST and 09:00Z in GMT', () => {
    const release = london('2023-11-03T08:00');
    const slots = postSlotsBetween(
      nineLondon,
      release,
      london('2023-10-27T00:00'),
      london('2023-10-31T00:00'),
    );
    expect(slots.map((s) => [s.kind, iso(s.at)])).toEqual([
      ['daily', '2023-10-27T08:00:00Z'],
      ['daily', '2023-10-28T08:00:00Z'],
      ['daily', '2023-10-29T09:00:00Z'],
      ['daily', '2023-10-30T09:00:00Z'],
    ]);
    expect(slots.every((s) => s.at.setZone('Europe/London').toFormat('HH:mm') === '09:00')).toBe(
      true,
    );
  });

  it('GIVEN a daily post at 09:00 America/Los_Angeles WHEN US clocks go back on 2023-11-05 THEN it moves from 16:00Z to 17:00Z', () => {
    const schedule = { time: '09:00', zone: 'America/Los_Angeles' };
    const release = utc('2023-11-10T08:00');
    const slots = postSlotsBetween(
      schedule,
      release,
      utc('2023-11-04T00:00'),
      utc('2023-11-06T23:00'),
    );
    expect(slots.map((s) => iso(s.at))).toEqual([
      '2023-11-04T16:00:00Z',
      '2023-11-05T17:00:00Z',
      '2023-11-06T17:00:00Z',
    ]);
  });

  it('GIVEN a daily time in the hour skipped in spring (01:30 London on 2023-03-26) THEN that day it posts at 02:30 BST, once', () => {
    const schedule = { time: '01:30', zone: 'Europe/London' };
    const slots = postSlotsBetween(
      schedule,
      london('2023-04-10T08:00'),
      london('2023-03-25T12:00'),
      london('2023-03-27T12:00'),
    );
    expect(slots.map((s) => iso(s.at))).toEqual([
      '2023-03-26T01:30:00Z', // 02:30 BST: the wall clock jumped from 01:00 to 02:00
      '2023-03-27T00:30:00Z', // 01:30 BST
    ]);
  });

  it('GIVEN a daily time in the hour repeated in autumn (01:30 London on 2023-10-29) THEN it posts once, not twice, at the first occurrence (00:30Z, BST)', () => {
    const schedule = { time: '01:30', zone: 'Europe/London' };
    const slots = postSlotsBetween(
      schedule,
      london('2023-11-10T08:00'),
      london('2023-10-28T12:00'),
      london('2023-10-29T12:00'),
    );
    expect(slots.map((s) => iso(s.at))).toEqual(['2023-10-29T00:30:00Z']);
  });

  describe('whatever season the process clock is in', () => {
    afterEach(() => vi.useRealTimers());

    it('GIVEN a 01:30 London countdown WHEN it is planned every minute through the night the clocks go back, the process clock reading those same instants THEN it posts once, at 00:30Z', () => {
      const schedule = { time: '01:30', zone: 'Europe/London' };
      const release = london('2023-11-10T08:00');
      vi.useFakeTimers({ toFake: ['Date'] });
      let handled: DateTime = utc('2023-10-28T23:00');
      const posted: string[] = [];
      for (let now = handled; now <= utc('2023-10-29T03:00'); now = now.plus({ minutes: 1 })) {
        // The planner restarts here (a restart, another server starting a countdown): its
        // process clock is in BST before 01:00Z and in GMT after.
        vi.setSystemTime(now.toJSDate());
        const decision = decidePost(schedule, release, handled, now);
        if (decision.action === 'send') {
          posted.push(iso(decision.slot.at) ?? '');
          handled = decision.slot.at;
        }
      }
      expect(posted).toEqual(['2023-10-29T00:30:00Z']);
    });

    it.each([
      ['summer', '2023-07-15T12:00:00Z'],
      ['winter', '2024-01-15T12:00:00Z'],
    ])(
      'GIVEN the process clock in %s THEN the slots of the clock-change nights are the same',
      (_season, clock) => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date(clock));
        const slots = (zone: string, from: string, to: string) =>
          postSlotsBetween(
            { time: '01:30', zone },
            utc('2024-12-01T00:00'),
            utc(from),
            utc(to),
          ).map((s) => iso(s.at));
        expect(slots('Europe/London', '2023-10-28T12:00', '2023-10-29T12:00')).toEqual([
          '2023-10-29T00:30:00Z',
        ]);
        expect(slots('Europe/London', '2024-03-30T12:00', '2024-03-31T12:00')).toEqual([
          '2024-03-31T01:30:00Z',
        ]);
        expect(slots('America/New_York', '2023-11-04T12:00', '2023-11-05T12:00')).toEqual([
          '2023-11-05T05:30:00Z',
        ]);
        expect(slots('Australia/Lord_Howe', '2024-04-06T00:00', '2024-04-07T00:00')).toEqual([
          '2024-04-06T14:30:00Z',
        ]);
      },
    );
  });
});

describe('bad input never hangs the tick', () => {
  it('GIVEN a zone that is not a zone or a malformed time THEN planning refuses at once instead of looping', () => {
    expect(() =>
      postSlotsBetween(
        { time: '09:00', zone: 'Mars/Base' },
        ballerina,
        london('2023-10-01T00:00'),
        london('2023-10-03T00:00'),
      ),
    ).toThrow(RangeError);
    expect(() =>
      postSlotsBetween(
        { time: '9am', zone: 'Europe/London' },
        ballerina,
        london('2023-10-01T00:00'),
        london('2023-10-03T00:00'),
      ),
    ).toThrow();
  });
});

describe('the last day', () => {
  it('GIVEN Ballerina at 08:00 London and a 09:00 countdown THEN the last posts are 09:00 daily, 07:00 the hour before and 08:00 out now, with none at 09:00 on release day', () => {
    const slots = postSlotsBetween(
      nineLondon,
      ballerina,
      london('2023-10-04T00:00'),
      london('2023-10-08T00:00'),
    );
    expect(
      slots.map((s) => [s.kind, s.at.setZone('Europe/London').toFormat('ccc d HH:mm')]),
    ).toEqual([
      ['daily', 'Wed 4 09:00'],
      ['daily', 'Thu 5 09:00'],
      ['hour-before', 'Fri 6 07:00'],
      ['release', 'Fri 6 08:00'],
    ]);
  });

  it('GIVEN a daily time of 06:00 THEN release day has the 06:00 post as well as 07:00 and 08:00', () => {
    const slots = postSlotsBetween(
      { time: '06:00', zone: 'Europe/London' },
      ballerina,
      london('2023-10-05T12:00'),
      london('2023-10-07T00:00'),
    );
    expect(slots.map((s) => [s.kind, s.at.setZone('Europe/London').toFormat('d HH:mm')])).toEqual([
      ['daily', '6 06:00'],
      ['hour-before', '6 07:00'],
      ['release', '6 08:00'],
    ]);
  });

  it('GIVEN a daily time inside the final hour (07:30) THEN the 07:00 post covers it and nothing is posted at 07:30', () => {
    const slots = postSlotsBetween(
      { time: '07:30', zone: 'Europe/London' },
      ballerina,
      london('2023-10-05T12:00'),
      london('2023-10-07T00:00'),
    );
    expect(slots.map((s) => s.kind)).toEqual(['hour-before', 'release']);
  });

  it('GIVEN the release has passed THEN there is no next slot', () => {
    expect(nextPostSlot(nineLondon, ballerina, london('2023-10-06T08:00'))).toBeUndefined();
    expect(nextPostSlot(nineLondon, ballerina, london('2023-10-06T07:59'))?.kind).toBe('release');
    expect(nextPostSlot(nineLondon, ballerina, london('2023-10-05T09:00'))?.kind).toBe(
      'hour-before',
    );
  });
});

describe('what is due now, and catching up after downtime', () => {
  it('GIVEN a 09:00 countdown WHEN the tick runs at 09:00:01 THEN it posts that slot, on time', () => {
    const decision = decidePost(
      nineLondon,
      ballerina,
      london('2023-10-03T09:00'),
      london('2023-10-04T09:00:01'),
    );
    expect(decision).toMatchObject({ action: 'send', late: false, slot: { kind: 'daily' } });
    if (decision.action === 'send') expect(iso(decision.slot.at)).toBe('2023-10-04T08:00:00Z');
  });

  it('GIVEN the bot was down for three days WHEN it comes back 2 hours after a slot THEN it sends exactly one catch-up post, for the latest slot, marked late', () => {
    const decision = decidePost(
      nineLondon,
      ballerina,
      london('2023-10-01T09:00'),
      london('2023-10-04T11:00'),
    );
    expect(decision.action).toBe('send');
    if (decision.action !== 'send') return;
    expect(decision.late).toBe(true);
    expect(decision.slot.at.setZone('Europe/London').toFormat('d HH:mm')).toBe('4 09:00');
  });

  it('GIVEN the missed slot is exactly 6 hours old THEN it is still caught up', () => {
    expect(
      decidePost(nineLondon, ballerina, london('2023-10-03T09:00'), london('2023-10-04T15:00'))
        .action,
    ).toBe('send');
  });

  it('GIVEN the missed slot is more than 6 hours old THEN nothing is posted and the countdown waits for tomorrow 09:00', () => {
    const decision = decidePost(
      nineLondon,
      ballerina,
      london('2023-10-03T09:00'),
      london('2023-10-04T15:01'),
    );
    expect(decision.action).toBe('skip');
    if (decision.action !== 'skip') return;
    expect(decision.slot.at.setZone('Europe/London').toFormat('d HH:mm')).toBe('4 09:00');
    expect(decision.next?.at.setZone('Europe/London').toFormat('d HH:mm')).toBe('5 09:00');
  });

  it('GIVEN the bot was down over the hour-before post and a daily one THEN only the hour-before post is sent', () => {
    const decision = decidePost(
      { time: '06:00', zone: 'Europe/London' },
      ballerina,
      london('2023-10-05T06:00'),
      london('2023-10-06T07:20'),
    );
    expect(decision).toMatchObject({ action: 'send', late: true, slot: { kind: 'hour-before' } });
  });

  it('GIVEN the bot was down over the release, even for two days THEN the single "out now" post is still sent', () => {
    const decision = decidePost(
      nineLondon,
      ballerina,
      london('2023-10-05T09:00'),
      london('2023-10-08T12:00'),
    );
    expect(decision).toMatchObject({ action: 'send', late: true, slot: { kind: 'release' } });
  });

  it('GIVEN a countdown created at 10:00 for 09:00 posts THEN the slot before its creation is never caught up', () => {
    const decision = decidePost(
      nineLondon,
      ballerina,
      london('2023-10-03T10:00'),
      london('2023-10-03T10:00:05'),
    );
    expect(decision.action).toBe('wait');
    if (decision.action === 'wait')
      expect(decision.next?.at.setZone('Europe/London').toFormat('d HH:mm')).toBe('4 09:00');
  });

  it('GIVEN the slot was already handled THEN the next tick in the same minute waits', () => {
    expect(
      decidePost(nineLondon, ballerina, london('2023-10-04T09:00'), london('2023-10-04T09:00:30'))
        .action,
    ).toBe('wait');
  });
});

describe('the live message', () => {
  /** Minutes between the two refreshes that follow `now`, by the production rule (nextLiveSlot). */
  const refreshGapMinutes = (now: DateTime): number | undefined => {
    const next = nextLiveSlot('Europe/London', ballerina, now)?.at;
    const after = next && nextLiveSlot('Europe/London', ballerina, next)?.at;
    return next && after ? after.diff(next, 'minutes').minutes : undefined;
  };

  it('GIVEN more than an hour to go THEN it refreshes on the hour', () => {
    expect(iso(nextLiveSlot('Europe/London', ballerina, london('2023-10-05T10:17'))?.at)).toBe(
      '2023-10-05T10:00:00Z',
    );
    expect(refreshGapMinutes(london('2023-10-05T10:17'))).toBe(60);
  });

  it('GIVEN the final hour THEN it refreshes every minute and turns into the out-now message at release', () => {
    expect(nextLiveSlot('Europe/London', ballerina, london('2023-10-06T06:30'))).toMatchObject({
      kind: 'refresh',
    });
    expect(iso(nextLiveSlot('Europe/London', ballerina, london('2023-10-06T06:30'))?.at)).toBe(
      '2023-10-06T06:00:00Z',
    );
    expect(iso(nextLiveSlot('Europe/London', ballerina, london('2023-10-06T07:00'))?.at)).toBe(
      '2023-10-06T06:01:00Z',
    );
    expect(nextLiveSlot('Europe/London', ballerina, london('2023-10-06T07:59:30'))?.kind).toBe(
      'release',
    );
    expect(refreshGapMinutes(london('2023-10-06T07:30'))).toBe(1);
    expect(nextLiveSlot('Europe/London', ballerina, london('2023-10-06T08:00'))).toBeUndefined();
  });

  it('GIVEN a refresh was done at 10:00 WHEN the tick runs at 10:40 THEN nothing is due, and at 11:00 the 11:00 refresh is', () => {
    const done = london('2023-10-05T10:00');
    expect(
      latestLiveSlot('Europe/London', ballerina, done, london('2023-10-05T10:40')),
    ).toBeUndefined();
    expect(
      iso(latestLiveSlot('Europe/London', ballerina, done, london('2023-10-05T11:00:02'))?.at),
    ).toBe('2023-10-05T10:00:00Z');
  });

  it('GIVEN the bot was down through the release THEN the latest live slot is the release', () => {
    expect(
      latestLiveSlot(
        'Europe/London',
        ballerina,
        london('2023-10-05T10:00'),
        london('2023-10-07T10:00'),
      )?.kind,
    ).toBe('release');
    expect(
      latestLiveSlot('Europe/London', ballerina, ballerina, london('2023-10-07T10:00')),
    ).toBeUndefined();
  });
});

describe('what a post says', () => {
  it('GIVEN three calendar days to go THEN "Ballerina lands on Netflix (UK) in 3 days" with a relative Discord timestamp', async () => {
    expect(
      countdownHeadlineIn(
        await loadBallerina(),
        ballerina,
        london('2023-10-03T09:00'),
        'Europe/London',
        'en',
        t,
        discordMarkup,
      ),
    ).toBe('Ballerina lands on Netflix (UK) in 3 days (<t:1696575600:R>)');
  });

  it('GIVEN the day before, an hour before and 40 minutes before THEN "tomorrow", "in 1 hour", "in 40 minutes"', () => {
    expect(countdownWords(ballerina, london('2023-10-05T09:00'), 'Europe/London')).toBe('tomorrow');
    expect(countdownWords(ballerina, london('2023-10-06T07:00'), 'Europe/London')).toBe(
      'in 1 hour',
    );
    expect(countdownWords(ballerina, london('2023-10-06T07:20'), 'Europe/London')).toBe(
      'in 40 minutes',
    );
    expect(countdownWords(ballerina, london('2023-10-06T02:00'), 'Europe/London')).toBe(
      'in 6 hours',
    );
  });

  it('GIVEN the same instant THEN "tomorrow" is counted on the calendar of the countdown zone (Seoul is on the eve of release day, Los Angeles two dates before it)', () => {
    const now = utc('2023-10-05T06:00'); // 25 hours before
    expect(countdownWords(ballerina, now, 'Asia/Seoul')).toBe('tomorrow');
    expect(countdownWords(ballerina, now, 'America/Los_Angeles')).toBe('in 1 day');
    // 11 hours before, the relative timestamp counts hours, and so do the words, in every zone.
    const evening = utc('2023-10-05T20:00');
    expect(countdownWords(ballerina, evening, 'Europe/London')).toBe('in 11 hours');
    expect(countdownWords(ballerina, evening, 'Asia/Seoul')).toBe('in 11 hours');
  });

  it('GIVEN a Los Angeles countdown at 23:59 there (06:59Z on 5 October), 24 hours and a minute before a midnight release THEN "in 1 day", as the relative timestamp says, not "in 2 days"', () => {
    expect(countdownWords(ballerina, utc('2023-10-05T06:59'), 'America/Los_Angeles')).toBe(
      'in 1 day',
    );
  });

  it('GIVEN the hour-before post of a countdown whose zone is already on the eve of release THEN "in 1 hour", not "tomorrow"', () => {
    // 23:00 in Los Angeles on 5 October; the release is 00:00 there on the 6th.
    expect(countdownWords(ballerina, utc('2023-10-06T06:00'), 'America/Los_Angeles')).toBe(
      'in 1 hour',
    );
    // 18 hours before: the relative timestamp says "in 18 hours", so does the headline.
    expect(countdownWords(ballerina, utc('2023-10-05T13:00'), 'America/Los_Angeles')).toBe(
      'in 18 hours',
    );
  });

  it("GIVEN any moment in the last 30 days, in any zone THEN the headline's number and unit are the relative timestamp's, and \"tomorrow\" only when the zone's calendar agrees", () => {
    for (const zone of [
      'Europe/London',
      'America/Los_Angeles',
      'Asia/Seoul',
      'Australia/Lord_Howe',
    ]) {
      for (
        let now = ballerina.minus({ days: 30 });
        now < ballerina;
        now = now.plus({ minutes: 37 })
      ) {
        const words = countdownWords(ballerina, now, zone);
        const { unit, count } = relativeCount(ballerina.toMillis() - now.toMillis());
        const local = now.setZone(zone).plus({ days: 1 }).toISODate();
        if (words === 'tomorrow') {
          expect([unit, count]).toEqual(['day', 1]);
          expect(ballerina.setZone(zone).toISODate()).toBe(local);
        } else expect(words).toBe(`in ${count} ${unit}${count === 1 ? '' : 's'}`);
      }
    }
  });

  it.each([
    [44 * 60_000, 'minute', 44],
    [45 * 60_000, 'hour', 1],
    [89 * 60_000, 'hour', 1],
    [90 * 60_000, 'hour', 2],
    [(21 * 60 + 29) * 60_000, 'hour', 21],
    [(21 * 60 + 30) * 60_000, 'day', 1],
    [(35 * 60 + 59) * 60_000, 'day', 1],
    [36 * 3_600_000, 'day', 2],
  ])(
    'GIVEN %d ms to go THEN relativeCount counts in %ss, %d of them, as a Discord client does',
    (ms, unit, count) => {
      expect(relativeCount(ms)).toEqual({ unit, count });
    },
  );

  it('GIVEN the release has come THEN the headline says it is out now', async () => {
    expect(
      countdownHeadlineIn(
        await loadBallerina(),
        ballerina,
        ballerina,
        'Europe/London',
        'en',
        t,
        discordMarkup,
      ),
    ).toBe('Ballerina is out now on Netflix (UK)! (released <t:1696575600:R>)');
  });
});

describe('parsing what admins type', () => {
  it('GIVEN times like 9:00, 18.30, 7h05 THEN they normalise to HH:MM; 24:00 and 9am are refused', () => {
    expect(normaliseDailyTime('9:00')).toBe('09:00');
    expect(normaliseDailyTime(' 18.30 ')).toBe('18:30');
    expect(normaliseDailyTime('7h05')).toBe('07:05');
    expect(normaliseDailyTime('24:00')).toBeUndefined();
    expect(normaliseDailyTime('9am')).toBeUndefined();
  });

  it('GIVEN zone names in any case or with spaces THEN they resolve to the IANA name; nonsense is refused', () => {
    expect(canonicalZone('europe/london')).toBe('Europe/London');
    expect(canonicalZone('America/Los Angeles')).toBe('America/Los_Angeles');
    expect(canonicalZone('utc')).toBe('UTC');
    expect(canonicalZone('Mars/Olympus')).toBeUndefined();
  });

  it('GIVEN a partial zone name THEN autocomplete offers at most 25 matches, best first', () => {
    expect(searchZones('lond')[0]).toBe('Europe/London');
    expect(searchZones('seoul')).toEqual(['Asia/Seoul']);
    expect(searchZones('america').length).toBe(25);
    expect(searchZones('')).toContain('Europe/London');
    expect(utcOffsetLabel('Europe/London', ballerina)).toBe('UTC+1');
    expect(utcOffsetLabel('Asia/Kolkata', ballerina)).toBe('UTC+5:30');
  });
});
