import { describe, expect, it } from 'vitest';
import { due, release, setup, unix } from '../../support/reminder-jobs.ts';
import { CHANNEL, GUILD, userId } from '../../support/reminder-fixtures.ts';

const RELEASE = unix(release);

describe('reminders job: each message in its reader’s language', () => {
  it('GIVEN a Korean and an English day reminder due at the same moment WHEN they go out THEN each DM is in the language it was asked in', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'day', locale: 'ko' });
    await add({ userId: userId(2), offset: 'day', locale: 'en' });
    await boot().run(due('day').plus({ milliseconds: 400 }));
    expect(notifier.seenBy(userId(1)).map((m) => m.message.content)).toEqual([
      `⏰ 하루 남았어요! **〈발레리나〉(2023)** 공개: 넷플릭스(영국), <t:${RELEASE}:F> (<t:${RELEASE}:R>).`,
    ]);
    expect(notifier.seenBy(userId(2)).map((m) => m.message.content)).toEqual([
      `⏰ One day to go! **Ballerina (2023)** comes out on Netflix (UK) <t:${RELEASE}:F> (<t:${RELEASE}:R>).`,
    ]);
  });

  it('GIVEN a reminder stored before reminders had a language THEN its DM is in English', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'hour' });
    await boot().run(due('hour').plus({ milliseconds: 400 }));
    expect(notifier.seenBy(userId(1))[0]?.message.content).toMatch(/^⏰ One hour to go!/);
  });

  it('GIVEN an English week reminder and a Korean day reminder WHEN the bot was down for both THEN the one catch-up message speaks the language of the latest, the one it is about', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'week', locale: 'en' });
    await add({ userId: userId(1), offset: 'day', locale: 'ko' });
    await boot().run(due('day').plus({ minutes: 30 }));
    const mine = notifier.seenBy(userId(1));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.message.content).toMatch(/^⏰ 늦어서 죄송해요\. .*\(공개 하루 전\)/);
  });

  it('GIVEN a week reminder stored with locale ko WHEN the bot was down at its moment THEN the late DM names the moment with the Korean offset label', async () => {
    const { boot, add, notifier } = setup();
    await add({ userId: userId(1), offset: 'week', locale: 'ko' });
    await boot().run(due('week').plus({ hours: 2 }));
    const dueAt = unix(due('week'));
    expect(notifier.seenBy(userId(1)).map((m) => m.message.content)).toEqual([
      `⏰ 늦어서 죄송해요. 이 알림은 <t:${dueAt}:f>(공개 일주일 전)에 보낼 예정이었는데 그때 제가 오프라인이었어요. **〈발레리나〉(2023)** 공개: 넷플릭스(영국), <t:${RELEASE}:F> (<t:${RELEASE}:R>).`,
    ]);
  });

  it('GIVEN a here reminder asked in English in a Korean server THEN the channel post is in Korean, and its DM fallback in English', async () => {
    const { boot, add, notifier } = setup({ guildLocale: (id) => (id === GUILD ? 'ko' : 'en') });
    await add({ userId: userId(1), offset: 'day', where: 'here', locale: 'en' });
    await boot().run(due('day').plus({ milliseconds: 400 }));
    expect(notifier.inChannel(CHANNEL)[0]?.message.content).toBe(
      `⏰ 하루 남았어요! <@${userId(1)}> **〈발레리나〉(2023)** 공개: 넷플릭스(영국), <t:${RELEASE}:F> (<t:${RELEASE}:R>).`,
    );
  });

  it('GIVEN a Korean reminder WHEN the release moves THEN the notice comes in Korean', async () => {
    const { boot, add, notifier, releases } = setup();
    await add({ userId: userId(1), offset: 'day', locale: 'ko' });
    const moved = release.plus({ weeks: 1 });
    await releases.set('ballerina-2023', moved, userId(9));
    await boot().run(release.minus({ days: 10 }));
    const notice = notifier.seenBy(userId(1)).map((m) => m.message.content);
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain('📅 **〈발레리나〉(2023)**의 넷플릭스(영국) 공개일이 바뀌었어요.');
    expect(notice[0]).toContain(`이전: ~~<t:${RELEASE}:F>~~`);
  });
});
