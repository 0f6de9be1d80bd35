import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { createReleaseStore } from '../../src/store/release-store.ts';
import { ballerina, london, memoryKeyv, silentLogger } from '../support/reminder-fixtures.ts';
import { previousReleaseDateTime, releaseDateTime } from '../../src/domain/release.ts';

const clock = new AdjustableClock();
clock.set(london('2023-09-01T12:00'));
const OWNER = '111111111111111111';

describe('ReleaseStore', () => {
  it('GIVEN a first start WHEN seeded THEN the release is the data file instant in its zone, version 1', async () => {
    const store = createReleaseStore({
      keyv: memoryKeyv(),
      logger: silentLogger,
      clock,
      films: [ballerina],
    });
    await store.seed([ballerina]);
    const record = await store.get(ballerina.id);
    expect(record.version).toBe(1);
    expect(releaseDateTime(record).toISO()).toBe('2023-10-06T08:00:00.000+01:00');
    expect(releaseDateTime(record).zoneName).toBe('Europe/London');
  });

  it('GIVEN an owner moved the release WHEN the bot restarts and seeds again THEN the moved instant is kept', async () => {
    const keyv = memoryKeyv();
    const first = createReleaseStore({ keyv, logger: silentLogger, clock, films: [ballerina] });
    await first.seed([ballerina]);
    const change = await first.set(ballerina.id, london('2023-10-13T08:00'), OWNER);
    expect(change.previous.version).toBe(1);
    expect(change.current).toMatchObject({ version: 2, updatedBy: OWNER, zone: 'Europe/London' });

    const restarted = createReleaseStore({ keyv, logger: silentLogger, clock, films: [ballerina] });
    await restarted.seed([ballerina]);
    const record = await restarted.get(ballerina.id);
    expect(releaseDateTime(record).toISO()).toBe('2023-10-13T08:00:00.000+01:00');
    expect(previousReleaseDateTime(record)?.toISO()).toBe('2023-10-06T08:00:00.000+01:00');
    expect(record.version).toBe(2);
  });

  it('GIVEN the film file edited after the first start WHEN the bot restarts THEN it warns once that the stored release wins and names /release set, and keeps the stored one', async () => {
    const keyv = memoryKeyv();
    await createReleaseStore({ keyv, logger: silentLogger, clock, films: [ballerina] }).seed();
    const edited = {
      ...ballerina,
      release: { ...ballerina.release, instant: '2023-10-13T08:00:00+01:00' },
    };
    const lines: { msg?: string; filmId?: string; file?: string; stored?: string }[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
    );
    const restarted = createReleaseStore({ keyv, logger, clock, films: [edited] });
    await restarted.seed();
    const warnings = lines.filter((l) => /differs from the stored one/.test(l.msg ?? ''));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      filmId: ballerina.id,
      file: '2023-10-13T08:00:00+01:00',
      stored: '2023-10-06T08:00:00.000+01:00',
    });
    expect(warnings[0]?.msg).toContain('/release set');
    expect((await restarted.get(ballerina.id)).instant).toBe('2023-10-06T08:00:00.000+01:00');
  });

  it('GIVEN the film file unchanged WHEN the bot restarts THEN nothing is said about the release', async () => {
    const keyv = memoryKeyv();
    await createReleaseStore({ keyv, logger: silentLogger, clock, films: [ballerina] }).seed();
    const lines: { msg?: string }[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
    );
    await createReleaseStore({ keyv, logger, clock, films: [ballerina] }).seed();
    expect(lines.filter((l) => /release/.test(l.msg ?? ''))).toEqual([]);
  });

  it('GIVEN a corrupt stored release THEN get falls back to the data file instead of throwing, and seeding leaves the evidence alone', async () => {
    const keyv = memoryKeyv();
    await keyv.set(`release:${ballerina.id}`, { instant: 'next friday' });
    const store = createReleaseStore({ keyv, logger: silentLogger, clock, films: [ballerina] });
    await store.seed([ballerina]);
    expect((await store.get(ballerina.id)).instant).toBe('2023-10-06T08:00:00.000+01:00');
    expect(await keyv.get(`release:${ballerina.id}`)).toEqual({ instant: 'next friday' });
  });

  it('GIVEN an unknown film id THEN get throws (a programming error, not user input)', async () => {
    const store = createReleaseStore({
      keyv: memoryKeyv(),
      logger: silentLogger,
      clock,
      films: [ballerina],
    });
    await expect(store.get('nope')).rejects.toThrow(/no release known/);
  });

  it('GIVEN two changes at once THEN versions do not collide', async () => {
    const store = createReleaseStore({
      keyv: memoryKeyv(),
      logger: silentLogger,
      clock,
      films: [ballerina],
    });
    await Promise.all([
      store.set(ballerina.id, london('2023-10-13T08:00'), OWNER),
      store.set(ballerina.id, london('2023-10-20T08:00'), OWNER),
    ]);
    expect((await store.get(ballerina.id)).version).toBe(3);
  });
});
