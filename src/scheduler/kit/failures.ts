import { RESTJSONErrorCodes as Code } from 'discord-api-types/v10';
import type { DeliveryFailure, RefusalKind } from '../notifier.ts';

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
 * Every failure the Notifier reports, by kind (`kindCodes` lists the Discord codes of each kind),
 * and what it means for each destination. The one place a Discord code gets its meaning; jobs
 * read it, they do not branch on codes themselves.
 *
 * The rule for channels: whatever means "the bot can no longer post there" (gone, hidden, not
 * allowed, thread archived or locked, a channel type that takes no messages, AutoMod) sends a
 * `here` reminder by DM, ends a countdown whose channel is gone and pauses one that someone could
 * fix. Codes not listed are `rejected`: a refusal no retry can fix, given up (our bug: 50035
 * Invalid Form Body, 50006 empty message; 40001/40002, an account Discord stopped), unless
 * `codeTable` decides them.
 */
export const failureTable: Readonly<Record<DeliveryFailure['kind'], Row>> = {
  rate_limited: passing,
  server_error: passing, // 5xx, or 0 for a timeout / network error
  dm_closed: { ...refused, dm: 'end', here: 'end' },
  unknown_user: { ...refused, dm: 'end' },
  unknown_channel: lostChannel('end'),
  missing_access: lostChannel('pause'),
  missing_permissions: lostChannel('pause'),
  thread_closed: lostChannel('pause'),
  not_text_channel: lostChannel('pause'),
  blocked: lostChannel('pause'),
  unknown_message: { ...refused, edit: 'repost' },
  rejected: refused,
};

/**
 * The Discord JSON codes each kind stands for (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).
 * The Notifier names a failure by this table and keeps the code itself for logs.
 */
export const kindCodes: Readonly<Record<RefusalKind | 'rate_limited', readonly number[]>> = {
  // 429 itself is a status, not a code; these arrive with a code of their own and pass too.
  rate_limited: [
    Code.ActionCannotBePerformedDueToSlowmodeRateLimit, // 20016
    Code.ChannelWriteRateLimit, // 20028
    Code.SendMessagesHasBeenTemporarilyDisabled, // 40004
  ],
  dm_closed: [
    Code.CannotSendMessagesToThisUser, // 50007
    Code.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds, // 50278
  ],
  unknown_user: [Code.UnknownUser], // 10013
  unknown_channel: [Code.UnknownChannel, Code.UnknownGuild], // 10003, 10004 (the bot was removed)
  unknown_message: [Code.UnknownMessage], // 10008
  missing_access: [
    Code.MissingAccess, // 50001
    Code.ChannelVerificationLevelTooHighForYouToGainAccess, // 50009
  ],
  missing_permissions: [Code.MissingPermissions], // 50013
  thread_closed: [
    Code.InvalidActionOnArchivedThread, // 50083
    Code.ThreadLocked, // 160005
    Code.MaximumThreadParticipantsReached, // 30033: the bot cannot join it to post
  ],
  not_text_channel: [
    Code.CannotSendMessagesInNonTextChannel, // 50008
    Code.CannotExecuteActionOnThisChannelType, // 50024
    Code.CannotSendAMessageInAForumChannel, // 40058
  ],
  blocked: [
    Code.MessageWasBlockedByAutomaticModeration, // 200000
    Code.TitleWasBlockedByAutomaticModeration, // 200001
    Code.MessageBlockedByHarmfulLinksFilter, // 240000
  ],
};

const kindByCode: ReadonlyMap<number, RefusalKind | 'rate_limited'> = new Map(
  Object.entries(kindCodes).flatMap(([kind, codes]) =>
    codes.map((code) => [code, kind as RefusalKind | 'rate_limited'] as const),
  ),
);

/** The kind Discord's JSON `code` stands for, or undefined when it has no decided meaning. */
export const kindOfCode = (code: number): RefusalKind | 'rate_limited' | undefined =>
  kindByCode.get(code);

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
