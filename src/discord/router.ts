import {
  DiscordAPIError,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { UserError } from '../domain/errors.ts';
import type { Services, SlashCommand } from './command.ts';
import { discordErrorFields } from './discord-error.ts';

export type InteractionOutcome = 'ok' | 'user_error' | 'unknown_command' | 'error';

export interface InteractionObservation {
  kind: 'command' | 'autocomplete' | 'button';
  command: string;
  outcome: InteractionOutcome;
  durationMs: number;
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

const UNEXPECTED =
  'Something went wrong on my side and I could not finish that. It has been logged; please try again in a moment.';

/** Discord closes an interaction it has not heard back on: nothing more can be sent to it. */
const GONE_CODES = new Set([10062, 40060]);

/**
 * One handler for every interaction. Whatever a command throws ends as a private reply to the user
 * and at most one structured log line; nothing escapes to crash the process.
 */
export function createInteractionRouter(
  commands: readonly SlashCommand[],
  services: Services,
  observe: (observation: InteractionObservation) => void = () => undefined,
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const { logger } = services;

  const replyPrivately = async (interaction: Repliable, content: string, name: string) => {
    const body = { content: content.slice(0, 2000), flags: MessageFlags.Ephemeral as const };
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(body);
      else await interaction.reply(body);
    } catch (err) {
      logger.warn(
        {
          err,
          command: name,
          userId: interaction.user.id,
          guildId: interaction.guildId,
          ...discordErrorFields(err),
        },
        'could not send the private error reply',
      );
    }
  };

  const fail = async (
    interaction: Repliable,
    name: string,
    err: unknown,
  ): Promise<InteractionOutcome> => {
    const context = { command: name, userId: interaction.user.id, guildId: interaction.guildId };
    if (err instanceof UserError) {
      logger.debug({ ...context, reason: err.message }, 'user error');
      const hint =
        err.suggestions.length > 0 ? `\n${err.suggestions.map((s) => `• ${s}`).join('\n')}` : '';
      await replyPrivately(interaction, `${err.message}${hint}`, name);
      return 'user_error';
    }
    if (
      err instanceof DiscordAPIError &&
      typeof err.code === 'number' &&
      GONE_CODES.has(err.code)
    ) {
      // Too late to answer (Discord's 3-second window passed, or already answered): say nothing more.
      logger.warn(
        { ...context, ...discordErrorFields(err) },
        'interaction expired before the reply',
      );
      return 'error';
    }
    logger.error({ err, ...context, ...discordErrorFields(err) }, 'interaction failed');
    await replyPrivately(interaction, UNEXPECTED, name);
    return 'error';
  };

  const runCommand = async (
    interaction: ChatInputCommandInteraction,
  ): Promise<InteractionOutcome> => {
    const command = byName.get(interaction.commandName);
    if (command === undefined) {
      logger.warn(
        { command: interaction.commandName, userId: interaction.user.id },
        'unknown command',
      );
      await replyPrivately(
        interaction,
        `I don't have a /${interaction.commandName} command (any more). Type /help to see what I can do.`,
        interaction.commandName,
      );
      return 'unknown_command';
    }
    try {
      await command.execute(interaction, services);
      return 'ok';
    } catch (err) {
      return fail(interaction, interaction.commandName, err);
    }
  };

  const runAutocomplete = async (
    interaction: AutocompleteInteraction,
  ): Promise<InteractionOutcome> => {
    const command = byName.get(interaction.commandName);
    try {
      if (command?.autocomplete === undefined) {
        await interaction.respond([]);
        return 'unknown_command';
      }
      await command.autocomplete(interaction, services);
      return 'ok';
    } catch (err) {
      logger.error(
        {
          err,
          command: interaction.commandName,
          userId: interaction.user.id,
          guildId: interaction.guildId,
          ...discordErrorFields(err),
        },
        'autocomplete failed',
      );
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      return 'error';
    }
  };

  const runButton = async (interaction: ButtonInteraction): Promise<InteractionOutcome> => {
    const [name = '', action = '', ...args] = interaction.customId.split(':');
    const handler = byName.get(name)?.buttons?.[action];
    if (handler === undefined) {
      logger.warn(
        { customId: interaction.customId, userId: interaction.user.id },
        'unknown button',
      );
      await replyPrivately(
        interaction,
        'That button no longer works. Run the command again for a fresh one.',
        name,
      );
      return 'unknown_command';
    }
    try {
      await handler(interaction, args, services);
      return 'ok';
    } catch (err) {
      return fail(interaction, `${name}:${action}`, err);
    }
  };

  return async (interaction) => {
    const started = performance.now();
    let observation: Omit<InteractionObservation, 'durationMs'> | undefined;
    try {
      if (interaction.isChatInputCommand()) {
        observation = {
          kind: 'command',
          command: interaction.commandName,
          outcome: await runCommand(interaction),
        };
      } else if (interaction.isAutocomplete()) {
        observation = {
          kind: 'autocomplete',
          command: interaction.commandName,
          outcome: await runAutocomplete(interaction),
        };
      } else if (interaction.isButton()) {
        observation = {
          kind: 'button',
          command: interaction.customId.split(':')[0] ?? '',
          outcome: await runButton(interaction),
        };
      }
    } catch (err) {
      // Only reachable if logging or replying itself threw: still never let it escape.
      logger.error({ err }, 'interaction router failed');
    }
    if (observation !== undefined)
      observe({ ...observation, durationMs: performance.now() - started });
  };
}
