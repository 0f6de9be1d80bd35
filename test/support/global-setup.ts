import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot } from '../../tools/harness/bot-process.ts';
import { redisAvailable, redisSkipNotice } from '../../tools/harness/redis.ts';

/**
 * Vitest global setup (once per project, in the main process). For the end-to-end project:
 * `npm run build` first (scripts/build.mjs, under a second), since those tests run the bot exactly
 * as `npm start` does, from dist/. Then say once, in one
 * line, what is skipped on this machine and why, so a green run without redis-server does not hide it.
 */
export default function setup(project: TestProject): void {
  if (project.name === 'e2e')
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  // Both projects (unit and e2e) run this in the same process: print the line only once.
  if (redisAvailable() || process.env.PREMIERE_REDIS_NOTICE_SHOWN === '1') return;
  process.env.PREMIERE_REDIS_NOTICE_SHOWN = '1';
  process.stdout.write(`\n${redisSkipNotice}\n\n`);
}
