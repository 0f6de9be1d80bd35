import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ApplicationCommandType,
  Client,
  Events,
  GatewayIntentBits,
  Routes,
  type Interaction,
} from 'discord.js';
import { pino } from 'pino';
import {
  DEFAULT_RATE_LIMITS,
  startEmulator,
  type Emulator,
  type RateLimitOptions,
} from '@premiere/discord-emulator';
import { startBot, type RunningBot } from '../../src/main.ts';
import { round, roundSummary, shuffled, summarise, type Summary } from './stats.ts';

/*
 * Interaction latency over loopback: from the emulator handing INTERACTION_CREATE to the gateway
 * to the bot's interaction callback reaching the emulator's HTTP server.
 *
 * The floor is a bare discord.js Client that answers /ping with "pong", connected to the same
 * emulator in the same process at the same time. Each client sees only its own interactions:
 * the bot runs shard 0 of 2 and the floor shard 1 of 2, and the emulator routes a guild's
 * events by `(guild_id >> 22) % 2` (Film Club is shard 0, Cinema Night shard 1). The four kinds
 * of sample are interleaved in a shuffled order, so noise on this machine falls on all alike.
 */

export interface InteractionBenchOptions {
  samples: number;
  warmup: number;
  seed?: number;
  log?: (line: string) => void;
}

export type InteractionKindName = 'film' | 'ask' | 'autocomplete';

export interface InteractionBenchResult {
  samples: number;
  warmup: number;
  /** Milliseconds, dispatch → callback arrival. */
  bot: Record<InteractionKindName, Summary>;
  floor: Summary;
  /** bot ÷ floor, at p50 and at p99. */
  ratio: Record<InteractionKindName, { p50: number; p99: number }>;
}

const ASK_QUESTIONS = [
  'who plays Choi?',
  'who directed it?',
  'how long is it?',
  'when is it on Netflix?',
  'is this the John Wick one?',
];
const TYPED_TITLES = ['bal', 'ballerina', 'b', 'netflix bal', ''];

/** Every emulator limit raised far above what a sequential benchmark can reach. */
export function unlimited(): RateLimitOptions {
  const huge = { limit: 1_000_000, windowMs: 1000 };
  return {
    globalPerSecond: 1_000_000,
    routes: Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS.routes).map((r) => [r, huge])),
    defaultRoute: huge,
  };
}

async function startFloor(emulator: Emulator): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    shards: [1],
    shardCount: 2,
    allowedMentions: { parse: [] },
    rest: { api: emulator.apiUrl, globalRequestsPerSecond: 1_000_000 },
  });
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === 'ping')
      void interaction.reply({ content: 'pong' });
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(emulator.botToken);
  const floor = await ready;
  await floor.rest.put(
    Routes.applicationGuildCommands(floor.application.id, emulator.ids.guilds.cinemaNight),
    {
      body: [{ name: 'ping', description: 'Replies pong', type: ApplicationCommandType.ChatInput }],
    },
  );
  return floor;
}

/**
 * The bot as `npm start` builds it (startBot), in this process, on shard 0 of 2, with a fresh
 * SQLite store. discord.js reads SHARDS / SHARD_COUNT from the environment when no shard options
 * are given (SHARD_IDS is start:sharded's, which npm start refuses).
 */
async function startShardZeroBot(emulator: Emulator, storeDir: string): Promise<RunningBot> {
  const saved = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
  process.env.SHARDS = '[0]';
  process.env.SHARD_COUNT = '2';
  try {
    return await startBot({
      env: {
        DISCORD_TOKEN: emulator.botToken,
        DISCORD_API_URL: emulator.apiUrl,
        STORE_URL: `sqlite://${path.join(storeDir, 'store.sqlite')}`,
        LOG_LEVEL: 'silent',
        REST_GLOBAL_LIMIT: '1000000',
      },
      logger: pino({ level: 'silent' }),
    });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

type Kind = InteractionKindName | 'floor';

export async function benchInteractions(
  options: InteractionBenchOptions,
): Promise<InteractionBenchResult> {
  const log = options.log ?? (() => undefined);
  const emulator = await startEmulator({ rateLimits: unlimited() });
  const storeDir = mkdtempSync(path.join(tmpdir(), 'premiere-bench-'));
  let floor: Client | undefined;
  let bot: RunningBot | undefined;
  try {
    floor = await startFloor(emulator);
    bot = await startShardZeroBot(emulator, storeDir);
    await emulator.waitForCommands(['film', 'ask']);
    await emulator.waitForCommands(['ping'], { guildId: emulator.ids.guilds.cinemaNight });

    // Autocomplete answers carry no interaction id: the first one the bot touches is the one.
    const touched: string[] = [];
    emulator.interactions.on('activity', (id: string) => touched.push(id));

    let n = 0;
    const run = async (kind: Kind): Promise<number> => {
      touched.length = 0;
      n += 1;
      let id: string;
      switch (kind) {
        case 'film': {
          const answer = await emulator.invokeCommand(
            { user: 'ben', channel: 'general', name: 'film', options: { title: 'ballerina' } },
            { settleMs: 0 },
          );
          if (!/Ballerina/.test(answer.text)) throw new Error(`/film answered: ${answer.text}`);
          id = answer.interactionId;
          break;
        }
        case 'ask': {
          const question = ASK_QUESTIONS[n % ASK_QUESTIONS.length] ?? '';
          const answer = await emulator.invokeCommand(
            {
              user: 'ben',
              channel: 'general',
              name: 'ask',
              options: { question, title: 'ballerina' },
            },
            { settleMs: 0 },
          );
          if (answer.text === '' || /went wrong/.test(answer.text))
            throw new Error(`/ask answered: ${answer.text}`);
          id = answer.interactionId;
          break;
        }
        case 'autocomplete': {
          const value = TYPED_TITLES[n % TYPED_TITLES.length] ?? '';
          const choices = await emulator.autocomplete(
            { user: 'ben', channel: 'general', name: 'film', focused: 'title', value },
            { settleMs: 0 },
          );
          if (choices.length === 0) throw new Error(`autocomplete "${value}" offered nothing`);
          const first = touched[0];
          if (first === undefined) throw new Error('no interaction was touched');
          id = first;
          break;
        }
        case 'floor': {
          const answer = await emulator.invokeCommand(
            { user: 'dora', channel: 'lobby', name: 'ping' },
            { settleMs: 0 },
          );
          if (answer.content !== 'pong') throw new Error(`/ping answered: ${answer.content}`);
          id = answer.interactionId;
          break;
        }
      }
      const record = emulator.interactions.get(id);
      if (record?.dispatchedAtHr === undefined || record.firstRequestAtHr === undefined)
        throw new Error(`interaction ${id} has no timestamps`);
      // Keep the request log from growing over thousands of samples.
      if (n % 200 === 0) emulator.clearLogs();
      return record.firstRequestAtHr - record.dispatchedAtHr;
    };

    const kinds: Kind[] = ['film', 'ask', 'autocomplete', 'floor'];
    log(`interactions: warming up (${options.warmup} rounds)`);
    for (let i = 0; i < options.warmup; i++) for (const kind of kinds) await run(kind);

    const latencies: Record<Kind, number[]> = { film: [], ask: [], autocomplete: [], floor: [] };
    const started = performance.now();
    for (let i = 0; i < options.samples; i++) {
      for (const kind of shuffled(kinds, (options.seed ?? 1) + i))
        latencies[kind].push(await run(kind));
      if ((i + 1) % 500 === 0)
        log(
          `interactions: ${i + 1}/${options.samples} rounds (${Math.round((performance.now() - started) / 1000)} s)`,
        );
    }
    if (emulator.violations.length > 0)
      throw new Error(`the bot broke the API contract: ${JSON.stringify(emulator.violations[0])}`);

    const floorSummary = summarise(latencies.floor);
    const botSummary = {
      film: summarise(latencies.film),
      ask: summarise(latencies.ask),
      autocomplete: summarise(latencies.autocomplete),
    };
    const ratioOf = (s: Summary) => ({
      p50: round(s.p50 / floorSummary.p50),
      p99: round(s.p99 / floorSummary.p99),
    });
    return {
      samples: options.samples,
      warmup: options.warmup,
      bot: {
        film: roundSummary(botSummary.film),
        ask: roundSummary(botSummary.ask),
        autocomplete: roundSummary(botSummary.autocomplete),
      },
      floor: roundSummary(floorSummary),
      ratio: {
        film: ratioOf(botSummary.film),
        ask: ratioOf(botSummary.ask),
        autocomplete: ratioOf(botSummary.autocomplete),
      },
    };
  } finally {
    await bot?.stop();
    await floor?.destroy();
    await emulator.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
}
