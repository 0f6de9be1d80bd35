import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { reminderIdOf, type Reminder, type ReminderOffset } from '../../src/domain/reminders.ts';
import {
  DEFAULT_RATE_LIMITS,
  startEmulator,
  type Emulator,
  type RequestLogEntry,
} from '@premiere/discord-emulator';
import { sendFrom } from '../../src/scheduler/reminders/spread.ts';
import { openKeyv } from '../../src/store/keyv.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { createUserStore } from '../../src/store/user-store.ts';
import { startBotProcess, type BotProcess } from '../harness/bot-process.ts';
import {
  batched,
  firstFilm,
  loadCatalogue,
  seedRelease,
  seedReminders,
  silent,
  expectInSlot,
} from './fixtures.ts';
import { round, sleep, until } from './stats.ts';
import { seedGuilds, seedUsers } from './world.ts';

/*
 * Two rows of the reminder fan-out, each measured in the same run as its reference:
 *
 * - `here` posts: M `here` reminders in one channel and M DM reminders (the reference: one
 *   request per person), all due at one instant. Requests per `here` reminder (goal ≤ 0.02 at
 *   130 per channel) against requests per DM reminder.
 * - Early start: N `day` DM reminders (start early, see src/scheduler/reminders/spread.ts) and,
 *   in a second bot run right after, N `release` DM reminders (the reference: never early, as
 *   fast as the limit allows). Due → last send for each (goal for `day`: ≤ +1 s).
 *
 * Real time, no faked clocks: the release is seeded so the moment falls a little after the bot
 * is ready, far enough for the early start to happen.
 */

const MESSAGE_ROUTE = 'POST /channels/:channel_id/messages';

async function emulatorAt(limit: number): Promise<Emulator> {
  return startEmulator({
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      globalPerSecond: limit,
      routes: {
        ...DEFAULT_RATE_LIMITS.routes,
        'PUT /applications/:application_id/commands': { limit: 100, windowMs: 1000 },
      },
    },
  });
}

/** The bot as `npm start` runs it, its REST ceiling at the emulator's limit. */
const startBot = (emulator: Emulator, storeDir: string, storeUrl: string, limit: number) =>
  startBotProcess({
    emulator,
    storeDir,
    storeUrl,
    env: { REST_GLOBAL_LIMIT: String(limit) },
    keepLogs: 'until-ready',
    readyTimeoutMs: 60_000,
  });

export interface HerePostsResult {
  limit: number;
  /** `here` reminders in the one channel. */
  hereReminders: number;
  herePosts: number;
  /** Message requests to that channel ÷ `here` reminders (goal ≤ 0.02 at 130). */
  requestsPerHereReminder: number;
  /** Users pinged exactly once among the `here` reminders' users. */
  pingedOnce: number;
  /** The reference, same run: DM reminders, one request each. */
  dmReminders: number;
  requestsPerDmReminder: number;
}

/** `members` `here` reminders in one channel and as many DM reminders, due together. */
export async function benchHerePosts(options: {
  members: number;
  limit: number;
  log?: (line: string) => void;
}): Promise<HerePostsResult> {
  const { members, limit } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-bench-here-'));
  const storeUrl = `sqlite://${path.join(dir, 'store.sqlite')}`;
  const emulator = await emulatorAt(limit);
  let bot: BotProcess | undefined;
  try {
    const film = firstFilm(await loadCatalogue());
    const [guild] = seedGuilds(emulator, 1);
    if (guild === undefined) throw new Error('no guild seeded');
    const people = seedUsers(emulator, members * 2);
    const here = people.slice(0, members);
    const dm = people.slice(members);
    const guildRecord = emulator.world.guilds.get(guild.guildId);
    for (const p of here)
      guildRecord?.members.set(p.userId, {
        userId: p.userId,
        roles: [],
        nick: null,
        joinedAt: '2023-01-01T00:00:00.000Z',
      });

    const keyv = openKeyv(storeUrl);
    const store = createReminderStore({ keyv, logger: silent });
    const users = createUserStore({ keyv, logger: silent });
    const createdAt = DateTime.utc().toISO();
    await batched(keyv, () =>
      Promise.all(dm.map((u) => users.setDmChannel(u.userId, u.dmChannelId))),
    );
    await seedReminders(
      store,
      keyv,
      film,
      dm.map((u) => ({ userId: u.userId, offset: 'hour' as const })),
      createdAt,
    );
    for (const p of here) {
      const key = {
        userId: p.userId,
        filmId: film.id,
        offset: 'hour' as const,
        where: 'here' as const,
        channelId: guild.channelId,
      };
      const reminder: Reminder = {
        id: reminderIdOf(key),
        ...key,
        guildId: guild.guildId,
        createdAt,
        delivery: { state: 'pending', attempts: 0 },
      };
      const added = await store.add(reminder, () => true);
      if (added.kind !== 'added') throw new Error(`seeding a here reminder: ${added.kind}`);
    }
    const due = DateTime.utc().plus({ seconds: 10 });
    await seedRelease(keyv, film, due.plus({ hours: 1 }));
    await keyv.disconnect();
    options.log?.(
      `here posts: ${members} here + ${members} DM reminders due in 10 s, L=${limit}/s`,
    );

    bot = await startBot(emulator, dir, storeUrl, limit);
    emulator.clearLogs();
    const dmChannels = new Set(dm.map((u) => u.dmChannelId));
    const delivered = () =>
      emulator.messages(guild.channelId).flatMap((m) => m.mentions).length +
      [...dmChannels].filter((c) => emulator.messages(c).length > 0).length;
    await until(
      () => delivered() >= members * 2,
      60_000 + (members * 2000) / limit,
      'deliveries',
      100,
    );
    await sleep(1500);
    const requests: RequestLogEntry[] = emulator.requests.filter((r) => r.route === MESSAGE_ROUTE);
    const toChannel = requests.filter((r) => r.path === `/channels/${guild.channelId}/messages`);
    const toDms = requests.filter((r) => dmChannels.has(r.path.split('/')[2] ?? ''));
    const pings = new Map<string, number>();
    for (const m of emulator.messages(guild.channelId))
      for (const u of m.mentions) pings.set(u.id, (pings.get(u.id) ?? 0) + 1);
    return {
      limit,
      hereReminders: members,
      herePosts: emulator.messages(guild.channelId).length,
      requestsPerHereReminder: round(toChannel.length / members),
      pingedOnce: here.filter((p) => pings.get(p.userId) === 1).length,
      dmReminders: members,
      requestsPerDmReminder: round(toDms.length / members),
    };
  } finally {
    await bot?.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface EarlyStartRow {
  offset: ReminderOffset;
  reminders: number;
  delivered: number;
  /** Messages beyond one per user: must be 0. */
  duplicates: number;
  /** From the moment to the first / last send, ms (negative: before the moment). */
  dueToFirstMs: number;
  dueToLastMs: number;
}

export interface EarlyStartResult {
  limit: number;
  /** `day` reminders (may start early; goal: last send ≤ +1 s). */
  day: EarlyStartRow;
  /** The reference, same run: `release` reminders (never early). */
  release: EarlyStartRow;
}

async function oneEarlyStartRun(
  offset: 'day' | 'release',
  reminders: number,
  limit: number,
  log?: (line: string) => void,
): Promise<EarlyStartRow> {
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-bench-early-'));
  const storeUrl = `sqlite://${path.join(dir, 'store.sqlite')}`;
  const emulator = await emulatorAt(limit);
  let bot: BotProcess | undefined;
  try {
    const film = firstFilm(await loadCatalogue());
    const people = seedUsers(emulator, reminders);
    const keyv = openKeyv(storeUrl);
    const users = createUserStore({ keyv, logger: silent });
    await batched(keyv, () =>
      Promise.all(people.map((u) => users.setDmChannel(u.userId, u.dmChannelId))),
    );
    const seeded = people.map((u) => ({ userId: u.userId, offset }));
    const store = createReminderStore({ keyv, logger: silent });
    await seedReminders(store, keyv, film, seeded, DateTime.utc().toISO());
    await expectInSlot(store, film, offset, reminders);
    // The moment falls after the bot's start plus the early start the scheduler will choose.
    const startMs = 10_000;
    const early = (ms: DateTime) =>
      ms.toMillis() - sendFrom(offset, ms, reminders, limit).toMillis();
    const due = DateTime.utc().plus({ milliseconds: startMs + early(DateTime.utc()) });
    await seedRelease(keyv, film, offset === 'day' ? due.plus({ days: 1 }) : due);
    await keyv.disconnect();
    log?.(
      `early start: ${reminders} ${offset} reminders due in ${due.diffNow().toMillis()} ms, L=${limit}/s`,
    );

    bot = await startBot(emulator, dir, storeUrl, limit);
    const dmChannels = new Set(people.map((u) => u.dmChannelId));
    const delivered = () => [...dmChannels].filter((c) => emulator.messages(c).length > 0).length;
    await until(
      () => delivered() >= reminders,
      due.diffNow().toMillis() + (reminders / limit) * 4000 + 30_000,
      `${reminders} ${offset} reminders`,
      100,
    );
    await sleep(1500);
    const sends = emulator.requests.filter(
      (r) =>
        r.route === MESSAGE_ROUTE && r.status === 200 && dmChannels.has(r.path.split('/')[2] ?? ''),
    );
    const times = sends.map((r) => r.at);
    let duplicates = 0;
    for (const c of dmChannels) duplicates += Math.max(0, emulator.messages(c).length - 1);
    return {
      offset,
      reminders,
      delivered: delivered(),
      duplicates,
      dueToFirstMs: Math.round(Math.min(...times) - due.toMillis()),
      dueToLastMs: Math.round(Math.max(...times) - due.toMillis()),
    };
  } finally {
    await bot?.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `reminders` `day` DM reminders, then the same number of `release` ones (reference). */
export async function benchEarlyStart(options: {
  reminders: number;
  limit: number;
  log?: (line: string) => void;
}): Promise<EarlyStartResult> {
  const day = await oneEarlyStartRun('day', options.reminders, options.limit, options.log);
  const release = await oneEarlyStartRun('release', options.reminders, options.limit, options.log);
  return { limit: options.limit, day, release };
}

export function herePostsTable(r: HerePostsResult): string {
  return [
    '| reminders in one channel | posts | requests per `here` reminder (goal ≤ 0.02) | pinged once | reference: requests per DM reminder | L |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${r.hereReminders} | ${r.herePosts} | ${r.requestsPerHereReminder} | ${r.pingedOnce} / ${r.hereReminders} | ${r.requestsPerDmReminder} | ${r.limit}/s |`,
  ].join('\n');
}

export function earlyStartTable(r: EarlyStartResult): string {
  const row = (x: EarlyStartRow, goal: string) =>
    `| \`${x.offset}\` | ${x.reminders} | ${x.delivered} | ${x.duplicates} | ${x.dueToFirstMs} | ${x.dueToLastMs} | ${goal} |`;
  return [
    `Early start at L = ${r.limit}/s (ms from the moment; negative is before it)`,
    '',
    '| offset | reminders | delivered | duplicates | due → first send | due → last send | goal |',
    '|---|---:|---:|---:|---:|---:|---|',
    row(r.day, 'last ≤ +1,000'),
    row(r.release, 'reference: never early'),
  ].join('\n');
}
