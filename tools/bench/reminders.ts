import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { DEFAULT_RATE_LIMITS, startEmulator } from '@premiere/discord-emulator';
import { openKeyv } from '../../src/store/keyv.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { createUserStore } from '../../src/store/user-store.ts';
import { startBotProcess } from '../harness/bot-process.ts';
import { count as wholeCount, parseCommandLine } from './cli.ts';
import {
  batched,
  expectInSlot,
  firstFilm,
  loadCatalogue,
  seedRelease,
  seedReminders,
  silent,
} from './fixtures.ts';
import { mib, round, sleep, until } from './stats.ts';
import { seedUsers } from './world.ts';

/*
 * `npm run bench:reminders [-- --limit 500 --reminders 10000]`: N `release` DM reminders due at one
 * instant (never started early: those due before the release are, see the bench's early-start part),
 * delivered by the real bot (`npm start`, its own process, SQLite store) to the emulator, whose
 * global limit is L requests/s; the bot's REST_GLOBAL_LIMIT is L as well. The users' DM channels
 * are known (opened when they asked, as /remindme does), so each reminder should cost one request.
 * Everything is measured from the emulator's request log and the bot's /proc status. Not a test.
 */

const USAGE = `npm run bench:reminders [-- options]
  --limit <L>           the emulator's global limit and the bot's REST_GLOBAL_LIMIT, requests/s (default 500)
  --reminders <n>       DM reminders due at one instant (default 10000)
  --lead <ms>           time from starting the bot to the due instant; must cover its start (default 8000)
  --help                this text`;

const {
  limit,
  reminders: count,
  leadMs,
} = parseCommandLine('npm run bench:reminders', USAGE, () => {
  const { values } = parseArgs({
    options: {
      limit: { type: 'string' },
      reminders: { type: 'string' },
      lead: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    help: values.help,
    limit: wholeCount(values.limit, 500, 'limit'),
    reminders: wholeCount(values.reminders, 10_000, 'reminders'),
    leadMs: wholeCount(values.lead, 8000, 'lead'),
  };
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const MESSAGES = 'POST /channels/:channel_id/messages';

/** Peak resident set size (VmHWM) of a live process, in bytes (Linux). */
async function peakRss(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

const emulator = await startEmulator({
  rateLimits: {
    ...DEFAULT_RATE_LIMITS,
    globalPerSecond: limit,
    routes: {
      ...DEFAULT_RATE_LIMITS.routes,
      'PUT /applications/:application_id/commands': { limit: 100, windowMs: 1000 },
    },
  },
});
const dir = mkdtempSync(path.join(tmpdir(), 'premiere-bench-reminders-'));
const storeUrl = `sqlite://${path.join(dir, 'store.sqlite')}`;
try {
  // ---- N users who asked to be reminded at the release (never started early), release at T ----
  const users = seedUsers(emulator, count);
  const film = firstFilm(await loadCatalogue());
  const keyv = openKeyv(storeUrl);
  const userStore = createUserStore({ keyv, logger: silent });
  await batched(keyv, () =>
    Promise.all(users.map((u) => userStore.setDmChannel(u.userId, u.dmChannelId))),
  );
  const seeded = users.map((u) => ({ userId: u.userId, offset: 'release' as const }));
  const reminderStore = createReminderStore({ keyv, logger: silent });
  await seedReminders(reminderStore, keyv, film, seeded, DateTime.utc().toISO());
  await expectInSlot(reminderStore, film, 'release', count);
  // A whole second, as release instants are: the tick runs at the start of every second.
  const due = DateTime.utc()
    .plus({ milliseconds: leadMs })
    .endOf('second')
    .plus({ milliseconds: 1 });
  await seedRelease(keyv, film, due);
  await keyv.disconnect();
  const expected = count;
  log(`${expected} reminders due at ${due.toISO()}, emulator global limit L=${limit}/s`);

  const deliveredTo = new Map<string, number>();
  const stopWatching = emulator.onMessage((m, change) => {
    if (change === 'create')
      deliveredTo.set(m.channel_id, (deliveredTo.get(m.channel_id) ?? 0) + 1);
  });
  const bot = await startBotProcess({
    emulator,
    storeDir: dir,
    storeUrl,
    env: { REST_GLOBAL_LIMIT: String(limit) },
    keepLogs: 'until-ready',
    readyTimeoutMs: 60_000,
  });
  const pid = bot.child.pid;
  if (pid === undefined) throw new Error('the bot has no pid');
  const spare = due.toMillis() - Date.now();
  if (spare < 500)
    throw new Error(`the bot was ready ${-spare} ms after the due instant: raise --lead`);
  emulator.clearLogs();
  await until(
    () => deliveredTo.size >= expected,
    spare + (expected / limit) * 4000 + 30_000,
    `${expected} DMs`,
    100,
  );
  await sleep(1500); // anything arriving now would be a duplicate
  const peak = await peakRss(pid);
  stopWatching();
  await bot.stop();

  const requests = emulator.requests.filter((r) => r.at >= due.toMillis() - 2000);
  const sends = requests.filter((r) => r.route === MESSAGES && r.status === 200).map((r) => r.at);
  const first = Math.min(...sends);
  const last = Math.max(...sends);
  // Whole seconds from the first send; a final partial second would flatter the rate.
  const whole = Math.floor((last - first) / 1000);
  const achieved =
    whole === 0 ? sends.length : sends.filter((t) => t < first + whole * 1000).length / whole;
  const duplicates = [...deliveredTo.values()].reduce((sum, n) => sum + n - 1, 0);

  const rows: [string, string][] = [
    ['reminders due at once', String(expected)],
    ['delivered (distinct users)', String(deliveredTo.size)],
    ['duplicates', String(duplicates)],
    ['global limit L', `${limit} req/s`],
    ['achieved sends/s', String(round(achieved))],
    ['achieved ÷ L', String(round(achieved / limit))],
    ['REST requests per reminder', String(round(requests.length / expected))],
    ['429 answers', String(requests.filter((r) => r.status === 429).length)],
    ['due → first send', `${Math.round(first - due.toMillis())} ms`],
    ['due → last send', `${Math.round(last - due.toMillis())} ms`],
    ['bot peak RSS (VmHWM)', peak === undefined ? 'n/a' : `${mib(peak)} MiB`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\nnpm run bench:reminders -- --limit ${limit} --reminders ${count}\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
