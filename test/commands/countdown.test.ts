import {
  ChannelType,
  GuildScheduledEventEntityType,
  MessageFlags,
  PermissionFlagsBits as P,
  PermissionsBitField,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type GuildScheduledEventCreateOptions,
  type InteractionReplyOptions,
} from 'discord.js';
import { Keyv } from 'keyv';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import countdown from '../../commands/countdown.ts';
import { loadConfig } from '../../src/config.ts';
import type { Services } from '../../src/discord/command.ts';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { UserError } from '../../src/domain/errors.ts';
import { createServices, type Stores } from '../../src/services.ts';
import { shownAs } from '../support/replies.ts';
import { realCatalogue } from '../support/films.ts';
import { countdownId } from '../../src/domain/countdown-record.ts';
import type { Locale } from '../../src/domain/i18n/index.ts';

const GUILD = '800000000000000001';
const CHANNEL = '800000000000000010';
const OTHER = '800000000000000011';
const ADMIN = '800000000000000100';
const NOW = DateTime.fromISO('2023-10-03T10:00', { zone: 'Europe/London' });
const RELEASE = 1696575600;
const CHANNEL_OK = [P.ViewChannel, P.SendMessages, P.EmbedLinks];

interface World {
  memberPermissions: bigint[];
  channelPermissions: Record<string, bigint[]>;
  guildPermissions: bigint[];
  events: GuildScheduledEventCreateOptions[];
  /** The admin's client language (`interaction.locale`) and the server's (`interaction.guildLocale`). */
  locale: string;
  guildLocale: string;
}

interface Call {
  replies: InteractionReplyOptions[];
  edits: string[];
  deferred: boolean;
}

let services: Services;
let store: Stores['countdowns'];
let releases: Stores['releases'];
let world: World;

beforeEach(async () => {
  const logger = pino({ level: 'silent' });
  const keyv = new Keyv();
  const clock = new AdjustableClock({ now: () => NOW });
  const catalogue = await realCatalogue();
  const built = await createServices({
    config: loadConfig({ DISCORD_TOKEN: 'test-token' }),
    logger,
    clock,
    catalogue,
    keyv,
  });
  services = built;
  ({ countdowns: store, releases } = built.stores);
  world = {
    memberPermissions: [P.ManageGuild],
    channelPermissions: { [CHANNEL]: CHANNEL_OK, [OTHER]: CHANNEL_OK },
    guildPermissions: [...CHANNEL_OK, P.ManageEvents],
    events: [],
    locale: 'en-GB',
    guildLocale: 'en-GB',
  };
});

/** Enough of a guild interaction for /countdown: options in, the bot's permissions from the guild cache, replies out. */
function invoke(
  subcommand: 'start' | 'stop' | 'status',
  options: Record<string, string | boolean | undefined> = {},
  channelId = CHANNEL,
): { interaction: ChatInputCommandInteraction; call: Call } {
  const call: Call = { replies: [], edits: [], deferred: false };
  const channelOf = (id: string) => ({ id, type: ChannelType.GuildText });
  const guild = {
    id: GUILD,
    name: 'Film Club',
    channels: {
      cache: new Map(
        Object.entries(world.channelPermissions).map(([id, bits]) => [
          id,
          { id, permissionsFor: () => new PermissionsBitField(bits) },
        ]),
      ),
      fetch: () => Promise.resolve(null),
    },
    members: { me: { permissions: new PermissionsBitField(world.guildPermissions) } },
    scheduledEvents: {
      create(event: GuildScheduledEventCreateOptions) {
        world.events.push(event);
        return Promise.resolve({ id: '800000000000000999', url: 'https://discord.com/events/1/2' });
      },
    },
  };
  const interaction = {
    commandName: 'countdown',
    locale: world.locale,
    guildLocale: world.guildLocale,
    user: { id: ADMIN },
    guildId: GUILD,
    channelId,
    guild,
    memberPermissions: new PermissionsBitField(world.memberPermissions),
    replied: false,
    deferred: false,
    inGuild: () => true,
    options: {
      getSubcommand: () => subcommand,
      getString: (name: string, required = false) => {
        const value = options[name];
        if (value === undefined && required) throw new TypeError(`${name} is required`);
        return typeof value === 'string' ? value : null;
      },
      getBoolean: (name: string) => (typeof options[name] === 'boolean' ? options[name] : null),
      getChannel: (name: string, required = false) => {
        const value = options[name];
        if (value === undefined && required) throw new TypeError(`${name} is required`);
        return typeof value === 'string' ? channelOf(value) : null;
      },
    },
    reply(body: InteractionReplyOptions) {
      call.replies.push(body);
      this.replied = true;
      return Promise.resolve();
    },
    deferReply() {
      call.deferred = true;
      this.deferred = true;
      return Promise.resolve();
    },
    editReply(body: { content: string }) {
      call.edits.push(body.content);
      return Promise.resolve();
    },
  };
  return { interaction: interaction as unknown as ChatInputCommandInteraction, call };
}

async function run(
  subcommand: 'start' | 'stop' | 'status',
  options: Record<string, string | boolean | undefined> = {},
  channelId = CHANNEL,
): Promise<Call> {
  const { interaction, call } = invoke(subcommand, options, channelId);
  await countdown.execute(interaction, services);
  return call;
}

const refusal = async (promise: Promise<unknown>, locale: Locale = 'en'): Promise<string> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  const { message, suggestions } = shownAs(err as UserError, locale);
  return [message, ...suggestions].join('\n');
};

const start = (options: Record<string, string | boolean | undefined> = {}) =>
  run('start', { channel: CHANNEL, title: 'ballerina', ...options });

const textOf = (call: Call) =>
  [
    ...call.replies.map((r) => (typeof r.content === 'string' ? r.content : '')),
    ...call.edits,
  ].join('\n');

describe('/countdown start', () => {
  it('GIVEN a member without Manage Server (the command was made visible to them) THEN it is refused at run time and nothing is stored', async () => {
    world.memberPermissions = [P.SendMessages];
    const text = await refusal(start());
    expect(text).toMatch(/Manage Server/);
    expect(await store.listGuild(GUILD)).toEqual([]);
  });

  it('GIVEN no options but channel and title THEN a 09:00 Europe/London daily countdown starts, confirmed privately with its first post', async () => {
    const call = await start();
    expect(call.replies[0]?.flags).toBe(MessageFlags.Ephemeral);
    const first = Math.floor(
      DateTime.fromISO('2023-10-04T09:00', { zone: 'Europe/London' }).toSeconds(),
    );
    expect(textOf(call)).toContain(
      `<#${CHANNEL}>: a post every day at 09:00 Europe/London (UTC+1 now)`,
    );
    expect(textOf(call)).toContain(`First post: <t:${first}:F>`);
    expect(textOf(call)).toContain(`Release: <t:${RELEASE}:F>`);
    expect(await store.get(countdownId(GUILD, CHANNEL, 'ballerina-2023'))).toMatchObject({
      time: '09:00',
      zone: 'Europe/London',
      style: 'post',
      status: 'active',
      createdBy: ADMIN,
      nextSlot: '2023-10-04T08:00:00.000Z',
    });
  });

  it('GIVEN the bot lacks Send Messages and Embed Links in the channel THEN the start is refused naming both, and nothing is stored', async () => {
    world.channelPermissions[CHANNEL] = [P.ViewChannel];
    const text = await refusal(start());
    expect(text).toMatch(/missing Send Messages, Embed Links/);
    expect(await store.listGuild(GUILD)).toEqual([]);
  });

  it('GIVEN the bot cannot see the channel at all THEN View Channel is named too', async () => {
    const { [CHANNEL]: _hidden, ...rest } = world.channelPermissions;
    world.channelPermissions = rest;
    expect(await refusal(start())).toMatch(/missing View Channel, Send Messages, Embed Links/);
  });

  it('GIVEN a time, a zone in lower case and the live style THEN they are stored normalised', async () => {
    await start({ time: '7:30', timezone: 'america/new_york', style: 'live' });
    expect(await store.get(countdownId(GUILD, CHANNEL, 'ballerina-2023'))).toMatchObject({
      time: '07:30',
      zone: 'America/New_York',
      style: 'live',
    });
  });

  it('GIVEN a time like 25:00 or a zone like Mars/Base THEN each is refused with an example', async () => {
    expect(await refusal(start({ time: '25:00' }))).toMatch(/HH:MM, for example 09:00/);
    expect(await refusal(start({ timezone: 'Mars/Base' }))).toMatch(/not a time zone I know/);
  });

  it('GIVEN the channel already counts down to the film THEN a second start is refused and points to stop', async () => {
    await start();
    expect(await refusal(start({ time: '18:00' }))).toMatch(
      /already counts down to Ballerina[\s\S]*\/countdown stop/,
    );
  });

  it('GIVEN 10 countdowns running in the server THEN an 11th is refused with the limit and where they are', async () => {
    for (let i = 0; i < 10; i++) {
      await store.create({
        id: countdownId(GUILD, String(900000000000000000n + BigInt(i)), 'ballerina-2023'),
        guildId: GUILD,
        channelId: String(900000000000000000n + BigInt(i)),
        filmId: 'ballerina-2023',
        time: '09:00',
        zone: 'Asia/Seoul',
        style: 'post',
        createdBy: ADMIN,
        createdAt: '2023-10-01T00:00:00.000Z',
        status: 'active',
      });
    }
    const text = await refusal(start());
    expect(text).toMatch(/already has 10 countdowns running, the most I keep per server \(10\)/);
    expect(text).toContain('<#900000000000000000>');
  });

  it('GIVEN a server that already counts down in Asia/Seoul THEN a new countdown without a zone uses Seoul', async () => {
    await start({ channel: OTHER, timezone: 'Asia/Seoul' });
    await start();
    expect((await store.get(countdownId(GUILD, CHANNEL, 'ballerina-2023')))?.zone).toBe(
      'Asia/Seoul',
    );
  });

  it("GIVEN countdowns in Asia/Seoul and America/New_York WHEN a channel is stopped and started again without a zone THEN it takes Europe/London, not another channel's zone, and the reply says so", async () => {
    const THIRD = '800000000000000012';
    world.channelPermissions[THIRD] = CHANNEL_OK;
    await start({ channel: OTHER, timezone: 'Asia/Seoul' });
    await start({ channel: THIRD, timezone: 'America/New_York' });
    await start({ timezone: 'America/New_York' });
    await run('stop');
    const call = await start();
    expect((await store.get(countdownId(GUILD, CHANNEL, 'ballerina-2023')))?.zone).toBe(
      'Europe/London',
    );
    expect(textOf(call)).toContain(
      'Time zone: Europe/London, the default; add timezone: to pick another.',
    );
  });

  it('GIVEN timezone:EST THEN the start is refused naming America/New_York, and nothing is stored', async () => {
    expect(await refusal(start({ timezone: 'EST' }))).toMatch(
      /EST has no daylight saving: did you mean America\/New_York/,
    );
    expect(await refusal(start({ timezone: 'UTC+1' }))).toMatch(/fixed offset/);
    expect(await store.listGuild(GUILD)).toEqual([]);
  });

  it('GIVEN a paused countdown WHEN start is run again THEN it resumes with its settings and the pause reason is gone', async () => {
    await start({ time: '18:00' });
    const id = countdownId(GUILD, CHANNEL, 'ballerina-2023');
    await store.update(id, (c) => ({
      ...c,
      status: 'paused',
      pausedReason: 'Missing Permissions (50013)',
    }));
    const call = await start();
    expect(textOf(call)).toMatch(/^Resumed the countdown/);
    const resumed = await store.get(id);
    expect(resumed).toMatchObject({ status: 'active', time: '18:00' });
    expect(resumed?.pausedReason).toBeUndefined();
    expect(await store.activeIds()).toEqual([id]);
  });

  it('GIVEN the film is already out THEN there is nothing to count down', async () => {
    await releases.set(
      'ballerina-2023',
      DateTime.fromISO('2023-10-02T08:00', { zone: 'Europe/London' }),
      'owner',
    );
    expect(await refusal(start())).toMatch(/already out on Netflix \(UK\)/);
  });

  it('GIVEN event:true and Manage Events THEN an external event "Netflix (UK)" spans the release and the runtime', async () => {
    const call = await start({ event: true });
    expect(call.deferred).toBe(true);
    expect(world.events).toHaveLength(1);
    const [event] = world.events;
    expect(event?.entityType).toBe(GuildScheduledEventEntityType.External);
    expect(event?.entityMetadata?.location).toBe('Netflix (UK)');
    expect(event?.scheduledStartTime).toEqual(new Date(RELEASE * 1000));
    expect(event?.scheduledEndTime).toEqual(new Date((RELEASE + 90 * 60) * 1000));
    expect(textOf(call)).toMatch(/Added a server event for the release/);
    expect((await store.get(countdownId(GUILD, CHANNEL, 'ballerina-2023')))?.eventId).toBe(
      '800000000000000999',
    );
  });

  it('GIVEN event:true without Manage Events THEN the countdown still starts and the reply says the event needs Manage Events', async () => {
    world.guildPermissions = CHANNEL_OK;
    const call = await start({ event: true });
    expect(world.events).toEqual([]);
    expect(textOf(call)).toMatch(/Started the countdown/);
    expect(textOf(call)).toMatch(/I need the Manage Events permission/);
  });
});

describe('/countdown stop and status', () => {
  it('GIVEN a countdown in this channel WHEN stop without a channel THEN it is removed', async () => {
    await start();
    const call = await run('stop');
    expect(textOf(call)).toMatch(
      /Stopped the countdown to \*\*Ballerina\*\* in <#800000000000000010>/,
    );
    expect(await store.listGuild(GUILD)).toEqual([]);
  });

  it('GIVEN no countdown in that channel THEN stop says so and points to status', async () => {
    expect(await refusal(run('stop', { channel: OTHER }))).toMatch(
      /no countdown in <#800000000000000011>[\s\S]*status/,
    );
  });

  it('GIVEN countdowns in the server THEN status lists each privately; with none it says how to start one', async () => {
    expect(textOf(await run('status'))).toMatch(/No countdowns in this server yet/);
    await start();
    const call = await run('status');
    expect(call.replies[0]?.flags).toBe(MessageFlags.Ephemeral);
    const embed = call.replies[0]?.embeds?.[0] as { fields: { name: string; value: string }[] };
    expect(embed.fields[0]?.name).toBe('Ballerina (2023) · running');
    expect(embed.fields[0]?.value).toContain('Next post: <t:');
  });
});

describe('/countdown for a Korean client (locale ko)', () => {
  const FIRST_POST = Math.floor(
    DateTime.fromISO('2023-10-04T09:00', { zone: 'Europe/London' }).toSeconds(),
  );
  beforeEach(() => {
    world.locale = 'ko';
  });

  it('GIVEN a Korean admin starts a countdown THEN the private confirmation is in Korean, with the same Discord timestamps', async () => {
    const call = await start();
    expect(textOf(call)).toBe(
      [
        '<#800000000000000010> 채널에서 **〈발레리나〉** 카운트다운을 시작했어요: 매일 09:00 Europe/London(현재 UTC+1)에 게시, 공개 한 시간 전에 한 번 더, 공개 시각에 "지금 공개" 게시.',
        `첫 게시: <t:${FIRST_POST}:F> (<t:${FIRST_POST}:R>).`,
        `공개: 넷플릭스(영국), <t:${RELEASE}:F> (<t:${RELEASE}:R>).`,
        '시간대: Europe/London(기본값). 다른 시간대를 쓰려면 `시간대` 옵션을 추가하세요.',
      ].join('\n'),
    );
  });

  it('GIVEN a Korean admin stops the countdown THEN the reply is in Korean', async () => {
    await start();
    expect(textOf(await run('stop'))).toBe(
      '<#800000000000000010> 채널의 **〈발레리나〉** 카운트다운을 중지했어요. 이미 올린 메시지는 그대로 남아요.',
    );
  });

  it('GIVEN a Korean admin asks for status THEN the embed is in Korean; with none it says how to start one in Korean', async () => {
    expect(textOf(await run('status'))).toBe(
      '이 서버에는 아직 카운트다운이 없어요. `/카운트다운 시작`(`/countdown start`)으로 시작해 보세요.',
    );
    await start();
    const embed = (await run('status')).replies[0]?.embeds?.[0] as {
      title: string;
      fields: { name: string; value: string }[];
      footer: { text: string };
    };
    expect(embed.title).toBe('Film Club 서버의 카운트다운');
    expect(embed.fields[0]?.name).toBe('〈발레리나〉(2023) · 실행 중');
    expect(embed.fields[0]?.value).toBe(
      [
        '<#800000000000000010>: 매일 09:00 Europe/London(현재 UTC+1)에 게시, 공개 한 시간 전에 한 번 더, 공개 시각에 "지금 공개" 게시',
        `다음 게시: <t:${FIRST_POST}:F> (<t:${FIRST_POST}:R>)`,
      ].join('\n'),
    );
    expect(embed.footer.text).toBe(
      '시각은 각자의 시간대로 보여요. 서버당 카운트다운은 최대 10개예요.',
    );
  });

  it('GIVEN the bot lacks permissions, the member lacks Manage Server, a bad time or timezone:EST THEN each refusal is in Korean, naming permissions as Korean Discord does', async () => {
    world.channelPermissions[CHANNEL] = [P.ViewChannel];
    expect(await refusal(start(), 'ko')).toBe(
      [
        '<#800000000000000010> 채널에 카운트다운을 올릴 수 없어요. 그 채널에서 제게 없는 권한: 메시지 보내기, 링크 첨부.',
        '그 채널에서 제 역할에 메시지 보내기, 링크 첨부 권한을 준 뒤(채널 편집 → 권한) `/카운트다운 시작`(`/countdown start`)을 다시 실행하세요.',
      ].join('\n'),
    );
    world.channelPermissions[CHANNEL] = CHANNEL_OK;
    expect(await refusal(start({ time: '25:00' }), 'ko')).toBe(
      '읽을 수 없는 시각이에요: "25:00".\n24시간제 HH:MM 형식으로 입력하세요. 예: 09:00, 18:30.',
    );
    expect(await refusal(start({ timezone: 'EST' }), 'ko')).toMatch(
      /^EST에는 서머타임이 없어요\. 혹시 이 시간대인가요: America\/New_York 또는 America\/Toronto\?\n원하는 시계가 있는 장소를 적어 주세요/,
    );
    world.memberPermissions = [P.SendMessages];
    expect(await refusal(start(), 'ko')).toBe(
      '서버 관리 권한이 있는 멤버만 카운트다운을 관리할 수 있어요.',
    );
    expect(await store.listGuild(GUILD)).toEqual([]);
  });

  it('GIVEN the channel already counts down THEN the refusal in Korean repeats its schedule and points to stop', async () => {
    await start();
    expect(await refusal(start({ time: '18:00' }), 'ko')).toBe(
      [
        '<#800000000000000010> 채널은 이미 〈발레리나〉 카운트다운 중이에요: 매일 09:00 Europe/London(현재 UTC+1)에 게시, 공개 한 시간 전에 한 번 더, 공개 시각에 "지금 공개" 게시.',
        '바꾸려면 먼저 그 채널에서 `/카운트다운 중지`(`/countdown stop`)를 실행한 뒤 다시 시작하세요.',
      ].join('\n'),
    );
  });
});

describe('the server event of /countdown start event:true is in the server’s language', () => {
  it('GIVEN a Korean server and an English-speaking admin THEN the event is named and described in Korean, and the admin is answered in English', async () => {
    world.guildLocale = 'ko';
    const call = await start({ event: true });
    const [event] = world.events;
    expect(event?.name).toBe('〈발레리나〉(2023) 넷플릭스(영국) 공개');
    expect(event?.entityMetadata?.location).toBe('넷플릭스(영국)');
    expect(event?.description).toMatch(
      /^냉혹한 전직 경호원이 발레 슈즈에 복수를 부탁하는 메시지를 남긴 친구, 발레리나의 복수를 위해 수수께끼의 인물 최를 쫓는다\./,
    );
    expect(event?.description).toContain(
      '아나 디 아르마스가 주연하는 존 윅 스핀오프 〈발레리나〉(2025년 개봉 예정)가 아닙니다.',
    );
    expect(event?.scheduledStartTime).toEqual(new Date(RELEASE * 1000));
    expect(textOf(call)).toMatch(/^Started the countdown/);
    expect(textOf(call)).toContain(
      'Added a server event for the release: https://discord.com/events/1/2',
    );
  });

  it('GIVEN an English server and a Korean admin THEN the event stays English and the admin is answered in Korean', async () => {
    world.locale = 'ko';
    const call = await start({ event: true });
    const [event] = world.events;
    expect(event?.name).toBe('Ballerina (2023) on Netflix (UK)');
    expect(event?.entityMetadata?.location).toBe('Netflix (UK)');
    expect(event?.description).toMatch(/^A merciless former bodyguard hunts the mysterious Choi/);
    expect(textOf(call)).toContain(
      '공개 일정을 서버 이벤트로 추가했어요: https://discord.com/events/1/2',
    );
  });
});

describe('timezone autocomplete', () => {
  it('GIVEN "lond" typed THEN at most 25 zones come back, Europe/London first with its offset', async () => {
    const choices: { name: string; value: string }[][] = [];
    const interaction = {
      options: { getFocused: () => ({ name: 'timezone', value: 'lond' }) },
      respond: (c: { name: string; value: string }[]) => {
        choices.push(c);
        return Promise.resolve();
      },
    } as unknown as AutocompleteInteraction;
    await countdown.autocomplete(interaction, services);
    expect(choices[0]?.[0]).toEqual({ name: 'Europe/London · UTC+1', value: 'Europe/London' });
    expect(choices[0]?.length).toBeLessThanOrEqual(25);
  });
});
