import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFilms } from '../../src/data/load-films.ts';
import { Catalogue } from '../../src/domain/catalogue.ts';
import type { Film } from '../../src/domain/film.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The real catalogue directory the bot ships with. */
export const realFilmsDir = path.join(root, 'data', 'films');
/** Fixture-only films (fictional), used beside the real ones. */
export const fixtureFilmsDir = path.join(root, 'test', 'fixtures', 'films');

/** Ballerina (2023), read and validated from the real data file. */
export async function loadBallerina(): Promise<Film> {
  const film = (await loadFilms(realFilmsDir)).find((f) => f.id === 'ballerina-2023');
  if (film === undefined) throw new Error('data/films has no ballerina-2023');
  return film;
}

/** The catalogue as shipped: the real data files only. */
export async function realCatalogue(): Promise<Catalogue> {
  return new Catalogue(await loadFilms(realFilmsDir));
}

/** The real films plus the fictional fixture film: a catalogue of more than one film. */
export async function twoFilmCatalogue(): Promise<Catalogue> {
  return new Catalogue([...(await loadFilms(realFilmsDir)), ...(await loadFilms(fixtureFilmsDir))]);
}
