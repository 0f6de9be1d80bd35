import { DiscordAPIError, RESTEvents, Routes, type RateLimitData } from 'discord.js';
import type { APIChannel, APIMessage } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contractGuard, startEmulator, type Emulator } from '../src/index.ts';
import { emulatorRest } from '../src/discord-js.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

const codeOf = async (promise: Promise<unknown>): Promise<number | string> => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DiscordAPIError) return err.code;
    throw err;
  }
  throw new Error('expected the request to fail');
};

describe('REST', () => {
  it('GIVEN a message to #general THEN it is stored, authored by the bot, and readable back', async () => {
    const rest = emulatorRest(emulator);
    const sent = (await rest.post(Routes.channelMessages(emulator.ids.channels.general), {
      body: { content: 'Ballerina is out on Friday', allowed_mentions: { parse: [] } },
    })) as APIMessage;
    expect(sent.author.id).toBe(emulator.botUserId);
    const fetched = (await rest.get(
      Routes.channelMessage(emulator.ids.channels.general, sent.id),
    )) as APIMessage;
    expect(fetched.content).toBe('Ballerina is out on Friday');
    expect(emulator.messages('general').map((m) => m.content)).toEqual([
      'Ballerina is out on Friday',
    ]);
  });

  it('GIVEN every response THEN it carries Discord rate-limit headers for its bucket', async () => {
    const res = await fetch(
      `${emulator.apiUrl}/v10/channels/${emulator.ids.channels.general}/messages`,
      {
        method: 'POST',
        headers: { Authorization: `Bot ${emulator.botToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: 'hi' }),
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('5');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(Number(res.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(4.9);
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(res.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('GIVEN a bucket of 2 per 300 ms WHEN discord.js sends 5 messages at once THEN its queue waits and none is refused', async () => {
    emulator.configureRateLimits({
      routes: { 'POST /channels/:channel_id/messages': { limit: 2, windowMs: 300 } },
    });
    const rest = emulatorRest(emulator);
    const started = Date.now();
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        rest.post(Routes.channelMessages(emulator.ids.channels.general), {
          body: { content: `post ${n}` },
        }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(emulator.messages('general')).toHaveLength(5);
    expect(emulator.rateLimitEvents).toEqual([]);
  });

  it('GIVEN the bucket is exhausted WHEN a raw client ignores the headers THEN it gets 429 with Retry-After', async () => {
    emulator.configureRateLimits({
      routes: { 'POST /channels/:channel_id/messages': { limit: 1, windowMs: 2000 } },
    });
    const post = () =>
      fetch(`${emulator.apiUrl}/v10/channels/${emulator.ids.channels.general}/messages`, {
        method: 'POST',
        headers: { Authorization: `Bot ${emulator.botToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: 'hi' }),
      });
    expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(1.5);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(await limited.json()).toMatchObject({
      global: false,
      message: 'You are being rate limited.',
    });
    expect(emulator.rateLimitEvents).toEqual([
      expect.objectContaining({ global: false, route: 'POST /channels/:channel_id/messages' }),
    ]);
  });

  it('GIVEN a global limit of 3 per second WHEN discord.js sends 6 requests THEN it is told so globally, waits, and every request succeeds', async () => {
    emulator.configureRateLimits({ globalPerSecond: 3 });
    const rest = emulatorRest(emulator);
    const limited: RateLimitData[] = [];
    rest.on(RESTEvents.RateLimited, (info) => limited.push(info));
    const channels = await Promise.all(
      Array.from(
        { length: 6 },
        () => rest.get(Routes.channel(emulator.ids.channels.general)) as Promise<APIChannel>,
      ),
    );
    expect(channels.every((c) => c.id === emulator.ids.channels.general)).toBe(true);
    expect(emulator.rateLimitEvents.length).toBeGreaterThan(0);
    expect(emulator.rateLimitEvents.every((e) => e.global)).toBe(true);
    expect(limited.some((l) => l.global)).toBe(true);
  });

  it('GIVEN the same nonce with enforce_nonce WHEN sent twice THEN Discord returns the first message and creates nothing', async () => {
    const rest = emulatorRest(emulator);
    const body = {
      content: 'Ballerina is out tomorrow',
      nonce: 'reminder:42:day',
      enforce_nonce: true,
    };
    const first = (await rest.post(Routes.channelMessages(emulator.ids.channels.general), {
      body,
    })) as APIMessage;
    const second = (await rest.post(Routes.channelMessages(emulator.ids.channels.general), {
      body,
    })) as APIMessage;
    expect(second.id).toBe(first.id);
    expect(emulator.messages('general')).toHaveLength(1);
  });

  it('GIVEN the same nonce without enforce_nonce, or in another channel, THEN each send creates a message', async () => {
    const rest = emulatorRest(emulator);
    const body = { content: 'hello', nonce: 'same' };
    await rest.post(Routes.channelMessages(emulator.ids.channels.general), { body });
    await rest.post(Routes.channelMessages(emulator.ids.channels.general), { body });
    await rest.post(Routes.channelMessages(emulator.ids.channels.countdowns), {
      body: { ...body, enforce_nonce: true },
    });
    expect(emulator.messages('general')).toHaveLength(2);
    expect(emulator.messages('countdowns')).toHaveLength(1);
  });

  it('GIVEN the nonce window has passed THEN the same nonce posts again', async () => {
    const rest = emulatorRest(emulator);
    const body = { content: 'hello', nonce: 'n1', enforce_nonce: true };
    await rest.post(Routes.channelMessages(emulator.ids.channels.general), { body });
    emulator.advanceTime(10 * 60 * 1000);
    await rest.post(Routes.channelMessages(emulator.ids.channels.general), { body });
    expect(emulator.messages('general')).toHaveLength(2);
  });

  it('GIVEN a user with closed DMs THEN the DM channel opens but sending fails with 50007', async () => {
    const rest = emulatorRest(emulator);
    const dm = (await rest.post(Routes.userChannels(), {
      body: { recipient_id: emulator.ids.users.cleo },
    })) as APIChannel;
    expect(
      await codeOf(
        rest.post(Routes.channelMessages(dm.id), { body: { content: 'Ballerina is out!' } }),
      ),
    ).toBe(50007);
    emulator.setDmsOpen('cleo', true);
    await rest.post(Routes.channelMessages(dm.id), { body: { content: 'Ballerina is out!' } });
    expect(emulator.dms('cleo').map((m) => m.content)).toEqual(['Ballerina is out!']);
  });

  it('GIVEN channel permissions THEN a read-only channel gives 50013 and a hidden one 50001', async () => {
    const rest = emulatorRest(emulator);
    const send = (channel: string) =>
      rest.post(Routes.channelMessages(channel), { body: { content: 'hi' } });
    expect(await codeOf(send(emulator.ids.channels.announcements))).toBe(50013);
    expect(await codeOf(send(emulator.ids.channels.staff))).toBe(50001);
    emulator.setPermissionOverwrite('announcements', {
      role: emulator.ids.roles.filmClubBot,
      allow: 2048n,
    });
    await send(emulator.ids.channels.announcements);
    expect(emulator.messages('announcements')).toHaveLength(1);
  });

  it('GIVEN a deleted channel THEN sending there fails with 10003', async () => {
    const rest = emulatorRest(emulator);
    emulator.deleteChannel('countdowns');
    expect(
      await codeOf(
        rest.post(Routes.channelMessages(emulator.ids.channels.countdowns), {
          body: { content: 'hi' },
        }),
      ),
    ).toBe(10003);
  });

  it('GIVEN an unknown message THEN editing it fails with 10008', async () => {
    const rest = emulatorRest(emulator);
    expect(
      await codeOf(
        rest.patch(Routes.channelMessage(emulator.ids.channels.general, '1'), {
          body: { content: 'x' },
        }),
      ),
    ).toBe(10008);
  });

  it('GIVEN @everyone in the content THEN it pings only when allowed_mentions lets it', async () => {
    const rest = emulatorRest(emulator);
    const restricted = (await rest.post(Routes.channelMessages(emulator.ids.channels.general), {
      body: { content: '@everyone Ballerina is out', allowed_mentions: { parse: [] } },
    })) as APIMessage;
    const open = (await rest.post(Routes.channelMessages(emulator.ids.channels.general), {
      body: { content: `@everyone <@${emulator.ids.users.ben}>` },
    })) as APIMessage;
    expect(restricted.mention_everyone).toBe(false);
    expect(open.mention_everyone).toBe(true);
    expect(open.mentions.map((u) => u.username)).toEqual(['ben']);
  });

  it('GIVEN a body that breaks the published schema THEN the violation is recorded with its path and Discord-style 50035 is returned', async () => {
    const rest = emulatorRest(emulator);
    const code = await codeOf(
      rest.post(Routes.channelMessages(emulator.ids.channels.general), {
        body: { embeds: [{ title: 'Cast', fields: [{ name: 'Choi', value: 'x'.repeat(1025) }] }] },
      }),
    );
    expect(code).toBe(50035);
    expect(emulator.violations).toEqual([
      expect.objectContaining({
        route: 'POST /channels/:channel_id/messages',
        issues: [
          expect.objectContaining({
            path: 'embeds[0].fields[0].value',
            message: expect.stringMatching(/1024/) as unknown,
          }),
        ],
      }),
    ]);
  });

  const button = (i: number) => ({ type: 2, style: 2, label: `b${i}`, custom_id: `b${i}` });
  it.each([
    ['content of 2,001 characters', { content: 'x'.repeat(2001) }, 'content'],
    [
      'a description of 4,097',
      { embeds: [{ description: 'x'.repeat(4097) }] },
      'embeds[0].description',
    ],
    ['a title of 257', { embeds: [{ title: 'x'.repeat(257) }] }, 'embeds[0].title'],
    [
      '26 fields',
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'a', value: 'b' })) }] },
      'embeds[0].fields',
    ],
    [
      'a footer of 2,049',
      { embeds: [{ footer: { text: 'x'.repeat(2049) } }] },
      'embeds[0].footer.text',
    ],
    [
      'an author of 257',
      { embeds: [{ author: { name: 'x'.repeat(257) } }] },
      'embeds[0].author.name',
    ],
    [
      '6,001 characters over two embeds',
      { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] },
      'embeds',
    ],
    ['11 embeds', { embeds: Array.from({ length: 11 }, () => ({ description: 'x' })) }, 'embeds'],
    [
      '6 action rows',
      {
        content: 'x',
        components: Array.from({ length: 6 }, (_, r) => ({ type: 1, components: [button(r)] })),
      },
      'components',
    ],
    [
      '6 buttons in a row',
      { content: 'x', components: [{ type: 1, components: [0, 1, 2, 3, 4, 5].map(button) }] },
      'components[0].components',
    ],
    [
      '101 users allowed to be mentioned',
      {
        content: 'x',
        allowed_mentions: {
          parse: [],
          users: Array.from({ length: 101 }, (_, i) => String(100000000000000000n + BigInt(i))),
        },
      },
      'allowed_mentions.users',
    ],
  ])(
    'GIVEN a message with %s THEN Discord-style 50035 names the field, as Discord refuses it',
    async (_what, body, path) => {
      const rest = emulatorRest(emulator);
      expect(
        await codeOf(rest.post(Routes.channelMessages(emulator.ids.channels.general), { body })),
      ).toBe(50035);
      expect(emulator.violations.at(-1)?.issues.map((i) => i.path)).toEqual([path]);
    },
  );

  it('GIVEN two buttons with one custom_id THEN the contract check reports the duplicate', async () => {
    const rest = emulatorRest(emulator);
    const button = { type: 2, style: 1, label: 'Cast', custom_id: 'film:cast' };
    await codeOf(
      rest.post(Routes.channelMessages(emulator.ids.channels.general), {
        body: { content: 'x', components: [{ type: 1, components: [button, button] }] },
      }),
    );
    expect(emulator.violations[0]?.issues[0]?.message).toMatch(/also used/);
  });

  it('GIVEN commands where a required option follows an optional one THEN the overwrite is reported', async () => {
    const rest = emulatorRest(emulator);
    await codeOf(
      rest.put(Routes.applicationCommands(emulator.applicationId), {
        body: [
          {
            name: 'remindme',
            description: 'Remind me',
            default_member_permissions: '32',
            options: [
              { type: 3, name: 'when', description: 'when' },
              { type: 3, name: 'title', description: 'film', required: true },
            ],
          },
        ],
      }),
    );
    expect(emulator.violations[0]?.issues).toEqual([
      { path: '[0].options[1]', message: 'required options must be placed before optional ones' },
    ]);
  });

  it('GIVEN a route the emulator does not know THEN the call is recorded as a violation', async () => {
    const rest = emulatorRest(emulator);
    expect(await codeOf(rest.get('/guilds/1/audit-logs'))).toBe(0);
    expect(emulator.violations[0]).toMatchObject({ route: 'unknown' });
  });

  it('GIVEN an injected 500 once THEN discord.js retries and the message is posted once', async () => {
    const fault = emulator.injectFault({
      route: 'POST /channels/:channel_id/messages',
      status: 500,
    });
    const rest = emulatorRest(emulator);
    await rest.post(Routes.channelMessages(emulator.ids.channels.general), {
      body: { content: 'hi' },
    });
    expect(fault.hits).toBe(1);
    expect(emulator.messages('general')).toHaveLength(1);
    expect(
      emulator.requests
        .filter((r) => r.route === 'POST /channels/:channel_id/messages')
        .map((r) => r.status),
    ).toEqual([500, 200]);
  });

  it('GIVEN an injected Discord error on one channel THEN only that channel fails, with that code', async () => {
    emulator.injectFault({
      route: `/channels/${emulator.ids.channels.general}/messages`,
      status: 403,
      code: 50001,
      count: Infinity,
    });
    const rest = emulatorRest(emulator);
    expect(
      await codeOf(
        rest.post(Routes.channelMessages(emulator.ids.channels.general), {
          body: { content: 'x' },
        }),
      ),
    ).toBe(50001);
    await rest.post(Routes.channelMessages(emulator.ids.channels.countdowns), {
      body: { content: 'x' },
    });
  });

  it('GIVEN guild routes THEN channels, members and scheduled events answer as Discord does', async () => {
    const rest = emulatorRest(emulator);
    const guild = emulator.ids.guilds.filmClub;
    const channels = (await rest.get(Routes.guildChannels(guild))) as APIChannel[];
    expect(channels.map((c) => ('name' in c ? c.name : '')).sort()).toContain('announcements');
    const member = (await rest.get(Routes.guildMember(guild, emulator.ids.users.dora))) as {
      roles: string[];
    };
    expect(member.roles).toEqual([emulator.ids.roles.filmClubModerator]);
    emulator.setTime('2023-10-05T07:00:00Z');
    const event = (await rest.post(Routes.guildScheduledEvents(guild), {
      body: {
        name: 'Ballerina premiere',
        privacy_level: 2,
        entity_type: 3,
        scheduled_start_time: '2023-10-06T08:00:00+01:00',
        scheduled_end_time: '2023-10-06T09:30:00+01:00',
        entity_metadata: { location: 'Netflix' },
      },
    })) as { id: string; scheduled_start_time: string };
    expect(event.scheduled_start_time).toBe('2023-10-06T07:00:00.000Z');
    expect(emulator.scheduledEvents(guild).map((e) => e.id)).toEqual([event.id]);
    expect(emulator.violations).toEqual([]);
  });
});

describe('the e2e contract guard', () => {
  it('GIVEN a violation during a test THEN the guard fails it with route, path and issue', async () => {
    const guard = contractGuard(() => emulator);
    guard.mark();
    guard.check();
    await emulatorRest(emulator)
      .post(Routes.channelMessages(emulator.ids.channels.general), {
        body: { content: 'x'.repeat(4001) },
      })
      .catch(() => undefined);
    expect(() => guard.check()).toThrow(
      /POST \/channels\/:channel_id\/messages[\s\S]*content: .*4000/,
    );
    expect(() => guard.check()).not.toThrow();
  });
});

describe('adding people', () => {
  it('GIVEN a user added as a Film Club member THEN the bot can fetch the member and DM them', async () => {
    const id = emulator.addUser({ username: 'fan1', guilds: [emulator.ids.guilds.filmClub] });
    const rest = emulatorRest(emulator);
    const member = (await rest.get(Routes.guildMember(emulator.ids.guilds.filmClub, id))) as {
      user: { username: string };
    };
    expect(member.user.username).toBe('fan1');
    const dm = (await rest.post(Routes.userChannels(), {
      body: { recipient_id: id },
    })) as APIChannel;
    await rest.post(Routes.channelMessages(dm.id), { body: { content: 'Ballerina is out!' } });
    expect(emulator.dms('fan1').map((m) => m.content)).toEqual(['Ballerina is out!']);
  });
});
