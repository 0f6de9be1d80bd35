/*
 * A child process for test/ops/heap.test.ts: keeps about 20 MiB live, as the bot does while a
 * fan-out runs, and makes garbage alongside it; then prints its peak resident memory (VmHWM, MiB)
 * as one line. With `limit` as its argument it calls limitHeapGrowth() first, as main.ts does once
 * the bot is ready.
 *
 *   node --max-old-space-size=4096 --import tsx test/support/heap-churn.ts [limit]
 */
import { readFileSync } from 'node:fs';
import { limitHeapGrowth } from '../../src/ops/heap.ts';

if (process.argv[2] === 'limit') limitHeapGrowth();
const live = Array.from({ length: 150_000 }, (_, i) => ({
  id: `r${i}`,
  text: `${'x'.repeat(40)}${i}`,
}));
const recent: object[][] = [];
for (let round = 0; round < 150; round++) {
  recent.push(
    Array.from({ length: 20_000 }, (_, i) => ({ text: `${'y'.repeat(50)}${i}`, at: [i] })),
  );
  if (recent.length > 8) recent.shift();
  // Let V8 run its timers between batches, as the bot's event loop does between sends.
  if (round % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
process.stdout.write(
  `${live.length > 0 && hwm !== undefined ? Math.round(Number(hwm) / 1024) : -1}\n`,
);
