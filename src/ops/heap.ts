import { setFlagsFromString } from 'node:v8';

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
 * From now on, keep the heap within {@link HEAP_GROWING_PERCENT} of what is live. Called by the
 * production entry point (main.ts) once the bot is ready, not before and not on node's command
 * line: any V8 flag set before node has loaded its own modules changes V8's flag hash, and node
 * then compiles each of its built-in modules afresh instead of using their embedded code cache,
 * which made start → ready slower with `--max-old-space-size` on the command line (the flag this
 * replaces). Setting it by hand is the one way V8 offers without a command-line flag; the flag is read
 * at every collection, so it takes effect at the next one. Never throws (V8 prints a line on
 * stderr if a future version drops the flag, and the heap then grows as V8 decides).
 */
export function limitHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}
