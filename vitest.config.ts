import { defineConfig } from 'vitest/config';

/*
 * Two projects: `unit` (npm run test:unit, the fast loop: everything in one process, incl. the
 * emulator package's own tests) and `e2e` (tests that spawn the bot, the sandbox or shard
 * processes and talk to them over the emulator). `npm test` runs both.
 */
const E2E = ['test/e2e/**/*.test.ts', '**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    // End-to-end tests spawn the bot and the emulator; give them room on a busy 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // UTC unless scripts/test-host-zones.sh runs the time-sensitive suites under another host zone.
    env: { TZ: process.env.PREMIERE_TEST_TZ ?? 'UTC' },
    // And with the process clock moved to PREMIERE_TEST_CLOCK (another season), by that script too.
    setupFiles: process.env.PREMIERE_TEST_CLOCK ? ['test/support/process-clock.ts'] : [],
    // Prints one line when the tests that need redis-server are skipped.
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          exclude: [...E2E, '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E, exclude: ['**/node_modules/**'] },
      },
    ],
  },
});
