import path from 'node:path';

/**
 * Whether this code runs as compiled by `npm run build` (dist/src/*.js, plain node) rather than
 * from the TypeScript source (src/*.ts, through tsx): the entry points that start other Node
 * processes (start:sharded's shards) start them the same way.
 */
export const runsCompiled = import.meta.filename.endsWith('.js');

/**
 * The repository root, where data/, .env and package.json are: one directory above src/, or two
 * above dist/src/ when compiled. Runtime files are always read from here, never from dist/.
 */
export const repoRoot = path.resolve(import.meta.dirname, runsCompiled ? '../..' : '..');

/** An entry point next to this file (`main` → src/main.ts, or dist/src/main.js when compiled). */
export const entryPoint = (name: string): string =>
  path.join(import.meta.dirname, `${name}${runsCompiled ? '.js' : '.ts'}`);

/** The node arguments an entry point needs to run the same way as this process: tsx for source. */
export const nodeLoaderArgs: readonly string[] = runsCompiled ? [] : ['--import', 'tsx'];
