import { setTimeout as sleep } from 'node:timers/promises';
import { PermissionFlagsBits, Routes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { messageText, SEED } from '@premiere/discord-emulator';
import { useE2E } from '../support/e2e.ts';
import { emulatorRest } from '@premiere/discord-emulator/discord-js';

/*
 * The real bot (`npm start`, its clock faked from the test) against the emulator, whose clock starts at
 * the same instant. Slots are wall-clock moments: once a scenario is set up, it jumps both clocks
 * to a few seconds before the moment it is about and lets them run into it.
 */

const RELEASE = 1696575600; // 2023-10-06T08:00:00+01:00
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const buttonLabels = (message: { components?: unknown[] }) =>
  ((message.components ?? []) as { components: { label?: string }[] }[]).flatMap((row) =>
    row.components.map((c) => c.label),
  );

describe('a daily countdown, three days before release (Tuesday 3 October, 08:58 in London)', () => {
  const e2e = useE2E({ fakeTime: '2023-10-03T07:58:00Z' });

  it('GIVEN a member without Manage Server THEN Discord does not even offer them /countdown', async () => {
    await expect(
      e2e.emulator.invokeCommand({
        user: 'ben',
        channel: 'general',
        name: 'countdown status',
      }),
    ).rejects.toThrow(/hidden from ben/);
  });

  it('GIVEN channels where the bot may not post THEN start is refused privately, naming the missing permissions', async () => {
    const readOnly = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'announcements', title: 'ballerina' },
    });
    expect(readOnly.ephemeral).toBe(true);
    expect(readOnly.text).toMatch(/missing Send Messages/);
    const hidden = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'staff', title: 'ballerina' },
    });
    // Discord sends every channel in GUILD_CREATE; the overwrite hides it from the bot.
    expect(hidden.text).toMatch(/missing View Channel/);
  });

  it('GIVEN an admin starts a countdown with event:true before 09:00 THEN it is confirmed privately with its first post, and the release event exists', async () => {
    const answer = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'countdowns', title: 'ballerina', event: true },
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain(`First post: <t:${unix('2023-10-03T08:00:00Z')}:F>`);
    expect(answer.text).toMatch(/Added a server event/);
    const [event] = e2e.emulator.scheduledEvents(e2e.emulator.ids.guilds.filmClub);
    expect(event?.entity_metadata?.location).toBe('Netflix (UK)');
    expect(Date.parse(event?.scheduled_start_time ?? '')).toBe(RELEASE * 1000);
    expect(Date.parse(event?.scheduled_end_time ?? '')).toBe((RELEASE + 90 * 60) * 1000);
  });

  it('GIVEN two more 09:00 countdowns, one whose channel is then deleted and one whose channel then denies the bot Send Messages, WHEN 09:00 comes THEN the first ends (10003), the second pauses (50013), each logged with its code, and status says why', async () => {
    const deleted = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'countdowns',
      name: 'countdown start',
      options: { channel: 'general', title: 'ballerina' },
    });
    expect(deleted.text).toMatch(/Started the countdown/);
    const denied = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'lobby',
      name: 'countdown start',
      options: { channel: 'premieres', title: 'ballerina' },
    });
    expect(denied.text).toMatch(/Started the countdown/);
    e2e.emulator.deleteChannel('general');
    e2e.emulator.setPermissionOverwrite('premieres', {
      role: e2e.emulator.ids.roles.cinemaNightBot,
      deny: PermissionFlagsBits.SendMessages,
    });

    e2e.jumpTo('2023-10-03T07:59:58Z');
    const ended = await e2e.bot.waitForLog((line) => line.code === 10003, 15_000);
    expect(ended).toMatchObject({ outcome: 'ended', channelId: e2e.emulator.ids.channels.general });
    const paused = await e2e.bot.waitForLog((line) => line.code === 50013, 5_000);
    expect(paused).toMatchObject({
      outcome: 'paused',
      channelId: e2e.emulator.ids.channels.premieres,
    });
    // They failed at their 09:00 slot, not before.
    expect(e2e.emulator.now()).toBeGreaterThanOrEqual(Date.parse('2023-10-03T08:00:00Z'));

    const statusOf = async (user: string, channel: string, until: string) => {
      let text = '';
      for (let i = 0; i < 20 && !text.includes(until); i++) {
        if (i > 0) await sleep(250);
        text = (await e2e.emulator.invokeCommand({ user, channel, name: 'countdown status' })).text;
      }
      return text;
    };
    const club = await statusOf('ada', 'countdowns', 'Ended');
    expect(club).toMatch(/Ended: the channel was deleted/);
    expect(club).toMatch(/Last: failed <t:\d+:R>: Discord said channel deleted \(10003\)/);
    const night = await statusOf('dora', 'lobby', 'Paused');
    expect(night).toMatch(/Ballerina \(2023\) · paused/);
    expect(night).toMatch(/Paused: I may not post there \(Missing Permissions, 50013\)/);
    expect(night).toMatch(/run \/countdown start again to resume/);
  });

  it('GIVEN the paused countdown WHEN its permissions are fixed and start is run again THEN it resumes, keeping its schedule', async () => {
    e2e.emulator.setPermissionOverwrite('premieres', {
      role: e2e.emulator.ids.roles.cinemaNightBot,
    });
    const resumed = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'lobby',
      name: 'countdown start',
      options: { channel: 'premieres', title: 'ballerina' },
    });
    expect(resumed.text).toMatch(
      /^Resumed the countdown to \*\*Ballerina\*\* in <#\d+>: a post every day at 09:00/,
    );
    const status = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'lobby',
      name: 'countdown status',
    });
    expect(status.text).toMatch(/· running/);
    expect(status.text).toContain(`Next post: <t:${unix('2023-10-04T08:00:00Z')}:F>`);
    // The 09:00 post missed while paused is not sent late.
    expect(e2e.emulator.messages('premieres')).toEqual([]);
  });

  it('GIVEN 09:00 in London THEN the post arrives within seconds, says "in 3 days", carries the film card and both buttons, and pings nobody', async () => {
    const post = await e2e.emulator.waitForMessage(
      { channel: 'countdowns' },
      (m) => m.content.includes('lands on Netflix (UK)'),
      10_000,
    );
    expect(post.content).toBe(`Ballerina lands on Netflix (UK) in 3 days (<t:${RELEASE}:R>)`);
    expect(Date.parse(post.timestamp)).toBeGreaterThanOrEqual(Date.parse('2023-10-03T08:00:00Z'));
    expect(Date.parse(post.timestamp)).toBeLessThan(Date.parse('2023-10-03T08:00:03Z'));
    expect(messageText(post)).toMatch(/John Wick/);
    expect(buttonLabels(post)).toEqual(['Remind me', 'Details']);
    expect(post.mention_everyone).toBe(false);
    expect(post.mentions).toEqual([]);
    expect(e2e.emulator.messages('countdowns')).toHaveLength(1);
  });

  it('GIVEN the countdown post WHEN someone clicks Details or Remind me THEN each answers only the clicker', async () => {
    const [post] = e2e.emulator.messages('countdowns');
    if (!post) throw new Error('no countdown post');
    const details = await e2e.emulator.clickButton({
      user: 'ben',
      message: post,
      label: 'Details',
    });
    expect(details.ephemeral).toBe(true);
    expect(details.text).toMatch(/Lee Chung-hyun/);
    const remind = await e2e.emulator.clickButton({
      user: 'ben',
      message: post,
      label: 'Remind me',
    });
    expect(remind.ephemeral).toBe(true);
    expect(remind.text).toMatch(/remind/i);
    expect(remind.text).toContain(`<t:${RELEASE - 24 * 3600}:F>`);
    expect(e2e.emulator.messages('countdowns')).toHaveLength(1);
  });

  it('GIVEN the post went out THEN status shows the schedule, the next post tomorrow and the last result', async () => {
    const status = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'countdowns',
      name: 'countdown status',
    });
    expect(status.ephemeral).toBe(true);
    expect(status.text).toMatch(/Ballerina \(2023\) · running/);
    expect(status.text).toMatch(/every day at 09:00 Europe\/London/);
    expect(status.text).toContain(`Next post: <t:${unix('2023-10-04T08:00:00Z')}:F>`);
    expect(status.text).toMatch(/Last: posted/);
  });

  it('GIVEN the countdown channel WHEN an admin stops it THEN it is gone from status', async () => {
    const stop = await e2e.emulator.invokeCommand({
      user: 'dora',
      channel: 'countdowns',
      name: 'countdown stop',
    });
    expect(stop.ephemeral).toBe(true);
    expect(stop.text).toMatch(/Stopped the countdown to \*\*Ballerina\*\*/);
    const status = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'countdowns',
      name: 'countdown status',
    });
    expect(status.text).not.toMatch(/running/);
  });
});

describe('release day (Friday 6 October, 07:58 in London)', () => {
  const e2e = useE2E({ fakeTime: '2023-10-06T06:58:00Z' });

  it('GIVEN a live countdown and a post countdown in the final minutes THEN the live message is reposted after deletion, edited each minute, turned into "out now" at 08:00, the post countdown posts "out now", and both finish', async () => {
    const live = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'general', title: 'ballerina', style: 'live' },
    });
    expect(live.text).toMatch(/one live message/);
    const post = await e2e.emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'countdowns', title: 'ballerina' },
    });
    expect(post.text).toMatch(/Started the countdown/);

    const first = await e2e.emulator.waitForMessage(
      { channel: 'general' },
      (m) => /lands on Netflix \(UK\) in \d+ minutes?/.test(m.content),
      10_000,
    );
    expect(buttonLabels(first)).toEqual(['Remind me', 'Details']);
    // A moderator deletes the live message: the next minute's refresh posts a new one.
    await emulatorRest(e2e.emulator).delete(Routes.channelMessage(first.channel_id, first.id));
    e2e.jumpTo('2023-10-06T06:58:58Z');
    const second = await e2e.emulator.waitForMessage(
      { channel: 'general' },
      (m) => m.id !== first.id && m.content.includes('lands on Netflix (UK)'),
      10_000,
    );
    // Reposted by the 07:59 refresh, not before.
    expect(Date.parse(second.timestamp)).toBeGreaterThanOrEqual(Date.parse('2023-10-06T06:59:00Z'));

    e2e.jumpTo('2023-10-06T06:59:58Z');
    const outNow = await e2e.emulator.waitForMessage(
      { channel: 'general' },
      (m) => m.id === second.id && m.content.startsWith('Ballerina is out now on Netflix (UK)!'),
      10_000,
    );
    expect(outNow.edited_timestamp).not.toBeNull();
    expect(Date.parse(outNow.edited_timestamp ?? '')).toBeGreaterThanOrEqual(RELEASE * 1000);
    expect(buttonLabels(outNow)).toEqual(['Details']);
    expect(
      e2e.emulator.messages('general').filter((m) => m.content.includes('Netflix (UK)')),
    ).toHaveLength(1);

    const released = await e2e.emulator.waitForMessage(
      { channel: 'countdowns' },
      (m) => m.content.startsWith('Ballerina is out now on Netflix (UK)!'),
      10_000,
    );
    expect(Date.parse(released.timestamp)).toBeLessThan((RELEASE + 3) * 1000);
    // Created after 07:00, so no "in 1 hour" post: the out-now post is the only one.
    expect(e2e.emulator.messages('countdowns')).toHaveLength(1);

    // The bot records the outcome just after Discord answers: ask until both show as finished.
    let status = '';
    for (let i = 0; i < 20 && (status.match(/· finished/g) ?? []).length < 2; i++) {
      if (i > 0) await sleep(250);
      status = (
        await e2e.emulator.invokeCommand({
          user: 'ada',
          channel: 'general',
          name: 'countdown status',
        })
      ).text;
    }
    expect(status.match(/· finished/g)).toHaveLength(2);
    expect(status).toMatch(/Finished <t:\d+:R> with its "out now" post/);
  });
});

describe('an owner moves the release of a countdown with a server event (1 October 2023)', () => {
  const e2e = useE2E({ fakeTime: '2023-10-01T11:00:00Z', ownerIds: [SEED.users.ada] });

  it('GIVEN a countdown with event:true WHEN an owner moves the release with /release set THEN the server event moves to the new start and end', async () => {
    const { emulator } = e2e;
    const started = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'countdowns', title: 'ballerina', event: true },
    });
    expect(started.text).toMatch(/Added a server event/);
    const eventStart = () =>
      Date.parse(
        emulator.scheduledEvents(emulator.ids.guilds.filmClub)[0]?.scheduled_start_time ?? '',
      );
    expect(eventStart()).toBe(RELEASE * 1000);

    const set = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'release set',
      options: { title: 'ballerina', date: '2023-10-13 08:00' },
    });
    expect(set.text).toMatch(/Now:/);
    const moved = Date.parse('2023-10-13T07:00:00Z');
    for (let i = 0; i < 60 && eventStart() !== moved; i++) await sleep(250);
    const [event] = emulator.scheduledEvents(emulator.ids.guilds.filmClub);
    expect(Date.parse(event?.scheduled_start_time ?? '')).toBe(moved);
    expect(Date.parse(event?.scheduled_end_time ?? '')).toBe(moved + 90 * 60_000);
    const log = await e2e.bot.waitForLog((line) => line.msg === 'moved the release event', 5_000);
    expect(log).toMatchObject({ eventId: event?.id, channelId: emulator.ids.channels.countdowns });
  });
});
