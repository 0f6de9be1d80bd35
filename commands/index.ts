import type { SlashCommand } from '../src/discord/command.ts';
import ask from './ask.ts';
import cast from './cast.ts';
import countdown from './countdown.ts';
import film from './film.ts';
import help from './help.ts';
import { localizeCommand } from './localizations.ts';
import release from './release.ts';
import reminders from './reminders.ts';
import remindme from './remindme.ts';
import synopsis from './synopsis.ts';

/**
 * Every slash command, listed explicitly: the router, the deploy script and the tests read this array.
 * Each command's data carries its Korean names and descriptions (commands/localizations.ts).
 */
export const commands: SlashCommand[] = [
  film,
  cast,
  synopsis,
  ask,
  remindme,
  reminders,
  countdown,
  release,
  help,
].map((command) => ({ ...command, data: localizeCommand(command.data) }));
