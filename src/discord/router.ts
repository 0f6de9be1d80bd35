import {
  DiscordAPIError,
  type Locale,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import { StoreUnavailableError, UserError, type StoreDirection } from '../domain/errors.ts';
import { localeOf, type MessageKey } from '../domain/i18n/index.ts';
import type { ButtonHandler, Services, SlashCommand } from './command.ts';
import { discordErrorFields } from './discord-error.ts';

/**
 * `expired`: Discord's window closed before the answer (10062 Unknown interaction, 40060 already
 * acknowledged). Counted apart from `error`: a slow network or a late event, not a bug to fix.
 * `store_unavailable`: the store did not answer or refused a write; the user was told, nothing
 * was changed.
 */
export type InteractionOutcome =
  'ok' | 'user_error' | 'unknown_command' | 'expired' | 'store_unavailable' | 'error';

export interface InteractionObservation {
  kind: 'command' | 'autocomplete' | 'button' | 'other';
  command: string;
  outcome: InteractionOutcome;
  durationMs: number;
}

type Repliable = RepliableInteraction;

/**
 * What a user is told when the bot's storage fails them, by what failed: a write (nothing was
 * changed, so trying again is safe) or a read (nothing could be looked up).
 */
export const STORE_UNAVAILABLE: Readonly<Record<StoreDirection, MessageKey>> = {
  write: 'interaction.storeUnavailableWrite',
  read: 'interaction.storeUnavailableRead',
};

/**
 * Discord drops an interaction not acknowledged within 3 s. A handler that has not answered after
 * this long (a store that hangs, a slow Discord) gets a private "thinking…" so that its answer, or
 * the error, can still arrive as an edit.
 */
export const DEFER_AFTER_MS = 1_500;

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
 * How a client in `discordLocale` (e.g. `ko`, `en-GB`) shows the command: its localized name with the
 * English one beside it, both as code (`` `/영화`(`/film`) ``, as the Korean texts write commands), or
 * `/film` where the command has no name in that language.
 */
export function commandLabel(command: SlashCommand, discordLocale: Locale): string {
  const { name, name_localizations: names } = command.data;
  const shown = names?.[discordLocale];
  return typeof shown === 'string' && shown !== name ? `\`/${shown}\`(\`/${name}\`)` : `/${name}`;
}

/**
 * One handler for every interaction. Whatever a command throws ends as a private reply to the user
 * and at most one structured log line; nothing escapes to crash the process.
 */
export function createInteractionRouter(
  commands: readonly SlashCommand[],
  services: Services,
  observe: (observation: InteractionObservation) => void = () => undefined,
  { deferAfterMs = DEFER_AFTER_MS }: { deferAfterMs?: number } = {},
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
      // The router's own private "thinking…" is still showing: the error takes its place.
      if (
        deferredByRouter.has(interaction) &&
        interaction.isChatInputCommand() &&
        !interaction.replied
      )
        await interaction.editReply({ content: body.content });
      else if (interaction.replied || interaction.deferred) await interaction.followUp(body);
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
    if (err instanceof StoreUnavailableError) {
      // The outage itself is logged once by the store layer; each interaction it spoils is debug.
      logger.debug({ ...context, op: err.op, reason: err.reason }, 'answered: storage unavailable');
      await replyPrivately(
        interaction,
        t(localeOf(interaction.locale), STORE_UNAVAILABLE[err.direction]),
        name,
      );
      return 'store_unavailable';
    }
    if (err instanceof UserError) {
      logger.debug({ ...context, reason: err.message }, 'user error');
      // Translated here, in the interaction's language: the domain threw a key and its values.
      const { message, suggestions } = err.in(localeOf(interaction.locale), t);
      const hint = suggestions.length > 0 ? `\n${suggestions.map((s) => `• ${s}`).join('\n')}` : '';
      await replyPrivately(interaction, `${message}${hint}`, name);
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
    await replyPrivately(
      interaction,
      t(localeOf(interaction.locale), 'interaction.unexpected'),
      name,
    );
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
    const late = deferWhenSlow(interaction, deferAfterMs, logger);
    try {
      await command.execute(interaction, services);
      return 'ok';
    } catch (err) {
      return await fail(interaction, interaction.commandName, err);
    } finally {
      late.cancel();
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
      if (err instanceof StoreUnavailableError) {
        // No choices rather than an error: the command itself will say the storage is down.
        logger.debug(
          { command: interaction.commandName, op: err.op, reason: err.reason },
          'autocomplete: storage unavailable',
        );
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
        return 'store_unavailable';
      }
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
      const command = byName.get(name);
      await replyPrivately(
        interaction,
        command !== undefined
          ? t(locale, 'interaction.staleButton', {
              command: commandLabel(command, interaction.locale),
            })
          : t(locale, 'interaction.staleButtonAnyCommand'),
        name,
      );
      return 'unknown_command';
    }
    const late = deferWhenSlow(interaction, deferAfterMs, logger);
    try {
      await handler(interaction, args, services);
      return 'ok';
    } catch (err) {
      return await fail(interaction, `${name}:${action}`, err);
    } finally {
      late.cancel();
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

/**
 * Acknowledge `interaction` privately if its handler has not answered within `afterMs`: a command
 * gets a deferred ephemeral reply, a button a deferred update. The handler does not need to know:
 * its `reply` then edits the deferred reply (a command) or follows up (a button), its `update`
 * edits the message, its own `deferReply`/`deferUpdate` does nothing more. One consequence, chosen
 * over a late public answer that Discord would refuse: a slow answer that would have been public
 * arrives privately.
 *
 * Hand-written: discord.js has no deferral on a timer. Its reply methods are wrapped on this one
 * interaction object, which lives for one handler call.
 */
/** The command a repliable interaction belongs to, for the log. */
const commandNameOf = (interaction: Repliable): string =>
  'commandName' in interaction ? interaction.commandName : '';

/** Interactions the router deferred (privately) because their handler was slow. */
const deferredByRouter = new WeakSet<Repliable>();

/**
 * A reply's or update's options as an edit of the deferred reply: the same content, embeds and
 * components, without `flags` (the deferral already decided that it is private; Discord refuses
 * the ephemeral flag on an edit).
 */
function asEdit(options: unknown): unknown {
  if (typeof options !== 'object' || options === null) return options;
  const {
    flags: _flags,
    withResponse: _w,
    fetchReply: _f,
    ...rest
  } = options as Record<string, unknown>;
  return rest;
}

function deferWhenSlow(
  interaction: Repliable,
  afterMs: number,
  logger: Services['logger'],
): { cancel(): void } {
  // discord.js's overloads, seen as what they do: send one request with some options.
  type Send = (options?: unknown) => Promise<unknown>;
  const methods = interaction as unknown as Record<
    'reply' | 'deferReply' | 'editReply' | 'followUp' | 'update' | 'deferUpdate',
    Send | undefined
  >;
  const bound = (name: keyof typeof methods): Send => {
    const method = methods[name];
    if (method === undefined) return () => Promise.resolve(undefined);
    return method.bind(interaction);
  };
  const original = {
    reply: bound('reply'),
    deferReply: bound('deferReply'),
    editReply: bound('editReply'),
    followUp: bound('followUp'),
    update: bound('update'),
    deferUpdate: bound('deferUpdate'),
  };
  const isButton = interaction.isButton();
  // Who acknowledged first; set before the request goes out, so the two never both try.
  let acknowledged: 'handler' | 'router' | undefined;
  let routerAck: Promise<unknown> = Promise.resolve();

  const timer = setTimeout(() => {
    if (acknowledged !== undefined || interaction.replied || interaction.deferred) return;
    acknowledged = 'router';
    logger.debug(
      {
        command: interaction.isButton() ? interaction.customId : commandNameOf(interaction),
        afterMs,
      },
      'handler is slow; deferring the reply',
    );
    deferredByRouter.add(interaction);
    routerAck = (
      isButton ? original.deferUpdate() : original.deferReply({ flags: MessageFlags.Ephemeral })
    ).catch((err: unknown) =>
      logger.warn({ err, ...discordErrorFields(err) }, 'could not defer a slow interaction'),
    );
  }, afterMs);

  /** The handler's own call, or what it becomes once the router has deferred. */
  const wrap =
    (own: Send, afterDefer: Send): Send =>
    async (options) => {
      if (acknowledged !== 'router') {
        acknowledged = 'handler';
        return own(options);
      }
      await routerAck;
      return afterDefer(options);
    };
  const nothing: Send = () => Promise.resolve(undefined);
  methods.reply = wrap(
    original.reply,
    isButton ? original.followUp : (o) => original.editReply(asEdit(o)),
  );
  methods.deferReply = wrap(original.deferReply, nothing);
  if (isButton) {
    methods.update = wrap(original.update, (o) => original.editReply(asEdit(o)));
    methods.deferUpdate = wrap(original.deferUpdate, nothing);
  }
  return { cancel: () => clearTimeout(timer) };
}
