import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { systemClock } from '../../src/domain/clock.ts';
import { startEmulator } from '@premiere/discord-emulator';
import { loadConfig } from '../../src/config.ts';
import { createServices } from '../../src/services.ts';
import { openKeyv } from '../../src/store/keyv.ts';
import {
  expectInSlot,
  firstFilm,
  loadCatalogue,
  seedRelease,
  seedReminders,
  silent,
  type SeedReminder,
} from './fixtures.ts';
import { unlimited } from './interactions.ts';
import { startBotSettled } from './start.ts';
import { round, summarise } from './stats.ts';
import { benchUserId, seedGuilds } from './world.ts';

/*
 * Store costs as the reminder count grows: adding one reminder (ReminderService.remind, the call
 * /remindme makes) with 1k / 10k / 100k already stored on one film and offset (the worst case:
 * every reminder in one due slot), on SQLite and Redis. Then, on the 100k SQLite file, the bot
 * as `npm start` runs it: time from spawn to ready, and its resident memory once ready, in an
 * emulator with 1,000 guilds. A run with an empty store and the emulator's two guilds is the baseline.
 */

export type Backend = 'sqlite' | 'redis';

export interface StoreBenchOptions {
  sizes: readonly number[];
  samples: number;
  guilds: number;
  /** Redis to use (a throwaway server), or undefined to skip Redis. */
  redisUrl: string | undefined;
  /** Settle time after ready before reading RSS (the scheduler's catch-up run happens then). */
  settleMs?: number;
  log?: (line: string) => void;
}

export interface AddReminderRow {
  backend: Backend;
  stored: number;
  n: number;
  p50Ms: number;
  p99Ms: number;
}

export interface StartRow {
  reminders: number;
  guilds: number;
  startToReadyMs: number;
  rssMiB: number | undefined;
}

export interface StoreBenchResult {
  addReminder: AddReminderRow[];
  start: StartRow[];
}

const FRESH_USERS_FROM = 5_000_000;

async function addReminderCurve(
  backend: Backend,
  url: string,
  options: StoreBenchOptions,
): Promise<{ rows: AddReminderRow[]; total: number }> {
  const log = options.log ?? (() => undefined);
  const catalogue = await loadCatalogue();
  const film = firstFilm(catalogue);
  const keyv = openKeyv(url);
  const rows: AddReminderRow[] = [];
  let total = 0;
  try {
    // Far enough ahead that every offset is still to come while the benchmark runs.
    await seedRelease(keyv, film, DateTime.now().plus({ days: 60 }));
    const services = await createServices({
      config: loadConfig({ DISCORD_TOKEN: 'bench' }),
      logger: silent,
      clock: systemClock,
      catalogue,
      keyv,
    });
    const store = services.stores.reminders;
    const service = services.reminders;
    const createdAt = DateTime.now().toUTC().toISO();
    let seeded = 0;
    let fresh = 0;
    const remind = async () => {
      const outcome = await service.remind({
        userId: benchUserId(FRESH_USERS_FROM + fresh++),
        film,
        offset: 'day',
        where: 'dm',
      });
      if (outcome.kind !== 'added') throw new Error(`remind() gave ${outcome.kind}`);
    };

    for (const size of options.sizes) {
      const batch: SeedReminder[] = [];
      for (; seeded < size; seeded++) batch.push({ userId: benchUserId(seeded), offset: 'day' });
      const t0 = performance.now();
      await seedReminders(store, keyv, film, batch, createdAt);
      await expectInSlot(store, film, 'day', seeded + fresh);
      log(
        `store: ${backend} holds ${seeded + fresh} reminders (seeded in ${Math.round(performance.now() - t0)} ms)`,
      );
      for (let i = 0; i < 20; i++) await remind();
      const latencies: number[] = [];
      for (let i = 0; i < options.samples; i++) {
        const started = performance.now();
        await remind();
        latencies.push(performance.now() - started);
      }
      const s = summarise(latencies);
      rows.push({ backend, stored: size, n: s.n, p50Ms: round(s.p50), p99Ms: round(s.p99) });
    }
    total = seeded + fresh;
  } finally {
    await keyv.disconnect();
  }
  return { rows, total };
}

async function startAndMeasure(
  storeDir: string,
  storeUrl: string,
  guilds: number,
  reminders: number,
  settleMs: number,
): Promise<StartRow> {
  const emulator = await startEmulator({ rateLimits: unlimited() });
  try {
    if (guilds > 2) seedGuilds(emulator, guilds - 2);
    const bot = await startBotSettled(emulator, storeDir, storeUrl, settleMs);
    return {
      reminders,
      // As the bot itself reported them on ready, so a guild that never arrived would show.
      guilds: typeof bot.readyLine?.guilds === 'number' ? bot.readyLine.guilds : -1,
      startToReadyMs: Math.round(bot.readyMs),
      rssMiB: bot.rssMiB,
    };
  } finally {
    await emulator.close();
  }
}

export async function benchStore(options: StoreBenchOptions): Promise<StoreBenchResult> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-bench-store-'));
  const settleMs = options.settleMs ?? 2000;
  try {
    const sqliteUrl = `sqlite://${path.join(dir, 'store.sqlite')}`;
    const sqlite = await addReminderCurve('sqlite', sqliteUrl, options);
    const addReminder = [...sqlite.rows];
    if (options.redisUrl !== undefined)
      addReminder.push(...(await addReminderCurve('redis', options.redisUrl, options)).rows);
    else log('store: no Redis, skipping its add-reminder curve');

    log('store: bot start with an empty store and 2 guilds (baseline)');
    const baseline = await startAndMeasure(
      dir,
      `sqlite://${path.join(dir, 'empty.sqlite')}`,
      2,
      0,
      settleMs,
    );
    log(`store: bot start with ${sqlite.total} reminders and ${options.guilds} guilds`);
    const loaded = await startAndMeasure(dir, sqliteUrl, options.guilds, sqlite.total, settleMs);
    return { addReminder, start: [baseline, loaded] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
