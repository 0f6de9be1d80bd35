import { setTimeout as sleep } from 'node:timers/promises';

/*
 * Even pacing under Discord's global limit, for every process that sends at volume: the shared
 * REST proxy (all bot processes' requests) and each bot's scheduler (its reminders, countdown
 * posts and their DM channels, through the notifier).
 */

/**
 * The pace (requests/s) for a global limit of `limit`: 98 % of it, and at least two below it, so
 * any one-second window holds at most `limit` − 1 paced requests (room for jitter on the way and
 * for a request outside the pace, such as the proxy's own check at start).
 */
export const pacedPerSecond = (limit: number): number =>
  Math.max(1, Math.min(limit * 0.98, limit - 2));

/**
 * How many turns a late pacer may catch up at once: a tenth of a second's worth (49 at 500/s, 4 at
 * Discord's 50/s), so a stall of the event loop costs no throughput; the window (see
 * `windowTurns`) still bounds what a catch-up may send.
 */
export const catchUpTurns = (limit: number): number =>
  Math.max(1, Math.floor(pacedPerSecond(limit) / 10));

/** The most turns any 1,000 ms may hold: the pace's whole turns (490 at 500/s, 48 at 50/s). */
export const windowTurns = (limit: number): number => Math.floor(pacedPerSecond(limit));

/**
 * Lets requests go one every `intervalMs` (ms), one after another in the order they asked, so a
 * whole second's worth never leaves at once. Hand-written because discord.js's REST counts its
 * global window from its own first request and sends a window's requests together: when Discord's
 * window began a little later (the first request's way there), the next window's burst lands in it
 * and is answered 429; and a whole window's answers then arrive together, holding the event loop
 * (and the interactions waiting on it) for tens of ms. A turn that wakes late (a busy event loop)
 * lets at most `catchUpTurns` more go at once to keep the pace, never a stall's whole backlog, and
 * never more than `windowTurns` in any 1,000 ms, however Discord's one-second window falls.
 */
export class EvenPacer {
  private previous: Promise<void> = Promise.resolve();
  private nextAt = Number.NEGATIVE_INFINITY;
  private waiting = 0;
  /** When the last `windowTurns` turns went (ms, `now`'s clock), oldest first. */
  private readonly went: number[] = [];

  constructor(
    readonly intervalMs: number,
    readonly catchUpTurns: number,
    readonly windowTurns: number = Number.POSITIVE_INFINITY,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number) => Promise<unknown> = (ms) => sleep(ms),
  ) {}

  /**
   * The pacer for a global limit of `limit` requests/s: `pacedPerSecond`, `catchUpTurns` and
   * `windowTurns`.
   */
  static forLimit(limit: number): EvenPacer {
    return new EvenPacer(1000 / pacedPerSecond(limit), catchUpTurns(limit), windowTurns(limit));
  }

  /**
   * Resolves at this request's turn (after every earlier turn). A request whose `signal` is
   * aborted before its turn comes (also while it sleeps until then) takes no turn: the next one
   * has it. Rejects only if the injected `wait` does.
   */
  turn(signal?: AbortSignal): Promise<void> {
    this.waiting++;
    const gaveUp = () => signal?.aborted === true;
    const mine = this.previous.then(async () => {
      try {
        if (gaveUp()) return;
        const now = this.now();
        const windowFull = this.went.length >= this.windowTurns;
        const at = Math.max(
          this.nextAt,
          now - this.catchUpTurns * this.intervalMs,
          windowFull ? (this.went[0] ?? 0) + 1000 : Number.NEGATIVE_INFINITY,
        );
        if (at > now) await this.wait(at - now);
        // Given up while waiting for its turn: the turn is not spent, the next request has it.
        if (gaveUp()) return;
        this.nextAt = at + this.intervalMs;
        if (Number.isFinite(this.windowTurns)) {
          this.went.push(Math.max(at, this.now()));
          if (this.went.length > this.windowTurns) this.went.shift();
        }
      } finally {
        this.waiting--;
      }
    });
    // A wait that failed fails this turn only, never every later one.
    this.previous = mine.catch(() => undefined);
    return mine;
  }

  /** About how long (ms) a turn asked for now would wait: one interval per turn ahead of it. */
  waitMs(): number {
    return this.waiting * this.intervalMs;
  }
}
