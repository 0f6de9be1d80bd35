import {
  DiscordAPIError,
  OAuth2Scopes,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  Routes,
  type APIApplication,
  type RESTGetAPIGatewayBotResult,
} from 'discord.js';
import type { Config } from '../config.ts';
import { networkCodeOf, SetupError, setupProblemOf } from '../setup-errors.ts';
import { COUNTDOWN_CHANNEL_PERMISSIONS } from './countdown-permissions.ts';

/**
 * Exactly what the bot checks and uses in a server: the countdown channel permissions
 * (`/countdown start` checks them) and Manage Events (`event:true` creates the release event and
 * moves it when the release moves). Interactions and DMs need none.
 */
export const BOT_PERMISSIONS = new PermissionsBitField([
  ...COUNTDOWN_CHANNEL_PERMISSIONS.map(([flag]) => flag),
  PermissionFlagsBits.ManageEvents,
]).freeze();

/**
 * The OAuth2 URL that adds the bot to a server with BOT_PERMISSIONS and its slash commands;
 * `guildId` preselects that server. Built here rather than with discord.js's
 * `client.generateInvite`, which needs a logged-in client and would point at DISCORD_API_URL's host
 * (the emulator's, in tests) instead of discord.com, where operators open it.
 */
export function inviteUrl(applicationId: string, guildId?: string): string {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '));
  url.searchParams.set('permissions', BOT_PERMISSIONS.bitfield.toString());
  if (guildId !== undefined) url.searchParams.set('guild_id', guildId);
  return url.toString();
}

export interface DiscordCheck {
  applicationId: string;
  applicationName: string;
  /** From GET /gateway/bot: Discord's recommended shard count and how many may identify at once. */
  recommendedShards: number;
  maxConcurrency: number;
  inviteUrl: string;
}

const DISCORD_API = 'https://discord.com/api';

/**
 * Ask Discord, before anything is written anywhere, whether the bot can run: the token is
 * accepted, the API answers, and DISCORD_GUILD_ID (when set) is a server the bot is in. Three
 * GETs: /gateway/bot, /applications/@me, /guilds/{id}. Throws SetupError (in plain words) for
 * a setup problem; any other failure is rethrown as it is.
 */
export async function checkDiscord(config: Config): Promise<DiscordCheck> {
  const apiUrl = config.discordApiUrl ?? DISCORD_API;
  const rest = new REST({ api: apiUrl }).setToken(config.discordToken);
  let invite: string | undefined;
  try {
    // The three questions do not depend on each other: asked together, a start waits one round
    // trip. The guild's answer is looked at last, so its refusal can carry the invite URL.
    const guild =
      config.guildId === undefined
        ? Promise.resolve(undefined)
        : rest.get(Routes.guild(config.guildId)).then(
            () => undefined,
            (err: unknown) => ({ err }),
          );
    const [gateway, app] = (await Promise.all([
      rest.get(Routes.gatewayBot()),
      rest.get(Routes.currentApplication()),
    ])) as [RESTGetAPIGatewayBotResult, APIApplication];
    invite = inviteUrl(app.id, config.guildId);
    const refused = await guild;
    if (refused !== undefined) throw refused.err;
    return {
      applicationId: app.id,
      applicationName: app.name,
      recommendedShards: gateway.shards,
      maxConcurrency: gateway.session_start_limit.max_concurrency,
      inviteUrl: invite,
    };
  } catch (err) {
    const code = networkCodeOf(err);
    if (code !== undefined) throw new SetupError({ kind: 'discord-unreachable', apiUrl, code });
    // Discord answers its own routes; a 404 before any guild route means another server.
    if (
      err instanceof DiscordAPIError &&
      err.status === 404 &&
      !err.url.includes('/guilds/') &&
      (err.code === 0 || typeof err.code !== 'number')
    )
      throw new SetupError({ kind: 'discord-api-not-found', apiUrl, status: err.status });
    const problem = setupProblemOf(err, { guildId: config.guildId, inviteUrl: invite });
    throw problem === undefined ? err : new SetupError(problem);
  }
}
