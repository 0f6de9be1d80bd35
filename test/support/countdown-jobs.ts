import { Writable } from 'node:stream';
import { Keyv } from 'keyv';
import type { DateTime, DurationLike } from 'luxon';
import { pino } from 'pino';
import { createTranslator } from '../../src/i18n/translator.ts';
import { createCountdownRenderer } from '../../src/discord/countdown-messages.ts';
import {
  createCountdownsJob,
  type CountdownsJobOptions,
} from '../../src/scheduler/countdowns/index.ts';
import { createReleaseEventsJob } from '../../src/scheduler/release-events/index.ts';
import { countdownId, type Countdown } from '../../src/domain/countdown-record.ts';
import { KeyvCountdownStore } from '../../src/store/countdown-store.ts';
import { RecordReader } from '../../src/store/keyv.ts';
import { createReleaseStore } from '../../src/store/release-store.ts';
import { FakeNotifier } from './fake-notifier.ts';
import { ballerina, london } from './reminder-fixtures.ts';

/**
 * The countdowns and release-events jobs over a real Keyv store and the fake Notifier, with a
 * debug logger whose lines the tests read: what one bot process runs for countdowns.
 */
export const GUILD = '500000000000000001';
export const CHANNEL = '600000000000000001';

export async function setup(options: Partial<CountdownsJobOptions> = {}) {
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const keyv = new Keyv();
  let clockNow = london('2023-09-01T12:00');
  const releases = createReleaseStore({
    keyv,
    logger,
    clock: { now: () => clockNow },
    films: [ballerina],
  });
  await releases.seed();
  const store = new KeyvCountdownStore(keyv, new RecordReader(logger));
  const notifier = new FakeNotifier();
  const jobOptions: CountdownsJobOptions = {
    store,
    releases,
    films: { get: (id) => (id === ballerina.id ? ballerina : undefined) },
    notifier,
    render: createCountdownRenderer(createTranslator()),
    logger,
    ...options,
  };
  /** A process runs both jobs over countdowns: the event follower first, as before a post. */
  const boot = () => ({
    countdowns: createCountdownsJob(jobOptions),
    events: createReleaseEventsJob(jobOptions),
  });
  let jobs = boot();
  return {
    logs,
    store,
    releases,
    notifier,
    /** The countdowns job of the current process. */
    get job() {
      return jobs.countdowns;
    },
    /** A new process over the same store: nothing kept in memory survives. */
    restart() {
      jobs = boot();
    },
    async run(at: DateTime) {
      clockNow = at;
      await jobs.events.run(at);
      await jobs.countdowns.run(at);
    },
    /** Tick every `step` from `from` up to and including `to`, as the ticker would (coarser, for speed). */
    async runEvery(from: DateTime, to: DateTime, step: DurationLike) {
      for (let at = from; at <= to; at = at.plus(step)) {
        clockNow = at;
        await jobs.events.run(at);
        await jobs.countdowns.run(at);
      }
    },
    async start(overrides: Partial<Countdown> = {}) {
      const channelId = overrides.channelId ?? CHANNEL;
      const guildId = overrides.guildId ?? GUILD;
      const countdown: Countdown = {
        id: countdownId(guildId, channelId, ballerina.id),
        guildId,
        channelId,
        filmId: ballerina.id,
        time: '09:00',
        zone: 'Europe/London',
        style: 'post',
        createdBy: '700000000000000001',
        createdAt: london('2023-10-01T12:00').toUTC().toISO() ?? '',
        status: 'active',
        ...overrides,
      };
      const result = await store.create(countdown);
      if (!result.ok) throw new Error(`could not start: ${result.reason}`);
      return countdown;
    },
  };
}
