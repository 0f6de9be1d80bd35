import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadRestProxyConfig, type RestProxyConfig } from '../../src/config.ts';
import { catchUpTurns, EvenPacer, pacedPerSecond, windowTurns } from '../../src/discord/pacer.ts';
import { startRestProxy, type RunningRestProxy } from '../../src/discord/rest-proxy.ts';
import { DEFAULT_RATE_LIMITS, startEmulator, type Emulator } from '@premiere/discord-emulator';
import { SetupError } from '../../src/setup-errors.ts';
import { silentLogger } from '../support/reminder-fixtures.ts';

describe('the shared REST proxy (npm run rest-proxy) in front of the emulator', () => {
  let emulator: Emulator | undefined;
  let proxy: RunningRestProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await emulator?.close();
    proxy = undefined;
    emulator = undefined;
  });

  const configFor = (e: Emulator, over: Partial<RestProxyConfig> = {}): RestProxyConfig => ({
    discordToken: e.botToken,
    host: '127.0.0.1',
    port: 0,
    upstreamUrl: e.apiUrl,
    globalLimit: 50,
    marginMs: 50,
    logLevel: 'silent',
    logFormat: 'json',
    ...over,
  });
  /** A bot process's REST as the bot builds it behind the proxy: DISCORD_API_URL is the proxy. */
  const botRest = (
    p: RunningRestProxy,
    token: string,
    globalRequestsPerSecond: number,
    timeout?: number,
  ) =>
    new REST({
      api: p.apiUrl,
      globalRequestsPerSecond,
      retries: 0,
      ...(timeout === undefined ? {} : { timeout }),
    }).setToken(token);

  /**
   * Eight GETs at once, one per channel (so discord.js sends them side by side rather than one
   * after another): for each, whether the bot got Discord's answer (any status) or gave up.
   */
  const eightChannelGets = (rest: REST, idPrefix: string) =>
    Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        rest.get(Routes.channel(`${idPrefix}${i}`)).then(
          () => 'answered',
          (err: unknown) => (err instanceof DiscordAPIError ? 'answered' : 'gave up'),
        ),
      ),
    );

  it('GIVEN two processes that each may send the whole global limit WHEN both send at once through the proxy THEN Discord sees no 429 and every request is answered', async () => {
    const limit = 20;
    emulator = await startEmulator({
      rateLimits: { ...DEFAULT_RATE_LIMITS, globalPerSecond: limit },
    });
    // Room for this busy shared machine's scheduling jitter between the proxy's windows and the
    // emulator's (Discord's network needs the default 50 ms).
    proxy = await startRestProxy(
      configFor(emulator, { globalLimit: limit, marginMs: 250 }),
      silentLogger,
    );
    emulator.clearLogs();
    const general = emulator.ids.channels.general;
    const token = emulator.botToken;
    const running = proxy;
    const burst = () => {
      const rest = botRest(running, token, limit);
      return Promise.all(Array.from({ length: 30 }, () => rest.get(Routes.channel(general))));
    };
    const answers = (await Promise.all([burst(), burst()])).flat();

    expect(answers).toHaveLength(60);
    expect(answers.every((c) => (c as { id?: string } | undefined)?.id === general)).toBe(true);
    const seen = emulator.requests.filter((r) => r.route === 'GET /channels/:channel_id');
    expect(seen.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(emulator.rateLimitEvents).toEqual([]);
  });

  it('GIVEN a request with another token WHEN it reaches the proxy THEN it is refused with 401 and never reaches Discord', async () => {
    emulator = await startEmulator();
    proxy = await startRestProxy(configFor(emulator), silentLogger);
    emulator.clearLogs();
    const stranger = botRest(proxy, 'not.the.bot-token', 50);
    const refused = await stranger.get(Routes.user('@me')).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect((refused as DiscordAPIError).status).toBe(401);
    expect(emulator.requests).toEqual([]);
  });

  it('GIVEN the bot token WHEN a request goes through the proxy THEN it reaches Discord with that token and the answer comes back unchanged', async () => {
    emulator = await startEmulator();
    proxy = await startRestProxy(configFor(emulator), silentLogger);
    const me = (await botRest(proxy, emulator.botToken, 50).get(Routes.user('@me'))) as {
      id: string;
    };
    expect(me.id).toBe(emulator.ids.botUserId);
  });

  it('GIVEN Discord refuses a request (404 Unknown Channel) WHEN it went through the proxy THEN the bot gets that same status and code, not a 502', async () => {
    emulator = await startEmulator();
    proxy = await startRestProxy(configFor(emulator), silentLogger);
    const refused = await botRest(proxy, emulator.botToken, 50)
      .get(Routes.channel('100000000000000001'))
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ status: 404, code: 10003 });
  });

  it.each([
    ['a 429', { status: 429, retryAfterMs: 100 }],
    ['a 502 from a gateway in front of it', { status: 502 }],
  ] as const)(
    'GIVEN Discord answers a message post with %s WHEN the proxy sends it again THEN the same body goes again and the message is posted once',
    async (_case, fault) => {
      emulator = await startEmulator();
      proxy = await startRestProxy(configFor(emulator), silentLogger);
      const general = emulator.ids.channels.general;
      emulator.injectFault({ route: 'POST /channels/:channel_id/messages', ...fault });
      emulator.clearLogs();
      const posted = (await botRest(proxy, emulator.botToken, 50).post(
        Routes.channelMessages(general),
        { body: { content: 'Ballerina is out now', nonce: 'proxy-retry-1', enforce_nonce: true } },
      )) as { content: string };
      expect(posted.content).toBe('Ballerina is out now');
      const posts = emulator.requests.filter(
        (r) => r.route === 'POST /channels/:channel_id/messages',
      );
      expect(posts.map((r) => r.status)).toEqual([fault.status, 200]);
      expect(
        emulator.messages(general).filter((m) => m.content === 'Ballerina is out now'),
      ).toHaveLength(1);
    },
  );

  it('GIVEN bots whose requests time out while they wait their turn at the proxy WHEN they give up THEN those requests never reach Discord and the next request goes at once', async () => {
    emulator = await startEmulator();
    // A limit of 4/s is paced at 2/s: one request every 500 ms.
    proxy = await startRestProxy(configFor(emulator, { globalLimit: 4 }), silentLogger);
    emulator.clearLogs();
    const general = emulator.ids.channels.general;
    const impatient = botRest(proxy, emulator.botToken, 50, 1_200);
    const outcomes = await eightChannelGets(impatient, '10000000000000000');
    const answered = outcomes.filter((o) => o === 'answered').length;
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(answered).toBeLessThan(8);
    // Long enough for all 8 to have gone at the pace, had the proxy kept the abandoned ones.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const reached = () =>
      emulator?.requests.filter((r) => r.route === 'GET /channels/:channel_id').length ?? 0;
    expect(reached()).toBe(answered);
    // The abandoned turns were given away: a new request does not wait behind them.
    const started = performance.now();
    await botRest(proxy, emulator.botToken, 50).get(Routes.channel(general));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(reached()).toBe(answered + 1);
  });

  it('GIVEN more requests at once than pass the proxy within its longest wait WHEN a bot that gives up after 3 s sends them THEN the extra ones are told to come back (429, global, never reaching Discord) and every request is answered', async () => {
    emulator = await startEmulator();
    // 2/s paced, at most 1 s of waiting: two requests queue, the rest are told to come back.
    proxy = await startRestProxy(configFor(emulator, { globalLimit: 4 }), silentLogger, {
      maxWaitMs: 1_000,
    });
    emulator.clearLogs();
    const bot = botRest(proxy, emulator.botToken, 50, 3_000);
    const outcomes = await eightChannelGets(bot, '20000000000000000');
    expect(outcomes).toEqual(Array.from({ length: 8 }, () => 'answered'));
    // Discord saw each request once, and never a 429.
    expect(emulator.requests.filter((r) => r.route === 'GET /channels/:channel_id')).toHaveLength(
      8,
    );
    expect(emulator.rateLimitEvents).toEqual([]);
  });

  it('GIVEN a token the upstream rejects WHEN the proxy starts THEN it stops with the plain token message', async () => {
    emulator = await startEmulator();
    const started = startRestProxy(
      configFor(emulator, { discordToken: 'wrong.token.value' }),
      silentLogger,
    );
    await expect(started).rejects.toThrow(SetupError);
    await expect(started).rejects.toThrow(/Discord rejected DISCORD_TOKEN/);
  });

  it('GIVEN an upstream without its /api WHEN the proxy starts THEN it stops saying REST_PROXY_UPSTREAM answered 404 and how it ends', async () => {
    emulator = await startEmulator();
    const upstream = emulator.apiUrl.replace(/\/api$/, '');
    const started = startRestProxy(configFor(emulator, { upstreamUrl: upstream }), silentLogger);
    await expect(started).rejects.toThrow(SetupError);
    await expect(started).rejects.toThrow(
      `REST_PROXY_UPSTREAM=${upstream} answered 404 to GET /applications/@me, so it is not Discord's API. Correct REST_PROXY_UPSTREAM (it ends in /api: https://discord.com/api), or leave it empty.`,
    );
  });

  it('GIVEN the port is taken WHEN a second proxy starts on it THEN it stops with a plain message naming the port', async () => {
    emulator = await startEmulator();
    proxy = await startRestProxy(configFor(emulator), silentLogger);
    const second = startRestProxy(configFor(emulator, { port: proxy.port }), silentLogger);
    await expect(second).rejects.toThrow(
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${proxy.port} \\(EADDRINUSE`),
    );
  });
});

describe('the REST proxy configuration', () => {
  it('GIVEN only a token THEN it listens on 127.0.0.1:8080, forwards to discord.com and allows 50 requests/s', () => {
    expect(loadRestProxyConfig({ DISCORD_TOKEN: 'abc.def' })).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      upstreamUrl: 'https://discord.com/api',
      globalLimit: 50,
      marginMs: 50,
    });
  });

  it('GIVEN DISCORD_API_URL (a .env shared with the bot, pointing at the proxy) THEN the upstream is still Discord', () => {
    const config = loadRestProxyConfig({
      DISCORD_TOKEN: 'abc.def',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api',
    });
    expect(config.upstreamUrl).toBe('https://discord.com/api');
  });

  it('GIVEN no token, a bad port and a bad upstream THEN every problem is named at once', () => {
    let error: unknown;
    try {
      loadRestProxyConfig({ REST_PROXY_PORT: '99999', REST_PROXY_UPSTREAM: 'discord' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN is missing/),
      'REST_PROXY_PORT must be between 0 and 65535',
      expect.stringMatching(/^REST_PROXY_UPSTREAM must be a URL/),
    ]);
  });
});

describe('the proxy paces requests that count against the global limit', () => {
  it('GIVEN 5 requests at once, a 2 ms interval and 2 turns of catch-up THEN they go evenly, and after a stalled wait only the turns already due go together', async () => {
    let now = 100;
    const went: number[] = [];
    const pacer = new EvenPacer(
      2,
      2,
      Number.POSITIVE_INFINITY,
      () => now,
      (ms) => {
        // The event loop stalls: the wait ends 10 ms late.
        now += ms + 10;
        return Promise.resolve();
      },
    );
    await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map(async () => {
        await pacer.turn();
        went.push(now);
      }),
    );
    // 3 at once at first (the turn and 2 to catch up), then after the stall the late turn and
    // the 3 whose times had passed, never the whole backlog.
    expect(went).toEqual([100, 100, 100, 112, 112, 112, 112]);
  });

  it('GIVEN a request that gives up while it sleeps until its turn THEN the turn is not spent: the next request goes at once', async () => {
    let now = 0;
    let release: (() => void) | undefined;
    const pacer = new EvenPacer(
      100,
      0,
      Number.POSITIVE_INFINITY,
      () => now,
      (ms) => {
        now += ms;
        return new Promise<void>((resolve) => (release = resolve));
      },
    );
    await pacer.turn(); // at 0
    const giveUp = new AbortController();
    const second = pacer.turn(giveUp.signal); // sleeps until 100
    await Promise.resolve();
    giveUp.abort();
    release?.();
    await second;
    const startedThird = now;
    const third = pacer.turn();
    await Promise.resolve();
    release?.();
    await third;
    // The abandoned turn at 100 was given away: the third goes at 100, not at 200.
    expect(now - startedThird).toBe(0);
  });

  it('GIVEN a wait that fails once THEN only that turn fails and later turns still go', async () => {
    let calls = 0;
    const pacer = new EvenPacer(
      10,
      0,
      Number.POSITIVE_INFINITY,
      () => 0,
      () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('timer failed')) : Promise.resolve();
      },
    );
    await pacer.turn();
    await expect(pacer.turn()).rejects.toThrow('timer failed');
    await expect(pacer.turn()).resolves.toBeUndefined();
    await expect(pacer.turn()).resolves.toBeUndefined();
  });

  it('GIVEN the limits THEN the pace leaves room in every window: 490/s at 500 catching up 49, 48/s at 50 catching up 4, never more than the pace in any second', () => {
    expect(pacedPerSecond(500)).toBe(490);
    expect(catchUpTurns(500)).toBe(49);
    expect(windowTurns(500)).toBe(490);
    expect(pacedPerSecond(50)).toBe(48);
    expect(catchUpTurns(50)).toBe(4);
    expect(windowTurns(50)).toBe(48);
  });

  it("GIVEN Discord's 50/s and an event loop that stalls now and then THEN the turns a stall missed go as soon as it ends, and no 1,000 ms ever holds more than 48", async () => {
    let now = 0;
    let waits = 0;
    const pacer = new EvenPacer(
      1000 / pacedPerSecond(50),
      catchUpTurns(50),
      windowTurns(50),
      () => now,
      (ms) => {
        // Every fifth wait wakes 60 ms late (about three turns).
        now += ms + (++waits % 5 === 0 ? 60 : 0);
        return Promise.resolve();
      },
    );
    const went: number[] = [];
    for (let i = 0; i < 480; i++) {
      await pacer.turn();
      went.push(now);
    }
    // The pace is mostly kept: 480 turns take about their 10 s, where losing every stall (96 of
    // 60 ms) would take 15.7 s.
    expect(went.at(-1) ?? 0).toBeLessThan(10_600);
    for (let i = 48; i < went.length; i++)
      expect(went[i] ?? 0).toBeGreaterThanOrEqual((went[i - 48] ?? 0) + 1000);
  });

  it('GIVEN two processes bursting at once through a proxy with no margin between windows THEN Discord sees no 429', async () => {
    const limit = 20;
    const emulator = await startEmulator({
      rateLimits: { ...DEFAULT_RATE_LIMITS, globalPerSecond: limit },
    });
    const proxy = await startRestProxy(
      {
        discordToken: emulator.botToken,
        host: '127.0.0.1',
        port: 0,
        upstreamUrl: emulator.apiUrl,
        globalLimit: limit,
        marginMs: 0,
        logLevel: 'silent',
        logFormat: 'json',
      },
      silentLogger,
    );
    try {
      emulator.clearLogs();
      const general = emulator.ids.channels.general;
      const burst = () => {
        const rest = new REST({ api: proxy.apiUrl, globalRequestsPerSecond: limit, retries: 0 });
        rest.setToken(emulator.botToken);
        return Promise.all(Array.from({ length: 30 }, () => rest.get(Routes.channel(general))));
      };
      expect((await Promise.all([burst(), burst()])).flat()).toHaveLength(60);
      expect(emulator.rateLimitEvents).toEqual([]);
    } finally {
      await proxy.close();
      await emulator.close();
    }
  });
});
