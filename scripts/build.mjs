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
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

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

// Chunk names change with their content: a stale chunk from an earlier build must not linger.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
try {
  await build({
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
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          // A bare specifier (a package or a node: built-in) not in `bundled` is left to node.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            bundled.has(packageOf(args.path)) ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
} catch {
  // esbuild has printed what failed, file and line.
  process.exit(1);
}
