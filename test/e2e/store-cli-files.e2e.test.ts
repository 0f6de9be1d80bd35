import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEntryPoint } from '../support/entry-point.ts';

/*
 * The export file is the operator's backup: a mistake with it (a wrong path, a file already there)
 * is one line saying what to do, exit code 1, and an existing file is never overwritten silently.
 */
describe('GIVEN npm run store with an export file that is not right', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'premiere-store-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const store = (args: readonly string[]) =>
    runEntryPoint('store', { env: { STORE_URL: 'memory://' }, args });

  it.each([
    [
      'import of a file that does not exist',
      ['import', path.join(dir, 'missing.jsonl')],
      `there is no file at ${path.join(dir, 'missing.jsonl')} to import`,
    ],
    [
      'export into a folder that does not exist',
      ['export', path.join(dir, 'no', 'x.jsonl')],
      `cannot write ${path.join(dir, 'no', 'x.jsonl')}: its folder does not exist`,
    ],
    ['import of a folder', ['import', dir], `${dir} is a folder, not a file`],
    ['export onto a folder', ['export', dir], `${dir} is a folder, not a file`],
  ])('WHEN %s THEN one plain line says so, exit 1', async (_case, args, words) => {
    const run = await store(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`npm run store: ${words}\n`);
    expect(run.stderr).not.toMatch(/ENOENT|\n\s+at /);
  });

  it('WHEN exporting over an existing file THEN it is kept and the line says to name a new file or add --force', async () => {
    const existing = path.join(dir, 'backup.jsonl');
    writeFileSync(existing, 'yesterday\n');
    const run = await store(['export', existing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `npm run store: ${existing} already exists: name a new file, or add --force to replace it\n`,
    );
    expect(readFileSync(existing, 'utf8')).toBe('yesterday\n');
  });
});
