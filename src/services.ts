import type { Logger } from 'pino';
import { createCountdownService } from './app/countdowns.ts';
import { createReleaseService } from './app/releases.ts';
import { createReminderService, type DmChannelOpener } from './app/reminders.ts';
import type { Config } from './config.ts';
import type { Services } from './discord/command.ts';
import type { Catalogue } from './domain/catalogue.ts';
import type { Clock } from './domain/clock.ts';
import type { Translate } from './domain/i18n/index.ts';
import { createTranslator } from './i18n/translator.ts';
import { KeyvCountdownStore, type CountdownStore } from './store/countdown-store.ts';
import type { StoreInput } from './store/checked-store.ts';
import { RecordReader } from './store/keyv.ts';
import type { Locks } from './store/locks.ts';
import { KeyedMutex } from './store/mutex.ts';
import { createReleaseStore, type ReleaseStore } from './store/release-store.ts';
import { createReminderStore, type ReminderStore } from './store/reminder-store.ts';
import { createUserStore, type UserStore } from './store/user-store.ts';

/** The stores behind the services, for the scheduler's jobs (and tests that seed or inspect them). */
export interface Stores {
  reminders: ReminderStore;
  countdowns: CountdownStore;
  releases: ReleaseStore;
  users: UserStore;
}

export interface ServicesOptions {
  config: Config;
  logger: Logger;
  clock: Clock;
  catalogue: Catalogue;
  /**
   * The one store every store module shares: main.ts passes its configured CheckedStore (budget,
   * metrics, outage log); a bare Keyv (tests, bench) gets the default one.
   */
  keyv: StoreInput;
  /**
   * Shared by every store: their in-process locks only work if shared, and processes sharing
   * Redis pass RedisLocks (see locksFor). In-process by default.
   */
  locks?: Locks;
  /** Pages per reminder due slot (see ReminderStore); 64 by default. Fixed for the life of a store. */
  reminderPages?: number;
  /** Every user-facing sentence, in the reader's language; the i18next translator by default. */
  t?: Translate;
  /** Store each film's release from the catalogue unless one is stored (true by default, as at start). */
  seedReleases?: boolean;
}

export interface CreatedServices<N> extends Services {
  stores: Stores;
  /** What `notifier` built from the user store (undefined when none was asked for). */
  notifier: N;
}

/**
 * Build the stores and the use-case services over one Keyv: the one place that wires them, used by
 * main.ts, the tests and the bench. `notifier`, when given, is built from the user store (it keeps
 * DM channel ids there) and opens DM channels ahead of time for new DM reminders.
 */
export async function createServices<N extends DmChannelOpener>(
  options: ServicesOptions & { notifier: (users: UserStore) => N },
): Promise<CreatedServices<N>>;
export async function createServices(options: ServicesOptions): Promise<CreatedServices<undefined>>;
export async function createServices(
  options: ServicesOptions & { notifier?: (users: UserStore) => DmChannelOpener },
): Promise<CreatedServices<DmChannelOpener | undefined>> {
  const { config, logger, clock, catalogue, keyv, locks = new KeyedMutex() } = options;
  const stores: Stores = {
    releases: createReleaseStore({ keyv, logger, clock, films: catalogue.all(), locks }),
    countdowns: new KeyvCountdownStore(keyv, new RecordReader(logger), locks),
    reminders: createReminderStore({
      keyv,
      logger,
      locks,
      ...(options.reminderPages === undefined ? {} : { pages: options.reminderPages }),
    }),
    users: createUserStore({ keyv, logger }),
  };
  if (options.seedReleases !== false) await stores.releases.seed();
  const notifier = options.notifier?.(stores.users);
  return {
    config,
    logger,
    clock,
    catalogue,
    t: options.t ?? createTranslator(),
    stores,
    notifier,
    releases: createReleaseService({ store: stores.releases, films: catalogue }),
    countdowns: createCountdownService({
      store: stores.countdowns,
      releases: stores.releases,
      clock,
      films: catalogue,
    }),
    reminders: createReminderService({
      store: stores.reminders,
      users: stores.users,
      releases: stores.releases,
      clock,
      films: catalogue,
      ...(notifier === undefined ? {} : { dmChannels: notifier }),
    }),
  };
}
