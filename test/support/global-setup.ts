import { redisAvailable, redisSkipNotice } from '../../tools/harness/redis.ts';

/**
 * Vitest global setup (once per project, in the main process): say once, in one line, what is
 * skipped on this machine and why, so a green run without redis-server does not hide it.
 */
export default function setup(): void {
  // Both projects (unit and e2e) run this in the same process: print the line only once.
  if (redisAvailable() || process.env.PREMIERE_REDIS_NOTICE_SHOWN === '1') return;
  process.env.PREMIERE_REDIS_NOTICE_SHOWN = '1';
  process.stdout.write(`\n${redisSkipNotice}\n\n`);
}
