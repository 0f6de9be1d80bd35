import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Clock } from '../domain/clock.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import type { CountdownService } from '../app/countdowns.ts';
import type { ReleaseService } from '../app/releases.ts';
import type { ReminderService } from '../app/reminders.ts';
import type { Translate } from '../domain/i18n/index.ts';

/**
 * What a command receives: the use cases of src/app, never a store. Built by createServices
 * (src/services.ts) for main.ts, the tests and the bench.
 */
export interface Services {
  config: Config;
  logger: Logger;
  clock: Clock;
  catalogue: Catalogue;
  /** /countdown: a server's countdowns. */
  countdowns: CountdownService;
  /** /remindme and /reminders: a user's own reminders. */
  reminders: ReminderService;
  /** /release: the stored release instant of each film (`set` for OWNER_IDS only). */
  releases: ReleaseService;
  /** Every user-facing sentence, in the reader's language (the i18next adapter). */
  t: Translate;
}

/**
 * A button handler. Custom ids are `<command>:<action>:<arg>:<arg>…` (at most 100 characters),
 * so the router can find the command that owns a button without a registry of its own.
 */
export type ButtonHandler = (
  interaction: ButtonInteraction,
  args: readonly string[],
  services: Services,
) => Promise<void>;

export interface SlashCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, services: Services): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, services: Services): Promise<void>;
  buttons?: Readonly<Record<string, ButtonHandler>>;
}

export const customId = (command: string, action: string, ...args: string[]): string =>
  [command, action, ...args].join(':');
