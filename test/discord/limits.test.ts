import { checkContract } from '@premiere/discord-emulator';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { listMessage } from '../../commands/reminders.ts';
import type { Film } from '../../src/domain/film.ts';
import { reminderOffsets, type Reminder } from '../../src/domain/reminders.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import type { ReminderStatus, ReminderView } from '../../src/app/reminders.ts';
import { ballerina, userId } from '../support/reminder-fixtures.ts';

/*
 * Every body the bot builds, from the largest data it can hold, checked by the emulator's own
 * contract (Discord's published schemas plus the limits they leave out): what Discord would
 * refuse with 50035 fails here first.
 */
const REPLY = 'POST /interactions/:interaction_id/:interaction_token/callback';
const asReply = (data: object) => ({ type: 4, data: { ...data, flags: 64 } });
const asUpdate = (data: object) => ({ type: 7, data });
const t = createTranslator();

/** The longest thing a reminder's status can say, on the longest line a reminder can have. */
const longestStatuses: ReminderStatus[] = [{ kind: 'dm_closed' }, { kind: 'passed' }];

function fullList(film: Film): ReminderView[] {
  return Array.from({ length: 25 }, (_, i) => {
    const reminder: Reminder = {
      id: `r${String(i).padStart(2, '0')}-${'x'.repeat(30)}`,
      userId: userId(1),
      filmId: film.id,
      offset: reminderOffsets[i % reminderOffsets.length] ?? 'day',
      where: 'here',
      channelId: '1234567890123456789',
      guildId: '1234567890123456780',
      createdAt: '2023-10-01T09:00:00.000Z',
      delivery: { state: 'pending' },
    } as Reminder;
    return {
      reminder,
      film,
      dueAt: DateTime.fromISO('2023-10-05T08:00', { zone: 'Europe/London' }),
      status: longestStatuses[i % longestStatuses.length] ?? { kind: 'dm_closed' },
    };
  });
}

describe("Discord's limits: /reminders list", () => {
  it('GIVEN 25 reminders whose statuses are the longest THEN every page is a body Discord accepts, and together they show all 25 with a Cancel button each', () => {
    const views = fullList(ballerina);
    const cancelIds = new Set<string>();
    let descriptions = 0;
    for (let page = 0; page < 25; page++) {
      const message = listMessage(
        views,
        { t, locale: 'en' },
        'Cancelled: a day before by DM.',
        page,
      );
      expect(checkContract(REPLY, asReply(message)), `page ${page}`).toEqual([]);
      expect(checkContract(REPLY, asUpdate(message)), `page ${page}`).toEqual([]);
      descriptions += message.embeds[0]?.description?.length ?? 0;
      for (const row of message.components)
        for (const button of row.components)
          if ('custom_id' in button && button.custom_id.startsWith('reminders:cancel:'))
            cancelIds.add(button.custom_id.split(':')[2] ?? '');
    }
    expect(cancelIds).toEqual(new Set(views.map((v) => v.reminder.id)));
    // The whole list is more than one embed description could hold: it had to page.
    expect(descriptions).toBeGreaterThan(4096);
  });

  it('GIVEN a list of more than one page THEN Previous and Next turn it, each disabled at its end', () => {
    const views = fullList(ballerina);
    const nav = (page: number) =>
      listMessage(views, { t, locale: 'en' }, undefined, page)
        .components.at(-1)
        ?.components.map((b) => ('custom_id' in b ? [b.custom_id, b.disabled] : []));
    expect(nav(0)).toEqual([
      ['reminders:page:-1', true],
      ['reminders:page:1', false],
    ]);
    const last = listMessage(views, { t, locale: 'en' }, undefined, 99);
    expect(last.embeds[0]?.footer?.text).toMatch(/^Page 3 of 3 · /);
  });
});
