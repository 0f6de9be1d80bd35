import type { APIApplicationCommand } from 'discord-api-types/v10';
import { Settings } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instantFrom, parseCommandLine, readAs } from '../../tools/sandbox/parse.ts';

const commands = [
  {
    name: 'ask',
    options: [
      { type: 3, name: 'question', description: 'q', required: true },
      { type: 3, name: 'title', description: 't' },
    ],
  },
  {
    name: 'countdown',
    options: [
      {
        type: 1,
        name: 'start',
        description: 's',
        options: [
          { type: 7, name: 'channel', description: 'c', required: true },
          { type: 3, name: 'time', description: 't' },
        ],
      },
      { type: 1, name: 'stop', description: 's', options: [] },
    ],
  },
] as unknown as APIApplicationCommand[];

describe('sandbox command line', () => {
  it('GIVEN values with spaces, colons and question marks THEN each runs to the next option name', () => {
    expect(
      parseCommandLine('/ask question:who plays Choi? at 20:00 title:ballerina', commands),
    ).toEqual({
      name: 'ask',
      options: { question: 'who plays Choi? at 20:00', title: 'ballerina' },
    });
  });

  it('GIVEN subcommands and quotes THEN the path and unquoted values come back', () => {
    expect(parseCommandLine('/countdown start channel:#countdowns time:"20:00"', commands)).toEqual(
      {
        name: 'countdown start',
        options: { channel: '#countdowns', time: '20:00' },
      },
    );
  });

  it('GIVEN text before any option name THEN it fills the first option', () => {
    expect(parseCommandLine('/ask how long is it?', commands).options).toEqual({
      question: 'how long is it?',
    });
  });

  it('GIVEN an unknown command or a missing subcommand THEN the error says what exists', () => {
    expect(() => parseCommandLine('/flim', commands)).toThrow(
      'no command /flim; commands: /ask /countdown',
    );
    expect(() => parseCommandLine('/countdown', commands)).toThrow(
      '/countdown needs one of: start, stop',
    );
  });
});

describe('sandbox command line with option-less subcommands', () => {
  it('GIVEN /countdown stop (a subcommand with no options) THEN it parses to that path', () => {
    const withBareSub = [
      { name: 'countdown', options: [{ type: 1, name: 'status', description: 's' }] },
    ] as unknown as APIApplicationCommand[];
    expect(parseCommandLine('/countdown status', withBareSub)).toEqual({
      name: 'countdown status',
      options: {},
    });
  });
});

describe('sandbox :time on a host in Asia/Seoul', () => {
  // luxon's default zone stands in for the host's TZ (the spawned sandbox is tested under a real
  // TZ=Asia/Seoul in sandbox.e2e.test.ts).
  beforeEach(() => {
    Settings.defaultZone = 'Asia/Seoul';
  });
  afterEach(() => {
    Settings.defaultZone = 'system';
  });

  it('GIVEN a date and time with no zone THEN it is read as UTC, not in the host zone, and says so', () => {
    expect(instantFrom('2023-10-05 06:59:58').toUTC().toISO()).toBe('2023-10-05T06:59:58.000Z');
    expect(readAs('2023-10-05 06:59:58')).toBe('as UTC');
    expect(instantFrom('2023-10-05').toUTC().toISO()).toBe('2023-10-05T00:00:00.000Z');
  });

  it('GIVEN a zone after the time THEN it is read in that zone', () => {
    expect(instantFrom('2023-10-05 08:00 Europe/London').toUTC().toISO()).toBe(
      '2023-10-05T07:00:00.000Z',
    );
    expect(readAs('2023-10-05 08:00 Europe/London')).toBe('in Europe/London');
  });

  it('GIVEN an ISO instant with an offset THEN the offset wins', () => {
    expect(instantFrom('2023-10-05T08:00+01:00').toUTC().toISO()).toBe('2023-10-05T07:00:00.000Z');
    expect(readAs('2023-10-05T08:00+01:00')).toBe('at its offset');
    expect(instantFrom('2023-10-05 16:00+09:00').toUTC().toISO()).toBe('2023-10-05T07:00:00.000Z');
  });

  it('GIVEN something that is not a time THEN the error shows what is expected', () => {
    expect(() => instantFrom('tomorrow')).toThrow(
      /not a time: "tomorrow" \(e\.g\. :time 2023-10-05 08:00, read as UTC/,
    );
  });
});
