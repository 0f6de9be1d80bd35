import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  type Client,
  type Interaction,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ControlError,
  InteractionTimeoutError,
  startEmulator,
  type Emulator,
} from '../src/index.ts';
import { connectClient } from '../src/discord-js.ts';

let emulator: Emulator;
let client: Client<true>;
let handler: (interaction: Interaction) => Promise<void>;
const errors: unknown[] = [];

const commands = [
  {
    name: 'film',
    description: 'Show a film',
    options: [
      { type: 3, name: 'title', description: 'Film title', required: true, autocomplete: true },
      { type: 5, name: 'private', description: 'Only for me' },
    ],
  },
  {
    name: 'countdown',
    description: 'Countdowns',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [0],
    options: [
      {
        type: 1,
        name: 'start',
        description: 'Start one',
        options: [
          { type: 7, name: 'channel', description: 'Where', required: true, channel_types: [0] },
          {
            type: 3,
            name: 'style',
            description: 'How',
            choices: [
              { name: 'Daily', value: 'daily' },
              { name: 'Hourly', value: 'hourly' },
            ],
          },
        ],
      },
    ],
  },
];

beforeEach(async () => {
  emulator = await startEmulator();
  client = await connectClient(emulator);
  await client.application.commands.set(commands);
  errors.length = 0;
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((err: unknown) => errors.push(err));
  });
});

afterEach(async () => {
  await client.destroy();
  await emulator.close();
});

describe('interactions', () => {
  it('GIVEN /film WHEN the bot replies with an embed and a button THEN the answer shows both, with the locale and member permissions discord.js saw', async () => {
    let seen:
      | {
          locale: string;
          guildLocale: string | null;
          canManage: boolean | undefined;
          title: string | null;
        }
      | undefined;
    handler = async (i) => {
      if (!i.isChatInputCommand()) return;
      seen = {
        locale: i.locale,
        guildLocale: i.guildLocale,
        canManage: i.memberPermissions?.has('ManageGuild'),
        title: i.options.getString('title'),
      };
      await i.reply({
        embeds: [
          new EmbedBuilder()
            .setTitle('Ballerina (2023)')
            .addFields({ name: 'Director', value: 'Lee Chung-hyun' }),
        ],
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId('film:cast:ballerina-2023')
              .setLabel('Cast')
              .setStyle(ButtonStyle.Primary),
          ),
        ],
      });
    };
    const answer = await emulator.invokeCommand({
      user: 'ben',
      channel: '#general',
      name: 'film',
      options: { title: 'ballerina' },
      locale: 'ko',
    });
    expect(seen).toEqual({
      locale: 'ko',
      guildLocale: 'en-GB',
      canManage: false,
      title: 'ballerina',
    });
    expect(answer.ephemeral).toBe(false);
    expect(answer.embeds[0]?.title).toBe('Ballerina (2023)');
    expect(answer.buttons).toEqual([
      expect.objectContaining({ label: 'Cast', customId: 'film:cast:ballerina-2023' }),
    ]);
    expect(answer.text).toContain('Lee Chung-hyun');
    expect(emulator.messages('general')).toHaveLength(1);
  });

  it('GIVEN a deferred ephemeral reply, an edit and a follow-up THEN the answer holds the edited reply and the follow-up', async () => {
    handler = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await sleep(50);
      await i.editReply('Ballerina: Jeon Jong-seo as Jang Ok-ju');
      await i.followUp({ content: 'Also: Kim Ji-hun as Choi', flags: MessageFlags.Ephemeral });
    };
    const answer = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'ballerina' },
    });
    expect(answer).toMatchObject({
      deferred: true,
      ephemeral: true,
      content: 'Ballerina: Jeon Jong-seo as Jang Ok-ju',
    });
    expect(answer.followups.map((m) => m.content)).toEqual(['Also: Kim Ji-hun as Choi']);
    expect(emulator.messages('general')).toEqual([]);
    expect(emulator.messages('general', { includeEphemeral: true })).toHaveLength(2);
  });

  it('GIVEN autocomplete THEN the typed value reaches the bot and its choices come back', async () => {
    handler = async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond([{ name: `Ballerina (2023) · typed "${typed}"`, value: 'ballerina-2023' }]);
    };
    const choices = await emulator.autocomplete({
      user: 'ben',
      channel: 'general',
      name: 'film',
      focused: 'title',
      value: 'bal',
    });
    expect(choices).toEqual([{ name: 'Ballerina (2023) · typed "bal"', value: 'ballerina-2023' }]);
  });

  it('GIVEN a button WHEN clicked by label THEN the bot hears the custom id and its update replaces the message', async () => {
    handler = async (i) => {
      if (i.isChatInputCommand()) {
        await i.reply({
          content: 'Ballerina',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder()
                .setCustomId('film:cast:x')
                .setLabel('Cast')
                .setStyle(ButtonStyle.Secondary),
            ),
          ],
        });
      } else if (i.isButton()) {
        await i.update({ content: `Cast for ${i.customId.split(':')[2] ?? ''}`, components: [] });
      }
    };
    const film = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'ballerina' },
    });
    const clicked = await emulator.clickButton({ user: 'ada', message: film, label: 'cast' });
    expect(clicked.content).toBe('Cast for x');
    expect(emulator.messages('general').map((m) => m.content)).toEqual(['Cast for x']);
  });

  it('GIVEN a channel option and a subcommand THEN discord.js resolves the channel from the payload', async () => {
    let channelName: string | undefined;
    handler = async (i) => {
      if (!i.isChatInputCommand()) return;
      const channel = i.options.getChannel('channel', true);
      channelName = `${i.options.getSubcommand()} ${'name' in channel ? String(channel.name) : ''} ${i.options.getString('style') ?? ''}`;
      await i.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
    };
    await emulator.invokeCommand({
      user: 'dora',
      channel: 'general',
      name: 'countdown start',
      options: { channel: '#countdowns', style: 'Hourly' },
    });
    expect(channelName).toBe('start countdowns hourly');
  });

  it('GIVEN a command needing Manage Server THEN a member without it cannot even invoke it', async () => {
    handler = () => Promise.resolve();
    await expect(
      emulator.invokeCommand({
        user: 'ben',
        channel: 'general',
        name: 'countdown start',
        options: { channel: 'countdowns' },
      }),
    ).rejects.toThrow(ControlError);
  });

  it('GIVEN a DM THEN the interaction has a user, no guild and a DM channel', async () => {
    let where: string | undefined;
    handler = async (i) => {
      if (!i.isChatInputCommand()) return;
      // Without Partials.Channel discord.js does not cache DM channels, exactly as against Discord.
      where = `${String(i.inGuild())} ${i.channelId} ${i.user.username}`;
      await i.reply('hi');
    };
    const answer = await emulator.invokeCommand({
      user: 'cleo',
      channel: 'dm',
      name: 'film',
      options: { title: 'ballerina' },
    });
    expect(where).toBe(`false ${answer.message?.channel_id ?? '?'} cleo`);
    expect(answer.message?.channel_id).not.toBe(emulator.ids.channels.general);
    expect(answer.content).toBe('hi');
  });

  it('GIVEN the bot answers after the 3-second deadline THEN Discord says 10062 and the user sees nothing', async () => {
    emulator.configureTimings({ ackDeadlineMs: 100 });
    handler = async (i) => {
      if (!i.isChatInputCommand()) return;
      await sleep(200);
      await i.reply('too late');
    };
    const error = await emulator
      .invokeCommand(
        { user: 'ben', channel: 'general', name: 'film', options: { title: 'x' } },
        { ackTimeoutMs: 600 },
      )
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InteractionTimeoutError);
    expect(String(error)).toMatch(/10062/);
    expect(errors).toEqual([expect.objectContaining({ code: 10062 })]);
  });

  it('GIVEN the bot replies twice THEN the second gets 40060', async () => {
    handler = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply('one');
      await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, {
        body: { type: 4, data: { content: 'two' } },
        auth: false,
      });
    };
    await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'x' },
    });
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ code: 40060 });
  });

  it('GIVEN 15 minutes have passed THEN follow-ups fail with Invalid Webhook Token', async () => {
    let later: (() => Promise<unknown>) | undefined;
    handler = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply('now');
      later = () => i.followUp('later');
    };
    await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'x' },
    });
    emulator.advanceTime(15 * 60 * 1000 + 1);
    await expect(later?.()).rejects.toMatchObject({ code: 50027 });
  });

  it('GIVEN an unknown option THEN the control API refuses it as the Discord client would', async () => {
    handler = () => Promise.resolve();
    await expect(
      emulator.invokeCommand({
        user: 'ben',
        channel: 'general',
        name: 'film',
        options: { titel: 'x' },
      }),
    ).rejects.toThrow(/unknown option "titel"/);
    await expect(
      emulator.invokeCommand({ user: 'ben', channel: 'general', name: 'film' }),
    ).rejects.toThrow(/"title" is required/);
  });

  it('GIVEN @everyone in a reply with the client default allowedMentions THEN nobody is pinged', async () => {
    handler = async (i) => {
      if (i.isChatInputCommand())
        await i.reply(`You asked about ${i.options.getString('title') ?? ''}`);
    };
    const answer = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: '@everyone' },
    });
    expect(answer.message?.mention_everyone).toBe(false);
    expect(emulator.violations).toEqual([]);
  });
});
