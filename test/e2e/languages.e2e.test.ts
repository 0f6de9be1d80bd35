import { describe, expect, it } from 'vitest';
import { SEED } from '@premiere/discord-emulator';
import { useE2E } from '../support/e2e.ts';

/*
 * The real bot against the emulator, with Cinema Night set to Korean (its preferred_locale, as
 * Discord sends it in GUILD_CREATE) and Film Club in British English. Three days before release,
 * 08:58 in London: countdowns post at 09:00 London; hour reminders fall at 07:00 BST on the 6th.
 */

const RELEASE = 1696575600; // 2023-10-06T08:00:00+01:00
const labels = (message: { components?: unknown[] }) =>
  ((message.components ?? []) as { components: { label?: string }[] }[]).flatMap((row) =>
    row.components.map((c) => c.label),
  );

describe('the bot in Korean and English at once', () => {
  const e2e = useE2E({
    fakeTime: '2023-10-03T07:58:00Z',
    emulator: { guildLocales: { [SEED.guilds.cinemaNight]: 'ko' } },
  });

  it('GIVEN countdowns in a Korean and in an English server WHEN 09:00 comes THEN each server gets its post in its own language, and the Korean admin’s confirmation and the Korean server’s event are in Korean', async () => {
    const { emulator } = e2e;
    const korean = await emulator.invokeCommand({
      user: 'dora',
      channel: 'lobby',
      name: 'countdown start',
      locale: 'ko',
      options: { channel: 'premieres', title: '발레리나', event: true },
    });
    expect(korean.ephemeral).toBe(true);
    // The admin's reply is in their client's language; the server event in the server's.
    expect(korean.text).toMatch(
      new RegExp(
        `^<#${emulator.ids.channels.premieres}> 채널에서 \\*\\*〈발레리나〉\\*\\* 카운트다운을 시작했어요: 매일 09:00 Europe/London`,
      ),
    );
    expect(korean.text).toContain('공개 일정을 서버 이벤트로 추가했어요');
    const [event] = emulator.scheduledEvents(SEED.guilds.cinemaNight);
    expect(event?.name).toBe('〈발레리나〉(2023) 넷플릭스(영국) 공개');
    expect(event?.entity_metadata?.location).toBe('넷플릭스(영국)');
    expect(event?.description).toMatch(/^냉혹한 전직 경호원이/);
    const english = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'countdowns', title: 'ballerina' },
    });
    expect(english.ephemeral).toBe(true);

    e2e.jumpTo('2023-10-03T07:59:57Z');
    const post = await emulator.waitForMessage({ channel: 'premieres' }, () => true, 10_000);
    expect(post.content).toBe(`〈발레리나〉 3일 후 넷플릭스(영국) 공개 (<t:${RELEASE}:R>)`);
    expect(post.embeds[0]?.title).toBe('발레리나 · 2023');
    expect(post.embeds[0]?.fields?.map((f) => f.name)).toEqual([
      '넷플릭스(영국)',
      '감독',
      '러닝타임',
      '장르',
    ]);
    // The instant stays a Discord timestamp: each reader's client shows it in their zone and language.
    expect(post.embeds[0]?.fields?.[0]?.value).toBe(`<t:${RELEASE}:F> (<t:${RELEASE}:R>)`);
    expect(labels(post)).toEqual(['알림 받기', '자세히']);

    const theirs = await emulator.waitForMessage({ channel: 'countdowns' }, () => true, 10_000);
    expect(theirs.content).toBe(`Ballerina lands on Netflix (UK) in 3 days (<t:${RELEASE}:R>)`);
    expect(labels(theirs)).toEqual(['Remind me', 'Details']);
  });

  it('GIVEN a Korean and an English client ask for an hour reminder THEN each confirmation and each DM, due at the same moment, is in the language it was asked in', async () => {
    const { emulator } = e2e;
    const korean = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'remindme',
      locale: 'ko',
      options: { title: '발레리나', when: 'hour' },
    });
    expect(korean.ephemeral).toBe(true);
    expect(korean.text).toMatch(
      /^✅ \*\*〈발레리나〉\(2023\)\*\* 공개 한 시간 전에 DM으로 알려 드릴게요/,
    );
    const english = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      locale: 'en-US',
      options: { title: 'ballerina', when: 'hour' },
    });
    expect(english.text).toMatch(/^✅ I'll remind you by DM an hour before release/);

    e2e.jumpTo('2023-10-06T05:59:57Z');
    const toAda = await emulator.waitForMessage(
      { dm: 'ada' },
      (m) => m.content.includes('한 시간 남았어요'),
      10_000,
    );
    expect(toAda.content).toBe(
      `⏰ 한 시간 남았어요! **〈발레리나〉(2023)** 공개: 넷플릭스(영국), <t:${RELEASE}:F> (<t:${RELEASE}:R>).`,
    );
    const toBen = await emulator.waitForMessage(
      { dm: 'ben' },
      (m) => m.content.includes('One hour to go'),
      10_000,
    );
    expect(toBen.content).toBe(
      `⏰ One hour to go! **Ballerina (2023)** comes out on Netflix (UK) <t:${RELEASE}:F> (<t:${RELEASE}:R>).`,
    );
  });
});
