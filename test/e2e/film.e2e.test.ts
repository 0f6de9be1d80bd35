import { describe, expect, it } from 'vitest';
import { messageText } from '@premiere/discord-emulator';
import { useE2E } from '../support/e2e.ts';

/*
 * The real bot, started as `npm start` starts it, in its own process, talking to the emulator over
 * loopback. Its clock (faked from the test) and the emulator's both start on Thursday 5 October 2023,
 * 08:00 in London: the day before Ballerina comes out.
 */
const e2e = useE2E({ fakeTime: '2023-10-05T07:00:00Z' });
const RELEASE = 1696575600; // 2023-10-06T08:00:00+01:00

describe('film commands over the wire', () => {
  it('GIVEN /film title:ballerina THEN everyone sees the overview with release timestamps, the disambiguation and three buttons', async () => {
    const answer = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'ballerina' },
    });
    expect(answer.ephemeral).toBe(false);
    expect(answer.embeds[0]?.title).toMatch(/Ballerina/);
    expect(answer.text).toContain(`<t:${RELEASE}:F>`);
    expect(answer.text).toContain(`<t:${RELEASE}:R>`);
    expect(answer.text).toMatch(/John Wick/);
    expect(answer.buttons.map((b) => b.label)).toEqual(['Cast', 'Synopsis', 'Remind me']);
    expect(e2e.emulator.messages('general').map((m) => m.id)).toContain(answer.message?.id);
  });

  it('GIVEN the /film overview WHEN Cast is clicked THEN the clicker privately sees who plays whom', async () => {
    const film = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'ballerina' },
    });
    const cast = await e2e.emulator.clickButton({ user: 'ada', message: film, label: 'Cast' });
    expect(cast.ephemeral).toBe(true);
    expect(cast.text).toMatch(/Jeon Jong-seo/);
    expect(cast.text).toMatch(/Kim Ji-hun/);
    expect(cast.text).toMatch(/Choi/);
  });

  it('GIVEN the /film overview WHEN Synopsis is clicked THEN the synopsis comes privately', async () => {
    const film = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'ballerina' },
    });
    const synopsis = await e2e.emulator.clickButton({
      user: 'ben',
      message: film,
      label: 'Synopsis',
    });
    expect(synopsis.ephemeral).toBe(true);
    expect(synopsis.text).toMatch(/Ok-ju/);
  });

  it('GIVEN a partly typed title THEN autocomplete offers at most 25 readable choices with Ballerina first', async () => {
    const choices = await e2e.emulator.autocomplete({
      user: 'ben',
      channel: 'general',
      name: 'film',
      focused: 'title',
      value: 'bal',
    });
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]?.name).toMatch(/^Ballerina \(2023\) · Lee Chung-hyun · Netflix/);
    const everything = await e2e.emulator.autocomplete({
      user: 'ben',
      channel: 'general',
      name: 'film',
      focused: 'title',
      value: '',
    });
    expect(everything.length).toBeLessThanOrEqual(25);
  });

  it('GIVEN an unknown film THEN only the asker sees the error, with suggestions', async () => {
    const before = e2e.emulator.messages('general').length;
    const answer = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'Parasite' },
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/Ballerina/);
    expect(e2e.emulator.messages('general')).toHaveLength(before);
  });

  it('GIVEN @everyone typed into options THEN no message the bot sends can ping anyone', async () => {
    await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: '@everyone' },
    });
    await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'ask',
      options: {
        question: '@everyone who plays Choi? <@&' + e2e.emulator.ids.roles.filmClubModerator + '>',
      },
    });
    await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'cast',
      options: { title: 'ballerina', person: '@here' },
    });
    const sent = e2e.emulator.messages('general', { includeEphemeral: true });
    expect(sent.length).toBeGreaterThan(0);
    for (const message of sent) {
      expect(message.mention_everyone, messageText(message)).toBe(false);
      expect(message.mention_roles).toEqual([]);
      expect(message.mentions).toEqual([]);
    }
  });

  it('GIVEN /cast with a person in another romanisation THEN that actor and character are named', async () => {
    const answer = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'cast',
      options: { title: 'ballerina', person: 'Jun Jong-seo' },
    });
    expect(answer.ephemeral).toBe(false);
    expect(answer.text).toMatch(/Jeon Jong-seo/);
    expect(answer.text).toMatch(/Jang Ok-ju/);
  });

  it('GIVEN /synopsis THEN the synopsis is shown', async () => {
    const answer = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'lobby',
      name: 'synopsis',
      options: { title: 'ballerina' },
    });
    expect(answer.text).toMatch(/ballet shoes/);
  });

  it('GIVEN /ask questions THEN answers come from the data, and an unknown one is answered honestly', async () => {
    const who = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'ask',
      options: { question: 'who plays Choi?' },
    });
    expect(who.text).toMatch(/Kim Ji-hun/);
    const wick = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'ask',
      options: { question: 'is this the John Wick one?' },
    });
    expect(wick.text).toMatch(/Ana de Armas/);
    const unknown = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'ask',
      options: { question: 'what is the budget?' },
    });
    expect(unknown.text).toMatch(/don.t know/i);
  });

  it('GIVEN /help in a DM THEN it lists the commands', async () => {
    const answer = await e2e.emulator.invokeCommand({ user: 'cleo', channel: 'dm', name: 'help' });
    for (const command of ['/film', '/cast', '/synopsis', '/ask'])
      expect(answer.text).toContain(command);
  });

  it('GIVEN every message the bot sent THEN its body restricts mentions explicitly', () => {
    interface Sent {
      content?: string;
      embeds?: unknown[];
      allowed_mentions?: { parse?: string[] };
    }
    const bodies = e2e.emulator.requests
      .filter((r) => /messages|callback|webhooks/.test(r.route ?? '') && r.method !== 'GET')
      .map((r) => {
        const body = r.body as (Sent & { data?: Sent }) | undefined;
        return body?.data ?? body;
      })
      .filter((b): b is Sent => b?.content !== undefined || b?.embeds !== undefined);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      expect(body.allowed_mentions).toBeDefined();
      expect(body.allowed_mentions?.parse ?? []).not.toContain('everyone');
    }
  });

  it('GIVEN the bot is killed mid-flight WHEN it restarts on the same store THEN it keeps its commands and answers again', async () => {
    await e2e.bot.kill();
    const bot = await e2e.bot.restart();
    e2e.setBot(bot);
    const answer = await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'ballerina' },
    });
    expect(answer.embeds[0]?.title).toMatch(/Ballerina/);
    expect(bot.logs.find((l) => l.msg === 'Premiere is ready')).toMatchObject({
      commands: 'unchanged',
    });
  });

  it('GIVEN SIGTERM THEN the bot shuts down cleanly with exit code 0', async () => {
    expect(await e2e.bot.stop()).toBe(0);
    expect(e2e.bot.logs.some((l) => l.msg === 'Premiere stopped')).toBe(true);
  });
});
