import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/harness/bot-process.ts';

// Both children get the heap limit node picks by default on a machine with 16 GiB or more, so what
// V8 does without limitHeapGrowth is the same on a smaller machine too.
const peakMiB = (...args: string[]): number =>
  Number(
    execFileSync(
      process.execPath,
      [
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        path.join(repoRoot, 'test', 'support', 'heap-churn.ts'),
        ...args,
      ],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    ).trim(),
  );

// VmHWM is Linux's; elsewhere there is nothing to read.
describe.skipIf(!existsSync('/proc/self/status'))('limitHeapGrowth', () => {
  it('GIVEN 20 MiB live and garbage made beside it THEN the heap limit keeps peak resident memory far below what V8 lets it grow to by default', () => {
    const unlimited = peakMiB();
    const limited = peakMiB('limit');
    // Measured: about 510 MiB without, 265–285 MiB with it.
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThan(unlimited * 0.75);
  }, 30_000);
});
