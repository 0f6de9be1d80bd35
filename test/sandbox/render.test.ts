import { MessageFlags, type APIMessage } from 'discord-api-types/v10';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { renderMessage, renderText, type RenderContext } from '../../tools/sandbox/render.ts';

const ctx: RenderContext = {
  now: DateTime.fromISO('2023-10-05T08:00', { zone: 'Europe/London' }),
  zone: 'Europe/London',
  locale: 'en-GB',
  color: false,
  userName: (id) => (id === '111111111111111111' ? 'ben' : undefined),
  channelName: (id) => (id === '222222222222222222' ? 'countdowns' : undefined),
  roleName: () => undefined,
};
const RELEASE = 1696575600; // 2023-10-06T08:00:00+01:00

describe('sandbox rendering', () => {
  it('GIVEN Discord timestamps THEN they read as local dates, and :R is relative to the bot clock', () => {
    expect(renderText(`<t:${RELEASE}:F> (<t:${RELEASE}:R>)`, ctx)).toBe(
      'Friday, 6 October 2023 at 08:00 BST (in 1 day)',
    );
    expect(renderText(`<t:${RELEASE}:D>`, ctx)).toBe('6 October 2023');
    expect(renderText(`<t:${RELEASE}:t>`, ctx)).toBe('08:00 BST');
    expect(renderText(`<t:${RELEASE}:R>`, { ...ctx, now: ctx.now.plus({ days: 3 }) })).toBe(
      '2 days ago',
    );
  });

  it('GIVEN a Korean client THEN timestamps read in Korean, with the hour as a 12-hour clock writes it', () => {
    const korean = { ...ctx, locale: 'ko' };
    const shown = renderText(`<t:${RELEASE}:F> (<t:${RELEASE}:R>)`, korean);
    expect(shown).toMatch(/^2023년 10월 6일 금요일 \S+ 8:00 .+ \(1일 후\)$/);
    expect(renderText(`<t:${RELEASE}:D>`, korean)).toBe('2023년 10월 6일');
  });

  it('GIVEN mentions and bold text THEN names and plain text come out', () => {
    expect(renderText('**Hi** <@111111111111111111>, see <#222222222222222222>', ctx)).toBe(
      'Hi @ben, see #countdowns',
    );
  });

  it('GIVEN an ephemeral message with an embed and buttons THEN fields, footer and buttons are listed', () => {
    const message = {
      author: { username: 'Premiere' },
      content: '',
      flags: MessageFlags.Ephemeral,
      edited_timestamp: null,
      embeds: [
        {
          title: 'Ballerina',
          fields: [{ name: 'Runtime', value: '1 h 30 min' }],
          footer: { text: 'From my film data' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: 'Cast', custom_id: 'film:cast:b' },
            { type: 2, style: 5, label: 'Netflix', url: 'https://www.netflix.com/' },
          ],
        },
      ],
    } as unknown as APIMessage;
    expect(renderMessage(message, ctx)).toBe(
      [
        '┌ Premiere · only you can see this',
        '│ ▌ Ballerina',
        '│ ▌ ',
        '│ ▌ Runtime',
        '│ ▌ 1 h 30 min',
        '│ ▌ ',
        '│ ▌ From my film data',
        '│ [Cast] [Netflix ↗ https://www.netflix.com/]',
        '└',
      ].join('\n'),
    );
  });
});
