import type { APIEmbed, InteractionReplyOptions } from 'discord.js';
import { Keyv } from 'keyv';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import ask from '../../commands/ask.ts';
import cast from '../../commands/cast.ts';
import film from '../../commands/film.ts';
import help from '../../commands/help.ts';
import { commands } from '../../commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Services } from '../../src/discord/command.ts';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { createServices } from '../../src/services.ts';
import { fakeAutocomplete, fakeButton, fakeChatInput } from '../support/fake-interactions.ts';
import { realCatalogue } from '../support/films.ts';
import { isPrivate, userErrorFrom } from '../support/replies.ts';

const BEFORE = DateTime.fromISO('2023-10-05T09:00', { zone: 'Europe/London' });
let services: Services;

beforeAll(async () => {
  const clock = new AdjustableClock({ now: () => BEFORE });
  const logger = pino({ level: 'silent' });
  services = await createServices({
    config: loadConfig({ DISCORD_TOKEN: 'test-token' }),
    logger,
    clock,
    catalogue: await realCatalogue(),
    keyv: new Keyv(),
  });
});

const onlyReply = (replies: InteractionReplyOptions[]): InteractionReplyOptions => {
  expect(replies).toHaveLength(1);
  const [reply] = replies;
  if (reply === undefined) throw new Error('no reply');
  return reply;
};
const embedsOf = (reply: InteractionReplyOptions) => (reply.embeds ?? []) as APIEmbed[];

describe('/cast with Hangul names', () => {
  it.each([
    ['전종서', 'Jeon Jong-seo'],
    ['종서', 'Jeon Jong-seo'],
    ['최', 'Kim Ji-hun as Choi'],
    ['장옥주', 'Jeon Jong-seo as Jang Ok-ju'],
    ['이충현', 'Lee Chung-hyun'],
  ])('GIVEN an English client typing person:%s THEN %s', async (person, title) => {
    const { interaction, recorder } = fakeChatInput('cast', { title: '발레리나', person }, 'en-GB');
    await cast.execute(interaction, services);
    expect(embedsOf(onlyReply(recorder.replies))[0]?.title).toContain(title);
  });

  it.each([
    ['전종서', '전종서 배우: 장옥주 역 · 〈발레리나〉(2023)'],
    ['종서', '전종서 배우: 장옥주 역 · 〈발레리나〉(2023)'],
    ['최', '김지훈 배우: 최 역 · 〈발레리나〉(2023)'],
    ['Kim Ji-hun', '김지훈 배우: 최 역 · 〈발레리나〉(2023)'],
    ['이충현', '이충현'],
  ])(
    'GIVEN a Korean client typing person:%s THEN the card is in Korean: %s',
    async (person, title) => {
      const { interaction, recorder } = fakeChatInput('cast', { title: '발레리나', person }, 'ko');
      await cast.execute(interaction, services);
      const [card] = embedsOf(onlyReply(recorder.replies));
      expect(card?.title).toBe(title);
      if (person !== '이충현') {
        expect(card?.fields?.map((f) => f.name)).toEqual(['배우', '역', '다른 출연작']);
      } else {
        expect(card?.description).toBe('〈발레리나〉(2023)의 각본·감독.');
      }
    },
  );

  it('GIVEN a Korean client asking for the whole cast THEN every line is in Korean', async () => {
    const { interaction, recorder } = fakeChatInput('cast', { title: 'ballerina' }, 'ko');
    await cast.execute(interaction, services);
    const [card] = embedsOf(onlyReply(recorder.replies));
    expect(card?.title).toBe('〈발레리나〉(2023): 출연진');
    expect(card?.description).toBe('각본·감독: **이충현**');
    expect(card?.fields?.map((f) => f.name)).toEqual([
      '전종서 배우: 장옥주 역',
      '박유림 배우: 민희 역',
      '김지훈 배우: 최 역',
    ]);
  });

  it('GIVEN a Korean client typing a person with no name in it THEN the refusal names the option as a Korean client shows it', async () => {
    const { interaction } = fakeChatInput('cast', { title: '발레리나', person: '🩰💃' }, 'ko');
    const shown = await userErrorFrom(() => cast.execute(interaction, services), 'ko');
    expect(shown.message).toBe(
      '`인물`(`person`) 옵션에 이름이 없어요. 〈발레리나〉(2023)의 배우나 등장인물 이름을 입력하거나, 비워 두면 출연진 전체를 보여 드려요:',
    );
  });

  it('GIVEN a Hangul name nobody in the film has THEN the usual "no one called" error', async () => {
    const { interaction } = fakeChatInput('cast', { title: '발레리나', person: '송강호' }, 'ko');
    expect((await userErrorFrom(() => cast.execute(interaction, services))).message).toContain(
      '“송강호”',
    );
  });

  it('GIVEN a Korean client typing a person THEN the choices are labelled in Korean', async () => {
    const { interaction, recorder } = fakeAutocomplete(
      'cast',
      'person',
      { title: 'ballerina-2023', person: '전' },
      'ko',
    );
    await cast.autocomplete(interaction, services);
    expect(recorder.choices[0]).toContainEqual({
      name: '전종서 (장옥주 역)',
      value: 'Jeon Jong-seo',
    });

    const all = fakeAutocomplete('cast', 'person', { title: 'ballerina-2023', person: '' }, 'ko');
    await cast.autocomplete(all.interaction, services);
    expect(all.recorder.choices[0]?.map((c) => c.name)).toEqual([
      '전종서 (장옥주 역)',
      '장옥주 (전종서 배우)',
      '박유림 (민희 역)',
      '민희 (박유림 배우)',
      '김지훈 (최 역)',
      '최 (김지훈 배우)',
      '이충현 (각본·감독)',
    ]);
  });
});

describe('/film 발레리나', () => {
  it('GIVEN the Korean title typed by an English client THEN the Ballerina overview', async () => {
    const { interaction, recorder } = fakeChatInput('film', { title: '발레리나' }, 'en-GB');
    await film.execute(interaction, services);
    expect(embedsOf(onlyReply(recorder.replies))[0]?.title).toBe('Ballerina (발레리나) · 2023');
  });

  it('GIVEN a Korean client THEN the overview, its buttons and the release line are in Korean', async () => {
    const { interaction, recorder } = fakeChatInput('film', { title: '발레리나' }, 'ko');
    await film.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    const [card] = embedsOf(reply);
    expect(card?.title).toBe('발레리나 · 2023');
    expect(card?.fields?.map((f) => f.name)).toEqual([
      '각본·감독',
      '러닝타임',
      '장르',
      '공개',
      '주연',
      '헷갈리지 마세요',
    ]);
    expect(card?.fields?.[0]?.value).toBe('이충현');
    expect(card?.fields?.[1]?.value).toBe('1시간 30분');
    // The date stays a Discord timestamp: each reader's client shows it in their zone and language.
    expect(card?.fields?.[3]?.value).toBe('넷플릭스(영국): <t:1696575600:F> (<t:1696575600:R>)');
    expect(card?.fields?.[4]?.value).toContain('**전종서** 배우: 장옥주 역');
    expect(card?.description).not.toMatch(/[A-Za-z]{4,}/);
    expect(JSON.stringify(reply.components)).toContain('"label":"알림 받기"');
    // A footer shows no markdown: the commands are plain text, named as a Korean client shows them.
    expect(card?.footer?.text).toBe(
      '대한민국 · 한국어 · /출연진(/cast), /줄거리(/synopsis), /질문(/ask)으로 더 알아보세요',
    );
  });

  it('GIVEN a Korean client clicking a button for a film no longer tracked THEN the refusal names /film as a Korean client shows it', async () => {
    const { interaction } = fakeButton('film:cast:gone-1999');
    const shown = await userErrorFrom(
      () => film.buttons.cast(interaction, ['gone-1999'], services),
      'ko',
    );
    expect(shown.message).toBe(
      '이 버튼의 영화는 이제 다루지 않아요. `/영화`(`/film`)로 다시 찾아보세요.',
    );
  });

  it('GIVEN a Korean client typing a film I do not track THEN the refusal is in Korean', async () => {
    const { interaction } = fakeChatInput('film', { title: 'Oldboy' }, 'ko');
    const shown = await userErrorFrom(() => film.execute(interaction, services), 'ko');
    expect(shown.message).toBe('다루지 않는 영화예요: “Oldboy”. 제가 아는 영화:');
    expect(shown.suggestions).toEqual(['〈발레리나〉(2023)']);
  });

  it('GIVEN a Korean client typing a title THEN the choice label is in Korean and the value the id', async () => {
    const { interaction, recorder } = fakeAutocomplete('film', 'title', { title: '발레' }, 'ko');
    await film.autocomplete(interaction, services);
    expect(recorder.choices).toEqual([
      [{ name: '발레리나 (2023) · 이충현 · 넷플릭스', value: 'ballerina-2023' }],
    ]);
  });

  it('GIVEN an English client typing the Korean title THEN the English label', async () => {
    const { interaction, recorder } = fakeAutocomplete('film', 'title', { title: '발레' }, 'en-GB');
    await film.autocomplete(interaction, services);
    expect(recorder.choices[0]?.[0]?.name).toBe('Ballerina (2023) · Lee Chung-hyun · Netflix');
  });
});

describe('/ask from a Korean client', () => {
  it('GIVEN a Korean question THEN a public Korean answer with a Korean footer', async () => {
    const { interaction, recorder } = fakeChatInput(
      'ask',
      { question: '최 역은 누가 맡았어?' },
      'ko',
    );
    await ask.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(false);
    const [embed] = embedsOf(reply);
    expect(embed?.description).toContain('**최** 역: **김지훈** 배우가 연기해요.');
    expect(embed?.footer?.text).toBe('〈발레리나〉(2023) 정보 · 제가 가진 영화 데이터로만 답해요');
  });

  it('GIVEN a question the data cannot answer THEN a private Korean "그건 모르겠어요"', async () => {
    const { interaction, recorder } = fakeChatInput('ask', { question: 'is it dubbed?' }, 'ko');
    await ask.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(true);
    expect(embedsOf(reply)[0]?.description).toContain(
      '그건 모르겠어요. 〈발레리나〉(2023) 데이터에 더빙',
    );
  });
});

/** Every name a Korean client's command picker shows under `/name`: its subcommands and options, at any depth. */
function koreanNamesUnder(name: string): Set<string> {
  type Node = {
    name: string;
    name_localizations?: Readonly<Record<string, string | null>> | null;
    options?: readonly Node[];
  };
  const names = new Set<string>();
  const walk = (node: Node) => {
    names.add(node.name_localizations?.ko ?? node.name);
    node.options?.forEach(walk);
  };
  const command = commands.find((c) => (c.data.name_localizations?.ko ?? c.data.name) === name);
  if (command !== undefined) (command.data.options as readonly Node[] | undefined)?.forEach(walk);
  return names;
}

describe('/help from a Korean client', () => {
  it('GIVEN a Korean client THEN the whole help is in Korean, privately, with the films it tracks', async () => {
    const { interaction, recorder } = fakeChatInput('help', {}, 'ko');
    await help.execute(interaction, services);
    const reply = onlyReply(recorder.replies);
    expect(isPrivate(reply)).toBe(true);
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Premiere: 영화 정보와 공개 카운트다운');
    expect(embed?.description?.split('\n')).toEqual([
      '제가 가진 영화 데이터로 영화에 대한 질문에 답하고, 영화가 공개되기 전에 알려 드리고, 채널에 카운트다운을 올려요.',
      '제가 다루는 영화: 〈발레리나〉(2023).',
      '`제목` 옵션에 제목을 입력하기 시작하면 목록에서 영화를 고를 수 있어요.',
    ]);
    expect(embed?.fields?.map((f) => f.name)).toEqual([
      '영화 정보',
      '알림',
      '카운트다운 (서버 관리 권한 필요)',
      '공개일',
      '저장하는 정보',
      '내 정보 삭제',
    ]);
    expect(embed?.fields?.[1]?.value).toContain('알림은 한 번에 25개까지 둘 수 있어요.');
    // Outside code spans and the English command names in brackets, no English words are left.
    for (const field of embed?.fields ?? []) {
      const prose = field.value.replace(/`[^`]*`/g, '').replace(/\(\/[a-z ]+\)/g, '');
      expect(prose, field.name).not.toMatch(/\b(the|and|your|you|or|a)\b/i);
    }
  });

  it('GIVEN the Korean help THEN every command in it is written as a Korean client shows it, with its English name beside it', async () => {
    const { interaction, recorder } = fakeChatInput('help', {}, 'ko');
    await help.execute(interaction, services);
    const [embed] = embedsOf(onlyReply(recorder.replies));
    const text = (embed?.fields ?? []).map((f) => f.value).join('\n');
    const usages = [...text.matchAll(/`\/([^`]+)`/g)].map((m) => (m[1] ?? '').split(' '));
    const koreanUsages = usages.filter(([name]) => !/^[a-z]+$/.test(name ?? ''));
    // Every command but /help itself appears under its Korean name, and under its English name.
    for (const command of commands.filter((c) => c.data.name !== 'help')) {
      const korean = command.data.name_localizations?.ko;
      expect(korean, command.data.name).toBeDefined();
      expect(koreanUsages.map(([name]) => name)).toContain(korean);
      expect(text).toContain(`\`/${command.data.name}`);
    }
    // Each word after a Korean command name is one of its Korean subcommand or option names.
    for (const [name = '', ...words] of koreanUsages) {
      const known = koreanNamesUnder(name);
      for (const word of words)
        expect(known, `/${name} ${word}`).toContain(word.replace(/^\[|\]$/g, ''));
    }
  });

  it('GIVEN an English client THEN /help stays in English', async () => {
    const { interaction, recorder } = fakeChatInput('help', {}, 'en-GB');
    await help.execute(interaction, services);
    const [embed] = embedsOf(onlyReply(recorder.replies));
    expect(embed?.title).toBe('Premiere: film facts and release countdowns');
    expect(embed?.description).toContain('Films I track: Ballerina (2023).');
  });
});
