/*
 * Test-only preload: `node --import ./tools/harness/fake-clock.mjs …` (the harness passes it in
 * NODE_OPTIONS, so the shard processes start:sharded forks get it too). It moves the process's
 * wall clock, `Date` and everything built on it (luxon's DateTime.now(), pino's timestamps), to an
 * offset from the real clock that a test controls; timers (setTimeout, setInterval) and
 * performance.now() stay real, so "due in a minute" means a minute of the faked clock, reached as
 * soon as the test moves the offset.
 *
 * The offset is read from the file named by PREMIERE_TEST_CLOCK_FILE: one number, milliseconds to
 * add to the real clock, written by bot-process.ts (a temporary file renamed over the old one, so a
 * reader never sees half a line). It is looked at on every read of the clock (a stat, and a read
 * only when the file was replaced), so a jump the test made before it sent the next interaction is
 * seen by that interaction.
 *
 * @sinonjs/fake-timers supplies the fake `Date` (construction without arguments, Date.now(),
 * instanceof and the rest of the Date API as the real one). Its `shouldAdvanceTime` is not used:
 * it moves the clock in fixed steps from a real setInterval, which falls behind real time whenever
 * the event loop is busy and keeps the process alive. Instead the fake clock's `now` reads the real
 * clock plus the offset, so the faked time flows at exactly the real rate.
 *
 * Plain JavaScript on purpose: NODE_OPTIONS preloads run before the command line's `--import tsx`.
 */
import { readFileSync, statSync } from 'node:fs';
import FakeTimers from '@sinonjs/fake-timers';

const file = process.env.PREMIERE_TEST_CLOCK_FILE;

if (file !== undefined && file !== '') {
  const realNow = Date.now;
  let seen = '';
  let offsetMs = 0;

  /** The offset in the file, re-read only when the file was replaced since the last look. */
  const offset = () => {
    const stat = statSync(file, { throwIfNoEntry: false });
    const stamp = stat === undefined ? '' : `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    if (stamp !== seen) {
      seen = stamp;
      const text = stat === undefined ? '0' : readFileSync(file, 'utf8').trim();
      const parsed = Number(text);
      if (!Number.isFinite(parsed))
        throw new Error(`${file}: not a clock offset in milliseconds: ${text}`);
      offsetMs = parsed;
    }
    return offsetMs;
  };

  const clock = FakeTimers.withGlobal(globalThis).install({
    toFake: ['Date'],
    now: realNow() + offset(),
  });
  Object.defineProperty(clock, 'now', {
    get: () => realNow() + offset(),
    // Nothing here ticks or sets the fake clock; its time is the real one plus the offset.
    set: () => {},
    configurable: true,
  });
}
