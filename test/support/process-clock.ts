/**
 * Setup file for scripts/test-host-zones.sh: moves the process clock to PREMIERE_TEST_CLOCK (an ISO
 * instant), from where it runs on at the real rate, so the time-sensitive suites also run with the
 * machine's clock in another season. Only `Date` moves (luxon's `DateTime.now()` and `Settings.now()`
 * read it); timers stay real. A plain subclass rather than @sinonjs/fake-timers, so the tests' own
 * `vi.useFakeTimers()` can still install over it.
 */
const target = process.env.PREMIERE_TEST_CLOCK;
if (target !== undefined && target !== '') {
  const RealDate = Date;
  const offsetMs = RealDate.parse(target) - RealDate.now();
  if (Number.isNaN(offsetMs)) throw new Error(`PREMIERE_TEST_CLOCK: not an instant: ${target}`);
  class ShiftedDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }
    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
