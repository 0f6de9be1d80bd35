import {
  DiscordAPIError,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import { UserError } from '../domain/errors.ts';
import { localeOf } from '../domain/i18n/index.ts';
import type { ButtonHandler, Services, SlashCommand } from './command.ts';
import { discordErrorFields } from './discord-error.ts';

/**
 * `expired`: Discord's window closed before the answer (10062 Unknown interaction, 40060 already
 * acknowledged). Counted apart from `error`: a slow network or a late event, not a bug to fix.
 */
export type InteractionOutcome = 'ok' | 'user_error' | 'unknown_command' | 'expired' | 'error';

export interface InteractionObservation {
  kind: 'command' | 'autocomplete' | 'button' | 'other';
  command: string;
  outcome: InteractionOutcome;
  durationMs: number;
}

type Repliable = RepliableInteraction;

const UNEXPECTED =
  'Something went wrong on my side and I could not finish that. It has been logged; please try again in a moment.';

/** Discord closes an interaction it has not heard back on: nothing more can be sent to it. */
const GONE_CODES: ReadonlySet<unknown> = new Set([10062, 40060]);
const isGone = (err: unknown): err is DiscordAPIError =>
  err instanceof DiscordAPIError && GONE_CODES.has(err.code);

/**
 * A button's custom id, `<command>:<action>:<arg>…` (see `customId`), split into its parts. Only
 * ever used as a key into a Map of the buttons the commands declare, never as an object key, so
 * an id like `film:constructor:x` or `film:__proto__:x` is simply unknown.
 */
export function parseCustomId(id: string): { command: string; action: string; args: string[] } {
  const [command = '', action = '', ...args] = id.split(':');
  return { command, action, args };
}

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
  // Object.entries reads only the handlers a command declares itself, never inherited members.
  const buttons = new Map<string, ButtonHandler>(
    commands.flatMap((c) =>
      Object.entries(c.buttons ?? {}).map(([action, handler]) => [
        `${c.data.name}:${action}`,
        handler,
      ]),
    ),
  );
  const { logger, t } = services;

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
    if (isGone(err)) {
      // Too late to answer (Discord's 3-second window passed, or already answered): say nothing more.
      logger.warn(
        { ...context, ...discordErrorFields(err) },
        'interaction expired before the reply',
      );
      return 'expired';
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
        t(localeOf(interaction.locale), 'interaction.unknownCommand', {
          command: interaction.commandName,
        }),
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
      const context = {
        command: interaction.commandName,
        userId: interaction.user.id,
        guildId: interaction.guildId,
        ...discordErrorFields(err),
      };
      if (isGone(err)) {
        // Answered after Discord's window: like an expired command, one warn line and no second
        // request (an empty list could not arrive either).
        logger.warn(context, 'autocomplete expired before the answer');
        return 'expired';
      }
      logger.error({ err, ...context }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      return 'error';
    }
  };

  const runButton = async (interaction: ButtonInteraction): Promise<InteractionOutcome> => {
    const { command: name, action, args } = parseCustomId(interaction.customId);
    const handler = buttons.get(`${name}:${action}`);
    if (handler === undefined) {
      logger.warn(
        { customId: interaction.customId, userId: interaction.user.id },
        'unknown button',
      );
      const locale = localeOf(interaction.locale);
      await replyPrivately(
        interaction,
        byName.has(name)
          ? t(locale, 'interaction.staleButton', { command: name })
          : t(locale, 'interaction.staleButtonAnyCommand'),
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

  /**
   * Interactions of a type the bot never registers (context menus, modals, select menus): a
   * private "can't do that" where Discord waits for an answer, one debug line either way.
   */
  const runOther = async (interaction: Interaction): Promise<InteractionOutcome> => {
    logger.debug(
      { type: interaction.type, userId: interaction.user.id, guildId: interaction.guildId },
      'interaction of a type I do not handle',
    );
    if (interaction.isRepliable()) {
      await replyPrivately(
        interaction,
        t(localeOf(interaction.locale), 'interaction.unsupported'),
        'other',
      );
    }
    return 'unknown_command';
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
          command: parseCustomId(interaction.customId).command,
          outcome: await runButton(interaction),
        };
      } else {
        observation = { kind: 'other', command: '', outcome: await runOther(interaction) };
      }
    } catch (err) {
      // Only reachable if logging or replying itself threw: still never let it escape.
      logger.error({ err }, 'interaction router failed');
    }
    if (observation !== undefined)
      observe({ ...observation, durationMs: performance.now() - started });
  };
}
