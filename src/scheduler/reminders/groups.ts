import type { Locale } from '../../domain/i18n/index.ts';
import {
  deliveryTiming,
  finalStates,
  mentionChunks,
  reminderText,
  type DeliveryTiming,
  type Reminder,
} from '../../domain/reminders.ts';
import type { FilmRelease } from '../film-releases.ts';
import { deliveryNonce, utcIso } from '../kit/index.ts';
import { reuseNonce, routeOf } from './routes.ts';
import { send } from './send.ts';
import type { ActiveSlot, RemindersState, RunContext } from './state.ts';

/**
 * `here` reminders due together in one channel go out as one post (or as few as Discord allows),
 * not one post per person: 130 members who asked in #general get 2 posts, not 130.
 *
 * Which reminders group: those posted in their channel (not fallen back to DM) whose slot is on
 * time (up to a minute after its moment, or early, see spread.ts) or has reached the release
 * ("out now"). Late reminders before release keep their own per-user catch-up, whose text names
 * each person's missed moment.
 *
 * Exactly once per chunk: a chunk's nonce is a digest of its channel, its moment and its members'
 * ids, stored on every member with the `sending` mark. After a crash, members found with a stored
 * nonce are sent again as that same chunk (same nonce: Discord answers with the post it already
 * has); members without one are chunked afresh, which gives a chunk of other members and so another
 * nonce. So a chunk is never posted twice, and no member is ever folded into a post it is not in.
 */
export interface HereGroup {
  filmId: string;
  channelId: string;
  /** The slot's due instant; for "out now" posts the release instant. */
  momentIso: string;
  timing: DeliveryTiming;
  /** A slot of each member, for the due instant and the lag. */
  slot: ActiveSlot;
  members: { reminder: Reminder; slot: ActiveSlot }[];
}

/**
 * The group key of a reminder read in this run, or undefined when it goes its own way (a DM, a
 * fallback DM, a late catch-up). Final reminders are left to `deliverReminder`, which drops them.
 */
export function groupKeyOf(
  reminder: Reminder,
  slot: ActiveSlot,
  filmRelease: FilmRelease,
  context: RunContext,
): { key: string; channelId: string; momentIso: string; timing: DeliveryTiming } | undefined {
  const route = routeOf(reminder, slot.dueIso);
  if (route.kind !== 'here') return undefined;
  if (reminder.delivery.dueAt === slot.dueIso && finalStates.has(reminder.delivery.state))
    return undefined;
  const timing = deliveryTiming(slot.dueAt, filmRelease.release, context.now);
  if (timing.kind === 'late') return undefined;
  // From the release on, every offset says the same thing ("out now"): one post for them all.
  const momentIso = timing.kind === 'out_now' ? utcIso(filmRelease.release) : slot.dueIso;
  return {
    key: `${slot.filmId}|${route.channelId}|${momentIso}`,
    channelId: route.channelId,
    momentIso,
    timing,
  };
}

/**
 * Deliver one group: split into chunks (stored ones as they were, fresh ones by `mentionChunks`
 * over users sorted by id) and send each through the exactly-once protocol, one after another in
 * a fixed order so the channel reads in order.
 */
export async function deliverGroup(
  state: RemindersState,
  group: HereGroup,
  context: RunContext,
): Promise<void> {
  const filmRelease = context.films.get(group.filmId);
  if (filmRelease === undefined) return;
  const { film, release } = filmRelease;
  // In a fixed order (user, then reminder id): the same members always make the same post.
  const live = group.members
    .filter(({ reminder, slot }) => {
      if (state.owns(reminder)) return true;
      slot.waiting.delete(reminder.id);
      return false;
    })
    .sort(
      (a, b) =>
        compare(a.reminder.userId, b.reminder.userId) || compare(a.reminder.id, b.reminder.id),
    );

  const stored = new Map<string, typeof live>();
  const fresh: typeof live = [];
  for (const member of live) {
    const nonce = reuseNonce(member.reminder.delivery, member.slot.dueIso);
    if (nonce === undefined) fresh.push(member);
    else stored.set(nonce, [...(stored.get(nonce) ?? []), member]);
  }

  // A post in the channel, read by everyone there: in the server's language (see `localeFor`).
  // Every member is in this one channel, so in one guild.
  const guildId = group.members[0]?.reminder.guildId;
  const locale: Locale = guildId === undefined ? 'en' : state.guildLocale(guildId);
  const render = (mentionUserIds: readonly string[]) =>
    reminderText({
      locale,
      t: state.t,
      film,
      release,
      offset: group.slot.offset,
      dueAt: group.slot.dueAt,
      timing: group.timing,
      mentionUserIds,
      markup: state.markup,
    });
  const chunks: { nonce: string; members: typeof live }[] = [...stored].map(([nonce, members]) => ({
    nonce,
    members,
  }));
  const byUser = new Map<string, typeof live>();
  for (const member of fresh)
    byUser.set(member.reminder.userId, [...(byUser.get(member.reminder.userId) ?? []), member]);
  const users = [...byUser.keys()];
  for (const chunkUsers of mentionChunks(users, render, (id) => state.markup.user(id))) {
    const members = chunkUsers.flatMap((userId) => byUser.get(userId) ?? []);
    const ids = members.map((m) => m.reminder.id).sort();
    chunks.push({
      nonce: deliveryNonce('here', group.channelId, group.momentIso, ...ids),
      members,
    });
  }

  for (const chunk of chunks) {
    if (state.stopping) return;
    await send(state, {
      members: chunk.members.map(({ reminder, slot }) => ({ reminder, slot: slot.dueIso })),
      route: { kind: 'here', channelId: group.channelId },
      text: render(usersOf(chunk.members)),
      nonce: chunk.nonce,
      timing: group.timing,
      context,
      dueAt: group.timing.kind === 'out_now' ? release : group.slot.dueAt,
      group: { render },
    });
  }
}

const usersOf = (members: readonly { reminder: Reminder }[]): string[] => [
  ...new Set(members.map((m) => m.reminder.userId)),
];

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
