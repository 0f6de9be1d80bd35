/**
 * Everything main.ts needs to run the scheduler: the four jobs and the ticker. main.ts loads this
 * module only once the bot is ready (a dynamic import), so the scheduler's modules are not read
 * and compiled before the gateway login; nothing before ready uses them.
 */
export { createCountdownsJob } from './countdowns/index.ts';
export { createReleaseEventsJob } from './release-events/index.ts';
export { createReleaseNoticesJob } from './release-notices/index.ts';
export { createRemindersJob } from './reminders/index.ts';
export { startTicker } from './ticker.ts';
