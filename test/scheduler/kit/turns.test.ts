import { describe, expect, it } from 'vitest';
import { eventLoopTurns } from '../../../src/scheduler/kit/index.ts';

/** Synchronous work for about `ms` milliseconds (what planning one batch of countdowns is). */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('eventLoopTurns: long job loops let interactions in', () => {
  it('GIVEN a loop of synchronous items that takes a turn between them WHEN a timer is due THEN it fires while the loop is still running', async () => {
    const timer = { fired: false };
    setTimeout(() => (timer.fired = true), 0);
    const turn = eventLoopTurns(5);
    let items = 0;
    // Without turns the timer could only fire after all 2,000 items (2 s); with them, within a few.
    while (!timer.fired && items < 2000) {
      busy(1);
      items++;
      await turn();
    }
    expect(timer.fired).toBe(true);
    expect(items).toBeLessThan(2000);
  });
});
