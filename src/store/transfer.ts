import { isDeepStrictEqual } from 'node:util';
import type { Keyv } from 'keyv';
import { describeStoreUrl } from './keyv.ts';

/**
 * Moving the bot's data between stores (SQLite, Redis, memory) and files, at the Keyv level: every
 * key of the `premiere` namespace with its value as Keyv decodes it and its expiry if it has one.
 * Nothing of the stores' layout is restated here: a key is copied as the stores wrote it, so a
 * new kind of record is carried along without a change to this file.
 */

/** What an export file's first line names; a reader refuses any other format or a newer version. */
export const EXPORT_FORMAT = 'premiere-store';
export const EXPORT_VERSION = 1;

/** The first line of an export: JSON, like every line after it. */
export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** The store it was read from (STORE_URL without any password). */
  source: string;
  /** ISO 8601 UTC. */
  exportedAt: string;
  /** How many record lines follow: an import of a cut-off file is refused. */
  records: number;
}

/** One stored key. `expires` is Keyv's expiry (ms since the epoch, UTC) when the key has one. */
export interface StoreRecord {
  key: string;
  value: unknown;
  expires?: number;
}

/** A plain-words failure of npm run store (bad file, non-empty target): printed without a stack. */
export class StoreTransferError extends Error {
  override name = 'StoreTransferError';
}

const iterate = (keyv: Keyv): AsyncGenerator<[unknown, unknown], void> => {
  const iterator = keyv.iterator;
  if (iterator === undefined)
    throw new StoreTransferError('this store cannot list its keys (Keyv has no iterator for it)');
  // Keyv passes its own namespace to the store; the argument is unused.
  return iterator(undefined) as AsyncGenerator<[unknown, unknown], void>;
};

const BATCH = 500;

/**
 * Every record of the store, sorted by key (so two exports of the same data are identical).
 * Reads keys first, then values with their expiry in batches. Run it while the bot is stopped:
 * it is not a snapshot.
 */
export async function readRecords(keyv: Keyv): Promise<StoreRecord[]> {
  const keys: string[] = [];
  for await (const [key] of iterate(keyv)) if (typeof key === 'string') keys.push(key);
  keys.sort();
  const records: StoreRecord[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    const raw = await keyv.getManyRaw<unknown>(batch);
    batch.forEach((key, j) => {
      const data = raw[j];
      // Gone or expired between the listing and the read.
      if (data === undefined) return;
      records.push(
        typeof data.expires === 'number'
          ? { key, value: data.value, expires: data.expires }
          : { key, value: data.value },
      );
    });
  }
  return records;
}

/** How many records of each kind (a key's prefix before its first `:`, e.g. `reminder`). */
export function countByKind(records: readonly Pick<StoreRecord, 'key'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { key } of records) {
    const kind = key.split(':')[0] ?? key;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** `reminder 3, user 2`: counts for people to read. */
export const describeCounts = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ') || 'nothing';

export interface WriteOptions {
  /** Replace whatever the target holds. Without it, a target holding any record is refused. */
  force?: boolean;
  /** For expiries; default Date.now(). */
  now?: number;
}

/**
 * Write records into a store and check the result: the target then holds exactly these records
 * (same keys, equal values), or this throws. A target that is not empty is refused unless `force`,
 * which clears it first. Records already expired are skipped. Returns the counts by kind.
 */
export async function writeRecords(
  target: Keyv,
  records: readonly StoreRecord[],
  { force = false, now = Date.now() }: WriteOptions = {},
): Promise<Record<string, number>> {
  const existing = await readRecords(target);
  if (existing.length > 0) {
    if (!force)
      throw new StoreTransferError(
        `the target store is not empty (${describeCounts(countByKind(existing))}); add --force to replace everything in it`,
      );
    await target.clear();
  }
  const live = records.filter((r) => r.expires === undefined || r.expires > now);
  for (let i = 0; i < live.length; i += BATCH) {
    await Promise.all(
      live
        .slice(i, i + BATCH)
        .map((r) =>
          target.set(r.key, r.value, r.expires === undefined ? undefined : r.expires - now),
        ),
    );
  }
  // Read everything back: the counts by kind and every value must match what was written.
  const written = await readRecords(target);
  const expected = countByKind(live);
  const actual = countByKind(written);
  if (!isDeepStrictEqual(actual, expected))
    throw new StoreTransferError(
      `the target holds ${describeCounts(actual)} after the copy, not ${describeCounts(expected)}`,
    );
  const byKey = new Map(written.map((r) => [r.key, r.value]));
  const differing = live.find((r) => !isDeepStrictEqual(byKey.get(r.key), r.value));
  if (differing !== undefined)
    throw new StoreTransferError(`the target's value of ${differing.key} differs after the copy`);
  return actual;
}

/** An export: the header line, then one JSON line per record. */
export function exportLines(records: readonly StoreRecord[], source: string, now: Date): string[] {
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    source: describeStoreUrl(source),
    exportedAt: now.toISOString(),
    records: records.length,
  };
  return [JSON.stringify(header), ...records.map((r) => JSON.stringify(r))];
}

const isRecord = (v: unknown): v is StoreRecord =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { key?: unknown }).key === 'string' &&
  'value' in v &&
  ((v as { expires?: unknown }).expires === undefined ||
    typeof (v as { expires?: unknown }).expires === 'number');

/**
 * Parse an export (see exportLines). Throws StoreTransferError, naming the line, for another
 * format, a newer version, a line that is not a record, or fewer or more records than the header says.
 */
export function parseExport(text: string): { header: ExportHeader; records: StoreRecord[] } {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parse = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new StoreTransferError(`line ${n} is not JSON`);
    }
  };
  const header = parse(lines[0] ?? '{}', 1) as Partial<ExportHeader>;
  if (header.format !== EXPORT_FORMAT)
    throw new StoreTransferError(
      `this is not an export of npm run store (its first line must name the format "${EXPORT_FORMAT}")`,
    );
  if (header.version !== EXPORT_VERSION)
    throw new StoreTransferError(
      `this export is format version ${String(header.version)}; this version of Premiere reads version ${EXPORT_VERSION}`,
    );
  const records = lines.slice(1).map((line, i) => {
    const record = parse(line, i + 2);
    if (!isRecord(record))
      throw new StoreTransferError(`line ${i + 2} is not a record ({"key", "value"[, "expires"]})`);
    return record;
  });
  if (records.length !== header.records)
    throw new StoreTransferError(
      `the header says ${String(header.records)} records but the file has ${records.length}: it may be cut off`,
    );
  return { header: header as ExportHeader, records };
}
