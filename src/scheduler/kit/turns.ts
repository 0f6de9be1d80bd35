import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A job's long synchronous loops (planning 10,000 countdowns, starting a fan-out's sends) call
 * the returned function between items. Once `sliceMs` (milliseconds, default 10) have passed
 * since the loop last let go, it waits for one turn of the event loop (`setImmediate`), so
 * interactions, gateway heartbeats and the answers of sends already under way are handled
 * in between instead of after the whole loop. Otherwise it resolves at once (a microtask, no turn).
 *
 * Hand-written: Node 20 has no `scheduler.yield` outside an experimental flag, and this is the
 * whole of it. Time-based rather than every N items, since an item's cost varies by job and host.
 */
export function eventLoopTurns(sliceMs = 10): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn();
    since = performance.now();
  };
}

/**
 * Read the records for `ids` in pages of `pageSize` (`read` gets one page of ids and returns its
 * records), with a turn of the event loop between pages once `eventLoopTurns`' slice has passed.
 * Validating 1,000 countdown records in one read held the loop for about 75 ms. Returns the
 * records in page order; rethrows the first failed read.
 */
export async function readInPages<T>(
  ids: readonly string[],
  read: (page: readonly string[]) => Promise<T[]>,
  pageSize = 100,
): Promise<T[]> {
  const records: T[] = [];
  const turn = eventLoopTurns();
  for (let i = 0; i < ids.length; i += pageSize) {
    records.push(...(await read(ids.slice(i, i + pageSize))));
    await turn();
  }
  return records;
}
