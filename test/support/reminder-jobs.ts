import type { Keyv } from 'keyv';
import type { DateTime } from 'luxon';
import { expect } from 'vitest';
import { discordMarkup } from '../../src/discord/format.ts';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { dueInstant, type ReminderKey, type ReminderOffset } from '../../src/domain/reminders.ts';
import type { OutcomeEvent } from '../../src/scheduler/kit/index.ts';
import { createReleaseNoticesJob } from '../../src/scheduler/release-notices/index.ts';
import {
  createRemindersJob,
  type RemindersJobOptions,
} from '../../src/scheduler/reminders/index.ts';
import type { CheckedStore } from '../../src/store/checked-store.ts';
import { createReleaseStore } from '../../src/store/release-store.ts';
import { createReminderStore } from '../../src/store/reminder-store.ts';
import { FakeNotifier } from './fake-notifier.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import type { Locale } from '../../src/domain/i18n/index.ts';
import { ballerina, london, memoryKeyv, newReminder, silentLogger } from './reminder-fixtures.ts';

/**
 * The reminders and release-notices jobs over a real Keyv store, a release store and the fake
 * Notifier: what one bot process runs for reminders. Fixed instants, London time.
 */
export const release = london('2023-10-06T08:00');
export const OWNER = '111111111111111111';
export const unix = (dt: DateTime) => Math.floor(dt.toSeconds());

export function setup(
  options: Partial<RemindersJobOptions> = {},
  { keyv = memoryKeyv() }: { keyv?: Keyv | CheckedStore } = {},
) {
  const clock = new AdjustableClock();
  clock.set(london('2023-09-01T12:00'));
  const releases = createReleaseStore({ keyv, logger: silentLogger, clock, films: [ballerina] });
  const store = createReminderStore({ keyv, logger: silentLogger, pages: 4 });
  const notifier = new FakeNotifier();
  const events: OutcomeEvent[] = [];
  /**
   * A fresh pair of jobs is a fresh process: nothing carried over in memory. Both jobs that
   * deliver to subscribers run, reminders first, as the ticker starts them.
   */
  const boot = (process: Partial<RemindersJobOptions> = {}) => {
    const jobOptions: RemindersJobOptions = {
      store,
      releases,
      notifier,
      markup: discordMarkup,
      films: { all: () => [ballerina] },
      logger: silentLogger,
      t: createTranslator(),
      onOutcome: (e) => events.push(e),
      ...options,
      ...process,
    };
    const reminders = createRemindersJob(jobOptions);
    const notices = createReleaseNoticesJob(jobOptions);
    return {
      async run(now: DateTime) {
        await reminders.run(now);
        await notices.run(now);
      },
      stop() {
        reminders.stop();
        notices.stop();
      },
      pendingCount: () => reminders.pendingCount() + notices.pendingCount(),
    };
  };
  const add = async (key: Partial<ReminderKey> & { userId: string; locale?: Locale }) => {
    const { locale, ...rest } = key;
    const reminder = { ...newReminder(rest), ...(locale === undefined ? {} : { locale }) };
    const outcome = await store.add(reminder, () => true);
    expect(outcome.kind).toBe('added');
    return reminder;
  };
  return { keyv, clock, releases, store, notifier, events, boot, add };
}

export const due = (offset: ReminderOffset) => dueInstant(release, offset);
