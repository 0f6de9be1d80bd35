import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { discordMarkup } from '../../src/discord/format.ts';
import type { Film } from '../../src/domain/film.ts';
import {
  formatRuntime,
  listText,
  releaseStatus,
  releaseText,
  titleWithOriginal,
  workText,
} from '../../src/domain/film-text.ts';
import { loadBallerina } from '../support/films.ts';
import { releaseDateTime } from '../../src/domain/release.ts';

let ballerina: Film;
beforeAll(async () => {
  ballerina = await loadBallerina();
});

/** 2023-10-06T08:00:00+01:00 (Europe/London, BST) as unix seconds. */
const RELEASE_UNIX = 1696575600;

describe('the release instant', () => {
  it('GIVEN the data file THEN the release is Friday 6 October 2023 08:00 in London', () => {
    const release = releaseDateTime(ballerina.release);
    expect(release.zoneName).toBe('Europe/London');
    expect(release.toISO()).toBe('2023-10-06T08:00:00.000+01:00');
    expect(release.weekdayLong).toBe('Friday');
    expect(release.toSeconds()).toBe(RELEASE_UNIX);
  });

  it('GIVEN the day before, 09:00 London THEN it is upcoming, shown as <t:…:F> and <t:…:R>', () => {
    const now = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });
    const release = releaseDateTime(ballerina.release);
    expect(releaseStatus(release, now).state).toBe('upcoming');
    expect(releaseText(ballerina, release, now, discordMarkup)).toBe(
      `On Netflix (UK): <t:${RELEASE_UNIX}:F> (<t:${RELEASE_UNIX}:R>)`,
    );
  });

  it('GIVEN one second after 08:00 BST THEN it is out now since <t:…:D>', () => {
    const now = DateTime.fromISO('2023-10-06T08:00:01+01:00', { setZone: true });
    const release = releaseDateTime(ballerina.release);
    expect(releaseStatus(release, now).state).toBe('out');
    expect(releaseText(ballerina, release, now, discordMarkup)).toBe(
      `Out now on Netflix (UK) since <t:${RELEASE_UNIX}:D>`,
    );
  });

  it('GIVEN the same instant written in another zone THEN the answer is the same', () => {
    const release = releaseDateTime(ballerina.release);
    const justBefore = DateTime.fromISO('2023-10-06T06:59:59Z', { setZone: true });
    const exactly = DateTime.fromISO('2023-10-06T00:00:00', { zone: 'America/Los_Angeles' });
    const tokyoBefore = DateTime.fromISO('2023-10-06T15:59', { zone: 'Asia/Tokyo' });
    expect(releaseStatus(release, justBefore).state).toBe('upcoming');
    expect(releaseStatus(release, tokyoBefore).state).toBe('upcoming');
    expect(releaseStatus(release, exactly).state).toBe('out');
  });

  it('GIVEN a release moved by the release store THEN the text follows the instant passed in', () => {
    const moved = DateTime.fromISO('2023-11-01T08:00', { zone: 'Europe/London' });
    const now = DateTime.fromISO('2023-10-20T12:00', { zone: 'Europe/London' });
    expect(releaseText(ballerina, moved, now, discordMarkup)).toContain(
      `<t:${moved.toSeconds()}:F>`,
    );
  });
});

describe('small pieces of film text', () => {
  it.each([
    [90, '1 h 30 min'],
    [45, '45 min'],
    [120, '2 h'],
    [61, '1 h 1 min'],
  ])('runtime %i minutes reads "%s"', (minutes, text) => {
    expect(formatRuntime(minutes)).toBe(text);
  });

  it('shows the Korean title beside the English one', () => {
    expect(titleWithOriginal(ballerina)).toBe('Ballerina (발레리나)');
  });

  it('joins lists and works readably', () => {
    expect(listText(['a'])).toBe('a');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
    expect(workText({ title: 'Burning', year: 2018, kind: 'drama film' })).toBe(
      'Burning (2018, drama film)',
    );
    expect(workText({ title: 'The Call' })).toBe('The Call');
  });
});
