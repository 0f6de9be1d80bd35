import type { DeliveryFailure } from '../notifier.ts';

/**
 * What a job does after Discord refused one request:
 * - `retry`: a passing failure (429, 5xx, timeout); try again later under the same nonce
 *   (the retry policy says when, and when to give up);
 * - `fallback_dm`: the channel can no longer take a message for this person; send it by DM;
 * - `pause`: the bot lost access to a channel it posts in; wait until someone starts it again;
 * - `end`: the destination is gone for good (channel deleted, DMs closed, event deleted);
 * - `repost`: the message being edited was deleted; post a new one;
 * - `give_up`: a refusal that retrying cannot fix (our bug, another 4xx): record it and move on.
 */
export type FailureAction = 'retry' | 'fallback_dm' | 'pause' | 'end' | 'repost' | 'give_up';

/**
 * What was being sent, which decides what a failure means:
 * - `dm`: a message to one person by DM (a reminder, a fallback, a "release moved" notice);
 * - `here`: a message for one person posted in a channel (a `here` reminder);
 * - `post`: a post that belongs to the channel (a countdown post);
 * - `edit`: an edit of such a post (a live countdown);
 * - `event`: a move of a guild scheduled event.
 */
export type Destination = 'dm' | 'here' | 'post' | 'edit' | 'event';

type Row = Readonly<Record<Destination, FailureAction>>;
const passing: Row = { dm: 'retry', here: 'retry', post: 'retry', edit: 'retry', event: 'retry' };
const refused: Row = {
  dm: 'give_up',
  here: 'give_up',
  post: 'give_up',
  edit: 'give_up',
  event: 'give_up',
};
const lostChannel = (lost: 'end' | 'pause'): Row => ({
  ...refused,
  here: 'fallback_dm',
  post: lost,
  edit: lost,
});

/**
 * Every failure the Notifier reports, by kind (each kind is one Discord code or status, see
 * `DeliveryFailure`), and what it means for each destination. The one place a Discord code gets
 * its meaning; jobs read it, they do not branch on codes themselves.
 */
export const failureTable: Readonly<Record<DeliveryFailure['kind'], Row>> = {
  rate_limited: passing, // 429
  server_error: passing, // 5xx, or 0 for a timeout / network error
  dm_closed: { ...refused, dm: 'end', here: 'end' }, // 50007
  unknown_channel: lostChannel('end'), // 10003
  missing_access: lostChannel('pause'), // 50001
  missing_permissions: lostChannel('pause'), // 50013
  unknown_message: { ...refused, edit: 'repost' }, // 10008
  rejected: refused, // any other 4xx, unless `codeTable` knows its code
};

/**
 * Codes that arrive as `rejected` (a 4xx without a kind of its own) but mean something decided:
 * looked up before `failureTable`. Add a code here to give it an outcome.
 */
export const codeTable: Readonly<Partial<Record<number, Row>>> = {
  10070: { ...refused, event: 'end' }, // Unknown Guild Scheduled Event: deleted in the server
  404: { ...refused, event: 'end' }, // a bare 404 on an event edit: the same
};

/** What to do after `failure` while sending to `destination` (see `failureTable`). */
export function classifyFailure(failure: DeliveryFailure, destination: Destination): FailureAction {
  const byCode = failure.kind === 'rejected' ? codeTable[failure.code] : undefined;
  return (byCode ?? failureTable[failure.kind])[destination];
}

/** A short, loggable description: "missing_access (50001)", with Discord's message if any. */
export const describeFailure = (failure: DeliveryFailure, withMessage = false): string =>
  `${failure.kind} (${failure.code})${withMessage && 'message' in failure ? `: ${failure.message}` : ''}`;
