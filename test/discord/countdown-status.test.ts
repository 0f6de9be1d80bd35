import { PermissionFlagsBits as P, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  mayCreateEvents,
  missingCountdownPermissions,
} from '../../src/discord/countdown-permissions.ts';
import { countdownStatusField } from '../../src/discord/countdown-status.ts';
import { ballerina, london } from '../support/reminder-fixtures.ts';
import type { Countdown } from '../../src/domain/countdown-record.ts';
import { createTranslator } from '../../src/i18n/translator.ts';

const EN = { locale: 'en', t: createTranslator() } as const;

const release = london('2023-10-06T08:00');
const base: Countdown = {
  id: '1:2:ballerina-2023',
  guildId: '100000000000000001',
  channelId: '200000000000000002',
  filmId: 'ballerina-2023',
  time: '09:00',
  zone: 'Europe/London',
  style: 'post',
  createdBy: '300000000000000003',
  createdAt: '2023-10-01T11:00:00.000Z',
  status: 'active',
};

describe('the bot’s permissions in a countdown channel', () => {
  it('GIVEN View Channel, Send Messages and Embed Links THEN nothing is missing', () => {
    expect(
      missingCountdownPermissions(
        new PermissionsBitField([P.ViewChannel, P.SendMessages, P.EmbedLinks]),
      ),
    ).toEqual([]);
  });

  it('GIVEN a read-only channel without embeds THEN Send Messages and Embed Links are named', () => {
    expect(missingCountdownPermissions(new PermissionsBitField([P.ViewChannel]))).toEqual([
      'Send Messages',
      'Embed Links',
    ]);
  });

  it('GIVEN a hidden channel THEN all three are named, View Channel first', () => {
    expect(missingCountdownPermissions(new PermissionsBitField())).toEqual([
      'View Channel',
      'Send Messages',
      'Embed Links',
    ]);
  });

  it('GIVEN Administrator THEN nothing is missing', () => {
    expect(missingCountdownPermissions(new PermissionsBitField([P.Administrator]))).toEqual([]);
  });

  it('GIVEN Manage Events or Create Events THEN a release event may be created; without either it may not', () => {
    expect(mayCreateEvents(new PermissionsBitField([P.ManageEvents]))).toBe(true);
    expect(mayCreateEvents(new PermissionsBitField([P.CreateEvents]))).toBe(true);
    expect(mayCreateEvents(new PermissionsBitField([P.SendMessages]))).toBe(false);
  });
});

describe('/countdown status lines', () => {
  it('GIVEN a running 09:00 countdown THEN it shows the channel, the local schedule with its zone and the next post as a Discord timestamp', () => {
    const field = countdownStatusField(
      { ...base, lastSlot: '2023-10-03T08:00:00.000Z' },
      ballerina,
      release,
      london('2023-10-03T10:00'),
      EN,
    );
    expect(field.name).toBe('Ballerina (2023) · running');
    expect(field.value).toContain(
      'in <#200000000000000002>: a post every day at 09:00 Europe/London (UTC+1 now)',
    );
    const next = Math.floor(london('2023-10-04T09:00').toSeconds());
    expect(field.value).toContain(`Next post: <t:${next}:F> (<t:${next}:R>)`);
  });

  it('GIVEN a paused countdown THEN the reason is shown with how to resume it', () => {
    const field = countdownStatusField(
      {
        ...base,
        status: 'paused',
        pausedReason: 'I may not post there (Missing Permissions, 50013)',
        lastResult: { at: '2023-10-03T08:00:00.000Z', outcome: 'failed', code: 50013 },
      },
      ballerina,
      release,
      london('2023-10-03T10:00'),
      EN,
    );
    expect(field.name).toBe('Ballerina (2023) · paused');
    expect(field.value).toContain(
      'Paused: I may not post there (Missing Permissions, 50013). Fix it, then run /countdown start again to resume.',
    );
    expect(field.value).toContain(
      'Last: failed <t:1696320000:R>: Discord said Missing Permissions (50013)',
    );
  });

  it('GIVEN a countdown paused by Missing Permissions THEN a Korean admin reads the whole field in Korean, an English one the same words as before', () => {
    const paused: Countdown = {
      ...base,
      status: 'paused',
      pausedReason:
        'I may not post there (Missing Permissions, 50013): I need View Channel, Send Messages and Embed Links',
      pausedKind: 'missing_permissions',
      lastResult: { at: '2023-10-03T08:00:00.000Z', outcome: 'failed', code: 50013 },
    };
    const now = london('2023-10-03T10:00');
    const ko = countdownStatusField(paused, ballerina, release, now, { ...EN, locale: 'ko' });
    expect(ko.name).toBe('〈발레리나〉(2023) · 일시 중지');
    expect(ko.value).toBe(
      [
        '<#200000000000000002>: 매일 09:00 Europe/London(현재 UTC+1)에 게시, 공개 한 시간 전에 한 번 더, 공개 시각에 "지금 공개" 게시',
        '일시 중지됨: 거기에 글을 올릴 권한이 없어요(Missing Permissions, 50013). 채널 보기, 메시지 보내기, 링크 첨부 권한이 필요해요. 문제를 해결한 뒤 `/카운트다운 시작`(`/countdown start`)을 다시 실행하면 재개돼요.',
        '최근 결과: <t:1696320000:R> 실패: Discord 오류 50013(권한 없음)',
      ].join('\n'),
    );
    expect(countdownStatusField(paused, ballerina, release, now, EN).value).toContain(
      'Paused: I may not post there (Missing Permissions, 50013): I need View Channel, Send Messages and Embed Links. Fix it, then run /countdown start again to resume.',
    );
  });

  it('GIVEN a finished countdown and one whose channel was deleted THEN each says so', () => {
    const finished = countdownStatusField(
      { ...base, status: 'finished', endedAt: '2023-10-06T07:00:00.000Z' },
      ballerina,
      release,
      london('2023-10-07T10:00'),
      EN,
    );
    expect(finished.value).toContain('Finished <t:1696575600:R> with its "out now" post.');
    const ended = countdownStatusField(
      {
        ...base,
        status: 'ended',
        lastResult: { at: '2023-10-03T08:00:00.000Z', outcome: 'failed', code: 10003 },
      },
      ballerina,
      release,
      london('2023-10-07T10:00'),
      EN,
    );
    expect(ended.value).toContain('Ended: the channel was deleted.');
  });
});
