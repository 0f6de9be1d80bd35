import path from 'node:path';

/**
 * Whether this code runs as built by `npm run build` (bundled into dist/src/*.js, plain node)
 * rather than from the TypeScript source (src/*.ts, through tsx): the entry points that start
 * other Node processes (start:sharded's shards) start them the same way.
 */
export const runsBuilt = import.meta.filename.endsWith('.js');

/**
 * The repository root, where data/, .env and package.json are: one directory above src/, or two
 * above dist/src/ when built (every bundled file, chunks too, sits in dist/src itself). Runtime
 * files are always read from here, never from dist/.
 */
export const repoRoot = path.resolve(import.meta.dirname, runsBuilt ? '../..' : '..');

/** An entry point next to this file (`main` → src/main.ts, or dist/src/main.js when built). */
export const entryPoint = (name: string): string =>
  path.join(import.meta.dirname, `${name}${runsBuilt ? '.js' : '.ts'}`);

/** The node arguments an entry point needs to run the same way as this process: tsx for source. */
export const nodeLoaderArgs: readonly string[] = runsBuilt ? [] : ['--import', 'tsx'];
