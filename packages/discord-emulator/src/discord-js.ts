/*
 * discord.js pointed at the emulator. A subpath of its own (`@premiere/discord-emulator/discord-js`)
 * so the emulator itself never needs discord.js.
 */
import { Client, Events, GatewayIntentBits, REST, type ClientOptions } from 'discord.js';
import type { Emulator } from './index.ts';

/**
 * A real, unmodified discord.js client logged in to the emulator, for tests that play the bot's
 * part themselves. Resolves once the client is ready (READY plus every GUILD_CREATE).
 */
export async function connectClient(
  emulator: Emulator,
  options: Partial<ClientOptions> = {},
  token = emulator.botToken,
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...options,
    rest: { api: emulator.apiUrl, ...options.rest },
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(token);
  } catch (err) {
    await client.destroy();
    throw err;
  }
  return ready;
}

/** @discordjs/rest pointed at the emulator, with the bot's token. */
export const emulatorRest = (
  emulator: Emulator,
  options: ConstructorParameters<typeof REST>[0] = {},
): REST => new REST({ api: emulator.apiUrl, ...options }).setToken(emulator.botToken);
