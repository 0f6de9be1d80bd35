import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { toDeliveryFailure } from '../../../src/discord/notifier.ts';
import { isFallbackReason } from '../../../src/domain/reminders.ts';
import {
  classifyFailure,
  failureTable,
  kindCodes,
  type Destination,
  type FailureAction,
} from '../../../src/scheduler/kit/index.ts';

/** A refusal as discord.js reports it: Discord's JSON body, the HTTP status. */
const refusal = (code: number, status = 400) =>
  new DiscordAPIError(
    { code, message: `code ${code}` },
    code,
    status,
    'POST',
    'https://discord.com/api/v10/channels/1/messages',
    { body: undefined, files: undefined },
  );

type Row = Readonly<Partial<Record<Destination, FailureAction>>>;
const lostChannel = (post: 'end' | 'pause'): Row => ({
  here: 'fallback_dm',
  post,
  edit: post,
  dm: 'give_up',
});

/*
 * Every code Discord sends when it refuses a message, with the outcome decided for each
 * destination: a `here` reminder, a countdown post, a live-message edit, a DM.
 */
const decided: readonly [number, number, string, Row][] = [
  [10003, 404, 'Unknown Channel', lostChannel('end')],
  [10004, 404, 'Unknown Guild (the bot was removed)', lostChannel('end')],
  [50001, 403, 'Missing Access', lostChannel('pause')],
  [50009, 403, 'Channel verification level too high', lostChannel('pause')],
  [50013, 403, 'Missing Permissions', lostChannel('pause')],
  [50083, 400, 'Thread is archived', lostChannel('pause')],
  [160005, 400, 'Thread is locked', lostChannel('pause')],
  [30033, 400, 'Thread has its most participants', lostChannel('pause')],
  [50008, 400, 'Cannot send messages in a non-text channel', lostChannel('pause')],
  [50024, 400, 'Cannot execute action on this channel type', lostChannel('pause')],
  [40058, 400, 'Cannot send a message in a forum channel', lostChannel('pause')],
  [200000, 400, 'Blocked by AutoMod', lostChannel('pause')],
  [200001, 400, 'Title blocked by AutoMod', lostChannel('pause')],
  [240000, 400, 'Blocked by the harmful links filter', lostChannel('pause')],
  [50007, 403, 'Cannot send messages to this user', { dm: 'end' }],
  [50278, 403, 'Cannot DM: no mutual servers', { dm: 'end' }],
  [10013, 404, 'Unknown User', { dm: 'end' }],
  [10008, 404, 'Unknown Message', { edit: 'repost', post: 'give_up', here: 'give_up' }],
  [20016, 429, 'Slowmode', { here: 'retry', post: 'retry', edit: 'retry', dm: 'retry' }],
  [20028, 429, 'Channel write rate limit', { here: 'retry', post: 'retry', dm: 'retry' }],
  [40004, 403, 'Sending temporarily disabled', { here: 'retry', post: 'retry', dm: 'retry' }],
  [50035, 400, 'Invalid Form Body (our bug)', { here: 'give_up', post: 'give_up', dm: 'give_up' }],
  [40001, 401, 'Unauthorized', { here: 'give_up', post: 'give_up', dm: 'give_up' }],
];

describe('delivery kit: every Discord refusal has a decided outcome', () => {
  it.each(decided)(
    'GIVEN Discord refuses with %i (HTTP %i, %s) THEN each destination does as decided, and the failure keeps the code',
    (code, status, _name, row) => {
      const failure = toDeliveryFailure(refusal(code, status));
      expect(failure.code).toBe(code);
      for (const [destination, action] of Object.entries(row))
        expect(classifyFailure(failure, destination as Destination), destination).toBe(action);
    },
  );

  it('GIVEN a code that means the bot can no longer post in a channel THEN a here reminder has a reason to give in its DM', () => {
    for (const [kind, row] of Object.entries(failureTable)) {
      if (row.here === 'fallback_dm') expect(isFallbackReason(kind), kind).toBe(true);
    }
  });

  it('GIVEN the table of codes THEN no code stands for two kinds', () => {
    const codes = Object.values(kindCodes).flat();
    expect(new Set(codes).size).toBe(codes.length);
  });
});
