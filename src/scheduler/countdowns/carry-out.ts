import { DateTime } from 'luxon';
import type { Slot } from '../../domain/countdown.ts';
import type { Film } from '../../domain/film.ts';
import type { Countdown } from '../../domain/countdown-record.ts';
import { classifyFailure, sendOnce, utcIso } from '../kit/index.ts';
import type { DeliveryResult, OutgoingMessage } from '../notifier.ts';
import { countdownFailed } from './failure.ts';
import { handledUntil, markFor, planCountdown, type Action } from './plan.ts';
import type { RunContext } from './run-context.ts';
import { countdownFields, type CountdownsState } from './state.ts';

type Sent = { result: DeliveryResult; attempts: number } | undefined;
type Message = Omit<OutgoingMessage, 'nonce'>;

/** When a countdown in backoff may be tried again: a post's is stored, an edit's kept in memory. */
export const retryAtOf = (state: CountdownsState, c: Countdown): DateTime | undefined => {
  const persisted = c.style === 'post' ? c.sending?.retryAt : undefined;
  return persisted !== undefined
    ? DateTime.fromISO(persisted, { setZone: true })
    : state.editRetries.get(c.id)?.retryAt;
};

/** Send what `marked.sending` names: the mark is already stored, so a crash now retries with its nonce. */
async function sendMarked(
  state: CountdownsState,
  marked: Countdown,
  message: Message,
  prepared: () => void,
): Promise<Sent> {
  const sent = await sendOnce({
    mark: () => Promise.resolve(marked.sending),
    send: (mark) => {
      prepared();
      return state.notifier.sendToChannel(marked.channelId, { ...message, nonce: mark.nonce });
    },
  });
  return sent && { result: sent.result, attempts: sent.marked.attempts + 1 };
}

/** Mark, then send: for a post decided after the first store round trip (a live message reposted). */
async function postOnce(
  state: CountdownsState,
  c: Countdown,
  slotKey: string,
  message: Message,
  prepared: () => void,
): Promise<Sent> {
  const marked = await state.store.update(c.id, (x) => ({ ...x, sending: markFor(x, slotKey) }));
  // Stopped or paused meanwhile: send nothing.
  if (marked?.status !== 'active') return undefined;
  return sendMarked(state, marked, message, prepared);
}

/**
 * One due countdown: read, decide and mark under a `preparing` place (freed the moment Discord is
 * asked), then post or edit and record the outcome. Updates the job's cache.
 */
export async function handleCountdown(
  state: CountdownsState,
  id: string,
  films: { get(filmId: string): Film | undefined },
  ctx: RunContext,
): Promise<void> {
  const prepared = await state.preparing.acquire();
  try {
    if (state.stopping) return;
    const cached = state.cache.get(id);
    if (!cached) return;
    const film = films.get(cached.filmId);
    const release = await ctx.release(cached.filmId);
    if (!film || !release) return;
    await carryOut(state, id, film, release, ctx, prepared);
  } finally {
    prepared();
  }
}

async function carryOut(
  state: CountdownsState,
  id: string,
  film: Film,
  release: DateTime,
  ctx: RunContext,
  prepared: () => void,
): Promise<void> {
  const { store, notifier, logger, tally, record, cache, editRetries } = state;
  const { now } = ctx;
  // Decide on the stored record, not the cached one, and mark the slot in the same round trip.
  let planned = { kind: 'wait', until: undefined } as Action;
  const c = await store.update(id, (x) => {
    if (x.status !== 'active') return x;
    const action = planCountdown(x, ctx.view(x, release), retryAtOf(state, x));
    planned = action;
    switch (action.kind) {
      case 'skip':
        return {
          ...x,
          sending: undefined,
          lastSlot: utcIso(action.slot.at),
          lastResult: {
            at: utcIso(now),
            outcome: 'skipped',
            slot: utcIso(action.slot.at),
            slotKind: action.slot.kind,
          },
          nextSlot: action.next === undefined ? undefined : utcIso(action.next.at),
        };
      case 'post':
        return { ...x, sending: markFor(x, utcIso(action.slot.at)) };
      case 'live-post':
        return { ...x, sending: markFor(x, 'live:first') };
      default:
        return x;
    }
  });
  if (c?.status !== 'active') {
    cache.delete(id);
    editRetries.delete(id);
    return;
  }
  // A const, so the narrowing below holds inside the callbacks too.
  const action = planned;
  const view = ctx.view(c, release);
  const message = () => ctx.message(c, film, release);
  const nextSlot = view.next === undefined ? undefined : utcIso(view.next.at);
  const fields = countdownFields(c);
  let updated: Countdown | undefined = c;

  switch (action.kind) {
    case 'wait':
      break;

    case 'skip':
      logger.info(
        { ...fields, slot: utcIso(action.slot.at) },
        'countdown slot missed by more than 6 hours; waiting for the next',
      );
      tally.record('skipped', 0);
      break;

    case 'post': {
      const slotKey = utcIso(action.slot.at);
      const sent = await sendMarked(state, c, message(), prepared);
      if (!sent) break;
      if (sent.result.ok) {
        const { messageId } = sent.result;
        const finished = action.slot.kind === 'release';
        tally.record('posted', 0);
        updated = await record(id, (x) => ({
          ...x,
          sending: undefined,
          lastSlot: slotKey,
          lastResult: {
            at: utcIso(now),
            outcome: 'posted',
            slot: slotKey,
            slotKind: action.slot.kind,
            late: action.late,
            messageId,
          },
          nextSlot,
          ...(finished ? { status: 'finished' as const, endedAt: utcIso(now) } : {}),
        }));
        if (finished) logger.info(fields, 'countdown finished with its "out now" post');
      } else {
        const outcome = countdownFailed(
          state,
          c,
          sent.result.failure,
          'post',
          now,
          { key: slotKey, at: action.slot.at, kind: action.slot.kind },
          sent.attempts,
        );
        updated = await record(id, outcome.change);
      }
      break;
    }

    case 'live-post':
      updated = await postLive(state, c, 'live:first', ctx, release, nextSlot, () =>
        sendMarked(state, c, message(), prepared),
      );
      break;

    case 'live-edit': {
      const messageId = c.liveMessageId ?? '';
      prepared();
      const result = await notifier.editMessage(c.channelId, messageId, message());
      const slotKey = utcIso(action.slot.at);
      const finished = action.slot.kind === 'release';
      if (result.ok) {
        editRetries.delete(id);
        tally.record('edited', 0);
        updated = await record(id, (x) => ({
          ...x,
          lastSlot: slotKey,
          liveRelease: utcIso(release),
          lastResult: {
            at: utcIso(now),
            outcome: 'edited',
            slot: slotKey,
            slotKind: action.slot.kind,
            messageId,
          },
          nextSlot,
          ...(finished ? { status: 'finished' as const, endedAt: utcIso(now) } : {}),
        }));
        if (finished) logger.info(fields, 'live countdown turned into "out now"; finished');
      } else if (classifyFailure(result.failure, 'edit') === 'repost') {
        // Someone deleted the live message: post a new one and follow that from now on.
        editRetries.delete(id);
        logger.info(
          { ...fields, code: result.failure.code, messageId },
          'live countdown message was deleted; posting a new one',
        );
        updated = await postLive(
          state,
          c,
          `live:${messageId}`,
          ctx,
          release,
          nextSlot,
          () => postOnce(state, c, `live:${messageId}`, message(), prepared),
          action.slot,
        );
      } else {
        const attempts = (editRetries.get(id)?.attempts ?? 0) + 1;
        const outcome = countdownFailed(
          state,
          c,
          result.failure,
          'edit',
          now,
          { key: slotKey, at: action.slot.at, kind: action.slot.kind },
          attempts,
        );
        if (outcome.retryAt) editRetries.set(id, { attempts, retryAt: outcome.retryAt });
        else editRetries.delete(id);
        updated = await record(id, outcome.change);
      }
      break;
    }
  }
  if (updated?.status === 'active') cache.set(id, updated);
  else {
    cache.delete(id);
    editRetries.delete(id);
  }
}

/** Post the live message (first, or again after it was deleted) and start following it. */
async function postLive(
  state: CountdownsState,
  c: Countdown,
  slotKey: string,
  ctx: RunContext,
  release: DateTime,
  nextSlot: string | undefined,
  send: () => Promise<Sent>,
  slot?: Slot,
): Promise<Countdown | undefined> {
  const { now } = ctx;
  const sent = await send();
  if (!sent) return undefined;
  const finished = now >= release;
  if (sent.result.ok) {
    const { messageId } = sent.result;
    const reposted = c.liveMessageId !== undefined;
    state.tally.record(reposted ? 'reposted' : 'posted', 0);
    return state.record(c.id, (x) => ({
      ...x,
      sending: undefined,
      liveMessageId: messageId,
      liveRelease: utcIso(release),
      lastSlot: utcIso(DateTime.max(slot?.at ?? now, handledUntil(x))),
      lastResult: {
        at: utcIso(now),
        outcome: reposted ? 'reposted' : 'posted',
        slotKind: finished ? 'release' : (slot?.kind ?? 'start'),
        messageId,
      },
      nextSlot,
      ...(finished ? { status: 'finished' as const, endedAt: utcIso(now) } : {}),
    }));
  }
  const outcome = countdownFailed(
    state,
    c,
    sent.result.failure,
    'post',
    now,
    { key: slotKey, at: slot?.at, kind: finished ? 'release' : 'start' },
    sent.attempts,
  );
  if (outcome.retryAt)
    state.editRetries.set(c.id, { attempts: sent.attempts, retryAt: outcome.retryAt });
  return state.record(c.id, outcome.change);
}
