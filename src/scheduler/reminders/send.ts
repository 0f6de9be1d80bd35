import { DateTime } from 'luxon';
import {
  fallbackPreface,
  isFallbackReason,
  reminderLocale,
  type DeliveryRecord,
  type DeliveryTiming,
  type Reminder,
} from '../../domain/reminders.ts';
import {
  classifyFailure,
  deliveryNonce,
  describeFailure,
  isPassing,
  nextAttempt,
  recordUntilStored,
  sendOnce,
  utcIso,
} from '../kit/index.ts';
import type { OutgoingMessage } from '../notifier.ts';
import { finalDelivery, type Route } from './routes.ts';
import { waitingOf, type ReminderOutcome, type RemindersState, type RunContext } from './state.ts';

/** One message that delivers `members` (one reminder, or several collapsed into one). */
export interface ReminderMessage {
  members: readonly { reminder: Reminder; slot: string }[];
  route: Route;
  text: string;
  nonce: string;
  timing: DeliveryTiming;
  context: RunContext;
  /** The instant it was due, for the lag. */
  dueAt: DateTime;
  /**
   * A grouped `here` post (see groups.ts): it pings every member's user, its text is rebuilt for
   * the members still live when it is sent, and each member keeps its own outcome.
   */
  group?: { render(mentionUserIds: readonly string[]): string };
}

/** The users a post pings: each once, in the order of the members. */
const usersOf = (rs: readonly Reminder[]): string[] => [...new Set(rs.map((r) => r.userId))];

/**
 * The exactly-once protocol for one reminder message (see `sendOnce`): persist `sending` with
 * the nonce on every member, send once, persist the outcome the failure table decides.
 */
export async function send(state: RemindersState, m: ReminderMessage): Promise<void> {
  const { store, notifier, logger } = state;
  const { members, route, text, nonce, timing, context } = m;
  const settle = (rs: readonly Reminder[]) => {
    for (const r of rs) waitingOf(state, r)?.delete(r.id);
  };
  // Stopping: hand it back untouched rather than start a message that may not finish.
  if (state.stopping) return;
  const late = timing.kind === 'late' || (timing.kind === 'out_now' && timing.late);
  const sent = await sendOnce({
    async mark() {
      const marked = await Promise.all(
        members.map(({ reminder, slot }) =>
          store.update(reminder.id, (current) => {
            const previous = current.delivery.dueAt === slot ? current.delivery : undefined;
            const delivery: DeliveryRecord = {
              state: 'sending',
              dueAt: slot,
              nonce,
              attempts: (previous?.attempts ?? 0) + 1,
              late,
              ...(members.length > 1 && m.group === undefined ? { collapsed: true } : {}),
              ...(route.kind === 'fallback' ? { fallback: route.reason } : {}),
              ...(previous?.firstFailureAt === undefined
                ? {}
                : { firstFailureAt: previous.firstFailureAt }),
            };
            return { ...current, delivery };
          }),
        ),
      );
      const live = marked.filter((r): r is Reminder => r !== undefined);
      settle(members.map((x) => x.reminder).filter((r) => !live.some((l) => l.id === r.id)));
      // Cancelled while due: nothing to send.
      return live.length === 0 ? undefined : live;
    },
    send(live) {
      const owner = live[0] as Reminder;
      const message: OutgoingMessage = {
        content:
          m.group !== undefined
            ? m.group.render(usersOf(live))
            : route.kind === 'fallback'
              ? fallbackPreface(
                  route.channelId,
                  route.reason,
                  state.markup,
                  reminderLocale(owner),
                  state.t,
                ) + text
              : text,
        nonce,
        ...(route.kind === 'here' ? { mentionUserIds: usersOf(live) } : {}),
      };
      return route.kind === 'here'
        ? notifier.sendToChannel(route.channelId, message)
        : notifier.sendDirect(owner.userId, message);
    },
  });
  if (sent === undefined) return;
  const { marked: live, result } = sent;
  const owner = live[0] as Reminder;

  const at = context.now.plus({ milliseconds: performance.now() - context.startedAt });
  const fields = {
    reminderIds: live.map((r) => r.id),
    ...(m.group === undefined ? { userId: owner.userId } : { users: usersOf(live).length }),
    filmId: owner.filmId,
    route: route.kind,
    nonce,
  };
  const finish = async (
    outcome: ReminderOutcome,
    code: number,
    change: (d: DeliveryRecord, r: Reminder) => DeliveryRecord,
    lagMs?: number,
  ) => {
    await Promise.all(
      live.map((r) =>
        recordUntilStored(
          () =>
            store.update(r.id, (current) => ({
              ...current,
              delivery: change(current.delivery, r),
            })),
          { stopped: () => state.stopping, logger, fields: { reminderId: r.id, nonce } },
        ),
      ),
    );
    // A grouped post is one message for many reminders, each with its own outcome.
    for (let i = 0; i < (m.group === undefined ? 1 : live.length); i++)
      state.tally.record(outcome, code, lagMs);
  };

  if (result.ok) {
    const outcome: ReminderOutcome =
      live.length > 1 && m.group === undefined
        ? 'collapsed'
        : timing.kind === 'out_now'
          ? 'out_now'
          : late
            ? 'sent_late'
            : 'sent';
    const lagMs = Math.max(0, at.toMillis() - m.dueAt.toMillis());
    await finish(
      outcome,
      0,
      (d) =>
        finalDelivery(d, 'sent', {
          sentAt: utcIso(at),
          channelId: result.channelId,
          messageId: result.messageId,
        }),
      lagMs,
    );
    logger.debug({ ...fields, outcome, lagMs, code: 0 }, 'reminder delivered');
    return settle(live);
  }

  const failure = result.failure;
  const log = { ...fields, code: failure.code, failure: failure.kind };
  const action = classifyFailure(failure, route.kind === 'here' ? 'here' : 'dm');
  if (action === 'end' && failure.kind === 'dm_closed') {
    await finish('dm_closed', failure.code, (d) =>
      finalDelivery(d, 'dm_closed', { lastError: `DMs closed (${failure.code})` }),
    );
    logger.warn(log, 'reminder not delivered: the user does not accept DMs from me');
    return settle(live);
  }
  if (action === 'end') {
    await finish('failed', failure.code, (d) =>
      finalDelivery(d, 'failed', { lastError: describeFailure(failure) }),
    );
    logger.warn(log, 'reminder not delivered: its recipient is gone');
    return settle(live);
  }
  if (action === 'fallback_dm' && isFallbackReason(failure.kind)) {
    const reason = failure.kind;
    await finish('fallback_dm', failure.code, (d, r) => ({
      ...d,
      state: 'pending',
      fallback: reason,
      // Each member of a grouped post gets its own DM, under its own nonce.
      nonce:
        m.group === undefined
          ? deliveryNonce(nonce, 'fallback')
          : deliveryNonce(nonce, 'fallback', r.id),
      lastError: describeFailure(failure),
    }));
    // Left waiting: the next tick sends it by DM, saying why, under its own nonce.
    logger.warn(log, 'could not post a reminder in its channel; sending it by DM instead');
    return;
  }
  if (action === 'retry' && isPassing(failure)) {
    const firstFailure = DateTime.fromISO(owner.delivery.firstFailureAt ?? '');
    const since = firstFailure.isValid ? firstFailure : context.now;
    const next = nextAttempt(
      state.retry,
      failure,
      owner.delivery.attempts,
      context.now.toMillis() - since.toMillis(),
    );
    if ('giveUp' in next) {
      await finish('failed', failure.code, (d) =>
        finalDelivery(d, 'failed', { lastError: `gave up after ${describeFailure(failure)}` }),
      );
      logger.error(log, 'reminder failed: Discord kept failing for the whole retry window');
      return settle(live);
    }
    const notBefore = context.now.plus({ milliseconds: next.retryInMs });
    await finish(failure.kind === 'rate_limited' ? 'rate_limited' : 'retry', failure.code, (d) => ({
      ...d,
      state: 'pending',
      nextAttemptAt: utcIso(notBefore),
      firstFailureAt: utcIso(since),
      lastError: describeFailure(failure),
    }));
    for (const r of live) waitingOf(state, r)?.set(r.id, notBefore.toMillis());
    logger.warn({ ...log, retryInMs: next.retryInMs }, 'reminder not delivered yet; retrying');
    return;
  }
  await finish('failed', failure.code, (d) =>
    finalDelivery(d, 'failed', { lastError: describeFailure(failure, true) }),
  );
  logger.error(log, 'reminder failed: Discord refused it');
  settle(live);
}
