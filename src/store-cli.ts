import { existsSync } from 'node:fs';
import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Keyv } from 'keyv';
import { defaultStoreUrl } from './config.ts';
import { repoRoot } from './paths.ts';
import { describeStoreUrl, openKeyv } from './store/keyv.ts';
import {
  countByKind,
  describeCounts,
  exportLines,
  parseExport,
  readRecords,
  StoreTransferError,
  writeRecords,
} from './store/transfer.ts';

const USAGE = `npm run store -- <command>: back up, restore or move Premiere's data. Stop the bot first.

  export [file]                       every record as JSON lines (stdout when no file)
  import <file> [--force]             into an empty store (--force replaces everything in it)
  copy --from <url> --to <url> [--force]
                                      store to store, e.g. --from sqlite://data/premiere.sqlite
                                      --to redis://127.0.0.1:6379; record counts are checked

export and import use STORE_URL (from .env or the environment) unless --from / --to is given.
Store URLs: sqlite://path, redis://host:port, rediss://host:port, memory://.`;

/** STORE_URL as the bot reads it (blank counts as unset), or the bot's default SQLite file. */
const configuredStore = (): string => {
  const url = process.env.STORE_URL?.trim();
  return url === undefined || url === '' ? defaultStoreUrl(repoRoot) : url;
};

/** A source to read from: a SQLite path that does not exist is a typo, not an empty store. */
async function withSource<T>(storeUrl: string, use: (keyv: Keyv) => Promise<T>): Promise<T> {
  if (storeUrl.startsWith('sqlite://') && !existsSync(storeUrl.slice('sqlite://'.length)))
    throw new StoreTransferError(
      `there is no SQLite file at ${storeUrl.slice('sqlite://'.length)}`,
    );
  return withStore(storeUrl, use);
}

async function withStore<T>(storeUrl: string, use: (keyv: Keyv) => Promise<T>): Promise<T> {
  let keyv: Keyv;
  try {
    keyv = openKeyv(storeUrl);
  } catch (err) {
    throw new StoreTransferError(err instanceof Error ? err.message : String(err));
  }
  // Keyv reports connection failures as events; turned into a rejection, they end the command.
  const failed = new Promise<never>((_, reject) =>
    keyv.on('error', (err: unknown) =>
      reject(
        new StoreTransferError(
          `the store ${describeStoreUrl(storeUrl)} failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
      ),
    ),
  );
  try {
    return await Promise.race([use(keyv), failed]);
  } finally {
    await keyv.disconnect().catch(() => undefined);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file, ...extra] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (extra.length > 0) throw new StoreTransferError(`unexpected ${extra.join(' ')}`);
  const force = values.force;

  if (command === 'export') {
    const from = values.from ?? configuredStore();
    const records = await withSource(from, readRecords);
    const text = `${exportLines(records, from, new Date()).join('\n')}\n`;
    if (file === undefined || file === '-') process.stdout.write(text);
    else
      await writeFile(file, text, { flag: force ? 'w' : 'wx' }).catch((err: unknown) => {
        throw fileProblem(err, file, 'write');
      });
    process.stderr.write(
      `exported ${records.length} records from ${describeStoreUrl(from)}${file === undefined ? '' : ` to ${file}`}: ${describeCounts(countByKind(records))}\n`,
    );
    return;
  }
  if (command === 'import') {
    if (file === undefined) throw new StoreTransferError('import needs the file to read');
    const to = values.to ?? configuredStore();
    const text = await readFile(file, 'utf8').catch((err: unknown) => {
      throw fileProblem(err, file, 'read');
    });
    const { header, records } = parseExport(text);
    const counts = await withStore(to, (keyv) => writeRecords(keyv, records, { force }));
    process.stderr.write(
      `imported ${records.length} records (exported from ${header.source} at ${header.exportedAt}) into ${describeStoreUrl(to)}, counts checked: ${describeCounts(counts)}\n`,
    );
    return;
  }
  if (command === 'copy') {
    const { from, to } = values;
    if (from === undefined || to === undefined || file !== undefined)
      throw new StoreTransferError('copy needs --from <store url> and --to <store url>');
    if (from === to) throw new StoreTransferError('--from and --to are the same store');
    const records = await withSource(from, readRecords);
    const counts = await withStore(to, (keyv) => writeRecords(keyv, records, { force }));
    process.stderr.write(
      `copied ${records.length} records from ${describeStoreUrl(from)} to ${describeStoreUrl(to)}, counts checked: ${describeCounts(counts)}\n`,
    );
    return;
  }
  throw new StoreTransferError(`unknown command ${command} (export, import or copy)`);
}

const isFolder = (file: string): boolean => {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The export file's own problems (missing, already there, not allowed) in words naming what to do;
 * anything else is returned as it is.
 */
function fileProblem(err: unknown, file: string, action: 'read' | 'write'): unknown {
  const code = err instanceof Error && 'code' in err ? String(err.code) : undefined;
  if (code === 'ENOENT')
    return new StoreTransferError(
      action === 'read'
        ? `there is no file at ${file} to import`
        : `cannot write ${file}: its folder does not exist`,
    );
  if (code === 'EEXIST' && isFolder(file))
    return new StoreTransferError(`${file} is a folder, not a file`);
  if (code === 'EEXIST')
    return new StoreTransferError(
      `${file} already exists: name a new file, or add --force to replace it`,
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new StoreTransferError(`this user may not ${action} ${file} (${code})`);
  if (code === 'EISDIR') return new StoreTransferError(`${file} is a folder, not a file`);
  return err;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const plain =
    err instanceof StoreTransferError ||
    (err instanceof Error &&
      ('code' in err
        ? ['ENOENT', 'EEXIST', 'EACCES', 'ERR_PARSE_ARGS_UNKNOWN_OPTION'].includes(String(err.code))
        : false));
  process.stderr.write(
    plain && err instanceof Error
      ? `npm run store: ${err.message}\n`
      : `npm run store failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
