/*
 * The benchmarks' command lines: `--help` prints the usage and exits 0; anything wrong with the
 * command line is one line on stderr and exit code 1, never a stack trace.
 */

/** A mistake in the command line (an unknown option, a count that is not a whole number). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Print `message` as one line, point at `--help`, and exit 1. */
export function exitWithUsageError(command: string, message: string): never {
  process.stderr.write(`${command}: ${message} (${command} -- --help lists the options)\n`);
  process.exit(1);
}

/** node:util parseArgs reports a bad command line as a TypeError with an ERR_PARSE_ARGS_* code. */
const isParseArgsError = (err: unknown): err is Error =>
  err instanceof Error &&
  'code' in err &&
  typeof err.code === 'string' &&
  err.code.startsWith('ERR_PARSE_ARGS_');

/**
 * Run `parse` (node:util parseArgs with a `help` flag, then reading the values into settings with
 * `count`, `counts` or a UsageError of its own). `--help` prints `usage` and exits 0; a bad
 * command line exits 1 with one line. Returns what `parse` returned.
 */
export function parseCommandLine<V extends { help?: boolean | undefined }>(
  command: string,
  usage: string,
  parse: () => V,
): V {
  let values: V;
  try {
    values = parse();
  } catch (err) {
    if (isParseArgsError(err) || err instanceof UsageError)
      // parseArgs goes on to explain `--` at length after its first sentence.
      exitWithUsageError(command, err.message.split(/\.\s/)[0] ?? err.message);
    throw err;
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values;
}

/** A whole number ≥ 1 from the option `--name`, or `fallback` when it was not given. */
export function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1`);
  return n;
}

/** A comma-separated list of whole numbers ≥ 1 from the option `--name`, or `fallback`. */
export function counts(value: string | undefined, fallback: number[], name: string): number[] {
  if (value === undefined) return fallback;
  const items = value.split(',').map((v) => Number(v.trim()));
  if (items.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(`--${name} must be a comma-separated list of whole numbers ≥ 1`);
  return items;
}
