/**
 * Messages a fan-out job (reminders, release notices) has in flight at once by default. At 490
 * requests/s that leaves each message 130 ms for its store write, its turn and Discord's answer,
 * more than it takes; 256 sent no faster and made the store's and Discord's answers arrive in
 * bunches: in the bench's 10,000 + 1,000 fan-out on SQLite the longest event-loop delay went from
 * 62–68 ms with 256 to 25–30 ms with 64, and `/film` p99 from 37–43 ms to 17–23 ms.
 */
export const SENDS_IN_FLIGHT = 64;

/**
 * At most `size` tasks at once; a freed place passes straight to the longest waiter.
 *
 * Hand-written rather than p-limit: the jobs need backpressure on submission (`submit` resolves
 * only once the task has a place, so a fan-out reads the store no faster than Discord takes
 * messages, instead of queueing 10,000 closures) and a place that can be given back before the
 * task ends (`acquire`: a countdown frees its store place the moment it starts talking to Discord).
 */
export class BoundedPool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(readonly size: number) {}

  /** Wait for a place; call the returned function (idempotent) to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active < this.size) this.active++;
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

  /** Run `work` in a place and return its result. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Start `task` once it has a place (resolves then, not when it ends); `drain` waits for it. */
  async submit(task: () => Promise<void>): Promise<void> {
    const release = await this.acquire();
    const run = Promise.resolve()
      .then(task)
      .finally(() => {
        release();
        this.running.delete(run);
      });
    this.running.add(run);
  }

  /** Wait until every submitted task has ended. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Run `work` for each item, `size` at a time, starting no new item once `stopped()` says so. */
  async forEach<T>(
    items: Iterable<T>,
    work: (item: T) => Promise<void>,
    stopped: () => boolean = () => false,
  ): Promise<void> {
    for (const item of items) {
      if (stopped()) break;
      await this.submit(() => work(item));
    }
    await this.drain();
  }
}
