import { REST, Routes, type APIApplication } from 'discord.js';
import { commands } from '../commands/index.ts';
import { ConfigError, loadConfig } from './config.ts';
import { deployCommands } from './discord/deploy.ts';
import { discordErrorFields } from './discord/discord-error.ts';

/** `npm run deploy-commands`: register every command, to DISCORD_GUILD_ID when set, else globally. */
try {
  const config = loadConfig(process.env);
  const rest = new REST(
    config.discordApiUrl === undefined ? {} : { api: config.discordApiUrl },
  ).setToken(config.discordToken);
  const app = (await rest.get(Routes.currentApplication())) as APIApplication;
  const count = await deployCommands(
    rest,
    { applicationId: app.id, guildId: config.guildId },
    commands.map((c) => c.data),
  );
  const scope =
    config.guildId === undefined
      ? 'globally (may take up to an hour to appear everywhere)'
      : `to guild ${config.guildId}`;
  console.log(`Registered ${count} commands for ${app.name} ${scope}.`);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else
    console.error(
      'Could not register commands:',
      err instanceof Error ? err.message : err,
      discordErrorFields(err),
    );
  process.exitCode = 1;
}
