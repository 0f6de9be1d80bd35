import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/e2e.ts';
import { runEntryPoint } from '../support/entry-point.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('GIVEN a film file that does not validate', () => {
  it('WHEN npm start runs with FILMS_DIR pointing at it THEN it prints the plain FilmDataError message, no stack, and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'premiere-films-'));
    dirs.push(dir);
    const ballerina = JSON.parse(
      readFileSync(path.join(repoRoot, 'data', 'films', 'ballerina-2023.json'), 'utf8'),
    ) as { release: object };
    writeFileSync(
      path.join(dir, 'ballerina-2023.json'),
      JSON.stringify({ ...ballerina, release: { ...ballerina.release, zone: 'Mars/Olympus' } }),
    );

    const run = await runEntryPoint('start', {
      // The films are read before Discord is asked anything: no server is needed to fail here.
      env: { DISCORD_TOKEN: 'not-a-real-token', STORE_URL: 'memory://', FILMS_DIR: dir },
    });

    expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(1);
    expect(run.stderr).toContain('ballerina-2023.json: release.zone: must be an IANA time zone');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('"level"');
    expect(run.stdout).not.toContain('could not start');
  });
});
