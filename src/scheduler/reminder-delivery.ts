import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Film } from '../domain/film.ts';
import {
  deliveryTiming,
  dueInstant,
  fallbackPreface,
  releaseChangedText,
  reminderOffsets,
  reminderText,
  type DeliveryTiming,
  type FallbackReason,
  type ReminderOffset,
  finalStates,
  type DeliveryRecord,
  type Reminder,
} from '../domain/reminders.ts';
import type { ReleaseStore } from '../store/release-store.ts';
import type { ReminderStore } from '../store/reminder-store.ts';
import type { DeliveryFailure, DeliveryResult, Notifier, OutgoingMessage } from './notifier.ts';
import { previousReleaseDateTime, releaseDateTime, type ReleaseRecord } from '../domain/release.ts';

/**
 * What happened to one delivery. Each outcome is one structured log line (with the Discord code)
 * and one count, here and through `onDelivery` (main.ts forwards it to the metrics).
 */
export type DeliveryOutcome =
  | 'sent'
  | 'sent_late'
  | 'out_now'
  | 'collapsed'
  | 'fallback_dm'
  | 'dm_closed'
  | 'rate_limited'
  | 'retry'
  | 'failed'
  | 'notice_sent'
  | 'notice_dm_closed'
  | 'notice_retry'
  | 'notice_failed';

export interface ReminderDeliveryEvent {
  outcome: DeliveryOutcome;
  /** Discord's JSON error code or HTTP status; 0 for success. */
  code: number;
  /** From the due instant to Discord accepting the message, for sent outcomes. */
  lagMs?: number;
}

export interface RetryPolicy {
  /** First wait after a 5xx or timeout; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this long failing, the delivery is marked failed. */
  giveUpAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  giveUpAfterMs: 10 * 60_000,
};

export interface ReminderDeliveryOptions {
  store: ReminderStore;
  releases: Pick<ReleaseStore, 'get'>;
  notifier: Notifier;
  /** The catalogue (or anything that lists films): a film that left it is no longer reminded of. */
  films: { all(): readonly Film[] };
  logger: Logger;
  /** With several shards each process delivers only its own users' DMs and its own guilds' posts. */
  ownsUser?: (userId: string) => boolean;
  ownsGuild?: (guildId: string) => boolean;
  /** Names this process's share in the store's bookkeeping (e.g. "2:0,1" for shards 0 and 1 of 2). */
  shardTag?: string;
  retry?: RetryPolicy;
  /**
   * Reminders being delivered at once (default 256). They go to different channels, so
   * discord.js's queue sends them concurrently at up to its global limit. More would not send
   * faster; it would only queue more store writes ahead of the first message.
   */
  maxInFlight?: number;
  onDelivery?: (event: ReminderDeliveryEvent) => void;
}

const iso = (dt: DateTime): string => dt.toUTC().toISO() ?? '';

/** ≤ 25 characters, the same every time for the same delivery: Discord drops a repeated send by it. */
export const deliveryNonce = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 22);

const FALLBACK_KINDS: ReadonlySet<DeliveryFailure['kind']> = new Set([
  'unknown_channel',
  'missing_access',
  'missing_permissions',
]);

/** A due slot: every reminder of one film and offset, due at one instant. */
interface ActiveSlot {
  key: string;
  filmId: string;
  offset: ReminderOffset;
  dueAt: DateTime;
  dueIso: string;
  /** Reminder id → not before (epoch ms). Emptied as reminders reach a final state. */
  waiting: Map<string, number>;
}

/** The "release date changed" notice for one film version: one message per subscriber. */
interface ActiveNotice {
  filmId: string;
  version: number;
  /** Canonical reminder id per user (the one that carries the notice state) → not before. */
  waiting: Map<string, number>;
}

interface FilmContext {
  film: Film;
  record: ReleaseRecord;
  release: DateTime;
}

interface RunContext {
  now: DateTime;
  startedAt: number;
  films: Map<string, FilmContext>;
}

/** Where a message goes; the nonce depends on it, so a fallback DM is a message of its own. */
type Route =
  | { kind: 'dm' }
  | { kind: 'here'; channelId: string }
  | { kind: 'fallback'; channelId: string; reason: FallbackReason };

class Pool {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private readonly running = new Set<Promise<void>>();
  constructor(private readonly size: number) {}

  async submit(task: () => Promise<void>): Promise<void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    const run = task().finally(() => {
      this.active--;
      this.running.delete(run);
      this.queue.shift()?.();
    });
    this.running.add(run);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}

/**
 * The reminder tick (teryl's and reminder-rs's "postman"): asks the store what is due at `now`
 * and hands each message to the Notifier. It knows nothing of Discord beyond the Notifier's
 * failure kinds, and nothing of commands: the stored record is the only contract.
 *
 * Exactly once: before a message is sent its reminder is persisted as `sending` with a nonce
 * derived from the reminder and its due instant; Discord is asked to enforce that nonce; `sent`
 * is persisted after. A process killed anywhere in between finds `sending` on restart and sends
 * again with the same nonce, which Discord answers with the message it already posted.
 */
export class ReminderDelivery {
  readonly name = 'reminders';
  /** Counts since this delivery started, by outcome and Discord code; Prometheus gets each event via onDelivery. */
  readonly counters = {
    outcomes: {} as Partial<Record<DeliveryOutcome, number>>,
    codes: {} as Partial<Record<string, number>>,
  };
  private readonly slots = new Map<string, ActiveSlot>();
  private readonly completedSlots = new Map<string, string>();
  private readonly notices = new Map<string, ActiveNotice>();
  private readonly noticedVersion = new Map<string, number>();
  private readonly perUserFilm = new Map<string, Promise<void>>();
  private readonly retry: RetryPolicy;
  private readonly ownsUser: (userId: string) => boolean;
  private readonly ownsGuild: (guildId: string) => boolean;
  private readonly shardTag: string;
  private stopping = false;

  constructor(private readonly options: ReminderDeliveryOptions) {
    this.retry = options.retry ?? defaultRetryPolicy;
    this.ownsUser = options.ownsUser ?? (() => true);
    this.ownsGuild = options.ownsGuild ?? (() => true);
    this.shardTag = options.shardTag ?? 'all';
  }

  async run(now: DateTime): Promise<void> {
    if (this.stopping) return;
    const context: RunContext = { now, startedAt: performance.now(), films: new Map() };
    for (const film of this.options.films.all()) {
      let record: ReleaseRecord;
      try {
        record = await this.options.releases.get(film.id);
      } catch (err) {
        this.options.logger.error(
          { err, filmId: film.id },
          'cannot read the release; its reminders wait for the next tick',
        );
        continue;
      }
      const filmContext = { film, record, release: releaseDateTime(record) };
      context.films.set(film.id, filmContext);
      await this.planSlots(filmContext, now);
      await this.planNotice(filmContext, now);
    }
    await this.deliverReady(context);
  }

  /**
   * Graceful shutdown: start no new message. Messages already handed to Discord finish and are
   * recorded; every other reminder stays as the store has it (pending, or `sending` with its
   * nonce) for the next start, which sends it once.
   */
  stop(): void {
    this.stopping = true;
  }

  /** Reminders waiting to be sent (due, not yet final), for tests and the log. */
  pendingCount(): number {
    let n = 0;
    for (const slot of this.slots.values()) n += slot.waiting.size;
    for (const notice of this.notices.values()) n += notice.waiting.size;
    return n;
  }

  // ── planning ────────────────────────────────────────────────────────────────────────────────

  private async planSlots({ film, record, release }: FilmContext, now: DateTime): Promise<void> {
    const { store } = this.options;
    for (const offset of reminderOffsets) {
      const key = `${film.id}:${offset}`;
      const dueAt = dueInstant(release, offset);
      const dueIso = iso(dueAt);
      const active = this.slots.get(key);
      // The release moved: reminders are relative, so the slot is now due at another instant.
      if (active !== undefined && active.dueIso !== dueIso) this.slots.delete(key);
      if (dueAt > now || this.slots.has(key) || this.completedSlots.get(key) === dueIso) continue;

      const markerName = `slot:${key}:${this.shardTag}`;
      if ((await store.getMarker(markerName)) === dueIso || absorbedByChange(record, dueAt)) {
        this.completedSlots.set(key, dueIso);
        continue;
      }
      const ids = await store.idsInSlot(film.id, offset);
      this.slots.set(key, {
        key,
        filmId: film.id,
        offset,
        dueAt,
        dueIso,
        waiting: new Map(ids.map((id) => [id, 0])),
      });
      if (ids.length > 0)
        this.options.logger.info(
          { filmId: film.id, offset, dueAt: dueIso, reminders: ids.length },
          'reminders due',
        );
    }
  }

  /**
   * A `/release set` is a durable job: the release record's version says a change happened, and
   * each process notifies its own subscribers until its progress marker reaches that version.
   */
  private async planNotice({ film, record }: FilmContext, now: DateTime): Promise<void> {
    const active = this.notices.get(film.id);
    if (active !== undefined && active.version !== record.version) this.notices.delete(film.id);
    if (record.version <= 1 || record.previousInstant === undefined) return;
    if (this.notices.has(film.id) || (this.noticedVersion.get(film.id) ?? 1) >= record.version)
      return;

    const { store } = this.options;
    const done = Number((await store.getMarker(`notice:${film.id}:${this.shardTag}`)) ?? '1');
    if (done >= record.version) {
      this.noticedVersion.set(film.id, done);
      return;
    }
    // One notice per subscriber, carried by their reminder with the smallest id for this film:
    // deterministic, so a restart picks the same reminder and finds what was already sent.
    const canonical = new Map<string, string>();
    for (const offset of reminderOffsets) {
      const ids = await store.idsInSlot(film.id, offset);
      for (let i = 0; i < ids.length; i += 500) {
        for (const reminder of await store.getMany(ids.slice(i, i + 500))) {
          if (reminder === undefined || !this.ownsUser(reminder.userId)) continue;
          const current = canonical.get(reminder.userId);
          if (current === undefined || reminder.id < current)
            canonical.set(reminder.userId, reminder.id);
        }
      }
    }
    this.notices.set(film.id, {
      filmId: film.id,
      version: record.version,
      waiting: new Map([...canonical.values()].map((id) => [id, 0])),
    });
    this.options.logger.info(
      { filmId: film.id, version: record.version, subscribers: canonical.size, at: iso(now) },
      'telling subscribers the release moved',
    );
  }

  // ── delivering ──────────────────────────────────────────────────────────────────────────────

  private async deliverReady(context: RunContext): Promise<void> {
    const nowMs = context.now.toMillis();
    type Item =
      | { kind: 'slot'; slot: ActiveSlot; id: string }
      | { kind: 'notice'; notice: ActiveNotice; id: string };
    const ready: Item[] = [];
    for (const slot of this.slots.values()) {
      for (const [id, notBefore] of slot.waiting)
        if (notBefore <= nowMs) ready.push({ kind: 'slot', slot, id });
    }
    for (const notice of this.notices.values()) {
      for (const [id, notBefore] of notice.waiting)
        if (notBefore <= nowMs) ready.push({ kind: 'notice', notice, id });
    }

    if (ready.length === 0) return this.completeSlots();
    const outcomesBefore = { ...this.counters.outcomes };
    const pool = new Pool(this.options.maxInFlight ?? 256);
    // Small first reads get the first messages out at once; later ones are larger, since by then
    // the REST queue, not the store, sets the pace.
    for (let i = 0, size = 16; i < ready.length; i += size, size = Math.min(250, size * 4)) {
      if (this.stopping) break;
      const chunk = ready.slice(i, i + size);
      const records = await this.options.store.getMany(chunk.map((item) => item.id));
      for (const [j, item] of chunk.entries()) {
        const reminder = records[j];
        await pool.submit(async () => {
          try {
            if (item.kind === 'slot')
              await this.deliverReminder(item.slot, item.id, reminder, context);
            else await this.deliverNotice(item.notice, item.id, reminder, context);
          } catch (err) {
            // A store or programming error: keep the reminder waiting for a later tick.
            this.options.logger.error(
              { err, reminderId: item.id },
              'reminder delivery failed unexpectedly; retrying later',
            );
            const waiting = item.kind === 'slot' ? item.slot.waiting : item.notice.waiting;
            if (waiting.has(item.id)) waiting.set(item.id, nowMs + this.retry.baseDelayMs);
          }
        });
      }
    }
    await pool.drain();
    await this.completeSlots();
    // One summary line per run that had work; each failure already logged its own line.
    const outcomes: Partial<Record<DeliveryOutcome, number>> = {};
    for (const [outcome, n] of Object.entries(this.counters.outcomes) as [
      DeliveryOutcome,
      number,
    ][]) {
      const delta = n - (outcomesBefore[outcome] ?? 0);
      if (delta !== 0) outcomes[outcome] = delta;
    }
    this.options.logger.info(
      {
        handled: ready.length,
        outcomes,
        ms: Math.round(performance.now() - context.startedAt),
        waiting: this.pendingCount(),
      },
      'reminder run finished',
    );
  }

  private async completeSlots(): Promise<void> {
    for (const [key, slot] of this.slots) {
      if (slot.waiting.size > 0) continue;
      await this.options.store.setMarker(`slot:${key}:${this.shardTag}`, slot.dueIso);
      this.slots.delete(key);
      this.completedSlots.set(key, slot.dueIso);
    }
    for (const [filmId, notice] of this.notices) {
      if (notice.waiting.size > 0) continue;
      await this.options.store.setMarker(
        `notice:${filmId}:${this.shardTag}`,
        String(notice.version),
      );
      this.notices.delete(filmId);
      this.noticedVersion.set(filmId, notice.version);
    }
  }

  private async deliverReminder(
    slot: ActiveSlot,
    id: string,
    read: Reminder | undefined,
    context: RunContext,
  ): Promise<void> {
    const filmContext = context.films.get(slot.filmId);
    if (read === undefined || filmContext === undefined) return void slot.waiting.delete(id);
    // Everything sent to one user about one film goes one at a time, so a reminder that a
    // combined message already covered is seen as delivered, never sent again beside it.
    const key = `${read.userId}:${slot.filmId}`;
    const previous = this.perUserFilm.get(key);
    const mine = (async () => {
      if (previous !== undefined) await previous.catch(() => undefined);
      const reminder = previous === undefined ? read : await this.options.store.get(id);
      if (
        reminder === undefined ||
        (reminder.delivery.dueAt === slot.dueIso && finalStates.has(reminder.delivery.state))
      ) {
        return void slot.waiting.delete(id);
      }
      const timing = deliveryTiming(slot.dueAt, filmContext.release, context.now);
      if (timing.kind === 'on_time') await this.deliverOnTime(slot, reminder, filmContext, context);
      else await this.deliverCatchUp(reminder, filmContext, context);
    })();
    this.perUserFilm.set(key, mine);
    try {
      await mine;
    } finally {
      if (this.perUserFilm.get(key) === mine) this.perUserFilm.delete(key);
    }
  }

  /** A reminder at its moment, before release: its own message, in its channel or by DM. */
  private async deliverOnTime(
    slot: ActiveSlot,
    reminder: Reminder,
    { film, release }: FilmContext,
    context: RunContext,
  ): Promise<void> {
    const route = routeOf(reminder, slot.dueIso);
    if (!this.owns(reminder)) return void slot.waiting.delete(reminder.id);
    const timing: DeliveryTiming = { kind: 'on_time' };
    const text = reminderText({
      film,
      release,
      offset: reminder.offset,
      dueAt: slot.dueAt,
      timing,
      ...mentionFor(route, reminder),
    });
    const nonce =
      reuseNonce(reminder.delivery, slot.dueIso) ??
      deliveryNonce(reminder.id, slot.dueIso, routeKey(route));
    await this.send(
      [{ reminder, slot: slot.dueIso }],
      route,
      text,
      nonce,
      timing,
      context,
      slot.dueAt,
    );
  }

  /**
   * The bot was down at the moment: whatever is due for this user and film now goes as one
   * message. Before release that is the latest reminder, with an apology if it is late; from the
   * release on it is one "out now" message, never a stale "one day to go!".
   */
  private async deliverCatchUp(
    trigger: Reminder,
    { film, record, release }: FilmContext,
    context: RunContext,
  ): Promise<void> {
    const members = (await this.options.store.listForUser(trigger.userId))
      .filter((r) => r.filmId === film.id)
      .map((reminder) => ({ reminder, dueAt: dueInstant(release, reminder.offset) }))
      .filter(({ dueAt }) => dueAt <= context.now && !absorbedByChange(record, dueAt))
      .map(({ reminder, dueAt }) => ({ reminder, dueAt, slot: iso(dueAt) }))
      .filter(
        ({ reminder, slot }) =>
          !(reminder.delivery.dueAt === slot && finalStates.has(reminder.delivery.state)),
      )
      .sort(
        (a, b) =>
          a.dueAt.toMillis() - b.dueAt.toMillis() || (a.reminder.id < b.reminder.id ? -1 : 1),
      );
    const latest = members.at(-1);
    if (latest === undefined) return;

    // One destination, the same after a restart: DM if any of them asked for a DM, else the
    // channel of the latest; a here reminder already moved to DM stays there.
    const fallback = members.find(
      ({ reminder, slot }) => routeOf(reminder, slot).kind === 'fallback',
    );
    const dm = members.find(({ reminder }) => reminder.where === 'dm');
    const owner = (fallback ?? dm ?? latest).reminder;
    const route = routeOf(owner, (fallback ?? dm ?? latest).slot);
    if (!this.owns(owner)) {
      for (const { reminder } of members)
        this.slots.get(`${film.id}:${reminder.offset}`)?.waiting.delete(reminder.id);
      return;
    }

    const timing = deliveryTiming(latest.dueAt, release, context.now);
    const text = reminderText({
      film,
      release,
      offset: latest.reminder.offset,
      dueAt: latest.dueAt,
      timing,
      ...mentionFor(route, owner),
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
        ? deliveryNonce('out-now', owner.userId, film.id, iso(release), routeKey(route))
        : deliveryNonce('catch-up', owner.userId, film.id, latest.slot, routeKey(route)));
    await this.send(
      members.map(({ reminder, slot }) => ({ reminder, slot })),
      route,
      text,
      nonce,
      timing,
      context,
      timing.kind === 'out_now' ? release : latest.dueAt,
    );
  }

  /**
   * Persist `sending`, send once, persist the outcome, for one message that delivers `members`
   * (one reminder, or several collapsed into one).
   */
  private async send(
    members: readonly { reminder: Reminder; slot: string }[],
    route: Route,
    text: string,
    nonce: string,
    timing: DeliveryTiming,
    context: RunContext,
    dueAt: DateTime,
  ): Promise<void> {
    const { store, notifier, logger } = this.options;
    const waitingOf = (r: Reminder) => this.slots.get(`${r.filmId}:${r.offset}`)?.waiting;
    const settle = (rs: readonly Reminder[]) => {
      for (const r of rs) waitingOf(r)?.delete(r.id);
    };
    // Stopping: hand it back untouched rather than start a message that may not finish.
    if (this.stopping) return;
    const late = timing.kind === 'late' || (timing.kind === 'out_now' && timing.late);
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
            ...(members.length > 1 ? { collapsed: true } : {}),
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
    settle(members.map((m) => m.reminder).filter((r) => !live.some((l) => l.id === r.id)));
    const [owner] = live;
    // Cancelled while due: nothing to send.
    if (owner === undefined) return;

    const message: OutgoingMessage = {
      content:
        route.kind === 'fallback' ? fallbackPreface(route.channelId, route.reason) + text : text,
      nonce,
      ...(route.kind === 'here' ? { mentionUserIds: [owner.userId] } : {}),
    };
    const result: DeliveryResult =
      route.kind === 'here'
        ? await notifier.sendToChannel(route.channelId, message)
        : await notifier.sendDirect(owner.userId, message);

    const at = context.now.plus({ milliseconds: performance.now() - context.startedAt });
    const fields = {
      reminderIds: live.map((r) => r.id),
      userId: owner.userId,
      filmId: owner.filmId,
      route: route.kind,
      nonce,
    };
    const finish = async (
      outcome: DeliveryOutcome,
      code: number,
      change: (d: DeliveryRecord) => DeliveryRecord,
      lagMs?: number,
    ) => {
      await Promise.all(
        live.map((r) =>
          store.update(r.id, (current) => ({ ...current, delivery: change(current.delivery) })),
        ),
      );
      this.count({ outcome, code, ...(lagMs === undefined ? {} : { lagMs }) });
    };

    if (result.ok) {
      const outcome: DeliveryOutcome =
        live.length > 1
          ? 'collapsed'
          : timing.kind === 'out_now'
            ? 'out_now'
            : late
              ? 'sent_late'
              : 'sent';
      const lagMs = Math.max(0, at.toMillis() - dueAt.toMillis());
      await finish(
        outcome,
        0,
        (d) =>
          finalDelivery(d, 'sent', {
            sentAt: iso(at),
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
    if (failure.kind === 'dm_closed') {
      await finish('dm_closed', failure.code, (d) =>
        finalDelivery(d, 'dm_closed', { lastError: 'DMs closed (50007)' }),
      );
      logger.warn(log, 'reminder not delivered: the user does not accept DMs from me');
      return settle(live);
    }
    if (route.kind === 'here' && isFallbackReason(failure.kind)) {
      const reason = failure.kind;
      await finish('fallback_dm', failure.code, (d) => ({
        ...d,
        state: 'pending',
        fallback: reason,
        nonce: deliveryNonce(nonce, 'fallback'),
        lastError: `${failure.kind} (${failure.code})`,
      }));
      // Left waiting: the next tick sends it by DM, saying why, under its own nonce.
      logger.warn(log, 'could not post a reminder in its channel; sending it by DM instead');
      return;
    }
    if (failure.kind === 'rate_limited' || failure.kind === 'server_error') {
      const firstFailure = DateTime.fromISO(owner.delivery.firstFailureAt ?? '');
      const since = firstFailure.isValid ? firstFailure : context.now;
      if (
        failure.kind === 'server_error' &&
        context.now.toMillis() - since.toMillis() >= this.retry.giveUpAfterMs
      ) {
        await finish('failed', failure.code, (d) =>
          finalDelivery(d, 'failed', {
            lastError: `gave up after ${failure.kind} (${failure.code})`,
          }),
        );
        logger.error(log, 'reminder failed: Discord kept failing for the whole retry window');
        return settle(live);
      }
      const delay =
        failure.kind === 'rate_limited'
          ? failure.retryAfterMs
          : Math.min(
              this.retry.maxDelayMs,
              this.retry.baseDelayMs * 2 ** Math.max(0, owner.delivery.attempts - 1),
            );
      const notBefore = context.now.plus({ milliseconds: delay });
      await finish(
        failure.kind === 'rate_limited' ? 'rate_limited' : 'retry',
        failure.code,
        (d) => ({
          ...d,
          state: 'pending',
          nextAttemptAt: iso(notBefore),
          firstFailureAt: iso(since),
          lastError: `${failure.kind} (${failure.code})`,
        }),
      );
      for (const r of live) waitingOf(r)?.set(r.id, notBefore.toMillis());
      logger.warn({ ...log, retryInMs: delay }, 'reminder not delivered yet; retrying');
      return;
    }
    await finish('failed', failure.code, (d) =>
      finalDelivery(d, 'failed', {
        lastError: `${failure.kind} (${failure.code})${'message' in failure ? `: ${failure.message}` : ''}`,
      }),
    );
    logger.error(log, 'reminder failed: Discord refused it');
    settle(live);
  }

  /** "The release date changed", once per subscriber, by DM. */
  private async deliverNotice(
    notice: ActiveNotice,
    id: string,
    reminder: Reminder | undefined,
    context: RunContext,
  ): Promise<void> {
    const { store, notifier, logger } = this.options;
    const filmContext = context.films.get(notice.filmId);
    const done = () => notice.waiting.delete(id);
    if (reminder === undefined || filmContext === undefined) return void done();
    const previous = previousReleaseDateTime(filmContext.record);
    if (previous === undefined) return void done();
    const existing = reminder.notice?.version === notice.version ? reminder.notice : undefined;
    if (existing !== undefined && existing.state !== 'sending') return void done();

    const nonce =
      existing?.nonce ??
      deliveryNonce('release-moved', notice.filmId, String(notice.version), reminder.userId);
    if (this.stopping) return;
    const marked = await store.update(id, (current) => ({
      ...current,
      notice: { version: notice.version, state: 'sending', nonce },
    }));
    if (marked === undefined) return void done();
    const result = await notifier.sendDirect(reminder.userId, {
      content: releaseChangedText(filmContext.film, previous, filmContext.release, context.now),
      nonce,
    });
    const state = result.ok
      ? 'sent'
      : result.failure.kind === 'dm_closed'
        ? 'dm_closed'
        : 'sending';
    const transient =
      !result.ok &&
      (result.failure.kind === 'server_error' || result.failure.kind === 'rate_limited');
    const finalState = !result.ok && !transient && state === 'sending' ? 'failed' : state;
    const code = result.ok ? 0 : result.failure.code;
    const log = { userId: reminder.userId, filmId: notice.filmId, version: notice.version, code };

    if (finalState === 'sending') {
      const delay =
        !result.ok && result.failure.kind === 'rate_limited'
          ? result.failure.retryAfterMs
          : this.retry.baseDelayMs;
      notice.waiting.set(id, context.now.toMillis() + delay);
      this.count({ outcome: 'notice_retry', code });
      logger.warn(log, 'release change notice not delivered yet; retrying');
      return;
    }
    await store.update(id, (current) => ({
      ...current,
      notice: { version: notice.version, state: finalState, nonce },
    }));
    this.count({
      outcome:
        finalState === 'sent'
          ? 'notice_sent'
          : finalState === 'dm_closed'
            ? 'notice_dm_closed'
            : 'notice_failed',
      code,
    });
    if (finalState !== 'sent') logger.warn(log, 'release change notice not delivered');
    done();
  }

  /**
   * Every reminder has one owner among the shards: a `here` reminder its guild's, also when it
   * falls back to a DM (the shard that saw its channel fail sends the DM; the user's shard has
   * long counted it as someone else's), a DM reminder its user's.
   */
  private owns(reminder: Reminder): boolean {
    return reminder.where === 'here' && reminder.guildId !== undefined
      ? this.ownsGuild(reminder.guildId)
      : this.ownsUser(reminder.userId);
  }

  private count(event: ReminderDeliveryEvent): void {
    this.counters.outcomes[event.outcome] = (this.counters.outcomes[event.outcome] ?? 0) + 1;
    const code = String(event.code);
    this.counters.codes[code] = (this.counters.codes[code] ?? 0) + 1;
    this.options.onDelivery?.(event);
  }
}

/** The route a reminder takes for a due instant: its own place, or DM after a channel failure. */
function routeOf(reminder: Reminder, dueIso: string): Route {
  if (reminder.where === 'dm' || reminder.channelId === undefined) return { kind: 'dm' };
  const fallback = reminder.delivery.dueAt === dueIso ? reminder.delivery.fallback : undefined;
  return fallback === undefined
    ? { kind: 'here', channelId: reminder.channelId }
    : { kind: 'fallback', channelId: reminder.channelId, reason: fallback };
}

const routeKey = (route: Route): string =>
  route.kind === 'dm' ? 'dm' : `${route.kind}:${route.channelId}`;

/** Only a post in a channel pings, and only the reminder's own user. */
const mentionFor = (route: Route, reminder: Reminder): { mentionUserId?: string } =>
  route.kind === 'here' ? { mentionUserId: reminder.userId } : {};

const isFallbackReason = (kind: DeliveryFailure['kind']): kind is FallbackReason =>
  FALLBACK_KINDS.has(kind);

/** The nonce recorded for this very delivery, if a previous attempt got as far as recording one. */
const reuseNonce = (delivery: DeliveryRecord, dueIso: string): string | undefined =>
  delivery.dueAt === dueIso ? delivery.nonce : undefined;

function finalDelivery(
  d: DeliveryRecord,
  state: 'sent' | 'failed' | 'dm_closed',
  extra: Partial<DeliveryRecord>,
): DeliveryRecord {
  const { nextAttemptAt: _next, ...rest } = d;
  return { ...rest, state, ...extra };
}

/**
 * A release change swallows the reminders whose moment had already passed when it happened:
 * each subscriber is told the new date by the change notice at that moment, so a late
 * "a week to go" that is no longer true is never sent as well.
 */
function absorbedByChange(record: ReleaseRecord, dueAt: DateTime): boolean {
  if (record.version <= 1) return false;
  const changedAt = DateTime.fromISO(record.updatedAt);
  return changedAt.isValid && dueAt < changedAt;
}
