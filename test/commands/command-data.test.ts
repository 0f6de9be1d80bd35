import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { COMMAND_TEXT, commandTextPaths } from '../../commands/localizations.ts';

/** Discord's rules for chat input command data (application commands reference). */
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_TOTAL_CHARACTERS = 4000;

interface Node {
  name: string;
  description: string;
  name_localizations?: Readonly<Record<string, string | null>> | null;
  description_localizations?: Readonly<Record<string, string | null>> | null;
  options?: readonly APIApplicationCommandOption[];
}

/** The languages a client may see the commands in: English (the default) and every localization. */
const LANGUAGES = ['en-US', 'ko'] as const;

/** The node as a client in `language` sees it: its localized name and description, or the English. */
function seenIn<T extends Node>(node: T, language: string): T {
  const name = node.name_localizations?.[language] ?? node.name;
  const description = node.description_localizations?.[language] ?? node.description;
  const choices =
    'choices' in node && Array.isArray(node.choices)
      ? {
          choices: (
            node.choices as {
              name: string;
              name_localizations?: Record<string, string | null> | null;
              value: string | number;
            }[]
          ).map((c) => ({ ...c, name: c.name_localizations?.[language] ?? c.name })),
        }
      : {};
  const options =
    node.options === undefined ? {} : { options: node.options.map((o) => seenIn(o, language)) };
  return { ...node, name, description, ...choices, ...options };
}

const optionsOf = (node: Node): readonly APIApplicationCommandOption[] => node.options ?? [];

/** Every problem with one command or option level, with a path so a failure says where. */
function problems(node: Node, where: string): string[] {
  const found: string[] = [];
  if (!NAME.test(node.name))
    found.push(`${where}: name "${node.name}" breaks ^[-_\\p{L}\\p{N}]{1,32}$`);
  if (node.name !== node.name.toLowerCase()) found.push(`${where}: name must be lowercase`);
  if (node.description.length < 1 || node.description.length > 100) {
    found.push(`${where}: description must be 1–100 characters (${node.description.length})`);
  }
  const options = optionsOf(node);
  if (options.length > MAX_OPTIONS) found.push(`${where}: more than ${MAX_OPTIONS} options`);
  const names = options.map((o) => o.name);
  if (new Set(names).size !== names.length) found.push(`${where}: option names repeat`);

  const isGroup = (o: APIApplicationCommandOption) =>
    o.type === ApplicationCommandOptionType.Subcommand ||
    o.type === ApplicationCommandOptionType.SubcommandGroup;
  if (options.some(isGroup) && !options.every(isGroup)) {
    found.push(`${where}: subcommands cannot be mixed with plain options`);
  }
  let seenOptional = false;
  for (const option of options) {
    const at = `${where} > ${option.name}`;
    found.push(...problems(option, at));
    if (isGroup(option)) continue;
    const required = 'required' in option && option.required === true;
    if (required && seenOptional)
      found.push(`${at}: required options must come before optional ones`);
    if (!required) seenOptional = true;
    if ('choices' in option && option.choices !== undefined) {
      if (option.choices.length > MAX_CHOICES)
        found.push(`${at}: more than ${MAX_CHOICES} choices`);
      for (const choice of option.choices) {
        if (choice.name.length < 1 || choice.name.length > 100)
          found.push(`${at}: choice name length`);
        if (
          typeof choice.value === 'string' &&
          (choice.value.length < 1 || choice.value.length > 100)
        ) {
          found.push(`${at}: choice value length`);
        }
      }
      if ('autocomplete' in option && option.autocomplete === true) {
        found.push(`${at}: an autocompleted option cannot also have choices`);
      }
    }
    if ('max_length' in option && option.max_length !== undefined) {
      if (option.max_length < 1 || option.max_length > 6000)
        found.push(`${at}: max_length out of 1–6000`);
    }
    if ('min_length' in option && option.min_length !== undefined) {
      if (option.min_length < 0 || option.min_length > 6000)
        found.push(`${at}: min_length out of 0–6000`);
    }
  }
  return found;
}

/** Discord caps the combined name, description and option/choice text of a command at 4,000 characters. */
function totalCharacters(node: Node): number {
  return (
    node.name.length +
    node.description.length +
    optionsOf(node).reduce(
      (n, o) =>
        n +
        totalCharacters(o) +
        ('choices' in o && o.choices !== undefined
          ? o.choices.reduce((m, c) => m + c.name.length + String(c.value).length, 0)
          : 0),
      0,
    )
  );
}

function autocompletes(node: Node): boolean {
  return optionsOf(node).some(
    (o) => ('autocomplete' in o && o.autocomplete === true) || autocompletes(o),
  );
}

describe('every command in commands/index.ts stays within Discord limits', () => {
  it('GIVEN the command list THEN names are unique and there are at most 100 commands', () => {
    const names = commands.map((c) => c.data.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN the commands this issue ships THEN they are all listed', () => {
    const names = commands.map((c) => c.data.name);
    for (const name of ['film', 'cast', 'synopsis', 'ask', 'help']) expect(names).toContain(name);
  });

  it.each(
    commands.flatMap((c) => LANGUAGES.map((language) => [c.data.name, language, c] as const)),
  )(
    '/%s in %s: names, descriptions, options and choices within limits',
    (name, language, command) => {
      const seen = seenIn(command.data, language);
      expect(problems(seen, `/${name} (${language})`)).toEqual([]);
      expect(totalCharacters(seen)).toBeLessThanOrEqual(MAX_TOTAL_CHARACTERS);
    },
  );

  it.each(commands.map((c) => [c.data.name, c] as const))(
    '/%s: every command, subcommand, option and choice has its Korean name (and description)',
    (_name, command) => {
      const paths = commandTextPaths(command.data);
      const missing = paths.filter((path) => COMMAND_TEXT.ko[path] === undefined);
      expect(missing).toEqual([]);
      const undescribed = paths.filter(
        (path) => !path.includes('=') && COMMAND_TEXT.ko[path]?.description === undefined,
      );
      expect(undescribed).toEqual([]);
      expect(command.data.name_localizations?.ko).toBe(COMMAND_TEXT.ko[command.data.name]?.name);
    },
  );

  it('GIVEN the Korean table THEN it has no entry for a path no command has (a renamed option)', () => {
    const paths = new Set(commands.flatMap((c) => commandTextPaths(c.data)));
    expect(Object.keys(COMMAND_TEXT.ko).filter((path) => !paths.has(path))).toEqual([]);
  });

  it('GIVEN a Korean client THEN /remindme reads 알림받기 with its options and choices in Korean', () => {
    const remindme = commands.find((c) => c.data.name === 'remindme')?.data;
    expect(remindme).toBeDefined();
    const seen = seenIn(remindme as Node, 'ko');
    expect(seen.name).toBe('알림받기');
    expect(seen.options?.map((o) => o.name)).toEqual(['제목', '언제', '어디서']);
    const when = seen.options?.[1];
    expect(when !== undefined && 'choices' in when ? when.choices?.map((c) => c.name) : []).toEqual(
      ['일주일 전', '하루 전 (기본)', '한 시간 전', '공개 시각에'],
    );
    // What the bot reads back is the English name: the option values Discord sends are unchanged.
    expect(remindme?.options?.map((o) => o.name)).toEqual(['title', 'when', 'where']);
  });

  it('GIVEN a Korean client THEN /reminders cancel describes its option with /reminders list as a Korean client shows it', () => {
    const reminders = commands.find((c) => c.data.name === 'reminders')?.data;
    expect(reminders).toBeDefined();
    const seen = seenIn(reminders as Node, 'ko');
    const cancel = seen.options?.find((o) => o.name === '취소');
    const reminder = cancel !== undefined && 'options' in cancel ? cancel.options?.[0] : undefined;
    expect(reminder?.name).toBe('알림');
    expect(reminder?.description).toBe(
      '취소할 알림: 영화 제목을 입력하거나 /알림목록 목록(/reminders list)의 번호',
    );
  });

  it.each(commands.map((c) => [c.data.name, c] as const))(
    '/%s: an autocompleted option has an autocomplete handler, and button actions fit a custom id',
    (name, command) => {
      if (autocompletes(command.data)) expect(typeof command.autocomplete, name).toBe('function');
      for (const action of Object.keys(command.buttons ?? {})) {
        expect(action).not.toContain(':');
        // `<command>:<action>:` plus an 80-character film id must fit Discord's 100-character custom id.
        expect(`${name}:${action}:`.length + 80).toBeLessThanOrEqual(100);
      }
    },
  );
});

describe('the film commands match the public interface', () => {
  const byName = new Map(commands.map((c) => [c.data.name, c.data]));
  const shape = (name: string) =>
    (byName.get(name)?.options ?? []).map((o) => ({
      name: o.name,
      required: 'required' in o && o.required === true,
      autocomplete: 'autocomplete' in o && o.autocomplete === true,
    }));

  it('/film title, /cast title [person], /synopsis title, /ask question [title], /help', () => {
    expect(shape('film')).toEqual([{ name: 'title', required: true, autocomplete: true }]);
    expect(shape('cast')).toEqual([
      { name: 'title', required: true, autocomplete: true },
      { name: 'person', required: false, autocomplete: true },
    ]);
    expect(shape('synopsis')).toEqual([{ name: 'title', required: true, autocomplete: true }]);
    expect(shape('ask')).toEqual([
      { name: 'question', required: true, autocomplete: false },
      { name: 'title', required: false, autocomplete: true },
    ]);
    expect(shape('help')).toEqual([]);
  });
});
