import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createReleaseService, SHOW_RELEASE_FRESH_MS } from '../../src/app/releases.ts';
import type { ReleaseRecord } from '../../src/domain/release.ts';
import type { ReleaseStore } from '../../src/store/release-store.ts';
import { ballerina } from '../support/reminder-fixtures.ts';

const record = (instant: string): ReleaseRecord => ({
  filmId: ballerina.id,
  instant,
  zone: 'Europe/London',
  version: 1,
  updatedAt: '2023-09-01T11:00:00.000Z',
});
const OCT_6 = '2023-10-06T08:00:00.000+01:00';
const OCT_13 = '2023-10-13T08:00:00.000+01:00';

/**
 * A store whose reads answer only when the test says so (as SQLite does behind thousands of
 * queued fan-out writes), and a monotonic clock the test moves.
 */
function slowStore(initial: ReleaseRecord) {
  let current = initial;
  const waiting: (() => void)[] = [];
  let reads = 0;
  const store: Pick<ReleaseStore, 'get' | 'set'> = {
    get: () => {
      reads++;
      return new Promise((resolve) => waiting.push(() => resolve(current)));
    },
    set: () => Promise.reject(new Error('not used')),
  };
  let nowMs = 0;
  const service = createReleaseService({ store, monotonicMs: () => nowMs });
  return {
    service,
    get reads() {
      return reads;
    },
    /** Another process moved the release (written straight to the store). */
    moveElsewhere: (instant: string) => (current = record(instant)),
    answerReads: () => waiting.splice(0).forEach((answer) => answer()),
    advance: (ms: number) => (nowMs += ms),
  };
}

const shown = (r: { release: DateTime }) => r.release.toISO();

describe('the release an overview (/film) shows', () => {
  it('GIVEN the release was read a moment ago WHEN the store is slow THEN /film shows it at once, with one read behind it, not one per call', async () => {
    const t = slowStore(record(OCT_6));
    const first = t.service.releaseToShow(ballerina.id);
    t.answerReads();
    expect(shown(await first)).toBe(OCT_6);

    t.advance(SHOW_RELEASE_FRESH_MS - 1);
    const answers = await Promise.all([1, 2, 3].map(() => t.service.releaseToShow(ballerina.id)));
    expect(answers.map(shown)).toEqual([OCT_6, OCT_6, OCT_6]);
    expect(answers.every((a) => a.stale === undefined)).toBe(true);
    expect(t.reads).toBe(2);
  });

  it('GIVEN another process moved the release WHEN the read behind a fresh answer comes back THEN the next /film shows the move', async () => {
    const t = slowStore(record(OCT_6));
    const first = t.service.releaseToShow(ballerina.id);
    t.answerReads();
    await first;
    t.moveElsewhere(OCT_13);
    t.advance(500);
    expect(shown(await t.service.releaseToShow(ballerina.id))).toBe(OCT_6);
    t.answerReads();
    await new Promise((resolve) => setImmediate(resolve));
    expect(shown(await t.service.releaseToShow(ballerina.id))).toBe(OCT_13);
  });

  it('GIVEN the last read is older than the fresh window THEN /film waits for the store again and shows what it answers', async () => {
    const t = slowStore(record(OCT_6));
    const first = t.service.releaseToShow(ballerina.id);
    t.answerReads();
    await first;
    t.moveElsewhere(OCT_13);
    t.advance(SHOW_RELEASE_FRESH_MS + 1);
    const later = t.service.releaseToShow(ballerina.id);
    t.answerReads();
    expect(shown(await later)).toBe(OCT_13);
  });
});
