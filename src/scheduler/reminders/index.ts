import type { DateTime } from 'luxon';
import type { Reminder } from '../../domain/reminders.ts';
import { readFilmReleases } from '../film-releases.ts';
import {
  BoundedPool,
  eventLoopTurns,
  logJobError,
  OutcomeTally,
  SENDS_IN_FLIGHT,
} from '../kit/index.ts';
import type { TickJob } from '../ticker.ts';
import { deliverReminder } from './deliver.ts';
import { deliverGroup, groupKeyOf, type HereGroup } from './groups.ts';
import { completeSlots, hasPagesLeft, planSlots, readNextPage } from './slots.ts';
import {
  ownsReminder,
  reminderRetryPolicy,
  type ActiveSlot,
  type ReminderOutcome,
  type RemindersJobOptions,
  type RemindersState,
  type RunContext,
} from './state.ts';

export { reminderRetryPolicy, type ReminderOutcome, type RemindersJobOptions } from './state.ts';

export interface RemindersJob extends TickJob {
  readonly name: 'reminders';
  /** Start nothing new; what was handed to Discord finishes and is recorded. */
  stop(): void;
  /**
   * Reminders read from the store and not final yet (being sent, or waiting to try again), for
   * tests and the log. Due reminders on pages not read yet are not counted.
   */
  pendingCount(): number;
  /** Outcomes since start, by `outcome:code`. */
  counts(): Readonly<Record<string, number>>;
}

/**
 * The reminder tick (teryl's and reminder-rs's "postman"): asks the store what is due at `now`
 * and hands each message to the Notifier. It knows nothing of Discord beyond the Notifier's
 * failure kinds, and nothing of commands: the stored record is the only contract.
 *
 * Exactly once (the kit's `sendOnce`): before a message is sent its reminder is persisted as
 * `sending` with a nonce derived from the reminder and its due instant; Discord is asked to
 * enforce that nonce; `sent` is persisted after. A process killed anywhere in between finds
 * `sending` on restart and sends again with the same nonce, which Discord answers with the
 * message it already posted.
 *
 * Graceful shutdown (`stop`): start no new message. Messages already handed to Discord finish
 * and are recorded; every other reminder stays as the store has it (pending, or `sending` with
 * its nonce) for the next start, which sends it once.
 */
export function createRemindersJob(options: RemindersJobOptions): RemindersJob {
  const state: RemindersState = {
    store: options.store,
    notifier: options.notifier,
    markup: options.markup,
    logger: options.logger,
    t: options.t,
    guildLocale: options.guildLocale ?? (() => 'en'),
    retry: options.retry ?? reminderRetryPolicy,
    shardTag: options.shardTag ?? 'all',
    requestsPerSecond: options.requestsPerSecond ?? 50,
    owns: ownsReminder(options.ownsUser ?? (() => true), options.ownsGuild ?? (() => true)),
    tally: new OutcomeTally<ReminderOutcome>('reminders', options.onOutcome),
    slots: new Map(),
    completedSlots: new Map(),
    perUserFilm: new Map(),
    stopping: false,
  };
  const pendingCount = () => {
    let n = 0;
    for (const slot of state.slots.values()) n += slot.waiting.size;
    return n;
  };

  async function deliverReady(context: RunContext): Promise<void> {
    const nowMs = context.now.toMillis();
    // Read in an earlier run and ready again: retries, DM fallbacks, reminders added late.
    const again: { slot: ActiveSlot; id: string }[] = [];
    for (const slot of state.slots.values()) {
      for (const [id, notBefore] of slot.waiting) if (notBefore <= nowMs) again.push({ slot, id });
    }
    // Slots with due-index pages still to read, from their start on.
    const streaming = [...state.slots.values()].filter(
      (slot) => slot.startAt <= nowMs && hasPagesLeft(state, slot),
    );
    if (again.length === 0 && streaming.length === 0) return completeSlots(state);

    const pool = new BoundedPool(options.maxInFlight ?? SENDS_IN_FLIGHT);
    const groups = new Map<string, HereGroup>();
    let handled = 0;
    const retryLater = async (
      items: readonly { slot: ActiveSlot; id: string }[],
      work: () => Promise<void>,
    ) => {
      try {
        await work();
      } catch (err) {
        // A store or programming error: keep the reminders waiting for a later tick.
        logJobError(
          state.logger,
          err,
          { reminderIds: items.map((i) => i.id) },
          'reminder delivery failed unexpectedly; retrying later',
        );
        for (const { slot, id } of items)
          if (slot.waiting.has(id)) slot.waiting.set(id, nowMs + state.retry.baseDelayMs);
      }
    };
    // Starting 10,000 sends is CPU the interactions wait for: the event loop gets a turn every few ms.
    const turn = eventLoopTurns();
    // Small first reads get the first messages out at once; later ones are larger, since by then
    // the REST queue, not the store, sets the pace.
    let size = 16;
    const deliverAll = async (items: readonly { slot: ActiveSlot; id: string }[]) => {
      handled += items.length;
      for (let i = 0; i < items.length; i += size, size = Math.min(250, size * 4)) {
        if (state.stopping) break;
        const chunk = items.slice(i, i + size);
        const records: (Reminder | undefined)[] = await state.store.getMany(
          chunk.map((item) => item.id),
        );
        for (const [j, { slot, id }] of chunk.entries()) {
          const record = records[j];
          const filmRelease = context.films.get(slot.filmId);
          const grouped =
            record === undefined || filmRelease === undefined
              ? undefined
              : groupKeyOf(record, slot, filmRelease, context);
          if (record !== undefined && grouped !== undefined) {
            // Held back until every ready reminder is read: a channel's post names them all.
            const group = groups.get(grouped.key) ?? {
              filmId: slot.filmId,
              channelId: grouped.channelId,
              momentIso: grouped.momentIso,
              timing: grouped.timing,
              slot,
              members: [],
            };
            group.members.push({ reminder: record, slot });
            groups.set(grouped.key, group);
            continue;
          }
          await pool.submit(() =>
            retryLater([{ slot, id }], () => deliverReminder(state, slot, id, record, context)),
          );
          await turn();
        }
      }
    };
    try {
      await deliverAll(again);
      // A page at a time, each read once the sends before it have places in the pool: the job
      // never holds more of a slot than one page of ids and the reminders in flight.
      for (const slot of streaming) {
        while (hasPagesLeft(state, slot) && !state.stopping)
          await deliverAll((await readNextPage(state, slot)).map((id) => ({ slot, id })));
      }
      for (const group of groups.values()) {
        if (state.stopping) break;
        await pool.submit(() =>
          retryLater(
            group.members.map((m) => ({ slot: m.slot, id: m.reminder.id })),
            () => deliverGroup(state, group, context),
          ),
        );
        await turn();
      }
    } finally {
      // Also when a read failed: what is in flight finishes before the next run may look at it.
      await pool.drain();
    }
    await completeSlots(state);
    // One summary line per run that had work; each failure already logged its own line.
    state.tally.summarize(state.logger, handled, context.startedAt, {
      waiting: pendingCount(),
    });
  }

  return {
    name: 'reminders',
    async run(now: DateTime) {
      if (state.stopping) return;
      const context: RunContext = {
        now,
        startedAt: performance.now(),
        films: await readFilmReleases(options.films.all(), options.releases, state.logger),
      };
      for (const filmRelease of context.films.values()) await planSlots(state, filmRelease, now);
      await deliverReady(context);
    },
    stop() {
      state.stopping = true;
    },
    pendingCount,
    counts: () => state.tally.counts(),
  };
}
