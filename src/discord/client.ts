import { Client, GatewayIntentBits, Options } from 'discord.js';
import type { Config } from '../config.ts';

/** How often discord.js drops its idle per-route REST handlers (ms; its default is an hour). */
const REST_HANDLER_SWEEP_MS = 1_000;

/**
 * The discord.js client with the least it needs: slash commands, buttons and autocomplete arrive
 * as interactions, which only need the Guilds intent. Caches the bot never reads are switched off,
 * so memory stays flat however many servers it is in.
 */
export function createClient(config: Config, env: NodeJS.ProcessEnv = process.env): Client {
  // discord.js reads SHARDS and SHARD_COUNT from the environment. Under start:sharded the
  // ShardingManager sets them for each child; anywhere else SHARD_COUNT is our own setting (maybe
  // "auto", or blank from .env.example), which discord.js would reject at construction.
  if (env.SHARDING_MANAGER === undefined) {
    delete env.SHARDS;
    delete env.SHARD_COUNT;
  }
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // No message the bot sends may ping anyone unless the sender opts in per message.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      ThreadManager: 0,
      GuildMemberManager: {
        maxSize: 0,
        // The bot's own member is what channel permission checks are computed from.
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
      UserManager: {
        maxSize: 0,
        keepOverLimit: (user) => user.id === user.client.user.id,
      },
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      StageInstanceManager: 0,
    }),
    rest: {
      ...(config.discordApiUrl === undefined ? {} : { api: config.discordApiUrl }),
      globalRequestsPerSecond: config.restGlobalLimit,
      // discord.js keeps one rate-limit handler per channel it posted in (about 600 bytes), and
      // sweeps the idle ones only hourly by default: after 100,000 DMs (a channel each) that is
      // about 60 MiB of heap for an hour. Idle handlers hold nothing to keep (a limited one is never
      // swept; a new one sends one request and learns its bucket from the answer), so sweep every
      // second: at 1,500 DMs/s ten seconds of them were still ~9 MiB of live heap, about twice that
      // of old space before V8 collected it. A sweep only walks the handlers, so it costs little.
      handlerSweepInterval: REST_HANDLER_SWEEP_MS,
    },
  });
}
