import type { APIEmbed, InteractionReplyOptions } from 'discord.js';
import { Keyv } from 'keyv';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import ask from '../../commands/ask.ts';
import cast from '../../commands/cast.ts';
import film from '../../commands/film.ts';
import help from '../../commands/help.ts';
import synopsis from '../../commands/synopsis.ts';
import { loadConfig } from '../../src/config.ts';
import type { Services } from '../../src/discord/command.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { createServices } from '../../src/services.ts';
import { fakeAutocomplete, fakeButton, fakeChatInput } from '../support/fake-interactions.ts';
import { isPrivate, userErrorFrom } from '../support/replies.ts';
import { realCatalogue, twoFilmCatalogue } from '../support/films.ts';

const BEFORE = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });
let services: Services;
let twoFilms: Services;

beforeAll(async () => {
  const clock = new AdjustableClock({ now: () => BEFORE });
  // The release comes from a real store (in memory), seeded from the data files as at first start.
  const withReleases = (catalogue: Catalogue): Promise<Services> =>
    createServices({
      config: loadConfig({ DISCORD_TOKEN: 'test-token' }),
      logger: pino({ level: 'silent' }),
      clock,
      catalogue,
      keyv: new Keyv(),
    });
  services = await withReleases(await realCatalogue());
  twoFilms = await withReleases(await twoFilmCatalogue());
});

const onlyReply = (replies: InteractionReplyOptions[]): InteractionReplyOptions => {
  expect(replies).toHaveLength(1);
  const [reply] = replies;
  if (reply === undefined) throw new Error('no reply');
  return reply;
};
const embedsOf = (reply: InteractionReplyOptions) => (reply.embeds ?? []) as APIEmbed[];
describe('/film', () => {
  it('GIVEN a typed title with a typo THEN a public overview with Cast, Synopsis and Remind me buttons', async () => {
    const { interaction, recorder } = fakeChatInput('film', { title: 'balerina' });
    await film.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(false);
    expect(embedsOf(reply)[0]?.title).toBe('Ballerina (발레리나) · 2023');
    expect(JSON.stringify(reply.components)).toContain('film:cast:ballerina-2023');
    expect(JSON.stringify(reply.components)).toContain('remindme:add:ballerina-2023');
  });

  it('GIVEN an unknown film THEN a UserError the router sends privately', async () => {
    const { interaction } = fakeChatInput('film', { title: 'Oldboy' });
    expect((await userErrorFrom(() => film.execute(interaction, services))).message).toContain(
      "I don't track a film called “Oldboy”",
    );
  });

  it.each([
    ['cast', 'Jeon Jong-seo as Jang Ok-ju'],
    ['synopsis', 'ballet shoes'],
    ['details', 'Lead cast'],
  ])('GIVEN someone clicks %s THEN they get it privately', async (action, expected) => {
    const { interaction, recorder } = fakeButton(`film:${action}:ballerina-2023`);
    await film.buttons[action as 'cast' | 'synopsis' | 'details'](
      interaction,
      ['ballerina-2023'],
      services,
    );
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(true);
    expect(JSON.stringify(embedsOf(reply))).toContain(expected);
  });

  it('GIVEN a button for a film no longer tracked THEN a clear UserError', async () => {
    const { interaction } = fakeButton('film:cast:gone-1999');
    const err = await userErrorFrom(() => film.buttons.cast(interaction, ['gone-1999'], services));
    expect(err.message).toContain('no longer track');
  });
});

describe('/cast', () => {
  it('GIVEN no person THEN the whole cast', async () => {
    const { interaction, recorder } = fakeChatInput('cast', { title: 'ballerina-2023' });
    await cast.execute(interaction, services);
    expect(embedsOf(onlyReply(recorder.replies))[0]?.fields).toHaveLength(3);
  });

  it.each([
    ['Ji-hun Kim', 'Kim Ji-hun as Choi'],
    ['Jun Jong-seo', 'Jeon Jong-seo as Jang Ok-ju'],
    ['choi', 'Kim Ji-hun as Choi'],
    ['Min-hee', 'Park Yu-rim as Min-hee'],
    ['Chung-Hyun Lee', 'Lee Chung-hyun'],
  ])('GIVEN person %j THEN %s', async (person, title) => {
    const { interaction, recorder } = fakeChatInput('cast', { title: 'Ballerina', person });
    await cast.execute(interaction, services);
    expect(embedsOf(onlyReply(recorder.replies))[0]?.title).toContain(title);
  });

  it('GIVEN someone not in the film THEN "no one called X in Ballerina" with the cast suggested', async () => {
    const { interaction } = fakeChatInput('cast', { title: 'Ballerina', person: 'Ana de Armas' });
    const err = await userErrorFrom(() => cast.execute(interaction, services));
    expect(err.message).toBe(
      'No one called “Ana de Armas” is in Ballerina (2023) as far as I know. Its cast:',
    );
    expect(err.suggestions).toEqual([
      'Jeon Jong-seo as Jang Ok-ju',
      'Park Yu-rim as Min-hee',
      'Kim Ji-hun as Choi',
    ]);
  });

  it.each([
    ['\u200b\u200f', 'no name in it'],
    ['🩰💃', 'no name in it'],
    ['x'.repeat(6000), '6000 characters'],
    ['@everyone', 'No one called “everyone”'],
  ])('GIVEN the bad person %j THEN a clear UserError', async (person, expected) => {
    const { interaction } = fakeChatInput('cast', { title: 'Ballerina', person });
    const err = await userErrorFrom(() => cast.execute(interaction, services));
    expect(err.message).toContain(expected);
    expect(err.message).not.toContain('@');
  });
});

describe('/synopsis, /ask and /help', () => {
  it('/synopsis replies with the full synopsis', async () => {
    const { interaction, recorder } = fakeChatInput('synopsis', { title: '발레리나' });
    await synopsis.execute(interaction, services);
    expect(embedsOf(onlyReply(recorder.replies))[0]?.description).toContain('ballet shoes');
  });

  it('/ask with an answer replies publicly, quoting the question', async () => {
    const { interaction, recorder } = fakeChatInput('ask', { question: 'who plays Choi?' });
    await ask.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(false);
    expect(embedsOf(reply)[0]?.description).toContain('**Choi** is played by **Kim Ji-hun');
  });

  it('/ask without an answer replies privately with example questions', async () => {
    const { interaction, recorder } = fakeChatInput('ask', { question: 'what is the budget?' });
    await ask.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(true);
    expect(embedsOf(reply)[0]?.description).toContain("I don't know that");
  });

  it('/ask picks the film from the title option when there are several', async () => {
    const { interaction, recorder } = fakeChatInput('ask', {
      question: 'how long is it?',
      title: 'the-lantern-keeper-2031',
    });
    await ask.execute(interaction, twoFilms);
    expect(embedsOf(onlyReply(recorder.replies))[0]?.description).toContain('105 minutes');
  });

  it('/ask with a 6,000-character question THEN a clear UserError', async () => {
    const { interaction } = fakeChatInput('ask', { question: 'why '.repeat(1500) });
    expect((await userErrorFrom(() => ask.execute(interaction, services))).message).toContain(
      'please keep it under 300',
    );
  });

  it('/help replies privately', async () => {
    const { interaction, recorder } = fakeChatInput('help', {});
    await help.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(true);
    expect(embedsOf(reply)[0]?.title).toContain('Premiere');
  });
});

describe('autocomplete', () => {
  it.each([
    ['film', 'bal'],
    ['synopsis', 'BALLE'],
    ['ask', '발레'],
    ['cast', 'balerina'],
  ])(
    '/%s title %j → Ballerina, labelled and valued by id, in well under a second',
    async (name, typed) => {
      const command = { film, synopsis, ask, cast }[name];
      const { interaction, recorder } = fakeAutocomplete(name, 'title', { title: typed });
      const started = performance.now();
      await command?.autocomplete(interaction, services);
      expect(performance.now() - started).toBeLessThan(100);
      expect(recorder.choices).toEqual([
        [{ name: 'Ballerina (2023) · Lee Chung-hyun · Netflix', value: 'ballerina-2023' }],
      ]);
    },
  );

  it('GIVEN nothing typed and two films THEN both are offered', async () => {
    const { interaction, recorder } = fakeAutocomplete('film', 'title', { title: '' });
    await film.autocomplete(interaction, twoFilms);
    expect(recorder.choices[0]?.map((c) => c.value)).toEqual([
      'ballerina-2023',
      'the-lantern-keeper-2031',
    ]);
  });

  it('GIVEN a 6,000-character partial title THEN an empty list, not an error', async () => {
    const { interaction, recorder } = fakeAutocomplete('film', 'title', {
      title: 'x'.repeat(6000),
    });
    await film.autocomplete(interaction, services);
    expect(recorder.choices).toEqual([[]]);
  });

  it('GIVEN /cast person being typed THEN actors and characters of the chosen film, any spelling', async () => {
    const { interaction, recorder } = fakeAutocomplete('cast', 'person', {
      title: 'ballerina-2023',
      person: 'ji-hun',
    });
    await cast.autocomplete(interaction, services);
    expect(recorder.choices[0]).toContainEqual({
      name: 'Kim Ji-hun (plays Choi)',
      value: 'Kim Ji-hun',
    });

    const all = fakeAutocomplete('cast', 'person', { title: 'ballerina-2023', person: '' });
    await cast.autocomplete(all.interaction, services);
    expect(all.recorder.choices[0]).toHaveLength(7);
    for (const choice of all.recorder.choices[0] ?? [])
      expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN /cast person typed before any film is chosen THEN no choices and no error', async () => {
    const { interaction, recorder } = fakeAutocomplete('cast', 'person', { person: 'kim' });
    await cast.autocomplete(interaction, services);
    expect(recorder.choices).toEqual([[]]);
  });
});

describe('a release moved with /release set', () => {
  it('GIVEN an owner moved Ballerina a week later THEN /film and /ask show the stored date, not the data file', async () => {
    const clock = new AdjustableClock({ now: () => BEFORE });
    const catalogue = await realCatalogue();
    const moving = await createServices({
      config: loadConfig({ DISCORD_TOKEN: 'test-token' }),
      logger: pino({ level: 'silent' }),
      clock,
      catalogue,
      keyv: new Keyv(),
    });
    const moved = DateTime.fromISO('2023-10-13T08:00', { zone: 'Europe/London' });
    await moving.stores.releases.set('ballerina-2023', moved, '111111111111111111');
    const newStamp = `<t:${moved.toUnixInteger()}:F>`;
    const oldStamp = `<t:${DateTime.fromISO('2023-10-06T08:00:00+01:00').toUnixInteger()}:F>`;

    const overview = fakeChatInput('film', { title: 'ballerina' });
    await film.execute(overview.interaction, moving);
    const shown = JSON.stringify(onlyReply(overview.recorder.replies).embeds);
    expect(shown).toContain(newStamp);
    expect(shown).not.toContain(oldStamp);

    const question = fakeChatInput('ask', { question: 'when is it on Netflix?' });
    await ask.execute(question.interaction, moving);
    const answered = JSON.stringify(onlyReply(question.recorder.replies).embeds);
    expect(answered).toContain(`<t:${moved.toUnixInteger()}:`);
    expect(answered).not.toContain(oldStamp);
  });
});
