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
 * How many turns a late pacer may catch up at once: what the window has to spare beyond the pace
 * and its two requests of room (8 at 500/s, none at Discord's 50/s).
 */
export const catchUpTurns = (limit: number): number =>
  Math.max(0, Math.floor(limit - pacedPerSecond(limit)) - 2);

/**
 * Lets requests go one every `intervalMs` (ms), one after another in the order they asked, so a
 * whole second's worth never leaves at once. Hand-written because discord.js's REST counts its
 * global window from its own first request and sends a window's requests together: when Discord's
 * window began a little later (the first request's way there), the next window's burst lands in it
 * and is answered 429; and a whole window's answers then arrive together, holding the event loop
 * (and the interactions waiting on it) for tens of ms. A turn that wakes late (a busy event loop)
 * lets at most `catchUpTurns` more go at once to keep the pace, never a stall's whole backlog.
 */
export class EvenPacer {
  private previous: Promise<void> = Promise.resolve();
  private nextAt = Number.NEGATIVE_INFINITY;
  private waiting = 0;

  constructor(
    readonly intervalMs: number,
    readonly catchUpTurns: number,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number) => Promise<unknown> = (ms) => sleep(ms),
  ) {}

  /** The pacer for a global limit of `limit` requests/s: `pacedPerSecond`, `catchUpTurns`. */
  static forLimit(limit: number): EvenPacer {
    return new EvenPacer(1000 / pacedPerSecond(limit), catchUpTurns(limit));
  }

  /**
   * Resolves at this request's turn (after every earlier turn). A request whose `signal` was
   * aborted by the time the turns before it have gone takes no turn: the next one has it.
   */
  turn(signal?: AbortSignal): Promise<void> {
    this.waiting++;
    const mine = this.previous.then(async () => {
      try {
        if (signal?.aborted === true) return;
        const now = this.now();
        const at = Math.max(this.nextAt, now - this.catchUpTurns * this.intervalMs);
        if (at > now) await this.wait(at - now);
        this.nextAt = at + this.intervalMs;
      } finally {
        this.waiting--;
      }
    });
    this.previous = mine;
    return mine;
  }

  /** About how long (ms) a turn asked for now would wait: one interval per turn ahead of it. */
  waitMs(): number {
    return this.waiting * this.intervalMs;
  }
}
