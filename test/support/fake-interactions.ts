import type {
  APIApplicationCommandOptionChoice,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  InteractionReplyOptions,
} from 'discord.js';

/**
 * Just enough of discord.js's interaction objects for a command's pure parts: options in, replies out.
 * The over-the-wire behaviour is covered by the emulator end-to-end tests.
 */
export interface Recorder {
  replies: InteractionReplyOptions[];
  choices: APIApplicationCommandOptionChoice[][];
}

const user = { id: '100000000000000001', username: 'tester' };

function stringOptions(values: Record<string, string | undefined>) {
  return {
    getString(name: string, required = false): string | null {
      const value = values[name];
      if (value === undefined && required) throw new TypeError(`option "${name}" is required`);
      return value ?? null;
    },
  };
}

export function fakeChatInput(
  commandName: string,
  values: Record<string, string | undefined>,
  /** The client's language, as Discord sends it (`ko`, `en-GB`). */
  locale = 'en-GB',
): { interaction: ChatInputCommandInteraction; recorder: Recorder } {
  const recorder: Recorder = { replies: [], choices: [] };
  const interaction = {
    commandName,
    locale,
    user,
    guildId: '200000000000000002',
    replied: false,
    deferred: false,
    options: stringOptions(values),
    reply(body: InteractionReplyOptions) {
      recorder.replies.push(body);
      this.replied = true;
      return Promise.resolve();
    },
  };
  return { interaction: interaction as unknown as ChatInputCommandInteraction, recorder };
}

export function fakeAutocomplete(
  commandName: string,
  focused: string,
  values: Record<string, string | undefined>,
  locale = 'en-GB',
): { interaction: AutocompleteInteraction; recorder: Recorder } {
  const recorder: Recorder = { replies: [], choices: [] };
  const interaction = {
    commandName,
    locale,
    user,
    options: {
      ...stringOptions(values),
      getFocused(full = false) {
        const value = values[focused] ?? '';
        return full ? { name: focused, value, focused: true } : value;
      },
    },
    respond(choices: APIApplicationCommandOptionChoice[]) {
      recorder.choices.push(choices);
      return Promise.resolve();
    },
  };
  return { interaction: interaction as unknown as AutocompleteInteraction, recorder };
}

export function fakeButton(customId: string): {
  interaction: ButtonInteraction;
  recorder: Recorder;
} {
  const recorder: Recorder = { replies: [], choices: [] };
  const interaction = {
    customId,
    user,
    replied: false,
    deferred: false,
    reply(body: InteractionReplyOptions) {
      recorder.replies.push(body);
      this.replied = true;
      return Promise.resolve();
    },
  };
  return { interaction: interaction as unknown as ButtonInteraction, recorder };
}
