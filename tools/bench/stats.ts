/** Small numeric helpers for the benchmarks: percentiles, rounding, RSS, timing. */

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Round for reports: 3 significant decimals below 10, fewer above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function roundSummary(s: Summary): Summary {
  return { n: s.n, p50: round(s.p50), p99: round(s.p99), mean: round(s.mean), max: round(s.max) };
}

export const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Resident set size of a live process in bytes, from /proc (Linux); undefined elsewhere. */
export const rssOf = (pid: number) => procStatus(pid, 'VmRSS');

/** Peak resident set size (VmHWM) of a live process in bytes (Linux); undefined elsewhere. */
export const peakRssOf = (pid: number) => procStatus(pid, 'VmHWM');

/**
 * Restart a live process's peak resident set size (VmHWM) at its current RSS (Linux's
 * `/proc/<pid>/clear_refs` "5", for a process of the same user). Returns false where that is not
 * possible (another OS, an older kernel), when VmHWM keeps counting from the process's start.
 */
export async function restartPeakRss(pid: number): Promise<boolean> {
  const { writeFile } = await import('node:fs/promises');
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Resident set size in bytes of a live process and every process below it (Linux: its
 * descendants found through /proc/<pid>/stat); undefined elsewhere.
 */
export async function treeRssOf(pid: number): Promise<number | undefined> {
  const { readdir, readFile } = await import('node:fs/promises');
  const parentOf = new Map<number, number>();
  try {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // The command name (field 2) is in brackets and may hold spaces: the parent is after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number.isInteger(ppid)) parentOf.set(Number(entry), ppid);
    }
  } catch {
    return undefined;
  }
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parentOf)
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
  }
  let total = 0;
  for (const p of tree) {
    const rss = await rssOf(p);
    if (rss === undefined && p === pid) return undefined;
    total += rss ?? 0;
  }
  return total;
}

/** Fisher–Yates with a seeded generator, so a run's interleaving is reproducible. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Await `predicate()` becoming true, polling every `everyMs`; throws after `timeoutMs`. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
