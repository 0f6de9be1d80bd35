import { setTimeout as sleep } from 'node:timers/promises';
import { ButtonStyle, ComponentType, Events, MessageFlags, type Client } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Services, SlashCommand } from '../../src/discord/command.ts';
import { createInteractionRouter, type InteractionObservation } from '../../src/discord/router.ts';
import { StoreUnavailableError, UserError } from '../../src/domain/errors.ts';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { connectClient } from '@premiere/discord-emulator/discord-js';
import { createTranslator } from '../../src/i18n/translator.ts';

/*
 * The router over the wire: the real discord.js client, logged in to the emulator, with test
 * commands that fail in each way a command can. What the user sees is read back from the emulator.
 */
const command = (
  name: string,
  execute: SlashCommand['execute'],
  extra: Partial<SlashCommand> = {},
): SlashCommand => ({
  data: { name, description: `Test command ${name}` },
  execute,
  ...extra,
});

const routed: SlashCommand[] = [
  command('fine', async (i) => {
    await i.reply({ content: 'all good' });
  }),
  command('typo', () =>
    Promise.reject(
      new UserError("I don't track a film called “Balerinna 2”.", ['Ballerina (2023)']),
    ),
  ),
  command('boom', () => Promise.reject(new Error('database exploded at /srv/secret/path'))),
  command('slow', async (i) => {
    await i.deferReply();
    throw new UserError('That took a while, and the film is still unknown.');
  }),
  command('answered', async (i) => {
    await i.reply({ content: 'first answer' });
    throw new Error('failed after answering');
  }),
  command(
    'buttons',
    async (i) => {
      await i.reply({
        content: 'pick',
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: 'Works',
                custom_id: 'buttons:ok:42',
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: 'Broken',
                custom_id: 'buttons:explode',
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: 'Stale',
                custom_id: 'gone:away',
              },
            ],
          },
        ],
      });
    },
    {
      buttons: {
        ok: async (i, args) => {
          await i.reply({ content: `ok ${args.join(',')}`, flags: MessageFlags.Ephemeral });
        },
        explode: () => Promise.reject(new Error('button bug')),
      },
    },
  ),
  // The store refused a write at once (a locked SQLite file, a failed Keyv set).
  command('nostore', () =>
    Promise.reject(new StoreUnavailableError('set', 'write', 'unconfirmed', 'reminder:1')),
  ),
  // A store that hangs: the read gives up after longer than Discord's 3 s window.
  command('frozen', async () => {
    await sleep(3_500);
    throw new StoreUnavailableError('get', 'read', 'timeout', 'release:ballerina-2023');
  }),
  // Slow, then a public answer.
  command('slowanswer', async (i) => {
    await sleep(3_500);
    await i.reply({ content: 'finally an answer' });
  }),
  command(
    'film',
    async (i) => {
      await i.reply({
        content: 'film buttons',
        components: [
          {
            type: ComponentType.ActionRow,
            components: ['constructor', 'toString', '__proto__', 'hasOwnProperty'].map(
              (action) => ({
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: action,
                custom_id: `film:${action}:x`,
              }),
            ),
          },
        ],
      });
    },
    {
      // Named in Korean too, so a Korean client's stale-button reply can name it as that client shows it.
      data: { name: 'film', description: 'Test command film', name_localizations: { ko: '영화' } },
      buttons: {
        cast: async (i) => {
          await i.reply({ content: 'cast', flags: MessageFlags.Ephemeral });
        },
      },
    },
  ),
  command(
    'late',
    async (i) => {
      await i.reply({ content: 'x' });
    },
    {
      // Answers after Discord's 3-second window, as a slow store or a blocked event loop would.
      autocomplete: async (i) => {
        emulator.advanceTime(4000);
        await i.respond([{ name: 'too late', value: 'late' }]);
      },
    },
  ),
  command(
    'suggest',
    async (i) => {
      await i.reply({ content: 'x' });
    },
    {
      autocomplete: () => Promise.reject(new Error('autocomplete bug')),
    },
  ),
];
// Registered with Discord but not handled any more: what a stale deployment looks like.
const registered = [
  ...routed.map((c) =>
    c.data.name === 'suggest' || c.data.name === 'late'
      ? { ...c.data, options: [{ type: 3, name: 'q', description: 'query', autocomplete: true }] }
      : c.data,
  ),
  { name: 'retired', description: 'A command this version no longer has' },
];

let emulator: Emulator;
let client: Client<true>;
const logLines: Record<string, unknown>[] = [];
const observations: InteractionObservation[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  client = await connectClient(emulator);
  await client.application.commands.set(registered);
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const services = {
    config: loadConfig({ DISCORD_TOKEN: 'x' }),
    logger,
    t: createTranslator(),
  } as unknown as Services;
  const route = createInteractionRouter(routed, services, (o) => observations.push(o));
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
});

afterAll(async () => {
  await client.destroy();
  await emulator.close();
});

beforeEach(() => {
  logLines.length = 0;
  observations.length = 0;
});

const invoke = (name: string) => emulator.invokeCommand({ user: 'ben', channel: 'general', name });

describe('interaction router', () => {
  it('GIVEN a command that throws a user error THEN only the user sees the message and suggestions, logged at debug', async () => {
    const answer = await invoke('typo');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain("I don't track a film called “Balerinna 2”.");
    expect(answer.text).toContain('• Ballerina (2023)');
    expect(logLines.filter((l) => (l.level as number) >= 40)).toEqual([]);
    expect(observations).toEqual([
      expect.objectContaining({ command: 'typo', outcome: 'user_error' }),
    ]);
  });

  it('GIVEN a command with a bug THEN the user gets a private apology without internals, and one error line with context', async () => {
    const answer = await invoke('boom');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/Something went wrong on my side/);
    expect(answer.text).not.toContain('/srv/secret');
    const errors = logLines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      command: 'boom',
      userId: expect.any(String) as unknown,
      msg: 'interaction failed',
    });
  });

  it('GIVEN a deferred command that then fails THEN the error arrives as a private follow-up', async () => {
    const answer = await invoke('slow');
    expect(answer.deferred).toBe(true);
    const privateFollowUp = answer.followups.find((m) => m.content.includes('still unknown'));
    expect(privateFollowUp).toBeDefined();
    expect(answer.followups.every((m) => ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0)).toBe(
      true,
    );
  });

  it('GIVEN a command that fails after answering THEN its answer stands and the apology is a private follow-up', async () => {
    const answer = await invoke('answered');
    expect(answer.content).toBe('first answer');
    expect(answer.followups.map((m) => m.content)).toEqual([
      expect.stringMatching(/Something went wrong/),
    ]);
  });

  it('GIVEN a command Discord still shows but this version lacks THEN the user is told privately to try /help', async () => {
    const answer = await invoke('retired');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/I don't have a \/retired command.*\/help/);
    expect(observations).toEqual([expect.objectContaining({ outcome: 'unknown_command' })]);
  });

  it('GIVEN buttons THEN a handled one gets its args, a buggy one apologises privately, a stale one says so', async () => {
    const message = await invoke('buttons');
    const ok = await emulator.clickButton({ user: 'ben', message, label: 'Works' });
    expect(ok.text).toBe('ok 42');
    const broken = await emulator.clickButton({ user: 'ben', message, label: 'Broken' });
    expect(broken.ephemeral).toBe(true);
    expect(broken.text).toMatch(/Something went wrong/);
    const stale = await emulator.clickButton({ user: 'ben', message, label: 'Stale' });
    expect(stale.ephemeral).toBe(true);
    expect(stale.text).toMatch(/no longer works/);
  });

  it('GIVEN an autocomplete handler that throws THEN the user gets an empty list, not a spinner', async () => {
    const choices = await emulator.autocomplete({
      user: 'ben',
      channel: 'general',
      name: 'suggest',
      focused: 'q',
      value: 'bal',
    });
    expect(choices).toEqual([]);
    expect(logLines.filter((l) => l.level === 50)).toHaveLength(1);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'GIVEN a button whose action is the Object member %s THEN the user is privately told to run /film again, and one warn line says why',
    async (action) => {
      const message = await invoke('film');
      const answer = await emulator.clickButton({ user: 'ben', message, label: action });
      expect(answer.ephemeral).toBe(true);
      expect(answer.text).toBe('That button no longer works. Run /film again for a fresh one.');
      expect(logLines.filter((l) => l.msg === 'unknown button')).toHaveLength(1);
      expect(logLines.filter((l) => (l.level as number) >= 50)).toEqual([]);
      expect(observations.at(-1)).toMatchObject({ kind: 'button', outcome: 'unknown_command' });
    },
  );

  it('GIVEN a button of a command this version lacks THEN the private answer says to run the command again', async () => {
    const message = await invoke('buttons');
    const stale = await emulator.clickButton({ user: 'ben', message, label: 'Stale' });
    expect(stale.text).toBe('That button no longer works. Run the command again for a fresh one.');
  });

  it('GIVEN an autocomplete answered after Discord closed it THEN one warn line, no second request, counted as expired', async () => {
    emulator.clearLogs();
    await expect(
      emulator.autocomplete(
        { user: 'ben', channel: 'general', name: 'late', focused: 'q', value: 'x' },
        { ackTimeoutMs: 1000 },
      ),
    ).rejects.toThrow(/did not acknowledge/);
    const callbacks = emulator.requests.filter((r) =>
      /\/interactions\/\d+\/.+\/callback/.test(r.path),
    );
    expect(callbacks.map((r) => r.code)).toEqual([10062]);
    expect(logLines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(logLines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'autocomplete expired before the answer',
    ]);
    expect(observations).toMatchObject([{ kind: 'autocomplete', outcome: 'expired' }]);
  });

  it('GIVEN a Korean client clicking a button this version lacks THEN the reply names the command as a Korean client shows it', async () => {
    const message = await invoke('film');
    const answer = await emulator.clickButton({
      user: 'ben',
      message,
      label: 'toString',
      locale: 'ko',
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toBe(
      '이 버튼은 더 이상 작동하지 않아요. `/영화`(`/film`) 명령을 다시 실행해 새 버튼을 받으세요.',
    );
  });

  it('GIVEN a Korean client running a command this version lacks THEN the reply names /help as a Korean client shows it', async () => {
    const answer = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'retired',
      locale: 'ko',
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toBe(
      '/retired 명령은 (이제) 없어요. `/도움말`(`/help`)로 제가 할 수 있는 일을 확인하세요.',
    );
  });

  it('GIVEN a Korean client submitting a modal the bot never showed THEN the reply names /help as a Korean client shows it', async () => {
    const answer = await emulator.submitModal({
      user: 'ben',
      channel: 'general',
      customId: 'film:__proto__:x',
      locale: 'ko',
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toBe(
      '그건 제가 처리할 수 없어요. `/도움말`(`/help`)로 제가 할 수 있는 일을 확인하세요.',
    );
  });

  it('GIVEN a modal the bot never showed THEN the user gets a private "can\'t do that" and the log one debug line', async () => {
    const answer = await emulator.submitModal({
      user: 'ben',
      channel: 'general',
      customId: 'film:__proto__:x',
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/can't do anything with that/);
    expect(logLines.map((l) => [l.level, l.msg])).toEqual([
      [20, 'interaction of a type I do not handle'],
    ]);
  });

  it('GIVEN every failure above THEN the process is still answering', async () => {
    expect((await invoke('fine')).content).toBe('all good');
  });
  it('GIVEN a command whose store write is refused THEN the user privately reads that nothing was changed, and the outage is not logged as a bug', async () => {
    const answer = await invoke('nostore');
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toMatch(/couldn't save that, nothing was changed/);
    expect(logLines.filter((l) => (l.level as number) >= 40)).toEqual([]);
    expect(observations).toMatchObject([{ command: 'nostore', outcome: 'store_unavailable' }]);
  });

  it('GIVEN a command stuck on a store that does not answer for longer than 3 s THEN Discord gets a private deferral in time and the user reads that storage is unavailable', async () => {
    const answer = await invoke('frozen');
    // The emulator refuses any acknowledgement after Discord's 3 s (10062): answered at all means in time.
    expect(answer.deferred).toBe(true);
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toMatch(/can't reach my storage right now/);
    expect(observations).toMatchObject([{ command: 'frozen', outcome: 'store_unavailable' }]);
  });

  it('GIVEN a handler that answers after 3.5 s THEN its answer still arrives, as an edit of the deferred reply', async () => {
    const answer = await invoke('slowanswer');
    expect(answer.deferred).toBe(true);
    expect(answer.content).toBe('finally an answer');
    expect(observations).toMatchObject([{ command: 'slowanswer', outcome: 'ok' }]);
  });
});
