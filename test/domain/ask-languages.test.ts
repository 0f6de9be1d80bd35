import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { discordMarkup } from '../../src/discord/format.ts';
import { answerQuestion, type Answer, type AskContext } from '../../src/domain/ask.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import { UserError } from '../../src/domain/errors.ts';
import { shownAs, type UserErrorText } from '../support/replies.ts';
import { releaseDateTime } from '../../src/domain/release.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { realCatalogue } from '../support/films.ts';

const BEFORE = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });
const RELEASE_UNIX = 1696575600;
const translate = createTranslator();

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await realCatalogue();
});

const ask = (question: string, over: Partial<AskContext> = {}): Promise<Answer> =>
  answerQuestion(question, {
    catalogue,
    now: BEFORE,
    releaseOf: (film) => releaseDateTime(film.release),
    format: discordMarkup,
    t: translate,
    ...over,
  });

async function refusal(question: string, over: Partial<AskContext> = {}): Promise<UserErrorText> {
  try {
    await ask(question, over);
  } catch (err) {
    if (err instanceof UserError) return shownAs(err);
    throw err;
  }
  throw new Error(`expected a UserError for ${question}`);
}

describe('/ask in Korean answers every intent from the Korean data', () => {
  it.each([
    ['발레리나 감독이 누구야?', 'director', ['**이충현** 감독', '각본·감독', '콜']],
    ['발레리나 누가 감독?', 'director', ['**이충현**']],
    ['최 역은 누가 맡았어?', 'who-plays', ['**최** 역', '**김지훈** 배우']],
    ['전종서는 무슨 역이야?', 'who-plays', ['**전종서** 배우', '**장옥주** 역']],
    ['악역은 누가 해?', 'who-plays', ['**김지훈**']],
    ['전종서 누구야?', 'who-is', ['**장옥주** 역', '버닝(2018, 드라마 영화)']],
    ['민희는 어떤 인물이야?', 'who-is', ['**박유림** 배우', '비운의 발레리나']],
    ['이충현 감독은 누구야', 'who-is', ['**이충현** 감독']],
    ['박유림 다른 작품 뭐 있어?', 'other-works', ['드라이브 마이 카', '이상한 변호사 우영우']],
    ['김지훈 필모 알려줘', 'other-works', ['논스톱']],
    ['감독 다른 작품은?', 'other-works', ['콜(넷플릭스 공포 영화)']],
    ['러닝타임이 얼마야', 'runtime', ['90분(1시간 30분)']],
    ['장르가 뭐야?', 'genre', ['액션, 복수 스릴러']],
    ['줄거리 알려줘', 'synopsis', ['장옥주는', '발레 슈즈']],
    ['옥주는 왜 복수해?', 'motive', ['발레 슈즈', '**최** 역']],
    ['옥주가 누구를 탓해?', 'motive', ['**최** 역(**김지훈** 배우)']],
    ['영어 제목이 뭐야?', 'title', ['**Ballerina**', '**발레리나**']],
    ['출연진 알려줘', 'cast', ['**전종서** 배우: **장옥주** 역', '**김지훈** 배우: **최** 역']],
    ['박유림도 출연해?', 'in-cast', ['네.', '**민희** 역']],
    ['어느 나라 영화야?', 'origin', ['대한민국', '한국어']],
    ['몇 년도 영화야?', 'year', ['2023년']],
    ['존윅 스핀오프야?', 'disambiguation', ['아니요.', '아나 디 아르마스']],
  ])('%s → %s', async (question, intent, fragments) => {
    const answer = await ask(question);
    expect(answer.intent).toBe(intent);
    expect(answer.answered).toBe(true);
    expect(answer.locale).toBe('ko');
    expect(answer.footer).toBe('〈발레리나〉(2023) 정보 · 제가 가진 영화 데이터로만 답해요');
    for (const fragment of fragments) expect(answer.text).toContain(fragment);
  });

  it('GIVEN "발레리나 언제 나와?" THEN the UK Netflix release as Discord timestamps, in Korean', async () => {
    const answer = await ask('발레리나 언제 나와?');
    expect(answer.intent).toBe('release');
    expect(answer.text).toBe(
      `**발레리나** 공개: 넷플릭스(영국), <t:${RELEASE_UNIX}:F> (<t:${RELEASE_UNIX}:R>).`,
    );
  });

  it('GIVEN a Korean question the data cannot answer THEN "그건 모르겠어요" with Korean example questions', async () => {
    const answer = await ask('더빙 있어?');
    expect(answer.intent).toBe('unknown');
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(
      /^그건 모르겠어요\. 〈발레리나〉\(2023\) 데이터에 더빙 정보는 없어서/,
    );
    expect(answer.text).toContain('• 장옥주 역은 누가 맡았어?');
    expect(answer.text).not.toContain('한국어');
  });

  it('GIVEN a Korean question about another film THEN it says it does not track that film', async () => {
    const err = await refusal('기생충 감독이 누구야?');
    expect(err.message).toContain('“기생충”');
    expect(err.message).not.toContain('이충현');
  });

  it('GIVEN a Korean client asking in English THEN the answer is in Korean', async () => {
    const answer = await ask('who plays Choi?', { locale: 'ko' });
    expect(answer.text).toContain('**최** 역: **김지훈** 배우가 연기해요.');
  });

  it('GIVEN an English client asking in Korean THEN the answer is in Korean too', async () => {
    expect((await ask('러닝타임이 얼마야', { locale: 'en' })).locale).toBe('ko');
  });

  it('GIVEN an English question quoting the Korean title THEN it stays English', async () => {
    const answer = await ask('who directed 발레리나?', { locale: 'en' });
    expect(answer.text).toContain('Ballerina (2023) is by **Lee Chung-hyun');
  });

  it('GIVEN a Hangul name in an English question THEN it is found', async () => {
    expect((await ask('who plays 최?')).text).toContain('**Choi** is played by **Kim Ji-hun');
  });
});

describe('/ask the questions new users typed that used to be missed', () => {
  it.each([
    ['what was jeon jong-seo in before', 'other-works', ['Burning', 'The Call', 'Bargain']],
    ['what role does kim ji-hun have', 'who-plays', ['**Kim Ji-hun** plays **Choi**']],
    ['what is jeon jong-seo known for', 'other-works', ['Burning (2018, drama film)']],
    ['why does ok-ju want revenge', 'motive', ['ballet shoes', 'asking Ok-ju to take revenge']],
    ['who does ok-ju blame', 'motive', ['The one Jang Ok-ju blames: **Choi**', '**Kim Ji-hun**']],
    ["what's the korean title", 'title', ['**발레리나**']],
  ])('%s → %s', async (question, intent, fragments) => {
    const answer = await ask(question);
    expect(answer.intent).toBe(intent);
    expect(answer.answered).toBe(true);
    for (const fragment of fragments) expect(answer.text).toContain(fragment);
  });
});

describe('/ask never answers a different question', () => {
  it.each([
    ['is it dubbed', 'dubbing'],
    ['does it have subtitles', 'subtitles'],
    ['where was it filmed', 'where or how it was filmed'],
    ['is it scary', 'how scary'],
    ['how old is jeon jong-seo', 'age'],
    ['what was the budget', 'budget'],
    ['will there be a sequel', 'sequel'],
    ['who did the music', 'music'],
  ])(
    'GIVEN %j THEN "I don\'t know that" naming what the data lacks, and no fact',
    async (question, topic) => {
      const answer = await ask(question);
      expect(answer.intent).toBe('unknown');
      expect(answer.answered).toBe(false);
      expect(answer.text).toMatch(
        /^I don't know that\. My data on Ballerina \(2023\) says nothing/,
      );
      expect(answer.text.split('\n')[0]).toContain(topic);
      for (const fact of ['South Korea', 'in Korean', 'Action', 'Revenge thriller', '<t:']) {
        expect(answer.text).not.toContain(fact);
      }
      expect(answer.text).toContain('Questions I can answer:');
    },
  );

  it.each(['자막 있어요?', '어디서 촬영했어?', '무서워?'])(
    'GIVEN %j THEN the Korean refusal and no fact',
    async (question) => {
      const answer = await ask(question);
      expect(answer.answered).toBe(false);
      expect(answer.text).toMatch(/^그건 모르겠어요\./);
      expect(answer.text).not.toContain('대한민국');
    },
  );

  it('GIVEN "what time does it release in New York" THEN the UK instant as Discord timestamps, saying it only knows the UK release', async () => {
    const answer = await ask('what time does it release in New York');
    expect(answer.intent).toBe('release');
    expect(answer.answered).toBe(true);
    expect(answer.text).toBe(
      [
        'I only know the UK release. I have nothing for “New York”; Discord shows the time below in your own time zone.',
        `**Ballerina** comes out on Netflix (UK) on <t:${RELEASE_UNIX}:F> (<t:${RELEASE_UNIX}:R>).`,
      ].join('\n'),
    );
  });

  it('GIVEN a question about cinemas THEN it only knows the Netflix release and says so', async () => {
    const answer = await ask('is it in cinemas');
    expect(answer.text).toMatch(/^I only know the UK release\. I have nothing for “cinemas”/);
  });

  it('GIVEN "뉴욕 시간으로 언제 나와?" THEN the Korean caveat and the timestamps', async () => {
    const answer = await ask('뉴욕 시간으로 언제 나와?');
    expect(answer.text).toMatch(/^제가 아는 건 영국 공개뿐이에요\. “뉴욕” 정보는 없어요\./);
    expect(answer.text).toContain(`<t:${RELEASE_UNIX}:F>`);
  });

  it('GIVEN the London release asked about THEN no caveat', async () => {
    expect((await ask('when does it release in london')).text).not.toContain('I only know');
  });

  it('GIVEN "is it a horror?" THEN the genres, which answer it', async () => {
    expect((await ask('is ballerina a horror')).text).toContain('Action, Revenge thriller');
  });
});
