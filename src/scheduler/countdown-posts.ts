import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import {
  decide,
  scheduleView,
  type CountdownStyle,
  type ScheduleView,
  type Slot,
} from '../domain/countdown.ts';
import type { Film } from '../domain/film.ts';
import type { CountdownStore } from '../store/countdown-store.ts';
import type { ReleaseStore } from '../store/release-store.ts';
import {
  isUnknownEvent,
  type DeliveryFailure,
  type DeliveryResult,
  type Notifier,
  type OutgoingMessage,
} from './notifier.ts';
import type { Countdown, CountdownResult } from '../domain/countdown-record.ts';
import { releaseDateTime } from '../domain/release.ts';

export interface CountdownMessageInput {
  film: Film;
  release: DateTime;
  now: DateTime;
  /** The countdown's zone: "tomorrow" and "in 3 days" are counted on its calendar. */
  zone: string;
  style: CountdownStyle;
}

/** Builds a post; the Discord adapter supplies it, so this module stays free of discord.js. */
export type CountdownRenderer = (input: CountdownMessageInput) => Omit<OutgoingMessage, 'nonce'>;

/** What one run did, per outcome and Discord error code; main.ts forwards it to the metrics. */
export interface CountdownDelivery {
  result: 'posted' | 'edited' | 'reposted' | 'skipped' | 'failed' | 'retry';
  code: number;
}

export interface CountdownJobOptions {
  store: CountdownStore;
  releases: Pick<ReleaseStore, 'get'>;
  films: { get(filmId: string): Film | undefined };
  notifier: Notifier;
  render: CountdownRenderer;
  logger: Logger;
  /** With several shards, each process posts only in its own guilds. */
  ownsGuild?: (guildId: string) => boolean;
  onDelivery?: (delivery: CountdownDelivery) => void;
  /**
   * Messages in flight at once. Each goes to its own channel, so the REST queue sends them as
   * fast as the global limit allows while per-channel buckets keep each channel in order.
   */
  concurrency?: number;
  /**
   * Countdowns reading and marking their slot at once. Small on purpose: a store (SQLite above all)
   * works through requests one by one, so letting a thousand prepare together only makes the first
   * send wait for all of them. Recording outcomes has its own slots of the same size.
   */
  storeConcurrency?: number;
}

export interface CountdownJob {
  readonly name: 'countdowns';
  run(now: DateTime): Promise<void>;
  /**
   * Graceful shutdown: posts already handed to Discord finish and are recorded; no other starts.
   * A slot marked `sending` is posted by the next start under the same nonce.
   */
  stop(): void;
  /** Counts since start, by `result:code`, for tests and the log. */
  counts(): Readonly<Record<string, number>>;
}

/** Retries of a post that failed for a passing reason (429, 5xx, timeout) before the slot is given up. */
export const MAX_ATTEMPTS = 6;
const backoffMs = (attempts: number) =>
  Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));

/** ≤ 25 characters, the same for the same countdown and slot: Discord dedupes a retried post by it. */
export function countdownNonce(
  countdown: Pick<Countdown, 'id' | 'createdAt'>,
  slotKey: string,
): string {
  return createHash('sha256')
    .update(`${countdown.id}|${countdown.createdAt}|${slotKey}`)
    .digest('base64url')
    .slice(0, 25);
}

const PAUSE_REASONS: Partial<Record<DeliveryFailure['kind'], string>> = {
  missing_access: 'I can no longer see that channel (Missing Access, 50001)',
  missing_permissions:
    'I may not post there (Missing Permissions, 50013): I need View Channel, Send Messages and Embed Links',
};

const iso = (dt: DateTime): string => dt.toUTC().toISO() ?? '';
const parse = (s: string): DateTime => DateTime.fromISO(s, { setZone: true });

/** Everything before this instant is done; nothing earlier is ever sent. Plain millis: no zone work. */
function handledUntil(c: Countdown): DateTime {
  const created = Date.parse(c.createdAt);
  const last = c.lastSlot === undefined ? created : Date.parse(c.lastSlot);
  return DateTime.fromMillis(Math.max(created, last), { zone: 'utc' });
}

type Action =
  | { kind: 'wait'; until: DateTime | undefined }
  | { kind: 'post'; slot: Slot; late: boolean }
  | { kind: 'skip'; slot: Slot; next: Slot | undefined }
  | { kind: 'live-post' }
  | { kind: 'live-edit'; slot: Slot };

/** Decide what a countdown needs now. Pure given its inputs; the run below carries it out. */
function plan(c: Countdown, view: ScheduleView, retryAt: DateTime | undefined): Action {
  if (retryAt !== undefined && view.now < retryAt) return { kind: 'wait', until: retryAt };
  if (c.style === 'live' && c.liveMessageId === undefined) return { kind: 'live-post' };
  const decision = decide(view, handledUntil(c));
  if (decision.action === 'wait') return { kind: 'wait', until: decision.next?.at };
  if (decision.action === 'skip') return { kind: 'skip', slot: decision.slot, next: decision.next };
  return c.style === 'post'
    ? { kind: 'post', slot: decision.slot, late: decision.late }
    : { kind: 'live-edit', slot: decision.slot };
}

/** At most `max` holders at once; a freed slot passes straight to the longest waiter. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async acquire(): Promise<() => void> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopped()) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The countdown tick. Each run reads the release of every film it counts down to (so `/release
 * set` re-plans every countdown at once), finds what is due, and sends it with a nonce and a
 * persisted "sending" mark so each slot is posted once, even across a crash and restart.
 *
 * Between changes it sleeps: the active set is re-read only when the store's change stamp moves,
 * and countdowns are evaluated only when the earliest of their next slots has come.
 */
export function createCountdownJob(options: CountdownJobOptions): CountdownJob {
  const { store, releases, films, notifier, render, logger } = options;
  const ownsGuild = options.ownsGuild ?? (() => true);
  const concurrency = options.concurrency ?? 1000;
  const preparing = new Semaphore(options.storeConcurrency ?? 8);
  const recording = new Semaphore(options.storeConcurrency ?? 8);
  /** Writes an outcome once Discord has answered. */
  const record = (id: string, change: (current: Countdown) => Countdown) =>
    recording.run(() => store.update(id, change));
  const counters = new Map<string, number>();
  /** Active countdowns as last read; each is re-read from the store before anything is sent. */
  let cache = new Map<string, Countdown>();
  let loadedStamp: string | undefined | null = null;
  let releaseKey = '';
  let wakeAt: DateTime | undefined;
  /** Edits carry no nonce, so their backoff after a passing failure lives here, not in the store. */
  const editRetries = new Map<string, { attempts: number; retryAt: DateTime }>();
  const warnedFilms = new Set<string>();
  const unplannable = new Set<string>();
  /** Shutting down: nothing new is marked or sent. */
  let stopping = false;
  /** An event move failed for a passing reason: look at the events again from this instant. */
  let eventRecheckAt: DateTime | undefined;

  const count = (delivery: CountdownDelivery) => {
    const key = `${delivery.result}:${delivery.code}`;
    counters.set(key, (counters.get(key) ?? 0) + 1);
    options.onDelivery?.(delivery);
  };

  const fields = (c: Countdown) => ({
    countdownId: c.id,
    guildId: c.guildId,
    channelId: c.channelId,
    filmId: c.filmId,
  });

  async function releaseOf(filmId: string): Promise<DateTime | undefined> {
    try {
      return releaseDateTime(await releases.get(filmId));
    } catch (err) {
      if (!warnedFilms.has(filmId)) {
        warnedFilms.add(filmId);
        logger.warn({ err, filmId }, 'countdown for a film without a release; skipping it');
      }
      return undefined;
    }
  }

  /** A failure: decide the countdown's fate, log it with its code and count it. */
  function failed(
    c: Countdown,
    failure: DeliveryFailure,
    now: DateTime,
    slot: { key: string; at?: DateTime; kind: CountdownResult['slotKind'] },
    attempts: number,
  ): { change: (x: Countdown) => Countdown; retryAt?: DateTime } {
    const result: CountdownResult = {
      at: iso(now),
      outcome: 'failed',
      code: failure.code,
      ...(slot.at ? { slot: iso(slot.at) } : {}),
      slotKind: slot.kind,
    };
    const log = { ...fields(c), code: failure.code, slot: slot.key, attempts };
    const handled = (x: Countdown): Countdown => ({
      ...x,
      sending: undefined,
      lastSlot: iso(DateTime.max(slot.at ?? now, handledUntil(x))),
      lastResult: result,
    });

    if (failure.kind === 'unknown_channel') {
      logger.warn(
        { ...log, outcome: 'ended' },
        'countdown channel is gone (10003); countdown ended',
      );
      count({ result: 'failed', code: failure.code });
      return {
        change: (x) => ({ ...handled(x), status: 'ended', endedAt: iso(now), nextSlot: undefined }),
      };
    }
    const pauseReason = PAUSE_REASONS[failure.kind];
    if (pauseReason !== undefined) {
      logger.warn(
        { ...log, outcome: 'paused' },
        'countdown lost access to its channel; paused until started again',
      );
      count({ result: 'failed', code: failure.code });
      return { change: (x) => ({ ...handled(x), status: 'paused', pausedReason: pauseReason }) };
    }
    const passing = failure.kind === 'rate_limited' || failure.kind === 'server_error';
    if (passing && attempts < MAX_ATTEMPTS) {
      const wait =
        failure.kind === 'rate_limited'
          ? Math.max(failure.retryAfterMs, backoffMs(attempts))
          : backoffMs(attempts);
      const retryAt = now.plus({ milliseconds: wait });
      logger.warn(
        { ...log, outcome: 'retry', retryInMs: wait },
        'countdown post failed for now; retrying',
      );
      count({ result: 'retry', code: failure.code });
      return {
        change: (x) => ({
          ...x,
          sending: x.sending ? { ...x.sending, attempts, retryAt: iso(retryAt) } : undefined,
        }),
        retryAt,
      };
    }
    // A bug on our side (another 4xx) or a failure that outlasted its retries: give the slot up.
    const finalSlot = slot.kind === 'release';
    const giveUp = { ...log, outcome: finalSlot ? 'finished' : 'gave-up' };
    if (passing) logger.warn(giveUp, 'countdown post kept failing; giving this slot up');
    else
      logger.error(
        { ...giveUp, reason: 'message' in failure ? failure.message : undefined },
        'Discord refused a countdown post; giving this slot up',
      );
    count({ result: 'failed', code: failure.code });
    return {
      change: (x) => ({
        ...handled(x),
        ...(finalSlot
          ? { status: 'finished' as const, endedAt: iso(now), nextSlot: undefined }
          : {}),
      }),
    };
  }

  /** The `sending` mark for a slot: the nonce it is sent with, and the attempts so far. */
  const markFor = (x: Countdown, slotKey: string): NonNullable<Countdown['sending']> => ({
    slot: slotKey,
    nonce: countdownNonce(x, slotKey),
    attempts: x.sending?.slot === slotKey ? x.sending.attempts : 0,
  });

  type Sent = { result: DeliveryResult; attempts: number } | undefined;

  /** Send what `marked.sending` names. The mark is already stored, so a crash now retries with its nonce. */
  async function sendMarked(
    marked: Countdown,
    message: Omit<OutgoingMessage, 'nonce'>,
    prepared: () => void,
  ): Promise<Sent> {
    const mark = marked.sending;
    if (!mark) return undefined;
    prepared();
    const result = await notifier.sendToChannel(marked.channelId, {
      ...message,
      nonce: mark.nonce,
    });
    return { result, attempts: mark.attempts + 1 };
  }

  /** Mark, then send: for a post decided after the first store round trip (a live message reposted). */
  async function postOnce(
    c: Countdown,
    slotKey: string,
    message: Omit<OutgoingMessage, 'nonce'>,
    prepared: () => void,
  ): Promise<Sent> {
    const marked = await store.update(c.id, (x) => ({ ...x, sending: markFor(x, slotKey) }));
    // Stopped or paused meanwhile: send nothing.
    if (marked?.status !== 'active') return undefined;
    return sendMarked(marked, message, prepared);
  }

  /**
   * What one run shares across countdowns: the release of each film, read once per run (so
   * `/release set` re-plans everything), and the schedule views and rendered messages, which are
   * the same for every countdown with the same settings.
   */
  function runContext(now: DateTime) {
    const releaseByFilm = new Map<string, Promise<DateTime | undefined>>();
    const views = new Map<string, ScheduleView>();
    const messages = new Map<string, Omit<OutgoingMessage, 'nonce'>>();
    return {
      now,
      release(filmId: string): Promise<DateTime | undefined> {
        let release = releaseByFilm.get(filmId);
        if (!release) releaseByFilm.set(filmId, (release = releaseOf(filmId)));
        return release;
      },
      view(c: Countdown, release: DateTime): ScheduleView {
        const key = `${c.style}|${c.time}|${c.zone}|${release.toMillis()}`;
        let view = views.get(key);
        if (!view)
          views.set(
            key,
            (view = scheduleView(c.style, { time: c.time, zone: c.zone }, release, now)),
          );
        return view;
      },
      message(c: Countdown, film: Film, release: DateTime): Omit<OutgoingMessage, 'nonce'> {
        const key = `${film.id}|${release.toMillis()}|${c.zone}|${c.style}`;
        let message = messages.get(key);
        if (!message)
          messages.set(
            key,
            (message = render({ film, release, now, zone: c.zone, style: c.style })),
          );
        return message;
      },
    };
  }
  type RunContext = ReturnType<typeof runContext>;

  const retryAtOf = (c: Countdown): DateTime | undefined => {
    const persisted = c.style === 'post' ? c.sending?.retryAt : undefined;
    return persisted !== undefined ? parse(persisted) : editRetries.get(c.id)?.retryAt;
  };

  async function handle(id: string, ctx: RunContext): Promise<void> {
    const prepared = await preparing.acquire();
    try {
      if (!stopping) await carryOut(id, ctx, prepared);
    } finally {
      prepared();
    }
  }

  /** Read, decide and mark under a preparing slot (`prepared` frees it), then talk to Discord and record. */
  async function carryOut(id: string, ctx: RunContext, prepared: () => void): Promise<void> {
    const { now } = ctx;
    const cached = cache.get(id);
    if (!cached) return;
    const film = films.get(cached.filmId);
    const release = await ctx.release(cached.filmId);
    if (!film || !release) return;
    // Decide on the stored record, not the cached one, and mark the slot in the same round trip.
    let planned = { kind: 'wait', until: undefined } as Action;
    const c = await store.update(id, (x) => {
      if (x.status !== 'active') return x;
      const action = plan(x, ctx.view(x, release), retryAtOf(x));
      planned = action;
      switch (action.kind) {
        case 'skip':
          return {
            ...x,
            sending: undefined,
            lastSlot: iso(action.slot.at),
            lastResult: {
              at: iso(now),
              outcome: 'skipped',
              slot: iso(action.slot.at),
              slotKind: action.slot.kind,
            },
            nextSlot: action.next === undefined ? undefined : iso(action.next.at),
          };
        case 'post':
          return { ...x, sending: markFor(x, iso(action.slot.at)) };
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
    const nextSlot = view.next === undefined ? undefined : iso(view.next.at);
    let updated: Countdown | undefined = c;

    switch (action.kind) {
      case 'wait':
        break;

      case 'skip':
        logger.info(
          { ...fields(c), slot: iso(action.slot.at) },
          'countdown slot missed by more than 6 hours; waiting for the next',
        );
        count({ result: 'skipped', code: 0 });
        break;

      case 'post': {
        const slotKey = iso(action.slot.at);
        const sent = await sendMarked(c, message(), prepared);
        if (!sent) break;
        if (sent.result.ok) {
          const { messageId } = sent.result;
          const finished = action.slot.kind === 'release';
          count({ result: 'posted', code: 0 });
          updated = await record(id, (x) => ({
            ...x,
            sending: undefined,
            lastSlot: slotKey,
            lastResult: {
              at: iso(now),
              outcome: 'posted',
              slot: slotKey,
              slotKind: action.slot.kind,
              late: action.late,
              messageId,
            },
            nextSlot,
            ...(finished ? { status: 'finished' as const, endedAt: iso(now) } : {}),
          }));
          if (finished) logger.info(fields(c), 'countdown finished with its "out now" post');
        } else {
          const outcome = failed(
            c,
            sent.result.failure,
            now,
            { key: slotKey, at: action.slot.at, kind: action.slot.kind },
            sent.attempts,
          );
          updated = await record(id, outcome.change);
        }
        break;
      }

      case 'live-post':
        updated = await postLive(c, 'live:first', ctx, release, nextSlot, () =>
          sendMarked(c, message(), prepared),
        );
        break;

      case 'live-edit': {
        const messageId = c.liveMessageId ?? '';
        prepared();
        const result = await notifier.editMessage(c.channelId, messageId, message());
        const slotKey = iso(action.slot.at);
        const finished = action.slot.kind === 'release';
        if (result.ok) {
          editRetries.delete(id);
          count({ result: 'edited', code: 0 });
          updated = await record(id, (x) => ({
            ...x,
            lastSlot: slotKey,
            lastResult: {
              at: iso(now),
              outcome: 'edited',
              slot: slotKey,
              slotKind: action.slot.kind,
              messageId,
            },
            nextSlot,
            ...(finished ? { status: 'finished' as const, endedAt: iso(now) } : {}),
          }));
          if (finished) logger.info(fields(c), 'live countdown turned into "out now"; finished');
        } else if (result.failure.kind === 'unknown_message') {
          // Someone deleted the live message: post a new one and follow that from now on.
          editRetries.delete(id);
          logger.info(
            { ...fields(c), code: 10008, messageId },
            'live countdown message was deleted; posting a new one',
          );
          updated = await postLive(
            c,
            `live:${messageId}`,
            ctx,
            release,
            nextSlot,
            () => postOnce(c, `live:${messageId}`, message(), prepared),
            action.slot,
          );
        } else {
          const attempts = (editRetries.get(id)?.attempts ?? 0) + 1;
          const outcome = failed(
            c,
            result.failure,
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
      count({ result: reposted ? 'reposted' : 'posted', code: 0 });
      return record(c.id, (x) => ({
        ...x,
        sending: undefined,
        liveMessageId: messageId,
        lastSlot: iso(DateTime.max(slot?.at ?? now, handledUntil(x))),
        lastResult: {
          at: iso(now),
          outcome: reposted ? 'reposted' : 'posted',
          slotKind: finished ? 'release' : (slot?.kind ?? 'start'),
          messageId,
        },
        nextSlot,
        ...(finished ? { status: 'finished' as const, endedAt: iso(now) } : {}),
      }));
    }
    const outcome = failed(
      c,
      sent.result.failure,
      now,
      { key: slotKey, at: slot?.at, kind: finished ? 'release' : 'start' },
      sent.attempts,
    );
    if (outcome.retryAt)
      editRetries.set(c.id, { attempts: sent.attempts, retryAt: outcome.retryAt });
    return record(c.id, outcome.change);
  }

  /**
   * Keep each countdown's scheduled event on the release: when the release has moved away from the
   * instant the event was last set for, move the event (start at the release, end after the
   * runtime) and remember the new instant, so it is moved once per change, not once per tick.
   */
  async function followReleases(
    candidates: readonly Countdown[],
    releaseByFilm: ReadonlyMap<string, DateTime | undefined>,
    now: DateTime,
  ): Promise<void> {
    const stale = candidates.flatMap((c) => {
      const release = releaseByFilm.get(c.filmId);
      const film = films.get(c.filmId);
      // Discord refuses an event moved into the past; one already under way stays as it is.
      if (c.eventId === undefined || !release || !film || release <= now) return [];
      if (c.eventRelease !== undefined && parse(c.eventRelease).toMillis() === release.toMillis())
        return [];
      return [{ c, eventId: c.eventId, release, film }];
    });
    await inPool(
      stale,
      concurrency,
      async ({ c, eventId, release, film }) => {
        const start = iso(release);
        const result = await notifier.editScheduledEvent(c.guildId, eventId, {
          scheduledStartTime: start,
          scheduledEndTime: iso(release.plus({ minutes: film.runtimeMinutes })),
        });
        const sameEvent = (change: (x: Countdown) => Countdown) => (x: Countdown) =>
          x.eventId === eventId ? change(x) : x;
        let updated: Countdown | undefined;
        if (result.ok) {
          logger.info({ ...fields(c), eventId, release: start }, 'moved the release event');
          updated = await record(
            c.id,
            sameEvent((x) => ({ ...x, eventRelease: start })),
          );
        } else if (isUnknownEvent(result.failure)) {
          logger.warn(
            { ...fields(c), eventId, code: result.failure.code },
            'the release event was deleted in the server; no longer following it',
          );
          updated = await record(
            c.id,
            sameEvent((x) => ({ ...x, eventId: undefined, eventRelease: undefined })),
          );
        } else {
          const passing =
            result.failure.kind === 'rate_limited' || result.failure.kind === 'server_error';
          if (passing) {
            const retryAt = now.plus({ milliseconds: backoffMs(1) });
            if (eventRecheckAt === undefined || retryAt < eventRecheckAt) eventRecheckAt = retryAt;
          }
          logger.warn(
            { ...fields(c), eventId, code: result.failure.code, retry: passing },
            'could not move the release event',
          );
        }
        if (updated?.status === 'active' && cache.has(c.id)) cache.set(c.id, updated);
      },
      () => stopping,
    );
  }

  let busy = false;

  return {
    name: 'countdowns',

    stop() {
      stopping = true;
    },

    counts: () => Object.fromEntries(counters),

    async run(now) {
      // The ticker already prevents overlap; this guards direct callers (tests, the sandbox) too.
      if (busy || stopping) return;
      busy = true;
      try {
        const stamp = await store.changeStamp();
        let changed = false;
        if (stamp !== loadedStamp) {
          const records = await store.getMany(await store.activeIds());
          cache = new Map(
            records
              .filter((c) => c.status === 'active' && ownsGuild(c.guildId))
              .map((c) => [c.id, c]),
          );
          loadedStamp = stamp;
          changed = true;
        }

        const ctx = runContext(now);
        const filmIds = [...new Set([...cache.values()].map((c) => c.filmId))].sort();
        const releaseByFilm = new Map<string, DateTime | undefined>();
        for (const filmId of filmIds) releaseByFilm.set(filmId, await ctx.release(filmId));
        const key = filmIds.map((f) => `${f}=${releaseByFilm.get(f)?.toMillis() ?? '-'}`).join(',');
        const reloaded = changed;
        const releaseMoved = key !== releaseKey;
        if (releaseMoved) {
          releaseKey = key;
          changed = true;
        }
        const recheck = eventRecheckAt !== undefined && now >= eventRecheckAt;
        if (changed || recheck) {
          eventRecheckAt = undefined;
          // Records loaded just now are current; cached ones may predate the event being added.
          const candidates = reloaded
            ? [...cache.values()]
            : await store.getMany([...cache.keys()]);
          await followReleases(candidates, releaseByFilm, now);
        }
        if (!changed && wakeAt !== undefined && now < wakeAt) return;

        const actionOf = (c: Countdown): Action | undefined => {
          const release = releaseByFilm.get(c.filmId);
          if (!release) return undefined;
          try {
            return plan(c, ctx.view(c, release), retryAtOf(c));
          } catch (err) {
            // One unplannable countdown must not stall every other one.
            if (!unplannable.has(c.id))
              logger.error({ err, ...fields(c) }, 'cannot plan this countdown; skipping it');
            unplannable.add(c.id);
            return undefined;
          }
        };
        const due = [...cache.values()].filter((c) => {
          const action = actionOf(c);
          return action !== undefined && action.kind !== 'wait';
        });

        await inPool(
          due,
          concurrency,
          async (c) => {
            try {
              await handle(c.id, ctx);
            } catch (err) {
              // One broken countdown must not stop the others; the next tick tries it again.
              logger.error({ err, ...fields(c) }, 'countdown run failed for one countdown');
            }
          },
          () => stopping,
        );

        wakeAt = undefined;
        for (const c of cache.values()) {
          const action = actionOf(c);
          if (!action) continue;
          // Something still due (a failed handle, a backoff that ran out) is looked at again next tick.
          const at = action.kind === 'wait' ? action.until : now;
          if (at !== undefined && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
        }
        if (due.length > 0) {
          logger.debug(
            { due: due.length, active: cache.size, wakeAt: wakeAt?.toISO() },
            'countdown run',
          );
        }
      } finally {
        busy = false;
      }
    },
  };
}
