import type { Logger } from 'pino';

/** The scheduler's jobs, by the name the ticker, the log and the metrics know them by. */
export type JobName = 'reminders' | 'release-notices' | 'countdowns' | 'release-events';

/**
 * What happened to one delivery, as every job reports it: one event per message (or event move)
 * that reached a decision. main.ts forwards each to the metrics; the job's summary line counts them.
 */
export interface OutcomeEvent<Outcome extends string = string> {
  job: JobName;
  /** The job's word for what happened: "sent", "retry", "fallback_dm", "paused", … */
  outcome: Outcome;
  /** Discord's JSON error code or HTTP status; 0 for success. */
  code: number;
  /** From the due instant to Discord accepting the message (ms), for messages sent. */
  lagMs?: number;
}

export type OutcomeListener = (event: OutcomeEvent) => void;

/**
 * One job's outcome counts: since start (`counts()`, by `outcome:code`, for tests and the
 * sandbox) and per run (`summarize`, the job's one info line per run that had work).
 */
export class OutcomeTally<Outcome extends string> {
  private readonly total = new Map<string, number>();
  private run = new Map<Outcome, number>();

  constructor(
    private readonly job: JobName,
    private readonly listener?: OutcomeListener,
  ) {}

  /** Count one outcome and pass it to the listener. */
  record(outcome: Outcome, code: number, lagMs?: number): void {
    const key = `${outcome}:${code}`;
    this.total.set(key, (this.total.get(key) ?? 0) + 1);
    this.run.set(outcome, (this.run.get(outcome) ?? 0) + 1);
    this.listener?.({ job: this.job, outcome, code, ...(lagMs === undefined ? {} : { lagMs }) });
  }

  /** Counts since start, by `outcome:code` (e.g. `{ 'sent:0': 3, 'retry:503': 1 }`). */
  counts(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.total);
  }

  /** Counts since start, by outcome alone. */
  byOutcome(): Partial<Record<Outcome, number>> {
    const out: Partial<Record<Outcome, number>> = {};
    for (const [key, n] of this.total) {
      const outcome = key.slice(0, key.lastIndexOf(':')) as Outcome;
      out[outcome] = (out[outcome] ?? 0) + n;
    }
    return out;
  }

  /**
   * Log the run's one summary line (`<job> run finished`, info) if it handled anything, with the
   * outcomes counted since the previous summary and `fields`; then start counting the next run.
   */
  summarize(logger: Logger, handled: number, startedAt: number, fields: object = {}): void {
    const outcomes = Object.fromEntries(this.run);
    this.run = new Map();
    if (handled === 0) return;
    logger.info(
      {
        job: this.job,
        handled,
        outcomes,
        ms: Math.round(performance.now() - startedAt),
        ...fields,
      },
      `${this.job} run finished`,
    );
  }
}
