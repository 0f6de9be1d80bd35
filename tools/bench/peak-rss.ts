import { benchFanOut } from './fanout.ts';
import { round } from './stats.ts';

/*
 * Peak resident memory while many reminders fall due at once: for each N, the bot as `npm start`
 * runs it (one process, SQLite) with N `release` DM reminders due at one instant (never started
 * early, so nothing is sent before it), delivered on the emulator at a high global limit L so that
 * 100,000 take one to two minutes on a 2-core machine. Its resident memory is read just before the
 * instant (idle: ready and settled), the kernel's peak (VmHWM) restarted there, and read again
 * once every reminder is out. The fan-out machinery is fanout.ts's, without countdown posts and
 * without `/film` probes, so only the reminders weigh on the bot.
 *
 * The scheduler reads a due slot's index a page at a time (one of the store's 64 pages, so about
 * 1,600 ids at 100,000 due) as the sends go, the records in reads of at most 250, at most 64 sends
 * in flight (src/scheduler/reminders/index.ts); discord.js drops each DM channel's idle REST
 * handler within a second (src/discord/client.ts).
 */

export interface PeakRssOptions {
  /** Reminder counts, one bot run each. */
  due: readonly number[];
  /** The emulator's global limit and the bot's REST_GLOBAL_LIMIT, requests/s. */
  limit: number;
  log?: (line: string) => void;
}

export interface PeakRssRow {
  due: number;
  limit: number;
  delivered: number;
  duplicates: number;
  /** Resident memory ready and settled, just before the instant (MiB). */
  idleMiB: number;
  /** Peak resident memory from idle until every reminder was out (MiB). */
  peakMiB: number;
  /** peak − idle (goal ≤ 100 MiB). */
  growthMiB: number;
  /** `idle` unless the kernel would not restart its peak counter (then the peak since start). */
  peakSince: 'idle' | 'start';
  dueToLastMs: number;
  achievedPerSecond: number;
}

export async function benchPeakRss(options: PeakRssOptions): Promise<PeakRssRow[]> {
  const rows: PeakRssRow[] = [];
  for (const due of options.due) {
    const r = await benchFanOut({
      backend: 'sqlite',
      reminders: due,
      countdowns: 0,
      // Never started early, so the idle reading just before the instant is truly idle.
      offset: 'release',
      limit: options.limit,
      shards: 1,
      // Covers the bot's start and a settled idle reading before the instant.
      leadMs: 12_000,
      probeInteractions: false,
      peakFromIdle: true,
      ...(options.log ? { log: options.log } : {}),
    });
    if (r.idle === undefined || r.botPeakRssMiB === undefined)
      throw new Error('peak RSS: the bot process memory could not be read (Linux /proc only)');
    rows.push({
      due,
      limit: options.limit,
      delivered: r.delivered.dm,
      duplicates: r.duplicates,
      idleMiB: r.idle.rssMiB,
      peakMiB: r.botPeakRssMiB,
      growthMiB: round(r.botPeakRssMiB - r.idle.rssMiB),
      peakSince: r.idle.peakSince,
      dueToLastMs: r.dueToLastMs,
      achievedPerSecond: r.achievedPerSecond,
    });
    options.log?.(
      `peak RSS: ${due} due: idle ${r.idle.rssMiB} MiB, peak ${r.botPeakRssMiB} MiB, last send ${r.dueToLastMs} ms after due`,
    );
  }
  return rows;
}

/** The markdown table for `rows` (without its explaining paragraph). */
export function peakRssTable(rows: readonly PeakRssRow[]): string {
  return [
    '| due at once | L | delivered | duplicates | idle RSS | peak RSS | peak − idle | due → last send | rate |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.due.toLocaleString('en-GB')} | ${r.limit} | ${r.delivered.toLocaleString('en-GB')} | ${r.duplicates} | ${r.idleMiB} MiB | ${r.peakMiB} MiB${r.peakSince === 'start' ? ' (since start)' : ''} | ${r.growthMiB} MiB | ${(r.dueToLastMs / 1000).toFixed(1)} s | ${Math.round(r.achievedPerSecond)}/s |`,
    ),
  ].join('\n');
}
