import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreUrl, openKeyv } from '../../src/store/keyv.ts';
import {
  countByKind,
  exportLines,
  parseExport,
  readRecords,
  StoreTransferError,
  writeRecords,
  type StoreRecord,
} from '../../src/store/transfer.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'premiere-transfer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.parse('2023-10-01T12:00:00Z');

const records: StoreRecord[] = [
  { key: 'release:ballerina-2023', value: { filmId: 'ballerina-2023', version: 2 } },
  { key: 'reminder:rabc', value: { id: 'rabc', delivery: { state: 'pending', attempts: 0 } } },
  { key: 'user:100000000000000001', value: { dmChannelId: '500000000000000001' } },
  { key: 'marker:slot', value: { value: 'done' }, expires: NOW + 60_000 },
];

describe('store transfer', () => {
  it('GIVEN records in a SQLite store WHEN read THEN every key comes back sorted with its value and expiry', async () => {
    const sqlite = openKeyv(`sqlite://${path.join(dir, 'read.sqlite')}`);
    await writeRecords(sqlite, records, { now: NOW });
    const read = await readRecords(sqlite);
    expect(read.map((r) => r.key)).toEqual(records.map((r) => r.key).sort());
    expect(read.find((r) => r.key === 'marker:slot')?.expires).toBeGreaterThan(NOW);
    expect(read.find((r) => r.key === 'user:100000000000000001')).toEqual(records[2]);
    await sqlite.disconnect();
  });

  it('GIVEN a target holding a record WHEN written without force THEN it is refused and left as it was; with force it holds exactly the new records', async () => {
    const target = openKeyv('memory://');
    await target.set('countdown:old', { id: 'old' });
    await expect(writeRecords(target, records, { now: NOW })).rejects.toThrow(
      new StoreTransferError(
        'the target store is not empty (countdown 1); add --force to replace everything in it',
      ),
    );
    expect(await target.get('countdown:old')).toEqual({ id: 'old' });
    const counts = await writeRecords(target, records, { force: true, now: NOW });
    expect(counts).toEqual({ marker: 1, release: 1, reminder: 1, user: 1 });
    expect(await target.get('countdown:old')).toBeUndefined();
  });

  it('GIVEN a record already expired WHEN written THEN it is skipped', async () => {
    const target = openKeyv('memory://');
    const counts = await writeRecords(
      target,
      [...records, { key: 'marker:gone', value: { value: 'x' }, expires: NOW - 1 }],
      { now: NOW },
    );
    expect(countByKind(await readRecords(target))).toEqual(counts);
    expect(counts.marker).toBe(1);
  });

  it('GIVEN an export THEN its first line names the format, version and source (no password), then one record a line', () => {
    const lines = exportLines(records, 'redis://:secret@db.internal:6379', new Date(NOW));
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      format: 'premiere-store',
      version: 1,
      source: 'redis://:***@db.internal:6379',
      exportedAt: '2023-10-01T12:00:00.000Z',
      records: 4,
    });
    expect(lines.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual(records);
    expect(parseExport(lines.join('\n')).records).toEqual(records);
    expect(describeStoreUrl('sqlite:///srv/premiere.sqlite')).toBe('sqlite:///srv/premiere.sqlite');
  });

  it.each([
    ['another format', '{"format":"other","version":1}', /not an export of npm run store/],
    [
      'a newer version',
      '{"format":"premiere-store","version":2,"records":0}',
      /format version 2; this version of Premiere reads version 1/,
    ],
    [
      'a cut-off file',
      '{"format":"premiere-store","version":1,"records":2}\n{"key":"a:1","value":1}',
      /header says 2 records but the file has 1: it may be cut off/,
    ],
    [
      'a line that is not a record',
      '{"format":"premiere-store","version":1,"records":1}\n{"value":1}',
      /line 2 is not a record/,
    ],
  ])('GIVEN %s WHEN imported THEN it is refused in plain words', (_, text, message) => {
    expect(() => parseExport(text)).toThrow(message);
  });
});
