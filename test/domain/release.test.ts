import { describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/domain/errors.ts';
import { parseReleaseInput } from '../../src/domain/release.ts';
import { thrownAs } from '../support/replies.ts';
import { canonicalZone } from '../../src/domain/zones.ts';

describe('parseReleaseInput (/release set date timezone)', () => {
  it('GIVEN a local date and time in London during summer time THEN it is that instant with the +01:00 offset', () => {
    const { instant, ambiguous } = parseReleaseInput('2023-10-06 08:00', 'Europe/London');
    expect(instant.toISO()).toBe('2023-10-06T08:00:00.000+01:00');
    expect(instant.zoneName).toBe('Europe/London');
    expect(ambiguous).toBe(false);
  });

  it('GIVEN another zone THEN the wall-clock time is read in that zone', () => {
    const { instant } = parseReleaseInput('2023-10-06 00:00', 'America/Los_Angeles');
    expect(instant.toUTC().toISO()).toBe('2023-10-06T07:00:00.000Z');
  });

  it('GIVEN a zone spelled in lower case THEN it is accepted under its canonical name', () => {
    expect(parseReleaseInput('2023-10-06 08:00', 'europe/london').instant.zoneName).toBe(
      'Europe/London',
    );
  });

  it('GIVEN a local time skipped when the clocks jump forward THEN it is refused, naming a time that exists', () => {
    expect(thrownAs(() => parseReleaseInput('2024-03-31 01:30', 'Europe/London')).message).toMatch(
      /does not exist in Europe\/London/,
    );
    const refused = thrownAs(() => parseReleaseInput('2024-03-31 01:30', 'Europe/London'));
    expect(refused.error).toBeInstanceOf(UserError);
    expect(refused.suggestions.join(' ')).toContain('2024-03-31 02:30');
  });

  it('GIVEN a local time that happens twice when the clocks go back THEN the first occurrence (BST) is taken and flagged', () => {
    const { instant, ambiguous } = parseReleaseInput('2023-10-29 01:30', 'Europe/London');
    expect(instant.toISO()).toBe('2023-10-29T01:30:00.000+01:00');
    expect(ambiguous).toBe(true);
  });

  it.each([
    ['tomorrow', /can't read/],
    ['2023-10-06', /can't read/],
    ['06/10/2023 08:00', /can't read/],
    ['2023-02-30 08:00', /not a real date or time/],
    ['2023-10-06 24:30', /not a real date or time/],
    ['0001-10-06 08:00', /not a plausible release year/],
  ])('GIVEN nonsense "%s" THEN it is refused with a clear message', (text, message) => {
    expect(thrownAs(() => parseReleaseInput(text, 'Europe/London')).message).toMatch(message);
  });

  it('GIVEN a zone that is not IANA THEN it is refused', () => {
    expect(thrownAs(() => parseReleaseInput('2023-10-06 08:00', 'Mars/Olympus')).message).toMatch(
      /not a time zone I know/,
    );
    expect(canonicalZone('UTC+1')).toBeUndefined();
    expect(canonicalZone('UTC')).toBe('UTC');
  });

  it('GIVEN timezone:EST THEN /release set refuses it, naming the place meant, and stores nothing', () => {
    expect(thrownAs(() => parseReleaseInput('2023-10-06 03:00', 'EST')).message).toMatch(
      'EST has no daylight saving: did you mean America/New_York or America/Toronto?',
    );
    expect(thrownAs(() => parseReleaseInput('2023-10-06 08:00', 'UTC+1')).message).toMatch(
      /fixed offset/,
    );
  });

  it.each(['2023-07-15T12:00:00Z', '2024-01-15T12:00:00Z'])(
    'GIVEN the process clock at %s THEN 01:30 London on the autumn change is still the first occurrence',
    (systemTime) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(systemTime));
      try {
        expect(parseReleaseInput('2023-10-29 01:30', 'Europe/London').instant.toUTC().toISO()).toBe(
          '2023-10-29T00:30:00.000Z',
        );
      } finally {
        vi.useRealTimers();
      }
    },
  );
});
