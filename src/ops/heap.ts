import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/**
 * How far V8 may let the heap grow past what its last full collection left live before it collects
 * again, in percent (V8's `--heap-growing-percent`: the limit becomes live × (1 + percent / 100)).
 * V8's own factor rises to 4 × with a large heap limit (node's default grows with the machine's
 * memory: 4 GiB on a 24 GiB machine), so while reminders are sent the heap, whose live part is tens
 * of MiB, grows to several times that (test/ops/heap.test.ts shows the difference; the bot's peak
 * during a fan-out: `npm run bench -- --only peak-rss`).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Below this heap limit (bytes) V8's own growing factor is already small, and V8 lowers it further
 * when memory runs short, which a fixed percent would override: the limit is then left to V8. V8
 * gives its largest factor (4 ×) from a 2 GiB limit up.
 */
export const LARGE_HEAP_LIMIT_BYTES = 2 * 1024 ** 3;

/**
 * From now on, keep the heap within {@link HEAP_GROWING_PERCENT} of what is live, when the heap's
 * limit is at least {@link LARGE_HEAP_LIMIT_BYTES}. Returns whether it did (not under a smaller
 * limit: a small machine, a container, or `--max-old-space-size` given by the operator) and the
 * heap's limit it went by (bytes).
 *
 * Called by the production entry point (main.ts) once the bot is ready, not before and not on
 * node's command line: any V8 flag set changes V8's flag hash, and node then compiles each of its
 * built-in modules loaded afterwards afresh instead of using their embedded code cache. On the
 * command line that is all of them (start → ready was slower with `--max-old-space-size=1024`,
 * the flag this replaces); once ready, only a module first loaded later, and the bot loads none.
 * Setting it by hand is the one way V8 offers without a command-line flag; the flag is read at
 * every collection, so it takes effect at the next one. Never throws (V8 prints a line on stderr
 * if a future version drops the flag, and the heap then grows as V8 decides).
 */
export function limitHeapGrowth(percent: number = HEAP_GROWING_PERCENT): {
  limited: boolean;
  heapLimitBytes: number;
} {
  const heapLimitBytes = getHeapStatistics().heap_size_limit;
  if (heapLimitBytes < LARGE_HEAP_LIMIT_BYTES) return { limited: false, heapLimitBytes };
  setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
  return { limited: true, heapLimitBytes };
}
