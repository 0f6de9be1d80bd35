import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/domain/errors.ts';
import { thrownAs } from '../support/replies.ts';
import {
  calendarDaysBetween,
  checkZone,
  searchZones,
  wallTimeIn,
  zoneFromUser,
} from '../../src/domain/zones.ts';
import { DateTime } from 'luxon';

/** The process clock in each season: nothing below may depend on which one it is. */
const processClocks = [
  ['summer', '2023-07-15T12:00:00Z'],
  ['winter', '2024-01-15T12:00:00Z'],
] as const;

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('wallTimeIn: one rule for wall-clock times', () => {
  afterEach(() => vi.useRealTimers());

  describe.each(processClocks)('with the process clock in %s', (_season, systemTime) => {
    const at = (wall: string, zone: string) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(systemTime));
      const [date = '', time = ''] = wall.split(' ');
      const [year, month, day] = date.split('-').map(Number);
      const [hour, minute] = time.split(':').map(Number);
      return wallTimeIn(
        { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0 },
        zone,
      );
    };

    it('GIVEN 01:30 London on the night the clocks go back THEN it is the first occurrence, 00:30Z (BST)', () => {
      const { instant, fit } = at('2023-10-29 01:30', 'Europe/London');
      expect(instant.toUTC().toISO()).toBe('2023-10-29T00:30:00.000Z');
      expect(instant.zoneName).toBe('Europe/London');
      expect(fit).toBe('repeated');
    });

    it('GIVEN 01:30 New York on the night the clocks go back THEN it is the first occurrence, 05:30Z (EDT)', () => {
      const { instant, fit } = at('2023-11-05 01:30', 'America/New_York');
      expect(instant.toUTC().toISO()).toBe('2023-11-05T05:30:00.000Z');
      expect(fit).toBe('repeated');
    });

    it('GIVEN 01:45 on Lord Howe Island when its clocks go back half an hour THEN it is the first occurrence (+11:00)', () => {
      const { instant, fit } = at('2024-04-07 01:45', 'Australia/Lord_Howe');
      expect(instant.toUTC().toISO()).toBe('2024-04-06T14:45:00.000Z');
      expect(fit).toBe('repeated');
    });

    it('GIVEN 01:30 London on the night the clocks jump forward THEN it moves an hour later, 02:30 BST', () => {
      const { instant, fit } = at('2024-03-31 01:30', 'Europe/London');
      expect(instant.toISO()).toBe('2024-03-31T02:30:00.000+01:00');
      expect(fit).toBe('skipped');
    });

    it('GIVEN 02:15 on Lord Howe Island when its clocks jump forward half an hour THEN it moves half an hour later, 02:45', () => {
      const { instant, fit } = at('2023-10-01 02:15', 'Australia/Lord_Howe');
      expect(instant.toISO()).toBe('2023-10-01T02:45:00.000+11:00');
      expect(fit).toBe('skipped');
    });

    it('GIVEN an ordinary time THEN it is exact, with the offset of its own date', () => {
      expect(at('2023-10-06 08:00', 'Europe/London').instant.toISO()).toBe(
        '2023-10-06T08:00:00.000+01:00',
      );
      expect(at('2023-12-06 08:00', 'Europe/London').instant.toISO()).toBe(
        '2023-12-06T08:00:00.000+00:00',
      );
      expect(at('2023-12-06 08:00', 'Europe/London').fit).toBe('exact');
    });
  });

  it('GIVEN a date that does not exist or an unknown zone THEN it throws a RangeError', () => {
    expect(() =>
      wallTimeIn({ year: 2023, month: 2, day: 30, hour: 8, minute: 0 }, 'Europe/London'),
    ).toThrow(RangeError);
    expect(() =>
      wallTimeIn({ year: 2023, month: 2, day: 3, hour: 8, minute: 0 }, 'Mars/Olympus'),
    ).toThrow(RangeError);
  });
});

describe('calendarDaysBetween', () => {
  it('GIVEN 23:59 and 00:00 two dates later in Los Angeles THEN it counts the dates there, not in UTC', () => {
    expect(
      calendarDaysBetween(
        utc('2023-10-05T06:59:00Z'),
        utc('2023-10-06T07:00:00Z'),
        'America/Los_Angeles',
      ),
    ).toBe(2);
    expect(
      calendarDaysBetween(utc('2023-10-05T06:59:00Z'), utc('2023-10-06T07:00:00Z'), 'UTC'),
    ).toBe(1);
  });

  it('GIVEN the 25-hour day the clocks go back on THEN it is still one day', () => {
    expect(
      calendarDaysBetween(
        utc('2023-10-28T23:30:00Z'),
        utc('2023-10-30T00:30:00Z'),
        'Europe/London',
      ),
    ).toBe(1);
  });
});

describe('checkZone: places, not abbreviations or offsets', () => {
  it('GIVEN timezone:EST THEN it is refused: "EST has no daylight saving: did you mean America/New_York…?"', () => {
    const checked = checkZone('EST');
    expect(checked).toMatchObject({ ok: false, kind: 'abbreviation', noDaylightSaving: true });
    expect(() => zoneFromUser('EST')).toThrow(UserError);
    expect(thrownAs(() => zoneFromUser('EST')).message).toMatch(
      'EST has no daylight saving: did you mean America/New_York or America/Toronto?',
    );
  });

  it.each([
    ['PST', 'PST has no daylight saving: did you mean America/Los_Angeles?'],
    ['pst', 'pst has no daylight saving: did you mean America/Los_Angeles?'],
    ['MST', 'MST has no daylight saving: did you mean America/Denver or America/Phoenix?'],
    ['GMT', 'GMT has no daylight saving: did you mean Europe/London?'],
    ['HST', 'HST is an abbreviation, not a time zone: did you mean Pacific/Honolulu?'],
    ['BST', 'BST is an abbreviation, not a time zone: did you mean Europe/London?'],
    ['PST8PDT', 'PST8PDT is an abbreviation, not a time zone: did you mean America/Los_Angeles?'],
    ['KST', 'KST is an abbreviation, not a time zone: did you mean Asia/Seoul?'],
    ['CET', 'CET has no daylight saving: did you mean Europe/Paris or Europe/Berlin?'],
  ])(
    'GIVEN the abbreviation %s THEN it is refused with the place people mean',
    (input, message) => {
      expect(thrownAs(() => zoneFromUser(input)).message).toMatch(message);
    },
  );

  it.each([
    ['UTC+1', 'Europe/London'],
    ['GMT-5', 'America/New_York'],
    ['utc+5:30', 'Asia/Kolkata'],
    ['Etc/GMT+5', 'America/New_York'],
    ['+09:00', 'Asia/Seoul'],
  ])(
    'GIVEN the fixed offset %s THEN it is refused, suggesting %s among places at that offset',
    (input, place) => {
      const checked = checkZone(input);
      expect(checked).toMatchObject({ ok: false, kind: 'fixed_offset' });
      expect(checked.ok ? [] : 'places' in checked ? checked.places : []).toContain(place);
      expect(thrownAs(() => zoneFromUser(input)).message).toMatch(
        /is a fixed offset with no daylight saving: did you mean/,
      );
    },
  );

  it.each([
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['America/Los Angeles', 'America/Los_Angeles'],
    ['US/Pacific', 'America/Los_Angeles'],
    ['GB', 'Europe/London'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Asia/Seoul', 'Asia/Seoul'],
    ['America/Phoenix', 'America/Phoenix'],
  ])('GIVEN the place %s THEN it is accepted as %s', (input, zone) => {
    expect(zoneFromUser(input)).toBe(zone);
  });

  it('GIVEN something that is no zone THEN it is refused as unknown', () => {
    expect(checkZone('Mars/Olympus')).toMatchObject({ ok: false, kind: 'unknown' });
    expect(thrownAs(() => zoneFromUser('Mars/Olympus')).message).toMatch(
      '"Mars/Olympus" is not a time zone I know.',
    );
  });

  it('GIVEN autocomplete for an abbreviation THEN the places it stands for come first, and it offers only names it accepts', () => {
    expect(searchZones('EST').slice(0, 2)).toEqual(['America/New_York', 'America/Toronto']);
    expect(searchZones('pst')[0]).toBe('America/Los_Angeles');
    for (const query of ['', 'EST', 'gmt', 'etc', 'america', 'pst8']) {
      for (const zone of searchZones(query)) expect(checkZone(zone)).toMatchObject({ ok: true });
    }
  });
});
