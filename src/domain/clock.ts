import { DateTime } from 'luxon';

/** Where "now" comes from. The domain never reads the system clock itself; it is handed a Clock or an instant. */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = { now: () => DateTime.utc() };

/** A clock that can be set and moved, for tests and the sandbox's `:time` command. */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): DateTime {
    return this.base.now().plus({ milliseconds: this.offsetMs });
  }
  /** Make "now" equal `instant` from this moment on; time keeps flowing. */
  set(instant: DateTime): void {
    this.offsetMs = instant.toMillis() - this.base.now().toMillis();
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
