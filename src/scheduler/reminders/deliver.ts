import {
  deliveryTiming,
  dueInstant,
  reminderText,
  finalStates,
  type DeliveryTiming,
  type Reminder,
} from '../../domain/reminders.ts';
import type { FilmRelease } from '../film-releases.ts';
import { deliveryNonce, utcIso } from '../kit/index.ts';
import { destinationOf, localeFor, mentionFor, reuseNonce, routeKey, routeOf } from './routes.ts';
import { send } from './send.ts';
import { absorbedByChange } from './slots.ts';
import type { ActiveSlot, RemindersState, RunContext } from './state.ts';

/**
 * Deliver one waiting reminder of `slot` (`read` is its record as read in this run's batch):
 * on time, its own message; after downtime, one catch-up for everything due for its user and film.
 */
export async function deliverReminder(
  state: RemindersState,
  slot: ActiveSlot,
  id: string,
  read: Reminder | undefined,
  context: RunContext,
): Promise<void> {
  const filmRelease = context.films.get(slot.filmId);
  if (read === undefined || filmRelease === undefined) return void slot.waiting.delete(id);
  // Everything sent to one user about one film goes one at a time, so a reminder that a
  // combined message already covered is seen as delivered, never sent again beside it.
  const key = `${read.userId}:${slot.filmId}`;
  const previous = state.perUserFilm.get(key);
  const mine = (async () => {
    if (previous !== undefined) await previous.catch(() => undefined);
    const reminder = previous === undefined ? read : await state.store.get(id);
    if (
      reminder === undefined ||
      (reminder.delivery.dueAt === slot.dueIso && finalStates.has(reminder.delivery.state))
    ) {
      return void slot.waiting.delete(id);
    }
    const timing = deliveryTiming(slot.dueAt, filmRelease.release, context.now);
    if (timing.kind === 'on_time') await deliverOnTime(state, slot, reminder, filmRelease, context);
    else await deliverCatchUp(state, reminder, filmRelease, context);
  })();
  state.perUserFilm.set(key, mine);
  try {
    await mine;
  } finally {
    if (state.perUserFilm.get(key) === mine) state.perUserFilm.delete(key);
  }
}

/** A reminder at its moment, before release: its own message, in its channel or by DM. */
async function deliverOnTime(
  state: RemindersState,
  slot: ActiveSlot,
  reminder: Reminder,
  { film, release }: FilmRelease,
  context: RunContext,
): Promise<void> {
  const route = routeOf(reminder, slot.dueIso);
  if (!state.owns(reminder)) return void slot.waiting.delete(reminder.id);
  const timing: DeliveryTiming = { kind: 'on_time' };
  const text = reminderText({
    locale: localeFor(route, reminder, state.guildLocale),
    t: state.t,
    film,
    release,
    offset: reminder.offset,
    dueAt: slot.dueAt,
    timing,
    ...mentionFor(route, reminder),
    markup: state.markup,
  });
  const nonce =
    reuseNonce(reminder.delivery, slot.dueIso) ??
    deliveryNonce(reminder.id, slot.dueIso, routeKey(route));
  await send(state, {
    members: [{ reminder, slot: slot.dueIso }],
    route,
    text,
    nonce,
    timing,
    context,
    dueAt: slot.dueAt,
  });
}

/**
 * The bot was down at the moment: whatever is due for this user and film now goes as one
 * message. Before release that is the latest reminder, with an apology if it is late; from the
 * release on it is one "out now" message, never a stale "one day to go!".
 */
async function deliverCatchUp(
  state: RemindersState,
  trigger: Reminder,
  { film, record, release }: FilmRelease,
  context: RunContext,
): Promise<void> {
  const destination = destinationOf(routeOf(trigger, utcIso(dueInstant(release, trigger.offset))));
  const members = (await state.store.listForUser(trigger.userId))
    .filter((r) => r.filmId === film.id)
    .map((reminder) => ({ reminder, dueAt: dueInstant(release, reminder.offset) }))
    .filter(({ dueAt }) => dueAt <= context.now && !absorbedByChange(record, dueAt))
    .map(({ reminder, dueAt }) => ({ reminder, dueAt, slot: utcIso(dueAt) }))
    .filter(
      ({ reminder, slot }) =>
        !(reminder.delivery.dueAt === slot && finalStates.has(reminder.delivery.state)),
    )
    // Only messages to the same place are combined: a `here` reminder is never folded into a DM
    // (which may be closed), and posts in a channel that are on time go out grouped (see groups.ts).
    .filter(
      ({ reminder, slot, dueAt }) =>
        destinationOf(routeOf(reminder, slot)) === destination &&
        (destination === 'dm' || deliveryTiming(dueAt, release, context.now).kind === 'late'),
    )
    .sort(
      (a, b) => a.dueAt.toMillis() - b.dueAt.toMillis() || (a.reminder.id < b.reminder.id ? -1 : 1),
    );
  const latest = members.at(-1);
  if (latest === undefined) return;

  // One route, the same after a restart: in DMs, a here reminder already moved to DM keeps its
  // fallback preface; in a channel, the latest.
  const fallback = members.find(
    ({ reminder, slot }) => routeOf(reminder, slot).kind === 'fallback',
  );
  const dm = members.find(({ reminder }) => reminder.where === 'dm');
  const owner = (fallback ?? dm ?? latest).reminder;
  const route = routeOf(owner, (fallback ?? dm ?? latest).slot);
  if (!state.owns(owner)) {
    for (const { reminder } of members)
      state.slots.get(`${film.id}:${reminder.offset}`)?.waiting.delete(reminder.id);
    return;
  }

  const timing = deliveryTiming(latest.dueAt, release, context.now);
  // One message for several reminders: it speaks the language of the one it is written about.
  const text = reminderText({
    locale: localeFor(route, route.kind === 'here' ? owner : latest.reminder, state.guildLocale),
    t: state.t,
    film,
    release,
    offset: latest.reminder.offset,
    dueAt: latest.dueAt,
    timing,
    ...mentionFor(route, owner),
    markup: state.markup,
  });
  // An earlier attempt to this same place may have reached Discord without an answer coming
  // back (the process died, the request timed out): send under its nonce, so Discord answers
  // with that message instead of posting this one beside it.
  const unanswered = members.findLast(
    ({ reminder, slot }) =>
      reuseNonce(reminder.delivery, slot) !== undefined &&
      routeKey(routeOf(reminder, slot)) === routeKey(route),
  );
  const nonce =
    unanswered?.reminder.delivery.nonce ??
    (timing.kind === 'out_now'
      ? deliveryNonce('out-now', owner.userId, film.id, utcIso(release), routeKey(route))
      : deliveryNonce('catch-up', owner.userId, film.id, latest.slot, routeKey(route)));
  await send(state, {
    members: members.map(({ reminder, slot }) => ({ reminder, slot })),
    route,
    text,
    nonce,
    timing,
    context,
    dueAt: timing.kind === 'out_now' ? release : latest.dueAt,
  });
}
