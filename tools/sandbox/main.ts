import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import {
  ChannelType,
  InteractionResponseType,
  PermissionFlagsBits,
  type APIMessage,
} from 'discord-api-types/v10';
import { AdjustableClock } from '../../src/domain/clock.ts';
import { checkZone } from '../../src/domain/zones.ts';
import { startEmulator, type Emulator, type InteractionAnswer } from '@premiere/discord-emulator';
import { createLogger } from '../../src/logger.ts';
import { startBot, type RunningBot } from '../../src/main.ts';
import { instantFrom, parseCommandLine, readAs } from './parse.ts';
import { renderMessage, type RenderContext } from './render.ts';

const HELP = `
  /film title:ballerina          run a slash command (values may contain spaces)
  /ask question:who plays Choi?  … options are name:value, as in Discord's command bar
  :complete /film title:bal      the autocomplete choices for the last option
  click Cast                     click a button (by label) on the latest message that has it
  :as ben                        act as ada (owner), ben (member), cleo (DMs closed), dora (moderator)
  :in #countdowns | :in dm       switch channel (:channels lists them), or your DMs with the bot
  :locale ko | :locale en        your Discord client's language (and the servers'), as Discord
                                 sends it: the bot answers in it, timestamps show in it
  :time 2023-10-05 08:00         set the bot's clock (read as UTC, or add a zone: … Europe/London)
  :time +1d | +3h | +15m         move the bot's clock forward
  :now                           the bot's clock
  :history [#channel|dm]         what was posted in a channel, or your DMs
  :dms ben                       the DMs the bot sent someone
  :channels  :users  :logs [n]   the world, and the bot's last log lines
  :help  :quit
`;

interface Session {
  user: string;
  channel: string;
  /**
   * The client language interactions carry (`interaction.locale`), set with `:locale`; undefined
   * until then: each person's own (ada en-GB, ben en-US, …), and timestamps shown in en-GB.
   */
  locale: string | undefined;
}

/** What `:locale` accepts: the bot's languages, as the Discord locale a client sends for each. */
const CLIENT_LOCALES: Readonly<Record<string, string>> = { ko: 'ko', en: 'en-GB' };

class Sandbox {
  private readonly session: Session = { user: 'ada', channel: 'general', locale: undefined };
  /** Messages shown so far, newest last, for `click`. */
  private readonly shown: string[] = [];
  private rl: readline.Interface | undefined;
  private busy = false;

  constructor(
    private readonly emulator: Emulator,
    private readonly bot: RunningBot,
    private readonly clock: AdjustableClock,
    private readonly logFile: string,
    private readonly zone: string,
    private readonly color: boolean,
  ) {}

  private get ctx(): RenderContext {
    const { world } = this.emulator;
    return {
      now: this.clock.now(),
      zone: this.zone,
      locale: this.session.locale ?? 'en-GB',
      color: this.color,
      userName: (id) => world.user(id)?.username,
      channelName: (id) => world.channels.get(id)?.name,
      roleName: (id) =>
        [...world.guilds.values()].map((g) => g.roles.get(id)?.name).find((n) => n !== undefined),
    };
  }

  private paint(code: number, text: string): string {
    return this.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  private say(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  private where(): string {
    if (this.session.channel === 'dm') return 'DM with Premiere';
    const channel = this.emulator.world.findChannel(this.session.channel);
    const guild =
      channel?.guildId === undefined ? undefined : this.emulator.world.guilds.get(channel.guildId);
    return `#${channel?.name ?? this.session.channel} (${guild?.name ?? '?'})`;
  }

  private prompt(): string {
    return `${this.paint(36, this.session.user)} in ${this.paint(33, this.where())} › `;
  }

  private clockLine(): string {
    return this.clock
      .now()
      .setZone(this.zone)
      .setLocale('en-GB')
      .toFormat('cccc d LLLL yyyy, HH:mm ZZZZ');
  }

  /** Print something that arrived on its own (a reminder DM, a countdown post) above the prompt. */
  private announce(message: APIMessage, change: 'create' | 'update'): void {
    if (message.interaction_metadata !== undefined || message.author.id !== this.emulator.botUserId)
      return;
    const { world } = this.emulator;
    const channel = world.channels.get(message.channel_id);
    const to =
      channel?.recipientId !== undefined
        ? `DM to ${world.user(channel.recipientId)?.username ?? '?'}`
        : `#${channel?.name ?? message.channel_id}`;
    const text = renderMessage(
      message,
      this.ctx,
      `Premiere → ${to}${change === 'update' ? ' (edited)' : ''} · ${this.clockLine()}`,
    );
    this.shown.push(message.id);
    if (this.rl && process.stdout.isTTY && !this.busy) {
      readline.clearLine(process.stdout, 0);
      readline.cursorTo(process.stdout, 0);
      this.say(text);
      this.rl.prompt(true);
    } else {
      this.say(text);
    }
  }

  async run(): Promise<void> {
    this.emulator.onMessage((message, change) => {
      if (change !== 'delete') this.announce(message, change);
    });
    this.say(
      `${this.paint(1, 'Premiere sandbox')} — a Discord of its own on 127.0.0.1 with the real bot; nothing leaves this machine.`,
    );
    this.say(`You are ada (owner of Film Club) in #general. The bot's clock: ${this.clockLine()}.`);
    this.say(
      'Try: /film title:ballerina · click Cast · /ask question:who plays Choi? · :time 2023-10-05 08:00',
    );
    this.say('Type :help for everything, :quit to leave.');
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdout.isTTY,
    });
    this.rl = rl;
    rl.on('SIGINT', () => rl.close());
    rl.setPrompt(this.prompt());
    rl.prompt();
    for await (const line of rl) {
      this.busy = true;
      const quit = await this.handle(line.trim()).catch((err: unknown) => {
        this.say(this.paint(31, `✗ ${err instanceof Error ? err.message : String(err)}`));
        return false;
      });
      this.busy = false;
      if (quit) break;
      rl.setPrompt(this.prompt());
      rl.prompt();
    }
    rl.close();
  }

  /** Returns true to quit. */
  private async handle(line: string): Promise<boolean> {
    if (line === '' || line.startsWith('#')) return false;
    if (line.startsWith('/')) {
      await this.command(line);
      return false;
    }
    const [word = '', ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (word.toLowerCase()) {
      case 'click':
      case ':click':
        await this.click(arg);
        return false;
      case ':complete':
        await this.complete(arg);
        return false;
      case ':as':
        this.switchUser(arg);
        return false;
      case ':in':
        this.switchChannel(arg);
        return false;
      case ':time':
        this.setTime(arg);
        return false;
      case ':locale':
        this.setLocale(arg);
        return false;
      case ':now':
        this.say(`The bot's clock: ${this.clockLine()}`);
        return false;
      case ':history':
        this.history(arg);
        return false;
      case ':dms':
        this.showDms(arg || this.session.user);
        return false;
      case ':channels':
        this.channels();
        return false;
      case ':users':
        this.users();
        return false;
      case ':logs':
        this.logs(Number(arg) || 15);
        return false;
      case ':help':
        this.say(HELP);
        return false;
      case ':quit':
      case ':exit':
        return true;
      default:
        this.say(
          `Not a command: ${line}. Slash commands start with /, the sandbox's own with : (try :help).`,
        );
        return false;
    }
  }

  private showAnswer(answer: InteractionAnswer): void {
    const updated =
      answer.responseType === InteractionResponseType.DeferredMessageUpdate ||
      answer.responseType === InteractionResponseType.UpdateMessage;
    answer.messages.forEach((m, i) => {
      const heading = i === 0 && updated ? `${m.author.username} · updated the message` : undefined;
      this.say(renderMessage(m, this.ctx, heading));
      this.shown.push(m.id);
    });
    if (answer.modal)
      this.say(`(the bot opened a form "${answer.modal.title}"; forms are not supported here)`);
  }

  private async command(line: string): Promise<void> {
    const channel = this.emulator.world.findChannel(this.session.channel);
    const registered = [
      ...(channel?.guildId === undefined ? [] : this.emulator.registeredCommands(channel.guildId)),
      ...this.emulator.registeredCommands(),
    ];
    const { name, options } = parseCommandLine(line, registered);
    const answer = await this.emulator.invokeCommand({
      user: this.session.user,
      channel: this.session.channel,
      name,
      options,
      ...this.localeOption(),
    });
    this.showAnswer(answer);
  }

  private async complete(line: string): Promise<void> {
    const { name, options } = parseCommandLine(line, this.emulator.registeredCommands());
    const entries = Object.entries(options);
    const last = entries[entries.length - 1];
    if (!last) throw new Error('type the option to complete, e.g. :complete /film title:bal');
    const [focused, value] = last;
    const choices = await this.emulator.autocomplete({
      user: this.session.user,
      channel: this.session.channel,
      name,
      options: Object.fromEntries(entries.slice(0, -1)),
      focused,
      value,
      ...this.localeOption(),
    });
    this.say(
      choices.length === 0
        ? '(no choices)'
        : choices.map((c) => `  ${c.name}  → ${String(c.value)}`).join('\n'),
    );
  }

  private async click(label: string): Promise<void> {
    if (label === '') throw new Error('click what? e.g. click Cast');
    const wanted = label.toLowerCase();
    for (const id of [...this.shown].reverse()) {
      const message = this.emulator.world.messages.get(id);
      if (!message || message.deleted) continue;
      const has = message.components.some((row) =>
        (row.components as unknown as { label?: unknown }[]).some(
          (c) => typeof c.label === 'string' && c.label.toLowerCase() === wanted,
        ),
      );
      if (!has) continue;
      const answer = await this.emulator.clickButton({
        user: this.session.user,
        message: id,
        label,
        ...this.localeOption(),
      });
      this.showAnswer(answer);
      return;
    }
    throw new Error(`no message shown so far has a "${label}" button`);
  }

  private switchUser(name: string): void {
    const user = this.emulator.world.findUser(name);
    if (!user || user.bot) throw new Error(`no such person; try ada, ben, cleo or dora`);
    this.session.user = user.username;
    this.say(`You are now ${user.username}.`);
  }

  private switchChannel(name: string): void {
    if (name === 'dm' || name === 'dms') {
      this.session.channel = 'dm';
    } else {
      const channel = this.emulator.world.findChannel(name);
      if (!channel || channel.guildId === undefined)
        throw new Error(`no channel "${name}"; see :channels`);
      this.session.channel = channel.name;
    }
    this.say(`You are now in ${this.where()}.`);
  }

  /** The `locale` an interaction carries: the one set with `:locale`, else the person's own. */
  private localeOption(): { locale?: string } {
    return this.session.locale === undefined ? {} : { locale: this.session.locale };
  }

  /**
   * `:locale ko`: from now on interactions carry `locale: 'ko'` (a Korean Discord client), every
   * server's preferred language is Korean too (so `guild_locale` and channel posts follow), and
   * timestamps are shown as a Korean client shows them. `:locale en` goes back to English.
   */
  private setLocale(arg: string): void {
    const locale = CLIENT_LOCALES[arg.trim().toLowerCase()];
    if (locale === undefined)
      throw new Error(
        `no language "${arg}"; try ${Object.keys(CLIENT_LOCALES)
          .map((l) => `:locale ${l}`)
          .join(' or ')}`,
      );
    this.session.locale = locale;
    const servers = [...this.emulator.world.guilds.values()];
    for (const guild of servers) this.emulator.setGuildLocale(guild.id, locale);
    this.say(
      `Your Discord client now sends locale ${locale}, and ${servers.map((g) => g.name).join(' and ')} prefer ${locale}: the bot's replies, channel posts and timestamps follow it.`,
    );
  }

  private setTime(text: string): void {
    const relative = /^\+(\d+)\s*([mhd])$/i.exec(text);
    let target: DateTime;
    if (relative) {
      const unit = { m: 'minutes', h: 'hours', d: 'days' }[
        (relative[2] ?? 'm').toLowerCase() as 'm' | 'h' | 'd'
      ];
      target = this.clock.now().plus({ [unit]: Number(relative[1]) });
    } else {
      target = instantFrom(text);
    }
    const backwards = target < this.clock.now();
    this.clock.set(target);
    this.emulator.setTime(target.toMillis());
    if (backwards)
      this.say('Note: the clock went backwards; what the scheduler already did stays done.');
    this.say(
      `The bot's clock: ${this.clockLine()}${relative ? '' : ` (${text} read ${readAs(text)})`}. Reminders and countdowns due by then fire at the scheduler's next tick (within a minute).`,
    );
  }

  private history(where: string): void {
    const target = where === '' ? this.session.channel : where.replace(/^#/, '');
    const messages =
      target === 'dm' ? this.emulator.dms(this.session.user) : this.emulator.messages(target);
    if (messages.length === 0) this.say('(nothing yet)');
    for (const m of messages) this.say(renderMessage(m, this.ctx));
  }

  private showDms(user: string): void {
    const messages = this.emulator.dms(user);
    if (messages.length === 0) this.say(`(the bot has not sent ${user} anything)`);
    for (const m of messages) this.say(renderMessage(m, this.ctx, `Premiere → DM to ${user}`));
  }

  private channels(): void {
    const { world } = this.emulator;
    for (const guild of world.guilds.values()) {
      const names = world
        .guildChannels(guild.id)
        .filter((c) => c.type === ChannelType.GuildText)
        .map((c) => {
          const perms = world.permissionsIn(c, world.botUserId);
          const note =
            (perms & PermissionFlagsBits.ViewChannel) === 0n
              ? ' (bot cannot see it)'
              : (perms & PermissionFlagsBits.SendMessages) === 0n
                ? ' (bot cannot post)'
                : '';
          return `#${c.name}${note}`;
        });
      this.say(`${guild.name}: ${names.join('  ')}`);
    }
  }

  private users(): void {
    const notes: Record<string, string> = {
      ada: 'owner of Film Club, bot owner (OWNER_IDS)',
      ben: 'member, no Manage Server',
      cleo: 'member, DMs closed',
      dora: 'Film Club moderator (Manage Server), owner of Cinema Night',
    };
    for (const [name, note] of Object.entries(notes)) this.say(`  ${name.padEnd(5)} ${note}`);
  }

  private logs(count: number): void {
    const lines = readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-count);
    for (const line of lines) {
      try {
        const {
          level,
          msg,
          time: _t,
          pid: _p,
          app: _a,
          ...rest
        } = JSON.parse(line) as Record<string, unknown>;
        const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
        this.say(`  ${pino.levels.labels[Number(level)] ?? String(level)} ${String(msg)}${extra}`);
      } catch {
        this.say(`  ${line}`);
      }
    }
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.emulator.close();
  }
}

/**
 * Where the bot's clock starts: `--time 2023-10-05T08:00` (or SANDBOX_TIME), by default Wednesday
 * 4 October 2023 at noon in London, two days before Ballerina comes out. Starting in the past and
 * moving forward with `:time` is how a scheduler experiences time; jumping back is not.
 */
function startTime(args: readonly string[], zone: string): DateTime {
  const given = timeFlag(args);
  const text = given ?? process.env.SANDBOX_TIME ?? '2023-10-04T12:00:00+01:00';
  const start = DateTime.fromISO(text, { zone: 'UTC', setZone: true });
  if (!start.isValid)
    throw new SandboxSetupError(
      `${given === undefined ? 'SANDBOX_TIME=' : '--time '}${text} is not an ISO date and time, such as 2023-10-05T08:00+01:00`,
    );
  return start.setZone(zone);
}

/**
 * `--time <ISO>` from the command line, or undefined without it. Anything else (a misspelt flag, a
 * stray word, `--time` with no value) is a SandboxSetupError: ignored, it would start the sandbox
 * at a time the user did not ask for. node's own parseArgs reads them.
 */
function timeFlag(args: readonly string[]): string | undefined {
  try {
    return parseArgs({ args: [...args], options: { time: { type: 'string' } }, strict: true })
      .values.time;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SandboxSetupError(
      `${why} (it takes only --time, such as --time 2023-10-05T08:00+01:00)`,
    );
  }
}

/** A setting the sandbox cannot start with: one line on stderr, exit code 1, no stack. */
class SandboxSetupError extends Error {
  override readonly name = 'SandboxSetupError';
}

/** The zone timestamps are shown in: SANDBOX_TZ when set (an IANA zone), else the host's. */
function viewerZone(): string {
  const zone = process.env.SANDBOX_TZ;
  if (zone === undefined || zone.trim() === '') return DateTime.local().zoneName;
  // The bot's own rule (checkZone): abbreviations such as EST and fixed offsets are refused too.
  const checked = checkZone(zone);
  if (!checked.ok)
    throw new SandboxSetupError(
      `SANDBOX_TZ=${zone} is not an IANA time zone of a place, such as Europe/London or Asia/Seoul`,
    );
  return checked.zone;
}

async function main(): Promise<void> {
  const color = process.stdout.isTTY && process.env.NO_COLOR === undefined;
  let zone: string;
  let start: DateTime;
  try {
    zone = viewerZone();
    start = startTime(process.argv.slice(2), zone);
  } catch (err) {
    if (!(err instanceof SandboxSetupError)) throw err;
    process.stderr.write(`npm run sandbox: ${err.message}\n`);
    process.exit(1);
  }
  const emulator = await startEmulator({ time: start.toMillis() });
  const clock = new AdjustableClock();
  clock.set(start);
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'premiere-sandbox-')), 'bot.log');
  const logger = createLogger('info', pino.destination({ dest: logFile, sync: true }));
  process.stdout.write('Starting the emulator and the bot…\n');
  const bot = await startBot({
    env: {
      DISCORD_TOKEN: emulator.botToken,
      DISCORD_API_URL: emulator.apiUrl,
      STORE_URL: 'memory://',
      OWNER_IDS: emulator.ids.users.ada,
      LOG_LEVEL: 'info',
    },
    clock,
    logger,
  });
  const sandbox = new Sandbox(emulator, bot, clock, logFile, zone, color);
  await sandbox.run();
  process.stdout.write('Bye.\n');
  await sandbox.stop();
  process.exit(0);
}

await main();
