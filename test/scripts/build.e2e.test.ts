import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/harness/bot-process.ts';

/*
 * `npm run build` (scripts/build.mjs) in a copy of the repository, so the dist/ the other
 * end-to-end tests start the bot from is never touched.
 */
let root: string;
const build = () =>
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    encoding: 'utf8',
  });
const built = () => readdirSync(path.join(root, 'dist', 'src')).sort();
/** A change to the scheduler, whose chunk a bot loads only once it is ready. */
const changeScheduler = (n: number) =>
  appendFileSync(
    path.join(root, 'src', 'scheduler', 'ticker.ts'),
    `\nexport const edit${n} = ${n};\n`,
  );

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'premiere-build-'));
  for (const entry of ['src', 'commands', 'scripts', 'package.json'])
    cpSync(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run build', () => {
  it('GIVEN a build from before the bundle in dist/ THEN it builds every entry point and leaves nothing of the old one', () => {
    cpSync(path.join(root, 'commands'), path.join(root, 'dist', 'commands'), { recursive: true });
    cpSync(path.join(root, 'src', 'app'), path.join(root, 'dist', 'src', 'app'), {
      recursive: true,
    });
    const run = build();
    expect(run.status, run.stderr).toBe(0);
    const files = built();
    for (const entry of ['main', 'sharded', 'rest-proxy', 'deploy-commands', 'store-cli'])
      expect(files).toContain(`${entry}.js`);
    expect(files).not.toContain('app');
    expect(readdirSync(path.join(root, 'dist')).sort()).toEqual(['outputs.json', 'src']);
  });

  it('GIVEN a bot started from the last build WHEN the source changes and it is built again THEN the last build’s chunks stay one build longer, and go at the next', () => {
    const first = built();
    changeScheduler(1);
    expect(build().status).toBe(0);
    const second = built();
    const goneFromSecond = first.filter((f) => !second.includes(f));
    expect(goneFromSecond).toEqual([]);
    const newInSecond = second.filter((f) => !first.includes(f));
    expect(newInSecond.length).toBeGreaterThan(0);

    changeScheduler(2);
    expect(build().status).toBe(0);
    const third = built();
    // What only the first build had is gone; the second build's files are still there.
    const onlyFirst = first.filter((f) => !newInSecond.includes(f) && !third.includes(f));
    expect(onlyFirst.length).toBeGreaterThan(0);
    for (const f of newInSecond) expect(third).toContain(f);
  });

  it('GIVEN a syntax error WHEN it builds THEN it exits 1 naming the file and line, and the last good build is left as it was', () => {
    const before = built();
    const main = readFileSync(path.join(root, 'dist', 'src', 'main.js'), 'utf8');
    appendFileSync(path.join(root, 'src', 'domain', 'film.ts'), '\nexport const broken = ;\n');
    const run = build();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/src\/domain\/film\.ts:\d+:\d+/);
    expect(built()).toEqual(before);
    expect(readFileSync(path.join(root, 'dist', 'src', 'main.js'), 'utf8')).toBe(main);
  });
});
