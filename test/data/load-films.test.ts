import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilmDataError, loadFilms } from '../../src/data/load-films.ts';
import { Catalogue } from '../../src/domain/catalogue.ts';
import { fixtureFilmsDir, realFilmsDir } from '../support/films.ts';

let dir: string;
let ballerinaJson: Record<string, unknown>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'premiere-films-'));
  ballerinaJson = JSON.parse(
    await readFile(path.join(realFilmsDir, 'ballerina-2023.json'), 'utf8'),
  ) as Record<string, unknown>;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, value: unknown) =>
  writeFile(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));

async function problemsOf(): Promise<readonly string[]> {
  try {
    await loadFilms(dir);
  } catch (err) {
    if (err instanceof FilmDataError) return err.problems;
    throw err;
  }
  throw new Error('expected the catalogue to be refused');
}

describe('loading the film catalogue', () => {
  it('GIVEN the shipped data THEN Ballerina loads with every fact from the article', async () => {
    const [film, ...others] = await loadFilms(realFilmsDir);
    expect(others).toEqual([]);
    expect(film).toMatchObject({
      id: 'ballerina-2023',
      title: 'Ballerina',
      originalTitle: '발레리나',
      year: 2023,
      runtimeMinutes: 90,
      genres: ['Action', 'Revenge thriller'],
      director: { name: 'Lee Chung-hyun', aliases: ['Chung-Hyun Lee'] },
      release: {
        instant: '2023-10-06T08:00:00+01:00',
        zone: 'Europe/London',
        platform: 'Netflix',
        region: 'UK',
      },
    });
    expect(film?.director.previousWorks.map((w) => w.title)).toEqual(['The Call', 'Born to Spy']);
    expect(film?.cast.map((m) => [m.actor.name, m.character.name])).toEqual([
      ['Jeon Jong-seo', 'Jang Ok-ju'],
      ['Park Yu-rim', 'Min-hee'],
      ['Kim Ji-hun', 'Choi'],
    ]);
    expect(film?.cast[0]?.actor.aliases).toContain('Jun Jong-seo');
    expect(film?.cast[2]?.actor.aliases).toContain('Ji-hun Kim');
    expect(film?.disambiguation?.note).toContain('Ana de Armas');
  });

  it('GIVEN a second film file dropped beside the first THEN both load and both resolve, with no code change', async () => {
    await write('ballerina-2023.json', ballerinaJson);
    await write(
      'the-lantern-keeper-2031.json',
      await readFile(path.join(fixtureFilmsDir, 'the-lantern-keeper-2031.json'), 'utf8'),
    );
    const catalogue = new Catalogue(await loadFilms(dir));
    expect(catalogue.all().map((f) => f.id)).toEqual(['ballerina-2023', 'the-lantern-keeper-2031']);
    expect(catalogue.resolve('lantern keeper').title).toBe('The Lantern Keeper');
    expect(catalogue.resolve('balerina').title).toBe('Ballerina');
  });

  it('GIVEN a missing field THEN the error names the file and the field path', async () => {
    const cast = ballerinaJson.cast as { actor: { name?: string } }[];
    delete cast[1]?.actor.name;
    await write('ballerina-2023.json', ballerinaJson);
    const problems = await problemsOf();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(path.join(dir, 'ballerina-2023.json'));
    expect(problems[0]).toContain('cast[1].actor.name');
  });

  it('GIVEN a bare release date without an offset THEN the error names release.instant', async () => {
    await write('ballerina-2023.json', {
      ...ballerinaJson,
      release: { ...(ballerinaJson.release as object), instant: '2023-10-06' },
    });
    const [problem] = await problemsOf();
    expect(problem).toMatch(/ballerina-2023\.json: release\.instant: must be an ISO 8601 instant/);
  });

  it('GIVEN several broken files THEN every problem is reported at once', async () => {
    await write('a.json', { ...ballerinaJson, id: 'a', runtimeMinutes: -5 });
    await write('b.json', {
      ...ballerinaJson,
      id: 'b',
      release: { ...(ballerinaJson.release as object), zone: 'Mars/Olympus' },
    });
    await write('c.json', '{ "id": "c", ');
    const problems = await problemsOf();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/a\.json: runtimeMinutes/);
    expect(problems[1]).toMatch(/b\.json: release\.zone: must be an IANA time zone/);
    expect(problems[2]).toMatch(/c\.json: not valid JSON/);
  });

  it('GIVEN the same id in two files THEN the second file is refused, naming the first', async () => {
    await write('one.json', ballerinaJson);
    await write('two.json', { ...ballerinaJson, title: 'Another title' });
    const [problem] = await problemsOf();
    expect(problem).toBe(
      `${path.join(dir, 'two.json')}: id: "ballerina-2023" is already used by ${path.join(dir, 'one.json')}`,
    );
  });

  it('GIVEN an id too long to fit in a button custom id THEN it is refused', async () => {
    await write('long.json', { ...ballerinaJson, id: `film-${'x'.repeat(90)}` });
    expect((await problemsOf())[0]).toMatch(/long\.json: id: must be at most 80 characters/);
  });

  it('GIVEN an empty or missing directory THEN the error says there are no films', async () => {
    expect((await problemsOf())[0]).toContain('no film files');
    await expect(loadFilms(path.join(dir, 'nope'))).rejects.toThrow(
      /cannot read the film directory/,
    );
  });

  it('GIVEN files other than JSON THEN they are ignored', async () => {
    await write('ballerina-2023.json', ballerinaJson);
    await write('README.md', '# notes');
    expect((await loadFilms(dir)).map((f) => f.id)).toEqual(['ballerina-2023']);
  });
});
