import { existsSync } from 'node:fs';
import { REST } from 'discord.js';
import { commands } from '../commands/index.ts';
import { loadConfig } from './config.ts';
import { deployCommands } from './discord/deploy.ts';
import { discordErrorFields } from './discord/discord-error.ts';
import { checkDiscord } from './discord/preflight.ts';
import { exitOnSetupProblem } from './setup-errors.ts';

/** `npm run deploy-commands`: register every command, to DISCORD_GUILD_ID when set, else globally. */
let inviteUrl: string | undefined;
try {
  const config = loadConfig(process.env, process.cwd(), {
    envFileExists: existsSync('.env'),
    heading: 'Premiere cannot register commands',
  });
  // The same checks, in the same words, as npm start: token, network, guild.
  const discord = await checkDiscord(config);
  inviteUrl = discord.inviteUrl;
  const rest = new REST(
    config.discordApiUrl === undefined ? {} : { api: config.discordApiUrl },
  ).setToken(config.discordToken);
  const count = await deployCommands(
    rest,
    { applicationId: discord.applicationId, guildId: config.guildId },
    commands.map((c) => c.data),
  );
  const scope =
    config.guildId === undefined
      ? 'globally (may take up to an hour to appear everywhere)'
      : `to guild ${config.guildId}`;
  console.log(`Registered ${count} commands for ${discord.applicationName} ${scope}.`);
} catch (err) {
  exitOnSetupProblem(err, {
    guildId: process.env.DISCORD_GUILD_ID?.trim() || undefined,
    inviteUrl,
  });
  console.error(
    'Could not register commands:',
    err instanceof Error ? err.message : err,
    discordErrorFields(err),
  );
  process.exitCode = 1;
}
