import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { filmSchema, type Film } from '../domain/film.ts';

/**
 * Film ids travel inside button custom ids (`remindme:add:<id>`, `film:synopsis:<id>`), which Discord
 * caps at 100 characters; 80 leaves room for the longest prefix.
 */
export const MAX_FILM_ID_LENGTH = 80;

/** Every problem found in the film files, each naming the file and the field. */
export class FilmDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The film catalogue cannot be loaded:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FilmDataError';
  }
}

/** `cast[0].actor.name`, or `(top level)` for the file itself. */
function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    out += typeof s === 'number' ? `[${s}]` : `${out === '' ? '' : '.'}${String(s)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Read and validate every `*.json` in `dir` (one film per file, read in name order).
 * Adding a film is adding a file; a broken file stops the start with its name and the bad field.
 */
export async function loadFilms(dir: string): Promise<Film[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new FilmDataError([`${dir}: cannot read the film directory (${reason})`]);
  }
  if (names.length === 0) throw new FilmDataError([`${dir}: no film files (*.json) found`]);

  const problems: string[] = [];
  const films: Film[] = [];
  const fileOfId = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problems.push(`${file}: not valid JSON (${reason})`);
      continue;
    }
    const parsed = filmSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${file}: ${fieldPath(issue.path)}: ${issue.message}`);
      }
      continue;
    }
    const film = parsed.data;
    if (film.id.length > MAX_FILM_ID_LENGTH) {
      problems.push(`${file}: id: must be at most ${MAX_FILM_ID_LENGTH} characters`);
      continue;
    }
    const earlier = fileOfId.get(film.id);
    if (earlier !== undefined) {
      problems.push(`${file}: id: "${film.id}" is already used by ${earlier}`);
      continue;
    }
    fileOfId.set(film.id, file);
    films.push(film);
  }
  if (problems.length > 0) throw new FilmDataError(problems);
  return films;
}
