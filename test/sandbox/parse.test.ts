import type { APIApplicationCommand } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../tools/sandbox/parse.ts';

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
