/*
 * `npm run build`: the production build, what `npm start`, `start:sharded`, `deploy-commands`,
 * `store` and `rest-proxy` run with plain `node`. `npm ci` runs it too (the `prepare` script), and
 * the end-to-end tests before they start the bot.
 *
 * esbuild bundles each entry point of src/ (with commands/ and the packages in `bundled`) into
 * dist/src/<entry>.js, with the code the entry points share in dist/src/chunk-<hash>.js beside
 * them; a dynamic import() (the scheduler after "ready", the metrics with METRICS_PORT) stays a
 * chunk loaded when it is needed. Node then reads a few large files instead of resolving and
 * compiling some 200 small modules one by one, and zod's 49 locale files, which plain `node` would
 * load with any import of zod, are left out. esbuild does not check types: `npm run typecheck` does.
 *
 *   node scripts/build.mjs      (exit 1 with esbuild's messages when the build fails)
 *
 * A build that fails leaves dist/ as it was, so the last good build can still be started. A
 * successful one keeps the previous build's files one build longer: a bot started from it may not
 * have loaded all its chunks yet (the scheduler's loads after "ready").
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** The entry points, each src/<name>.ts → dist/src/<name>.js (package.json's scripts run them). */
const entries = ['main', 'sharded', 'rest-proxy', 'deploy-commands', 'store-cli'];

/**
 * Packages bundled with the bot's own code: plain JavaScript that reads no files of its own at run
 * time, loaded at start. Every other package stays in node_modules, loaded by node as it is:
 * discord.js and @discordjs/* (CommonJS with optional native add-ons; also what the start bench's
 * bare discord.js floor loads), keyv and its adapters (sqlite3 is a native add-on), pino and
 * pino-pretty (pino finds its transport files by path) and prom-client (loaded only with
 * METRICS_PORT).
 */
const bundled = new Set(['zod', 'luxon', 'i18next']);

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (/** @type {string} */ specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * A bare specifier (a package or a node: built-in) not in `bundled` is left to node.
 * @type {import('esbuild').Plugin}
 */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      bundled.has(packageOf(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/** @type {typeof import('esbuild')} */
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write(
    'npm run build: esbuild is not installed; run npm ci with dev dependencies, build, then npm prune --omit=dev\n',
  );
  process.exit(1);
}

const outdir = path.join(root, 'dist', 'src');
/** The files of the last successful build, relative to dist/src (JSON list). */
const manifest = path.join(root, 'dist', 'outputs.json');

/** @type {import('esbuild').BuildResult<{ write: false }>} */
let result;
try {
  result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries.map((name) => ({ in: `src/${name}.ts`, out: name })),
    outdir: 'dist/src',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: 'linked',
    logLevel: 'warning',
    // In memory first: nothing in dist/ changes unless the whole build succeeded.
    write: false,
    plugins: [externalPackages],
  });
} catch {
  // esbuild has printed what failed, file and line.
  process.exit(1);
}

/** @returns {string[]} the previous build's files, or none when there is no readable list. */
const previousFiles = () => {
  try {
    /** @type {unknown} */
    const list = JSON.parse(readFileSync(manifest, 'utf8'));
    return Array.isArray(list) ? list.filter((name) => typeof name === 'string') : [];
  } catch {
    return [];
  }
};
const names = result.outputFiles.map((file) => path.relative(outdir, file.path));
const keep = new Set([...names, ...previousFiles()]);
mkdirSync(outdir, { recursive: true });
// Each file is written beside its place and renamed over it, so a starting node never reads half.
for (const file of result.outputFiles) {
  writeFileSync(`${file.path}.next`, file.contents);
  renameSync(`${file.path}.next`, file.path);
}
// Older builds' files go, and whatever else is in dist/ (a build from before the bundle, say).
for (const name of readdirSync(outdir))
  if (!keep.has(name)) rmSync(path.join(outdir, name), { recursive: true, force: true });
for (const name of readdirSync(path.join(root, 'dist')))
  if (name !== 'src') rmSync(path.join(root, 'dist', name), { recursive: true, force: true });
writeFileSync(manifest, `${JSON.stringify(names)}\n`);
