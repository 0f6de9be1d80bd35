import {
  MessageFlags,
  MessageFlagsBitField,
  PermissionFlagsBits,
  PermissionsBitField,
  type APIApplicationCommandOptionChoice,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
} from 'discord.js';
import type { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import release from '../../commands/release.ts';
import reminders from '../../commands/reminders.ts';
import remindme from '../../commands/remindme.ts';
import { loadConfig } from '../../src/config.ts';
import type { Services } from '../../src/discord/command.ts';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { createServices, type Stores } from '../../src/services.ts';
import { isPrivate, userErrorFrom } from '../support/replies.ts';
import { realCatalogue } from '../support/films.ts';
import {
  CHANNEL,
  GUILD,
  london,
  memoryKeyv,
  silentLogger,
  userId,
} from '../support/reminder-fixtures.ts';
import { releaseDateTime } from '../../src/domain/release.ts';

const OWNER = '111111111111111111';
const ME = userId(1);
const RELEASE = london('2023-10-06T08:00');
const unix = (dt: DateTime) => Math.floor(dt.toSeconds());

interface Context {
  /** In a guild channel (default) or in DMs with the bot. */
  inGuild?: boolean;
  botCanPost?: boolean;
  /** Run in a voice channel's text chat instead of a text channel. */
  voice?: boolean;
  user?: string;
  /** The client's language (default en-GB). */
  locale?: string;
}

interface Recorded {
  replies: (InteractionReplyOptions & { content?: string; embeds?: APIEmbed[] })[];
  updates: unknown[];
  choices: APIApplicationCommandOptionChoice[][];
}

/** Just the parts of a discord.js interaction these commands read, with replies recorded. */
function interaction(
  options: Record<string, string | undefined>,
  context: Context = {},
  subcommand?: string,
  focused?: string,
) {
  const recorded: Recorded = { replies: [], updates: [], choices: [] };
  const inGuild = context.inGuild ?? true;
  const fake = {
    user: { id: context.user ?? ME },
    locale: context.locale ?? 'en-GB',
    guildId: inGuild ? GUILD : null,
    channelId: inGuild ? CHANNEL : '500000000000000001',
    channel: {
      isTextBased: () => true,
      isVoiceBased: () => context.voice === true,
      isThread: () => false,
    },
    inGuild: () => inGuild,
    appPermissions: new PermissionsBitField(
      context.botCanPost === false
        ? PermissionFlagsBits.ViewChannel
        : PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
    ),
    memberPermissions: new PermissionsBitField(
      PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
    ),
    message: { flags: new MessageFlagsBitField(MessageFlags.Ephemeral) },
    options: {
      getString: (name: string, required = false) => {
        const value = options[name];
        if (value === undefined && required) throw new TypeError(`option ${name} is required`);
        return value ?? null;
      },
      getSubcommand: () => subcommand,
      getFocused: (full = false) =>
        full
          ? { name: focused, value: options[focused ?? ''] ?? '' }
          : (options[focused ?? ''] ?? ''),
    },
    reply: (body: Recorded['replies'][number]) => {
      recorded.replies.push(body);
      return Promise.resolve();
    },
    update: (body: unknown) => {
      recorded.updates.push(body);
      return Promise.resolve();
    },
    respond: (choices: APIApplicationCommandOptionChoice[]) => {
      recorded.choices.push(choices);
      return Promise.resolve();
    },
  };
  return {
    chat: fake as unknown as ChatInputCommandInteraction,
    button: fake as unknown as ButtonInteraction,
    autocomplete: fake as unknown as AutocompleteInteraction,
    recorded,
  };
}

let services: Services;
let clock: AdjustableClock;
let store: Stores['reminders'];
let users: Stores['users'];

beforeEach(async () => {
  const keyv = memoryKeyv();
  clock = new AdjustableClock();
  clock.set(london('2023-10-01T12:00'));
  const built = await createServices({
    config: loadConfig({ DISCORD_TOKEN: 'test-token', OWNER_IDS: OWNER }),
    logger: silentLogger,
    clock,
    catalogue: await realCatalogue(),
    keyv,
    reminderPages: 4,
  });
  ({ reminders: store, users } = built.stores);
  services = built;
});

/** The first of a list that must not be empty. */
function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one');
  return item;
}

const onlyReply = (recorded: Recorded) => {
  expect(recorded.replies).toHaveLength(1);
  const reply = recorded.replies[0];
  if (reply === undefined) throw new Error('no reply');
  return reply;
};
const customIds = (reply: unknown) =>
  [...JSON.stringify(reply).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]);

describe('/remindme', () => {
  it('GIVEN a Korean client THEN the confirmation and its buttons are in Korean, the reminder keeps ko, the instants stay timestamps', async () => {
    const { chat, recorded } = interaction({ title: '발레리나' }, { locale: 'ko' });
    await remindme.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    const due = RELEASE.minus({ days: 1 });
    expect(reply.content?.split('\n')).toEqual([
      `✅ **〈발레리나〉(2023)** 공개 하루 전에 DM으로 알려 드릴게요: <t:${unix(due)}:F> (<t:${unix(due)}:R>).`,
      `공개: 넷플릭스(영국), <t:${unix(RELEASE)}:F> (<t:${unix(RELEASE)}:R>).`,
      '서버 멤버의 DM을 허용해 두세요. 그렇지 않으면 알려 드릴 수 없어요. `/알림목록 목록`(`/reminders list`)으로 내 알림을 볼 수 있어요.',
    ]);
    expect(await store.listForUser(ME)).toMatchObject([
      { offset: 'day', where: 'dm', locale: 'ko' },
    ]);

    const button = interaction({}, { locale: 'ko' });
    await remindme.buttons.add(button.button, ['ballerina-2023'], services);
    const offer = onlyReply(button.recorded);
    expect(offer.content).toContain('이미 있는 알림이에요');
  });

  it('GIVEN a Korean client asking where:here outside a server THEN the refusal is in Korean', async () => {
    const { chat } = interaction(
      { title: 'ballerina', where: 'here' },
      { inGuild: false, locale: 'ko' },
    );
    const shown = await userErrorFrom(() => remindme.execute(chat, services), 'ko');
    expect(shown.message).toBe(
      '`어디서`(`where`)를 `여기, 이 채널에서 (나만 멘션)`(`here`)으로 고르는 건 서버 채널에서만 할 수 있어요. 여기서는 `어디서`(`where`)를 비워 두면 DM으로 알려 드려요.',
    );
  });

  it('GIVEN a Korean client sending a when or where that is not a choice THEN the refusal lists the choices as a Korean client shows them', async () => {
    const when = await userErrorFrom(
      () =>
        remindme.execute(
          interaction({ title: 'ballerina', when: 'fortnight' }, { locale: 'ko' }).chat,
          services,
        ),
      'ko',
    );
    expect(when.message).toBe(
      '"fortnight"는 선택지가 아니에요: `일주일 전`(`week`), `하루 전 (기본)`(`day`), `한 시간 전`(`hour`), `공개 시각에`(`release`) 중에서 고르세요.',
    );
    const where = await userErrorFrom(
      () =>
        remindme.execute(
          interaction({ title: 'ballerina', where: 'email' }, { locale: 'ko' }).chat,
          services,
        ),
      'ko',
    );
    expect(where.message).toBe(
      '"email"는 선택지가 아니에요: `DM으로 (기본)`(`dm`) 또는 `여기, 이 채널에서 (나만 멘션)`(`here`) 중에서 고르세요.',
    );
    expect(await store.listForUser(ME)).toEqual([]);
  });

  it('GIVEN a Korean client clicking a Remind me button with a moment this version lacks THEN the refusal names /remindme as a Korean client shows it', async () => {
    const { button } = interaction({}, { locale: 'ko' });
    const shown = await userErrorFrom(
      () => remindme.buttons.add(button, ['ballerina-2023', 'fortnight'], services),
      'ko',
    );
    expect(shown.message).toBe(
      '이 버튼은 더 이상 작동하지 않아요. `/알림받기`(`/remindme`)를 쓰세요.',
    );
  });

  it('GIVEN a Korean client asking where:here in a channel the bot cannot post in THEN the way out names the option as a Korean client shows it', async () => {
    const shown = await userErrorFrom(
      () =>
        remindme.execute(
          interaction({ title: 'ballerina', where: 'here' }, { botCanPost: false, locale: 'ko' })
            .chat,
          services,
        ),
      'ko',
    );
    expect(shown.suggestions).toEqual([
      '`어디서`(`where`)를 비워 DM으로 받거나, 관리자에게 제가 여기에 글을 올릴 수 있게 해 달라고 하세요.',
    ]);
    expect(await store.listForUser(ME)).toEqual([]);
  });

  it('GIVEN a Korean client asking where:here in a voice channel THEN the refusal names the option as a Korean client shows it', async () => {
    const { chat } = interaction(
      { title: 'ballerina', where: 'here' },
      { voice: true, locale: 'ko' },
    );
    const shown = await userErrorFrom(() => remindme.execute(chat, services), 'ko');
    expect(shown.message).toBe(
      '알림은 텍스트 채널에만 올릴 수 있어요. 텍스트 채널에서 실행하거나 `어디서`(`where`)를 비워 DM으로 받으세요.',
    );
  });

  it('GIVEN a Korean client whose DMs are closed to the bot, asking from a DM THEN the refusal says how to pick this channel, in Korean names', async () => {
    const closed = await createServices({
      config: loadConfig({ DISCORD_TOKEN: 'test-token', OWNER_IDS: OWNER }),
      logger: silentLogger,
      clock,
      catalogue: await realCatalogue(),
      keyv: memoryKeyv(),
      notifier: () => ({
        ensureDmChannel: () => Promise.resolve(),
        tryDirectMessage: () => Promise.resolve('dm_closed' as const),
      }),
    });
    const { chat, recorded } = interaction(
      { title: 'ballerina' },
      { inGuild: false, locale: 'ko' },
    );
    await remindme.execute(chat, closed);
    expect(onlyReply(recorded).content).toBe(
      'DM을 보낼 수 없어요: 저에게서 오는 DM이 막혀 있어서 DM 알림은 도착하지 못해요. 그래서 알림을 저장하지 않았어요. 서버 멤버의 DM을 허용한 뒤 다시 요청하거나, 서버 채널에서 `/알림받기`(`/remindme`)의 `어디서`(`where`)를 `여기, 이 채널에서 (나만 멘션)`(`here`)으로 고르세요.',
    );
  });

  it('GIVEN a typed title and no options THEN a day-before DM reminder is stored and confirmed privately with the exact instant', async () => {
    const { chat, recorded } = interaction({ title: 'ballerina' });
    await remindme.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    const due = RELEASE.minus({ days: 1 });
    expect(reply.content).toContain(
      `by DM a day before release of **Ballerina (2023)**: <t:${unix(due)}:F> (<t:${unix(due)}:R>)`,
    );
    expect(reply.content).toContain(`<t:${unix(RELEASE)}:F>`);
    expect(await store.listForUser(ME)).toMatchObject([
      { offset: 'day', where: 'dm', filmId: 'ballerina-2023' },
    ]);
  });

  it('GIVEN the same request twice THEN the second says "you already have that" and nothing new is stored', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }).chat, services);
    const again = interaction({ title: 'ballerina', when: 'hour' });
    await remindme.execute(again.chat, services);
    expect(onlyReply(again.recorded).content).toMatch(/^You already have that reminder/);
    expect(await store.listForUser(ME)).toHaveLength(1);
  });

  it('GIVEN a week before release has passed THEN it is explained and the moments still ahead are offered as buttons', async () => {
    const { chat, recorded } = interaction({ title: 'ballerina', when: 'week' });
    await remindme.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    expect(reply.content).toContain('that moment has passed');
    expect(customIds(reply)).toEqual([
      'remindme:add:ballerina-2023:day',
      'remindme:add:ballerina-2023:hour',
      'remindme:add:ballerina-2023:release',
    ]);
    expect(await store.listForUser(ME)).toEqual([]);
  });

  it('GIVEN the film is out THEN it says out now and where to watch, and stores nothing', async () => {
    clock.set(RELEASE.plus({ days: 2 }));
    const { chat, recorded } = interaction({ title: 'ballerina', when: 'release' });
    await remindme.execute(chat, services);
    expect(onlyReply(recorded).content).toContain('is out now: it came out on Netflix (UK)');
    expect(await store.listForUser(ME)).toEqual([]);
  });

  it('GIVEN where:here in a channel the bot can post in THEN the reminder is tied to this channel', async () => {
    const { chat, recorded } = interaction({ title: 'ballerina', where: 'here' });
    await remindme.execute(chat, services);
    expect(onlyReply(recorded).content).toContain(`here in <#${CHANNEL}>`);
    expect(await store.listForUser(ME)).toMatchObject([
      { where: 'here', channelId: CHANNEL, guildId: GUILD },
    ]);
  });

  it('GIVEN where:here in a DM THEN it is refused with a way out', async () => {
    const err = await userErrorFrom(() =>
      remindme.execute(
        interaction({ title: 'ballerina', where: 'here' }, { inGuild: false }).chat,
        services,
      ),
    );
    expect(err.message).toContain('works in a server channel only');
  });

  it('GIVEN where:here in a channel the bot cannot post in THEN it is refused before anything is stored', async () => {
    const err = await userErrorFrom(() =>
      remindme.execute(
        interaction({ title: 'ballerina', where: 'here' }, { botCanPost: false }).chat,
        services,
      ),
    );
    expect(err.message).toContain('I need View Channel and Send Messages');
    expect(await store.listForUser(ME)).toEqual([]);
  });

  it('GIVEN 25 reminders THEN a 26th gets a clear message naming the cap', async () => {
    for (const when of ['day', 'hour', 'release'])
      await remindme.execute(interaction({ title: 'ballerina', when }).chat, services);
    for (let i = 0; i < 22; i++) {
      await store.add(
        {
          ...first(await store.listForUser(ME)),
          id: `filler${i}`,
          where: 'here',
          channelId: String(600000000000000000n + BigInt(i)),
          guildId: GUILD,
        },
        () => true,
      );
    }
    const { chat, recorded } = interaction({ title: 'ballerina', where: 'here' });
    await remindme.execute(chat, services);
    expect(onlyReply(recorded).content).toContain('You already have 25 reminders');

    const korean = interaction({ title: 'ballerina', where: 'here' }, { locale: 'ko' });
    await remindme.execute(korean.chat, services);
    expect(onlyReply(korean.recorded).content).toBe(
      '이미 알림이 25개 있어요. 한 사람이 둘 수 있는 최대 개수예요. `/알림목록 취소`(`/reminders cancel`)로 하나를 취소한 뒤(목록은 `/알림목록 목록`) 다시 요청해 주세요.',
    );
  });

  it('GIVEN the Remind me button under /film THEN one click makes the default reminder and offers the others', async () => {
    const { button, recorded } = interaction({});
    await remindme.buttons.add(button, ['ballerina-2023'], services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    expect(reply.content).toContain('a day before release');
    expect(customIds(reply)).toEqual([
      'remindme:add:ballerina-2023:hour',
      'remindme:add:ballerina-2023:release',
    ]);
    expect(await store.listForUser(ME)).toMatchObject([{ offset: 'day', where: 'dm' }]);

    const second = interaction({});
    await remindme.buttons.add(second.button, ['ballerina-2023', 'release'], services);
    expect(onlyReply(second.recorded).content).toContain('at release');
    expect(customIds(onlyReply(second.recorded))).toEqual([]);
    expect(await store.listForUser(ME)).toHaveLength(2);
  });
});

describe('/reminders', () => {
  it('GIVEN no reminders THEN list says so privately', async () => {
    const { chat, recorded } = interaction({}, {}, 'list');
    await reminders.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    expect(JSON.stringify(reply.embeds)).toContain('You have no reminders');
  });

  it('GIVEN reminders, one of which could not be delivered because DMs are closed THEN list shows each with its instant, status and a Cancel button', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }).chat, services);
    await remindme.execute(interaction({ title: 'ballerina', where: 'here' }).chat, services);
    const day = first((await store.listForUser(ME)).filter((r) => r.offset === 'day'));
    const due = RELEASE.minus({ days: 1 });
    await store.update(day.id, (r) => ({
      ...r,
      delivery: { state: 'dm_closed', dueAt: due.toUTC().toISO() ?? '', attempts: 1 },
    }));
    const { chat, recorded } = interaction({}, {}, 'list');
    await reminders.execute(chat, services);
    const reply = onlyReply(recorded);
    const description = reply.embeds?.[0]?.description ?? '';
    expect(description.indexOf('a day before')).toBeLessThan(description.indexOf('an hour before'));
    expect(description).toContain(`<t:${unix(due)}:F>`);
    expect(description).toContain('your DMs are closed to me');
    expect(customIds(reply)).toHaveLength(2);
    expect(customIds(reply)[0]).toMatch(/^reminders:cancel:r/);
  });

  it('GIVEN autocomplete while typing THEN the user sees only their own reminders, by film and moment', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }).chat, services);
    await remindme.execute(
      interaction({ title: 'ballerina', when: 'hour' }, { user: userId(2) }).chat,
      services,
    );
    const { autocomplete, recorded } = interaction({ reminder: 'ball' }, {}, 'cancel', 'reminder');
    await reminders.autocomplete(autocomplete, services);
    expect(recorded.choices[0]).toHaveLength(1);
    expect(recorded.choices[0]?.[0]?.name).toMatch(
      /^1\. Ballerina \(2023\) · an hour before release · by DM · 6 Oct 2023 07:00 Europe\/London$/,
    );
  });

  it('GIVEN cancel with the id from autocomplete THEN that reminder is gone', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }).chat, services);
    const r = first(await store.listForUser(ME));
    const { chat, recorded } = interaction({ reminder: r.id }, {}, 'cancel');
    await reminders.execute(chat, services);
    expect(onlyReply(recorded).content).toContain(
      'Cancelled: Ballerina (2023), an hour before release, by DM.',
    );
    expect(await store.listForUser(ME)).toEqual([]);
  });

  it("GIVEN cancel with someone else's id THEN it is refused and their reminder stays", async () => {
    await remindme.execute(interaction({ title: 'ballerina' }, { user: userId(2) }).chat, services);
    const theirs = first(await store.listForUser(userId(2)));
    const err = await userErrorFrom(() =>
      reminders.execute(interaction({ reminder: theirs.id }, {}, 'cancel').chat, services),
    );
    expect(err.message).toContain('no reminders to cancel');
    expect(await store.listForUser(userId(2))).toHaveLength(1);
  });

  it('GIVEN the Cancel button under the list THEN the reminder is cancelled and the private list is updated in place', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }).chat, services);
    await remindme.execute(interaction({ title: 'ballerina', when: 'release' }).chat, services);
    const cancelled = first(await store.listForUser(ME));
    const { button, recorded } = interaction({});
    await reminders.buttons.cancel(button, [cancelled.id], services);
    expect(recorded.updates).toHaveLength(1);
    expect(customIds(recorded.updates[0])).toHaveLength(1);
    expect(await store.listForUser(ME)).toHaveLength(1);
  });

  it('GIVEN clear THEN every reminder and the kept DM channel are deleted', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }).chat, services);
    await remindme.execute(interaction({ title: 'ballerina', when: 'day' }).chat, services);
    await users.setDmChannel(ME, '700000000000000001');
    const { chat, recorded } = interaction({}, {}, 'clear');
    await reminders.execute(chat, services);
    expect(onlyReply(recorded).content).toContain(
      'I deleted your 2 reminders and everything else I kept about you',
    );
    expect(await store.listForUser(ME)).toEqual([]);
    expect(await users.getDmChannel(ME)).toBeUndefined();
  });
});

describe('/reminders from a Korean client', () => {
  const ko = { locale: 'ko' };

  it('GIVEN a Korean client with reminders THEN the list, its lines, offsets, buttons and footer are in Korean and the instants stay timestamps', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }, ko).chat, services);
    await remindme.execute(interaction({ title: 'ballerina', where: 'here' }, ko).chat, services);
    const day = first((await store.listForUser(ME)).filter((r) => r.offset === 'day'));
    const due = RELEASE.minus({ days: 1 });
    await store.update(day.id, (r) => ({
      ...r,
      delivery: { state: 'failed', dueAt: due.toUTC().toISO() ?? '', attempts: 5 },
    }));
    const { chat, recorded } = interaction({}, ko, 'list');
    await reminders.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    const [embed] = reply.embeds ?? [];
    expect(embed?.title).toBe('내 알림 (25개 중 2개)');
    expect(embed?.description?.split('\n')).toEqual([
      `**1.** 〈발레리나〉(2023) · 공개 하루 전 · <#${CHANNEL}> 채널`,
      `<t:${unix(due)}:F> (<t:${unix(due)}:R>) · ❌ 전달 못 함: Discord가 계속 거부했어요`,
      '',
      '**2.** 〈발레리나〉(2023) · 공개 한 시간 전 · DM',
      `<t:${unix(RELEASE.minus({ hours: 1 }))}:F> (<t:${unix(RELEASE.minus({ hours: 1 }))}:R>)`,
    ]);
    expect(embed?.footer?.text).toBe(
      '/알림목록 모두삭제(/reminders clear)로 알림 전부와 저에게 저장된 내 정보를 모두 지울 수 있어요.',
    );
    expect(JSON.stringify(reply.components)).toContain('"label":"1번 취소"');
    expect(JSON.stringify(reply.components)).toContain('"label":"2번 취소"');
  });

  it('GIVEN a Korean client with a reminder the bot could not DM THEN its status names /remindme and its option as a Korean client shows them', async () => {
    await remindme.execute(interaction({ title: 'ballerina' }, ko).chat, services);
    const day = first(await store.listForUser(ME));
    const due = RELEASE.minus({ days: 1 });
    await store.update(day.id, (r) => ({
      ...r,
      delivery: { state: 'dm_closed', dueAt: due.toUTC().toISO() ?? '', attempts: 1 },
    }));
    const { chat, recorded } = interaction({}, ko, 'list');
    await reminders.execute(chat, services);
    const [embed] = onlyReply(recorded).embeds ?? [];
    expect(embed?.description?.split('\n')).toEqual([
      '**1.** 〈발레리나〉(2023) · 공개 하루 전 · DM',
      `<t:${unix(due)}:F> (<t:${unix(due)}:R>) · ⚠️ 전달 못 함: 저에게서 오는 DM이 막혀 있어요 (서버 멤버의 DM을 허용하거나 \`/알림받기\`(\`/remindme\`)의 \`어디서\`(\`where\`)를 이 채널로 고르세요)`,
    ]);
  });

  it('GIVEN a Korean client with no reminders THEN the empty list is in Korean', async () => {
    const { chat, recorded } = interaction({}, ko, 'list');
    await reminders.execute(chat, services);
    const [embed] = onlyReply(recorded).embeds ?? [];
    expect(embed?.title).toBe('내 알림');
    expect(embed?.description).toBe(
      '알림이 없어요. `/알림받기`(`/remindme`)로 요청하거나 `/영화`(`/film`) 아래의 알림 받기 버튼을 누르세요.',
    );
  });

  it('GIVEN a Korean client typing in the reminder option THEN the choices read in Korean, dated in the release zone', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }, ko).chat, services);
    const { autocomplete, recorded } = interaction({ reminder: '발레' }, ko, 'cancel', 'reminder');
    await reminders.autocomplete(autocomplete, services);
    expect(recorded.choices[0]?.map((c) => c.name)).toEqual([
      '1. 〈발레리나〉(2023) · 공개 한 시간 전 · DM · 2023년 10월 6일 07:00 Europe/London',
    ]);
  });

  it('GIVEN a Korean client cancelling by the Korean title THEN the confirmation is in Korean and the reminder is gone', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }, ko).chat, services);
    const { chat, recorded } = interaction({ reminder: '발레리나' }, ko, 'cancel');
    await reminders.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    expect(reply.content).toBe('취소했어요: 〈발레리나〉(2023), 공개 한 시간 전, DM.');
    expect(await store.listForUser(ME)).toEqual([]);
  });

  it('GIVEN a Korean client clicking Cancel under the list THEN the note above the list is in Korean', async () => {
    await remindme.execute(interaction({ title: 'ballerina', where: 'here' }, ko).chat, services);
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }, ko).chat, services);
    const here = first((await store.listForUser(ME)).filter((r) => r.where === 'here'));
    const { button, recorded } = interaction({}, ko);
    await reminders.buttons.cancel(button, [here.id], services);
    expect(recorded.updates[0]).toMatchObject({
      content: `취소했어요: 공개 하루 전, <#${CHANNEL}> 채널.`,
    });
    const again = interaction({}, ko);
    await reminders.buttons.cancel(again.button, [here.id], services);
    expect(again.recorded.updates[0]).toMatchObject({ content: '그 알림은 이미 없어요.' });
  });

  it('GIVEN a Korean client cancelling what is not there THEN the refusals are in Korean', async () => {
    const none = await userErrorFrom(
      () => reminders.execute(interaction({ reminder: '발레리나' }, ko, 'cancel').chat, services),
      'ko',
    );
    expect(none.message).toBe('취소할 알림이 없어요.');
    expect(none.suggestions).toEqual([]);

    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }, ko).chat, services);
    const missing = await userErrorFrom(
      () => reminders.execute(interaction({ reminder: '올드보이' }, ko, 'cancel').chat, services),
      'ko',
    );
    expect(missing.message).toBe('내 알림 중에 "올드보이"에 해당하는 알림이 없어요.');
    expect(missing.suggestions).toEqual([
      '`/알림목록 목록`(`/reminders list`)에서 알림마다 취소 버튼과 함께 볼 수 있어요.',
    ]);

    await remindme.execute(interaction({ title: 'ballerina', when: 'day' }, ko).chat, services);
    const several = await userErrorFrom(
      () => reminders.execute(interaction({ reminder: '발레리나' }, ko, 'cancel').chat, services),
      'ko',
    );
    expect(several.message).toBe(
      '"발레리나"에 해당하는 알림이 2개예요. 입력하면서 목록에서 하나를 고르거나 번호를 쓰세요.',
    );
  });

  it('GIVEN a Korean client clearing THEN the reply is in Korean, with the count', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }, ko).chat, services);
    await remindme.execute(interaction({ title: 'ballerina', when: 'day' }, ko).chat, services);
    const { chat, recorded } = interaction({}, ko, 'clear');
    await reminders.execute(chat, services);
    expect(onlyReply(recorded).content).toBe(
      '완료: 알림 2개와 제가 저장한 다른 정보(우리 DM 채널 ID)를 모두 지웠어요. 이제 제가 저장한 내 정보는 없어요.',
    );
    const again = interaction({}, ko, 'clear');
    await reminders.execute(again.chat, services);
    expect(onlyReply(again.recorded).content).toBe(
      '완료: 알림이 없었고, 이제 제가 저장한 내 정보는 없어요.',
    );
  });

  it('GIVEN an English client clearing one reminder THEN the singular English reply is unchanged', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'hour' }).chat, services);
    const { chat, recorded } = interaction({}, {}, 'clear');
    await reminders.execute(chat, services);
    expect(onlyReply(recorded).content).toBe(
      'Done: I deleted your reminder and everything else I kept about you (the id of our DM channel). I keep nothing about you now.',
    );
  });
});

describe('/release', () => {
  it('GIVEN /release show THEN the stored instant is shown with its zone', async () => {
    const { chat, recorded } = interaction({ title: 'ballerina' }, {}, 'show');
    await release.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(reply.content).toContain(`comes out on Netflix (UK) <t:${unix(RELEASE)}:F>`);
    expect(reply.content).toContain('`2023-10-06 08:00` Europe/London (UTC+1)');
  });

  it('GIVEN someone not in OWNER_IDS THEN /release set is refused privately and nothing moves', async () => {
    const err = await userErrorFrom(() =>
      release.execute(
        interaction({ title: 'ballerina', date: '2023-10-13 08:00' }, {}, 'set').chat,
        services,
      ),
    );
    expect(err.message).toContain("Only the bot's owners");
    expect((await services.releases.get('ballerina-2023')).version).toBe(1);
  });

  it('GIVEN an owner THEN /release set moves the release in the film zone, and reminders move with it', async () => {
    await remindme.execute(interaction({ title: 'ballerina', when: 'day' }).chat, services);
    const { chat, recorded } = interaction(
      { title: 'ballerina', date: '2023-10-13 08:00' },
      { user: OWNER },
      'set',
    );
    await release.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    expect(reply.content).toContain(`Was: <t:${unix(RELEASE)}:F>`);
    const moved = releaseDateTime(await services.releases.get('ballerina-2023'));
    expect(moved.toISO()).toBe('2023-10-13T08:00:00.000+01:00');
    const [view] = await services.reminders.list(ME);
    expect(view?.dueAt?.toISO()).toBe('2023-10-12T08:00:00.000+01:00');
  });

  it('GIVEN an owner types a local time skipped by the clocks going forward THEN it is refused with a clear message', async () => {
    const err = await userErrorFrom(() =>
      release.execute(
        interaction(
          { title: 'ballerina', date: '2024-03-31 01:30', timezone: 'Europe/London' },
          { user: OWNER },
          'set',
        ).chat,
        services,
      ),
    );
    expect(err.message).toContain('does not exist in Europe/London');
  });

  it('GIVEN a Korean client runs /release show THEN the answer is in Korean, the instant still a Discord timestamp', async () => {
    const { chat, recorded } = interaction({ title: '발레리나' }, { locale: 'ko' }, 'show');
    await release.execute(chat, services);
    expect(onlyReply(recorded).content).toBe(
      [
        `**〈발레리나〉(2023)** 넷플릭스(영국)에서 공개돼요: <t:${unix(RELEASE)}:F> (<t:${unix(RELEASE)}:R>).`,
        '저장된 값: `2023-10-06 08:00` Europe/London (UTC+1).',
      ].join('\n'),
    );
  });

  it('GIVEN a Korean owner moves the release THEN /release set answers in Korean, and /release show then says where it moved from', async () => {
    const moved = london('2023-10-13T08:00');
    const { chat, recorded } = interaction(
      { title: 'ballerina', date: '2023-10-13 08:00' },
      { user: OWNER, locale: 'ko' },
      'set',
    );
    await release.execute(chat, services);
    const reply = onlyReply(recorded);
    expect(isPrivate(reply)).toBe(true);
    expect(reply.content).toBe(
      [
        '**〈발레리나〉(2023)** 공개일을 옮겼어요:',
        `이전: <t:${unix(RELEASE)}:F> (<t:${unix(RELEASE)}:R>)`,
        `변경: <t:${unix(moved)}:F> (<t:${unix(moved)}:R>), 저장된 값: \`2023-10-13 08:00\` Europe/London (UTC+1).`,
        '알림과 카운트다운도 함께 옮겨져요. 이 영화 알림이 있는 사람은 모두 이전 날짜와 새 날짜가 담긴 DM을 한 번 받아요.',
      ].join('\n'),
    );
    const shown = interaction({ title: 'ballerina' }, { locale: 'ko' }, 'show');
    await release.execute(shown.chat, services);
    expect(onlyReply(shown.recorded).content).toMatch(
      new RegExp(`\\n<t:\\d+:R> <t:${unix(RELEASE)}:F>에서 옮겨졌어요\\.$`),
    );
  });

  it('GIVEN a Korean client THEN the owners-only refusal and the date refusals are whole Korean sentences', async () => {
    const notOwner = await userErrorFrom(
      () =>
        release.execute(
          interaction({ title: 'ballerina', date: '2023-10-13 08:00' }, { locale: 'ko' }, 'set')
            .chat,
          services,
        ),
      'ko',
    );
    expect(notOwner.message).toBe(
      '공개일은 봇 소유자만 바꿀 수 있어요. 지금 공개일은 `/공개일 보기`(`/release show`)로 볼 수 있어요.',
    );
    const set = (date: string, timezone?: string) =>
      userErrorFrom(
        () =>
          release.execute(
            interaction(
              { title: 'ballerina', date, timezone },
              { user: OWNER, locale: 'ko' },
              'set',
            ).chat,
            services,
          ),
        'ko',
      );
    expect(await set('tomorrow')).toMatchObject({
      message: '날짜와 시각으로 읽을 수 없어요: "tomorrow".',
      suggestions: ['`YYYY-MM-DD HH:mm` 형식으로 입력하세요. 예: `2023-10-06 08:00`.'],
    });
    expect((await set('2023-02-30 08:00')).message).toBe(
      '존재하지 않는 날짜나 시각이에요: 2023-02-30 08:00.',
    );
    expect(await set('2024-03-31 01:30', 'Europe/London')).toMatchObject({
      message:
        'Europe/London에는 없는 시각이에요: 2024-03-31 01:30. 그때 시계가 앞으로 당겨져서 그 현지 시각은 건너뛰어요.',
      suggestions: ['건너뛰는 시간을 피해서 고르세요. 예: 2024-03-31 02:30.'],
    });
    expect((await set('2023-10-06 08:00', 'KST')).message).toBe(
      '시간대가 아니라 약어예요: KST. 혹시 이 시간대인가요: Asia/Seoul?',
    );
    expect((await services.releases.get('ballerina-2023')).version).toBe(1);
  });

  it('GIVEN the timezone option is being typed THEN IANA zones are suggested', async () => {
    const { autocomplete, recorded } = interaction({ timezone: 'seoul' }, {}, 'set', 'timezone');
    await release.autocomplete(autocomplete, services);
    expect(recorded.choices[0]?.[0]).toEqual({ name: 'Asia/Seoul · UTC+9', value: 'Asia/Seoul' });
  });
});
