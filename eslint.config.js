// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import directions (see README "How the code is laid out"). Each folder gets one
 * `@typescript-eslint/no-restricted-imports` entry; a file matches exactly one of them, because a
 * later entry for the same rule replaces an earlier one instead of adding to it.
 * Relative paths are matched by regex so `../store/x.ts` and `../../src/store/x.ts` both count.
 */
const rel = (folder) => `^\\.{1,2}/(.*/)?${folder}/`;
const ban = (regex, message, allowTypeImports = false) => ({ regex, message, allowTypeImports });
const pkg = (group, message) => ({ group, message });

const emulatorPackage = pkg(
  ['@premiere/discord-emulator', '@premiere/discord-emulator/*'],
  'The emulator is a dev dependency for tests and tools; the bot never imports it.',
);
const outsideTheBot = ban(
  rel('(packages|tools|test)'),
  'The bot never imports packages/, tools/ or test/: they are built on the bot, not the other way round.',
);
const discordLibraries = pkg(
  ['discord.js', '@discordjs/*'],
  'discord.js lives in src/discord (the adapter) and commands/ only.',
);
const storageLibraries = pkg(['keyv', '@keyv/*'], 'Keyv lives in src/store only.');
const cron = pkg(['node-cron'], 'node-cron lives in src/scheduler/ticker.ts only.');
const fileSystem = pkg(['fs', 'fs/*', 'node:fs', 'node:fs/*'], 'The domain reads no files.');
const sideEffects = pkg(
  ['pino', 'prom-client', 'ws', 'discord-api-types', 'discord-api-types/*'],
  'The domain is pure: logging, metrics, sockets and Discord types belong to the edges.',
);
const store = (message, allowTypeImports = false) => ban(rel('store'), message, allowTypeImports);
const app = (message) => ban(rel('app'), message);
const discordAdapter = (message) => ban(rel('discord'), message);
const scheduler = (message) => ban(rel('scheduler'), message);
const commandsFolder = (message) => ban(rel('commands'), message);
const compositionRoot = ban(
  '(^|/)(main|services|sharded)\\.ts$',
  'Only the composition root (main.ts, services.ts) wires things; nothing imports it.',
);

/** One folder's restrictions: `patterns` of no-restricted-imports, plus the ones every bot file has. */
const directions = (files, patterns, common = [outsideTheBot, compositionRoot]) => ({
  files,
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: [...common, emulatorPackage, ...patterns] },
    ],
  },
});

const importDirections = [
  directions(['src/**/*.ts'], []),
  // The composition root and the entry points beside it may import anything of the bot.
  directions(['src/*.ts'], [], [outsideTheBot]),
  directions(
    ['src/domain/**/*.ts'],
    [
      discordLibraries,
      storageLibraries,
      cron,
      fileSystem,
      sideEffects,
      store('The domain owns the records; store/ depends on it, never the reverse.'),
      app('The domain knows nothing of the use cases above it.'),
      discordAdapter(
        'The domain takes Discord markup as a parameter (Markup), never from src/discord.',
      ),
      scheduler('The domain knows nothing of the scheduler.'),
      commandsFolder('The domain knows nothing of commands.'),
      ban(rel('(ops|data)'), 'The domain is pure: no ops, no file loading.'),
    ],
  ),
  directions(
    ['src/app/**/*.ts'],
    [
      discordLibraries,
      storageLibraries,
      cron,
      store(
        'src/app may use store interfaces as types only (import type); main.ts builds the stores.',
        true,
      ),
      discordAdapter('src/app knows nothing of Discord: commands turn its outcomes into replies.'),
      scheduler('src/app knows nothing of the scheduler.'),
      commandsFolder('src/app knows nothing of commands.'),
    ],
  ),
  directions(
    ['src/store/**/*.ts'],
    [
      discordLibraries,
      cron,
      app('store/ is persistence only: it knows nothing of the use cases.'),
      discordAdapter('store/ is persistence only: it knows nothing of Discord.'),
      scheduler('store/ is persistence only: it knows nothing of the scheduler.'),
      commandsFolder('store/ is persistence only: it knows nothing of commands.'),
    ],
  ),
  directions(
    ['src/scheduler/**/*.ts'],
    [
      discordLibraries,
      storageLibraries,
      store(
        'The scheduler uses store interfaces as types only (import type); main.ts builds the stores.',
        true,
      ),
      app('The scheduler calls the domain and the stores directly, not the command use cases.'),
      discordAdapter(
        'The scheduler reaches Discord only through the Notifier port (scheduler/notifier.ts).',
      ),
      commandsFolder('The scheduler never imports command code.'),
    ],
  ),
  directions(
    ['src/discord/**/*.ts'],
    [
      store('The Discord adapter never imports store/: it gets app services and ports.'),
      commandsFolder('The Discord adapter is handed the command list; it never imports commands/.'),
    ],
  ),
  directions(
    ['commands/**/*.ts'],
    [
      storageLibraries,
      cron,
      store('Commands call src/app use cases, never store/.'),
      scheduler('Commands never import the scheduler.'),
    ],
  ),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'tools/bench/results/', '.tmp/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': [
        'error',
        { allowConstantLoopConditions: true },
      ],
    },
  },
  ...importDirections,
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
