import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { discordMarkup } from '../../src/discord/format.ts';
import { answerQuestion, type Answer, type AskContext } from '../../src/domain/ask.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import { UserError } from '../../src/domain/errors.ts';
import { shownAs, type UserErrorText } from '../support/replies.ts';
import { realCatalogue, twoFilmCatalogue } from '../support/films.ts';
import { releaseDateTime } from '../../src/domain/release.ts';
import { createTranslator } from '../../src/i18n/translator.ts';

const BEFORE = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });
const AFTER = DateTime.fromISO('2023-10-06T08:00:01+01:00', { setZone: true });
const RELEASE_UNIX = 1696575600;

const translate = createTranslator();
let one: Catalogue;
let two: Catalogue;
beforeAll(async () => {
  one = await realCatalogue();
  two = await twoFilmCatalogue();
});

const ctx = (over: Partial<AskContext> = {}): AskContext => ({
  catalogue: one,
  now: BEFORE,
  releaseOf: (film) => releaseDateTime(film.release),
  format: discordMarkup,
  t: translate,
  ...over,
});

const ask = (question: string, over: Partial<AskContext> = {}): Promise<Answer> =>
  answerQuestion(question, ctx(over));

async function refusal(question: string, over: Partial<AskContext> = {}): Promise<UserErrorText> {
  try {
    await ask(question, over);
  } catch (err) {
    if (err instanceof UserError) return shownAs(err);
    throw err;
  }
  throw new Error(`expected a UserError for ${question}`);
}

describe('/ask answers from the data', () => {
  it.each([
    ['who plays Choi?', 'who-plays', ['**Choi** is played by **Kim Ji-hun', 'antagonist']],
    ['Who plays Jang Ok-ju in Ballerina?', 'who-plays', ['**Jeon Jong-seo']],
    ['who plays the ballerina?', 'who-plays', ['**Min-hee** is played by **Park Yu-rim**']],
    ['what role does Jun Jong-seo play?', 'who-plays', ['**Jeon Jong-seo** plays **Jang Ok-ju**']],
    ['who is Choi played by', 'who-plays', ['**Kim Ji-hun']],
    ['who is Jeon Jong-seo?', 'who-is', ['plays **Jang Ok-ju**', 'Burning (2018, drama film)']],
    ['who is Ji-hun Kim?', 'who-is', ['plays **Choi**', 'only acting role']],
    ['who is Min-hee?', 'who-is', ['played by **Park Yu-rim**', 'ill-fated ballerina']],
    ['who is the villain?', 'who-is', ['**Choi**']],
    ['who is the main character?', 'who-is', ['**Jang Ok-ju']],
    ['who is Chung-Hyun Lee?', 'who-is', ['**Lee Chung-hyun', 'writer and director']],
    ['who directed it?', 'director', ['**Lee Chung-hyun', 'The Call', 'Born to Spy']],
    ['Who directed Ballerina?', 'director', ['**Lee Chung-hyun']],
    ['who directed 발레리나?', 'director', ['**Lee Chung-hyun']],
    ['who wrote it?', 'director', ['writer and director']],
    ["who's the director", 'director', ['**Lee Chung-hyun']],
    [
      'what else was Park Yu-rim in?',
      'other-works',
      ['Drive My Car', 'Extraordinary Attorney Woo', 'Miracle Brothers'],
    ],
    ['what else has Kim Ji-hun been in?', 'other-works', ['Nonstop in 2002', 'only acting role']],
    ['What else was Choi in?', 'other-works', ['played by **Kim Ji-hun**', 'Nonstop']],
    [
      'where have I seen Jun Jong-seo before?',
      'other-works',
      ['Burning', 'The Call', 'Bargain', 'Money Heist: Korea'],
    ],
    [
      'what else has Lee Chung-hyun made?',
      'other-works',
      ['The Call (Netflix horror film)', 'Born to Spy (adventure miniseries)'],
    ],
    ['what else has the director made?', 'other-works', ['The Call']],
    ['how long is it?', 'runtime', ['90 minutes (1 h 30 min)']],
    ['how long is balerina', 'runtime', ['90 minutes']],
    ["what's the runtime?", 'runtime', ['90 minutes']],
    ['what genre is it?', 'genre', ['Action, Revenge thriller']],
    ['what kind of movie is Ballerina?', 'genre', ['Action']],
    [
      'what is it about?',
      'synopsis',
      ['Jang Ok-ju is a merciless former bodyguard', 'ballet shoes', 'Choi'],
    ],
    ["what's the plot", 'synopsis', ['ballet shoes']],
    ['tell me about Ballerina', 'synopsis', ['ballet shoes']],
    [
      'who is in it?',
      'cast',
      ['**Jeon Jong-seo** as **Jang Ok-ju**', '**Park Yu-rim**', '**Kim Ji-hun**'],
    ],
    ["who's in the cast of Ballerina?", 'cast', ['**Kim Ji-hun** as **Choi**']],
    ['Is Park Yu-rim in it?', 'in-cast', ['Yes', '**Min-hee**']],
    ['what language is it in?', 'origin', ['South Korea', 'Korean']],
    ['what year is it from?', 'year', ['2023']],
  ])('%s → %s', async (question, intent, fragments) => {
    const answer = await ask(question);
    expect(answer.intent).toBe(intent);
    expect(answer.answered).toBe(true);
    expect(answer.film?.id).toBe('ballerina-2023');
    for (const fragment of fragments) expect(answer.text).toContain(fragment);
  });

  it.each([
    'when is it on Netflix?',
    'when does it come out?',
    'where can I watch it?',
    'is it out yet?',
    'how long until it comes out?',
    'release date?',
    'when is Ballerina released in the UK',
  ])(
    'GIVEN the day before release WHEN asked %j THEN Netflix, the UK and both timestamps',
    async (question) => {
      const answer = await ask(question);
      expect(answer.intent).toBe('release');
      expect(answer.text).toBe(
        `**Ballerina** comes out on Netflix (UK) on <t:${RELEASE_UNIX}:F> (<t:${RELEASE_UNIX}:R>).`,
      );
    },
  );

  it('GIVEN one second after release THEN it is out now since the date', async () => {
    const answer = await ask('when is it on Netflix?', { now: AFTER });
    expect(answer.text).toBe(
      `**Ballerina** is out now on Netflix (UK), since <t:${RELEASE_UNIX}:D>.`,
    );
  });

  it('GIVEN a question about another country THEN it says it only knows the UK release', async () => {
    const answer = await ask('when is it out in the US?');
    expect(answer.text).toMatch(/^I only know the UK release\./);
  });

  it('GIVEN the release store moved the release THEN the answer uses the moved instant', async () => {
    const moved = DateTime.fromISO('2023-10-13T08:00', { zone: 'Europe/London' });
    const answer = await ask('when is it out?', { releaseOf: () => Promise.resolve(moved) });
    expect(answer.text).toContain(`<t:${moved.toSeconds()}:F>`);
  });

  it('GIVEN "how long until it comes out?" THEN it answers the release, not the runtime', async () => {
    expect((await ask('how long until it comes out?')).intent).toBe('release');
  });
});

describe('/ask and the other Ballerina', () => {
  it.each([
    'is this the John Wick one?',
    'Is this the John Wick spin-off?',
    'Is Ana de Armas in it?',
    'is it the one with Keanu? the john wick spinoff',
  ])('%s → "No." and the disambiguation note', async (question) => {
    const answer = await ask(question);
    expect(answer.intent).toBe('disambiguation');
    expect(answer.text).toMatch(
      /^No\. This is the 2023 South Korean Netflix film Ballerina, not the John Wick spin-off/,
    );
  });

  it('GIVEN "who plays John Wick?" THEN it never answers with Ballerina\'s cast', async () => {
    const answer = await ask('who plays John Wick?');
    expect(answer.intent).toBe('disambiguation');
    expect(answer.text).toContain('I only track Ballerina (2023)');
    for (const name of ['Jeon Jong-seo', 'Park Yu-rim', 'Kim Ji-hun'])
      expect(answer.text).not.toContain(name);
  });

  it('GIVEN "what else was Ana de Armas in?" THEN it explains the mix-up instead of inventing works', async () => {
    const answer = await ask('what else was Ana de Armas in?');
    expect(answer.intent).toBe('disambiguation');
    expect(answer.text).not.toContain('Drive My Car');
  });
});

describe('/ask refuses honestly', () => {
  it.each([
    'what is the budget?',
    'does it have a sequel?',
    'is it any good?',
    'hello',
    'what is the box office?',
  ])('%s → "I don\'t know that" with the questions it can answer', async (question) => {
    const answer = await ask(question);
    expect(answer.intent).toBe('unknown');
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/^I don't know that\./);
    expect(answer.text).toContain('who plays Jang Ok-ju?');
    expect(answer.text).toContain('when is it on Netflix?');
    expect(answer.text).toContain('is this the John Wick one?');
  });

  it.each([
    ['who directed Oldboy?', '“Oldboy”'],
    ['how long is Oldboy?', '“Oldboy”'],
    ["what's Oldboy's runtime?", '“Oldboy”'],
    ['when is Dune out?', '“Dune”'],
    ['what is Parasite about?', '“Parasite”'],
    ['who plays Choi in Oldboy?', '“Oldboy”'],
  ])(
    'GIVEN %s THEN it says it does not track that film and answers nothing about Ballerina',
    async (question, quoted) => {
      const err = await refusal(question);
      expect(err.message).toContain(`I don't track a film called ${quoted}`);
      expect(err.message).not.toContain('Lee Chung-hyun');
    },
  );

  it.each(['who plays Harry Potter?', 'who is Bong Joon-ho?', 'what else was Tom Cruise in?'])(
    'GIVEN %s THEN no one by that name, with the cast suggested',
    async (question) => {
      const err = await refusal(question);
      expect(err.message).toMatch(/^No one called “.+” is in Ballerina \(2023\) as far as I know/);
      expect(err.suggestions).toEqual([
        'Jeon Jong-seo as Jang Ok-ju',
        'Park Yu-rim as Min-hee',
        'Kim Ji-hun as Choi',
      ]);
    },
  );

  it('GIVEN "is Tom Cruise in it?" THEN "not that I know of" and the cast', async () => {
    const answer = await ask('is Tom Cruise in it?');
    expect(answer.intent).toBe('in-cast');
    expect(answer.text).toContain('Not that I know of');
    expect(answer.text).toContain('Kim Ji-hun (Choi)');
  });

  it('GIVEN a writer question for a film whose data names only a director THEN it does not guess', async () => {
    const answer = await ask('who wrote it?', { catalogue: two, title: 'The Lantern Keeper' });
    expect(answer.answered).toBe(false);
    expect(answer.text).toContain("I don't know who wrote");
  });
});

describe('/ask with bad input', () => {
  it.each([
    ['', 'Ask me a question'],
    ['\u200b\u200f', 'Ask me a question'],
    ['💃🩰?!', 'Ask me a question'],
    ['@everyone', 'Ask me a question'],
    ['w'.repeat(6000), '6000 characters'],
  ])('GIVEN %j THEN a clear UserError', async (question, expected) => {
    expect((await refusal(question)).message).toContain(expected);
  });

  it('GIVEN @everyone in front of a real question THEN the mention is ignored and the question answered', async () => {
    const answer = await ask('@everyone <@&123456789012345678> who plays choi?');
    expect(answer.intent).toBe('who-plays');
    expect(answer.text).not.toContain('@');
  });

  it('GIVEN zero-width characters and RTL marks inside words THEN the question still reads', async () => {
    expect((await ask('who p\u200blays C\u200fhoi\u200d?')).intent).toBe('who-plays');
  });

  it('GIVEN an unknown person with markdown and a mention THEN the quote in the reply is inert', async () => {
    const err = await refusal('who plays **Harry** `Potter` <@123456789012345678>?');
    expect(err.message).toContain('“Harry Potter”');
    expect(err.message).not.toMatch(/[@*`<>]/);
  });
});

describe('/ask with more than one film', () => {
  it('GIVEN no title and no film in the question THEN it asks which film', async () => {
    const err = await refusal('how long is it?', { catalogue: two });
    expect(err.message).toContain('Which film do you mean?');
    expect(err.suggestions).toEqual(['Ballerina (2023)', 'The Lantern Keeper (2031)']);
  });

  it('GIVEN the question names the film THEN it answers about that film', async () => {
    expect((await ask('how long is The Lantern Keeper?', { catalogue: two })).text).toContain(
      '105 minutes (1 h 45 min)',
    );
    expect((await ask('how long is ballerina?', { catalogue: two })).text).toContain('90 minutes');
    expect(
      (await ask('who plays Maelle?', { catalogue: two, title: 'lantern keeper' })).text,
    ).toContain('**Élodie Brévin**');
  });

  it('GIVEN the title option THEN the question is about that film', async () => {
    const answer = await ask('who directed it?', {
      catalogue: two,
      title: 'the-lantern-keeper-2031',
    });
    expect(answer.text).toContain('**Zoë Ålander**');
  });

  it('GIVEN a person of the other film THEN Ballerina does not claim them', async () => {
    const err = await refusal('who plays Maelle?', { catalogue: two, title: 'ballerina' });
    expect(err.message).toContain('No one called');
  });

  it('GIVEN a title option and a question naming the other film THEN it asks which one', async () => {
    const err = await refusal('how long is The Lantern Keeper?', {
      catalogue: two,
      title: 'ballerina',
    });
    expect(err.message).toContain('which one?');
  });

  it('GIVEN an unknown title option THEN the title error, not an answer', async () => {
    const err = await refusal('how long is it?', { catalogue: two, title: 'Oldboy' });
    expect(err.message).toContain("I don't track a film called “Oldboy”");
  });
});
