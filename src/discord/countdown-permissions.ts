import {
  DiscordAPIError,
  PermissionFlagsBits,
  PermissionsBitField,
  type ChatInputCommandInteraction,
  type PermissionResolvable,
} from 'discord.js';
import type { MessageKey } from '../domain/i18n/index.ts';
import type { Reader } from './embeds.ts';

/**
 * What the bot needs in a countdown channel, with the names Discord's settings show in English
 * and the message key of that name in the reader's language.
 */
export const COUNTDOWN_CHANNEL_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, 'View Channel', 'countdownCommand.permission.viewChannel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages', 'countdownCommand.permission.sendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links', 'countdownCommand.permission.embedLinks'],
] as const satisfies readonly (readonly [bigint, string, MessageKey])[];

/** The names of the countdown permissions missing from `granted`, in the order Discord lists them. */
export function missingCountdownPermissions(granted: Readonly<PermissionsBitField>): string[] {
  return COUNTDOWN_CHANNEL_PERMISSIONS.filter(([flag]) => !granted.has(flag)).map(
    ([, name]) => name,
  );
}

/** `missingCountdownPermissions`, named as Discord's settings name them in the reader's language. */
export function missingCountdownPermissionsIn(
  granted: Readonly<PermissionsBitField>,
  { locale, t }: Reader,
): string[] {
  return COUNTDOWN_CHANNEL_PERMISSIONS.filter(([flag]) => !granted.has(flag)).map(([, , key]) =>
    t(locale, key),
  );
}

/** Creating a scheduled event takes Manage Events, or the newer Create Events. */
export function mayCreateEvents(granted: Readonly<PermissionsBitField>): boolean {
  return (
    granted.has(PermissionFlagsBits.ManageEvents) || granted.has(PermissionFlagsBits.CreateEvents)
  );
}

export interface BotPermissions {
  /** In the target channel, after role overwrites. */
  channel: Readonly<PermissionsBitField>;
  /** Server-wide (for scheduled events). */
  guild: Readonly<PermissionsBitField>;
}

/**
 * The bot's own permissions in a channel of the interaction's server, from the gateway's cache
 * (guild, roles, channels and the bot's member arrive with GUILD_CREATE), fetched once when not
 * cached. `interaction.appPermissions` would not do: it describes the channel the command was
 * typed in, not the channel the countdown will post to.
 */
export async function botPermissionsIn(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  channelId: string,
): Promise<BotPermissions | undefined> {
  const guild = interaction.guild ?? (await interaction.client.guilds.fetch(interaction.guildId));
  // A channel the bot cannot see is neither cached nor fetchable (50001, or 10003 once deleted).
  const channel =
    guild.channels.cache.get(channelId) ??
    (await guild.channels.fetch(channelId).catch((err: unknown) => {
      if (err instanceof DiscordAPIError && (err.code === 50001 || err.code === 10003)) return null;
      throw err;
    }));
  if (!channel) return undefined;
  const me = guild.members.me ?? (await guild.members.fetchMe());
  return { channel: channel.permissionsFor(me), guild: me.permissions };
}

/** Runtime check of the invoking member, on top of the command's default_member_permissions. */
export const memberMay = (
  interaction: ChatInputCommandInteraction,
  permission: PermissionResolvable,
): boolean => interaction.memberPermissions?.has(permission) ?? false;
