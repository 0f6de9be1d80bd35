/*
 * The floor for `npm run bench -- --only start`: a bare discord.js client in a process of its own,
 * run by plain `node` as `npm start` runs the bot, that logs in, registers a /ping command and
 * answers it with "pong". Nothing more: no store, no scheduler, discord.js's default caches.
 *
 *   DISCORD_TOKEN=… DISCORD_API_URL=… [FLOOR_GUILD_ID=…] node tools/bench/floor-client.mjs
 *
 * Prints one JSON line `{"msg":"floor is ready","guilds":<n>}` once it can answer (its command
 * registered, as the bot's "Premiere is ready" comes after its commands are synced), and stops on
 * SIGTERM. Plain JavaScript on purpose: a TypeScript loader would weigh on the floor it measures.
 */
import { ApplicationCommandType, Client, Events, GatewayIntentBits, Routes } from 'discord.js';

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
// Where /ping is registered; without it, globally. (The bench uses a guild of its own, so the
// bot's global commands in the emulator stay as the bot synced them.)
const guildId = process.env.FLOOR_GUILD_ID;
if (token === undefined || token === '') {
  process.stderr.write('floor-client: DISCORD_TOKEN is not set\n');
  process.exit(1);
}

const client = new Client({
  // The bot's intents, so both receive the same gateway traffic.
  intents: [GatewayIntentBits.Guilds],
  allowedMentions: { parse: [] },
  ...(api === undefined || api === '' ? {} : { rest: { api } }),
});

client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand() && interaction.commandName === 'ping')
    void interaction.reply({ content: 'pong' });
});

client.once(Events.ClientReady, (ready) => {
  void ready.rest
    .put(
      guildId === undefined || guildId === ''
        ? Routes.applicationCommands(ready.application.id)
        : Routes.applicationGuildCommands(ready.application.id, guildId),
      {
        body: [
          { name: 'ping', description: 'Replies pong', type: ApplicationCommandType.ChatInput },
        ],
      },
    )
    .then(() => {
      process.stdout.write(
        `${JSON.stringify({ msg: 'floor is ready', guilds: ready.guilds.cache.size })}\n`,
      );
    })
    .catch((/** @type {unknown} */ err) => {
      process.stderr.write(`floor-client: registering /ping failed: ${String(err)}\n`);
      process.exit(1);
    });
});

process.once('SIGTERM', () => {
  void client.destroy().finally(() => process.exit(0));
});

await client.login(token);
