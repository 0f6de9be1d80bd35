import { ComponentType } from 'discord-api-types/v10';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/i18n/translator.ts';
import { createCountdownRenderer } from '../../../src/discord/countdown-messages.ts';
import {
  countdownNonce,
  createCountdownsJob,
  MAX_ATTEMPTS,
} from '../../../src/scheduler/countdowns/index.ts';
import { countdownId, resumeCountdown } from '../../../src/domain/countdown-record.ts';
import { CHANNEL, GUILD, setup } from '../../support/countdown-jobs.ts';
import { failures } from '../../support/fake-notifier.ts';
import { ballerina, london } from '../../support/reminder-fixtures.ts';

describe('daily posts', () => {
  it('GIVEN a 09:00 London countdown WHEN the tick runs at 09:00 on 3 October THEN one post says "in 3 days", carries the film card and both buttons, and pings nobody', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-03T08:59:59'));
    expect(t.notifier.posts).toHaveLength(0);
    await t.run(london('2023-10-03T09:00:00'));
    await t.run(london('2023-10-03T09:00:01'));
    expect(t.notifier.posts).toHaveLength(1);
    const [post] = t.notifier.posts;
    expect(post?.content).toBe('Ballerina lands on Netflix (UK) in 3 days (<t:1696575600:R>)');
    expect(post?.message.mentionUserIds).toEqual([]);
    expect(post?.message.embeds?.[0]?.title).toBe('Ballerina (발레리나) · 2023');
    expect(post?.message.embeds?.[0]?.footer?.text).toContain('not the John Wick spin-off');
    const buttons = post?.message.components?.[0]?.components.map((b) =>
      b.type === ComponentType.Button && 'custom_id' in b ? [b.label, b.custom_id] : [],
    );
    expect(buttons).toEqual([
      ['Remind me', 'remindme:add:ballerina-2023'],
      ['Details', 'film:details:ballerina-2023'],
    ]);
    expect(post?.nonce).toBe(countdownNonce(c, london('2023-10-03T09:00').toUTC().toISO() ?? ''));
    expect(post?.nonce.length).toBeLessThanOrEqual(25);
    const stored = await t.store.get(c.id);
    expect(stored).toMatchObject({
      status: 'active',
      lastResult: { outcome: 'posted', slotKind: 'daily', late: false },
    });
    expect(stored?.sending).toBeUndefined();
    expect(stored?.nextSlot).toBe(london('2023-10-04T09:00').toUTC().toISO());
  });

  it('GIVEN Ballerina at 08:00 on 6 October WHEN the ticker runs through the last days THEN it posts 09:00, 09:00, 07:00 (in 1 hour), 08:00 (out now), then finishes and stays silent', async () => {
    const t = await setup();
    const c = await t.start();
    await t.runEvery(london('2023-10-04T00:00'), london('2023-10-07T12:00'), { minutes: 1 });
    expect(t.notifier.posts.map((p) => [p.content.split(' (<t')[0]])).toEqual([
      ['Ballerina lands on Netflix (UK) in 2 days'],
      ['Ballerina lands on Netflix (UK) tomorrow'],
      ['Ballerina lands on Netflix (UK) in 1 hour'],
      ['Ballerina is out now on Netflix (UK)! (released <t:1696575600:R>)'],
    ]);
    const outNow = t.notifier.posts[3]?.message.components?.[0]?.components.map((b) =>
      'label' in b ? b.label : '',
    );
    expect(outNow).toEqual(['Details']);
    expect(await t.store.get(c.id)).toMatchObject({
      status: 'finished',
      lastResult: { slotKind: 'release' },
    });
    expect(await t.store.activeIds()).toEqual([]);
  });

  it('GIVEN a countdown over the night the clocks go back (29 October 2023) THEN its 09:00 post leaves at 08:00Z in BST and 09:00Z in GMT', async () => {
    const t = await setup();
    await t.releases.set(ballerina.id, london('2023-11-03T08:00'), 'owner');
    await t.start({ createdAt: london('2023-10-27T12:00').toUTC().toISO() ?? '' });
    const sentAt: string[] = [];
    for (
      let at = london('2023-10-28T00:00');
      at <= london('2023-10-30T00:00');
      at = at.plus({ minutes: 1 })
    ) {
      const before = t.notifier.posts.length;
      await t.run(at);
      if (t.notifier.posts.length > before) sentAt.push(at.toUTC().toISO() ?? '');
    }
    expect(sentAt).toEqual(['2023-10-28T08:00:00.000Z', '2023-10-29T09:00:00.000Z']);
  });

  it('GIVEN an owner moves the release with /release set THEN the very next tick re-plans: an earlier date brings the last-day posts forward', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-02T09:00'));
    await t.releases.set(ballerina.id, london('2023-10-03T20:00'), 'owner');
    await t.runEvery(london('2023-10-03T00:00'), london('2023-10-03T21:00'), { minutes: 1 });
    expect(t.notifier.posts.map((p) => p.content.split(' (<t')[0])).toEqual([
      'Ballerina lands on Netflix (UK) in 4 days',
      'Ballerina lands on Netflix (UK) in 11 hours',
      'Ballerina lands on Netflix (UK) in 1 hour',
      'Ballerina is out now on Netflix (UK)! (released <t:1696359600:R>)',
    ]);
    expect((await t.store.get(c.id))?.status).toBe('finished');
  });

  it('GIVEN an owner moves the release back to an instant before the post already made THEN the next tick posts "out now" once, late, and the countdown finishes', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-04T09:00'));
    // The release was really at 07:00 that morning: it has already passed the 09:00 post.
    await t.releases.set(ballerina.id, london('2023-10-04T07:00'), 'owner');
    await t.runEvery(london('2023-10-04T09:01'), london('2023-10-04T09:10'), { minutes: 1 });
    expect(t.notifier.posts.map((p) => p.content.split(' (<t')[0])).toEqual([
      'Ballerina lands on Netflix (UK) in 2 days',
      'Ballerina is out now on Netflix (UK)! (released <t:1696399200:R>)',
    ]);
    expect(await t.store.get(c.id)).toMatchObject({
      status: 'finished',
      lastResult: { slotKind: 'release', late: true },
    });
  });

  it('GIVEN a countdown paused across the release and started again after it THEN its "out now" post still goes out, once, and it finishes', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-05T09:00'));
    await t.store.update(c.id, (x) => ({ ...x, status: 'paused' as const }));
    t.restart();
    await t.run(london('2023-10-06T08:00'));
    await t.store.update(c.id, (x) => resumeCountdown(x, x, london('2023-10-06T10:00')));
    t.restart();
    await t.runEvery(london('2023-10-06T10:00'), london('2023-10-06T10:05'), { minutes: 1 });
    expect(t.notifier.posts.map((p) => p.content.split(' (<t')[0])).toEqual([
      'Ballerina lands on Netflix (UK) tomorrow',
      'Ballerina is out now on Netflix (UK)! (released <t:1696575600:R>)',
    ]);
    expect((await t.store.get(c.id))?.status).toBe('finished');
  });

  it('GIVEN the release moves a week later THEN a countdown that would have ended keeps posting daily', async () => {
    const t = await setup();
    await t.start();
    await t.releases.set(ballerina.id, london('2023-10-13T08:00'), 'owner');
    await t.runEvery(london('2023-10-06T06:00'), london('2023-10-07T10:00'), { minutes: 1 });
    expect(t.notifier.posts.map((p) => p.content.split(' (<t')[0])).toEqual([
      'Ballerina lands on Netflix (UK) in 7 days',
      'Ballerina lands on Netflix (UK) in 6 days',
    ]);
  });
});

describe('after downtime', () => {
  it('GIVEN the bot was down from Tuesday to Wednesday 11:00 THEN it sends one catch-up post for Wednesday 09:00, marked late, and nothing for Tuesday', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-02T09:00'));
    await t.run(london('2023-10-04T11:00'));
    await t.run(london('2023-10-04T11:00:01'));
    expect(t.notifier.posts.map((p) => p.content.split(' (<t')[0])).toEqual([
      'Ballerina lands on Netflix (UK) in 4 days',
      'Ballerina lands on Netflix (UK) in 2 days',
    ]);
    expect((await t.store.get(c.id))?.lastResult).toMatchObject({
      outcome: 'posted',
      late: true,
      slot: '2023-10-04T08:00:00.000Z',
    });
  });

  it('GIVEN the bot comes back more than 6 hours after the slot THEN nothing is posted, status notes the skip, and the next day posts as usual', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-03T16:00'));
    expect(t.notifier.posts).toHaveLength(0);
    expect(await t.store.get(c.id)).toMatchObject({
      lastResult: { outcome: 'skipped', slot: '2023-10-03T08:00:00.000Z' },
      nextSlot: '2023-10-04T08:00:00.000Z',
    });
    await t.runEvery(london('2023-10-03T16:01'), london('2023-10-04T09:00'), { minutes: 1 });
    expect(t.notifier.posts).toHaveLength(1);
    expect(t.job.counts()['skipped:0']).toBe(1);
  });

  it('GIVEN the bot was down over the release for two days THEN it sends the single "out now" post and finishes', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-05T09:00'));
    await t.run(london('2023-10-08T10:00'));
    await t.run(london('2023-10-08T10:01'));
    expect(t.notifier.posts.map((p) => p.content.split(' (<t')[0])).toEqual([
      'Ballerina lands on Netflix (UK) tomorrow',
      'Ballerina is out now on Netflix (UK)! (released <t:1696575600:R>)',
    ]);
    expect((await t.store.get(c.id))?.status).toBe('finished');
  });

  it('GIVEN the process dies right after Discord accepted a post WHEN it restarts THEN the retry carries the same nonce and the channel still has one post', async () => {
    const t = await setup();
    const c = await t.start();
    t.notifier.dieAfterSend.add(CHANNEL);
    await t.run(london('2023-10-03T09:00'));
    expect((await t.store.get(c.id))?.sending).toMatchObject({ slot: '2023-10-03T08:00:00.000Z' });
    t.notifier.dieAfterSend.clear();
    t.restart();
    await t.run(london('2023-10-03T09:02'));
    expect(t.notifier.inChannel(CHANNEL)).toHaveLength(1);
    expect(await t.store.get(c.id)).toMatchObject({
      lastSlot: '2023-10-03T08:00:00.000Z',
      lastResult: { outcome: 'posted' },
    });
    expect((await t.store.get(c.id))?.sending).toBeUndefined();
  });

  it('GIVEN a countdown is stopped between ticks THEN nothing more is posted and the record does not come back', async () => {
    const t = await setup();
    const c = await t.start();
    await t.run(london('2023-10-03T09:00'));
    await t.store.remove(c.id);
    await t.runEvery(london('2023-10-04T08:58'), london('2023-10-04T09:05'), { minutes: 1 });
    expect(t.notifier.posts).toHaveLength(1);
    expect(await t.store.get(c.id)).toBeUndefined();
  });
});

describe('when Discord refuses', () => {
  it('GIVEN the channel was deleted (10003) THEN the countdown ends, the failure is logged with its code and counted, and nothing more is tried', async () => {
    const t = await setup();
    const c = await t.start();
    t.notifier.fail(CHANNEL, failures.unknownChannel);
    await t.run(london('2023-10-03T09:00'));
    await t.runEvery(london('2023-10-04T09:00'), london('2023-10-06T09:00'), { hours: 1 });
    expect(t.notifier.posts).toHaveLength(0);
    expect(await t.store.get(c.id)).toMatchObject({
      status: 'ended',
      lastResult: { outcome: 'failed', code: 10003 },
    });
    expect(await t.store.activeIds()).toEqual([]);
    expect(t.logs.filter((l) => l.code === 10003 && l.outcome === 'ended')).toHaveLength(1);
    expect(t.job.counts()['failed:10003']).toBe(1);
  });

  it.each([
    ['Missing Permissions (50013)', failures.missingPermissions, /Missing Permissions, 50013/],
    ['Missing Access (50001)', failures.missingAccess, /Missing Access, 50001/],
    [
      'an archived thread (50083)',
      failures.threadArchived,
      /thread is archived or locked \(50083\)/,
    ],
    ['a locked thread (160005)', failures.threadLocked, /thread is archived or locked \(160005\)/],
    ['AutoMod (200000)', failures.blockedByAutoMod, /AutoMod blocked my post \(200000\)/],
  ])(
    'GIVEN %s THEN the countdown pauses with the reason for /countdown status, and start resumes it at the next slot',
    async (_name, failure, reason) => {
      const t = await setup();
      const c = await t.start();
      t.notifier.fail(CHANNEL, failure);
      await t.run(london('2023-10-03T09:00'));
      const paused = await t.store.get(c.id);
      expect(paused).toMatchObject({ status: 'paused', lastResult: { code: failure.code } });
      expect(paused?.pausedReason).toMatch(reason);
      // The kind too, so /countdown status can give the reason in the reader's language.
      expect(paused?.pausedKind).toBe(failure.kind);
      expect(t.logs.filter((l) => l.code === failure.code && l.outcome === 'paused')).toHaveLength(
        1,
      );
      expect(t.job.counts()[`failed:${failure.code}`]).toBe(1);

      await t.run(london('2023-10-04T09:00'));
      expect(t.notifier.posts).toHaveLength(0);

      // An admin fixes the permission at 10:00 and runs /countdown start again.
      await t.store.update(c.id, (x) =>
        resumeCountdown(
          x,
          { time: x.time, zone: x.zone, style: x.style },
          london('2023-10-04T10:00'),
        ),
      );
      await t.run(london('2023-10-04T10:00:01'));
      expect(t.notifier.posts).toHaveLength(0); // the 09:00 slot missed while paused is not sent
      await t.run(london('2023-10-05T09:00'));
      expect(t.notifier.posts.map((p) => p.content.split(' (<t')[0])).toEqual([
        'Ballerina lands on Netflix (UK) tomorrow',
      ]);
    },
  );

  it('GIVEN Discord says 429 with retry_after THEN the post waits that long and goes out once with the same nonce', async () => {
    const t = await setup();
    const c = await t.start();
    t.notifier.fail(CHANNEL, failures.rateLimited(30_000));
    await t.run(london('2023-10-03T09:00'));
    await t.run(london('2023-10-03T09:00:20'));
    expect(t.notifier.posts).toHaveLength(0);
    await t.run(london('2023-10-03T09:00:31'));
    expect(t.notifier.posts).toHaveLength(1);
    expect(t.notifier.posts[0]?.nonce).toBe(countdownNonce(c, '2023-10-03T08:00:00.000Z'));
    expect(t.job.counts()).toMatchObject({ 'retry:429': 1, 'posted:0': 1 });
  });

  it(`GIVEN 5xx on every try THEN after ${MAX_ATTEMPTS} attempts with backoff the slot is given up, logged with the code, and the next day still posts`, async () => {
    const t = await setup();
    const c = await t.start();
    t.notifier.fail(CHANNEL, ...Array.from({ length: MAX_ATTEMPTS }, () => failures.serverError));
    await t.runEvery(london('2023-10-03T09:00'), london('2023-10-03T10:00'), { seconds: 5 });
    expect(t.notifier.posts).toHaveLength(0);
    expect(t.notifier.queued.get(CHANNEL)).toEqual([]);
    expect(await t.store.get(c.id)).toMatchObject({
      status: 'active',
      lastResult: { outcome: 'failed', code: 500 },
    });
    expect(t.job.counts()).toMatchObject({ 'retry:500': MAX_ATTEMPTS - 1, 'failed:500': 1 });
    expect(t.logs.some((l) => l.code === 500 && l.outcome === 'gave-up')).toBe(true);
    await t.run(london('2023-10-04T09:00'));
    expect(t.notifier.posts).toHaveLength(1);
  });
});

describe('live style', () => {
  it('GIVEN a live countdown THEN one message is posted, refreshed on the hour, every minute in the final hour, and turned into "out now" at release', async () => {
    const t = await setup();
    const c = await t.start({
      style: 'live',
      createdAt: london('2023-10-05T10:17').toUTC().toISO() ?? '',
    });
    await t.run(london('2023-10-05T10:17:01'));
    expect(t.notifier.posts).toHaveLength(1);
    const messageId = t.notifier.posts[0]?.id ?? '';
    expect((await t.store.get(c.id))?.liveMessageId).toBe(messageId);

    await t.runEvery(london('2023-10-05T10:18'), london('2023-10-06T06:59'), { minutes: 1 });
    const hourly = t.notifier.editsLog.length;
    expect(hourly).toBe(20); // 11:00 on the 5th to 06:00 on the 6th
    await t.runEvery(london('2023-10-06T07:00'), london('2023-10-06T08:10'), { minutes: 1 });
    expect(t.notifier.editsLog.length - hourly).toBe(61); // 07:00 … 07:59, then the release
    expect(t.notifier.posts).toHaveLength(1);
    const live = t.notifier.messages.get(messageId);
    expect(live?.content).toBe('Ballerina is out now on Netflix (UK)! (released <t:1696575600:R>)');
    expect(t.notifier.editsLog.at(-2)?.content).toBe(
      'Ballerina lands on Netflix (UK) in 1 minute (<t:1696575600:R>)',
    );
    expect(await t.store.get(c.id)).toMatchObject({
      status: 'finished',
      lastResult: { outcome: 'edited', slotKind: 'release' },
    });
  });

  it('GIVEN a live countdown WHEN an owner moves the release THEN the next tick shows the new date, not the next hourly refresh', async () => {
    const t = await setup();
    const c = await t.start({ style: 'live' });
    await t.run(london('2023-10-04T10:30'));
    const messageId = t.notifier.posts[0]?.id ?? '';
    await t.releases.set('ballerina-2023', london('2023-10-13T08:00'), '700000000000000001');
    await t.run(london('2023-10-04T10:31'));
    const moved = Math.floor(london('2023-10-13T08:00').toSeconds());
    expect(t.notifier.messages.get(messageId)?.content).toBe(
      `Ballerina lands on Netflix (UK) in 9 days (<t:${moved}:R>)`,
    );
    expect(t.notifier.editsLog).toHaveLength(1);
    // Shown once: the following ticks wait for the 11:00 refresh as before.
    await t.runEvery(london('2023-10-04T10:32'), london('2023-10-04T10:59'), { minutes: 1 });
    expect(t.notifier.editsLog).toHaveLength(1);
    await t.run(london('2023-10-04T11:00'));
    expect(t.notifier.editsLog).toHaveLength(2);
    expect(await t.store.get(c.id)).toMatchObject({
      liveRelease: london('2023-10-13T08:00').toUTC().toISO(),
    });
  });

  it('GIVEN someone deletes the live message THEN the next refresh posts a new one and follows it from then on', async () => {
    const t = await setup();
    const c = await t.start({ style: 'live' });
    await t.run(london('2023-10-04T10:30'));
    const first = t.notifier.posts[0]?.id ?? '';
    t.notifier.deleteMessage(first);
    await t.run(london('2023-10-04T11:00'));
    expect(t.notifier.posts).toHaveLength(2);
    const second = t.notifier.posts[1]?.id ?? '';
    expect(await t.store.get(c.id)).toMatchObject({
      liveMessageId: second,
      lastResult: { outcome: 'reposted' },
    });
    await t.run(london('2023-10-04T12:00'));
    expect(t.notifier.editsLog.map((e) => e.messageId)).toEqual([second]);
    expect(t.logs.some((l) => l.code === 10008)).toBe(true);
  });

  it('GIVEN the live channel is deleted (10003) on a refresh THEN the countdown ends', async () => {
    const t = await setup();
    const c = await t.start({ style: 'live' });
    await t.run(london('2023-10-04T10:30'));
    t.notifier.fail(CHANNEL, failures.unknownChannel);
    await t.run(london('2023-10-04T11:00'));
    expect(await t.store.get(c.id)).toMatchObject({ status: 'ended', lastResult: { code: 10003 } });
  });
});

describe('robustness', () => {
  it('GIVEN one countdown that cannot be planned (its release has a broken zone) THEN it is logged once and every other countdown still posts', async () => {
    const broken = { ...ballerina, id: 'broken-film' };
    const errors: string[] = [];
    const t = await setup();
    const realReleases = t.releases;
    const job = createCountdownsJob({
      store: t.store,
      releases: {
        get: async (filmId) =>
          filmId === broken.id
            ? { ...(await realReleases.get(ballerina.id)), filmId, zone: 'Mars/Base' }
            : realReleases.get(filmId),
      },
      films: {
        get: (id) => (id === ballerina.id ? ballerina : id === broken.id ? broken : undefined),
      },
      notifier: t.notifier,
      render: createCountdownRenderer(createTranslator()),
      logger: pino({ level: 'error' }, { write: (line: string) => errors.push(line) }),
    });
    await t.start({
      channelId: '600000000000000009',
      filmId: broken.id,
      id: countdownId(GUILD, '600000000000000009', broken.id),
    });
    await t.start();
    await job.run(london('2023-10-03T09:00'));
    await job.run(london('2023-10-03T09:00:01'));
    expect(t.notifier.posts.map((p) => p.channelId)).toEqual([CHANNEL]);
    expect(errors.filter((l) => l.includes('cannot plan this countdown'))).toHaveLength(1);
  });
});

describe('scale and ownership', () => {
  it('GIVEN 250 running countdowns WHEN the job (re)loads them THEN it reads them in pages of at most 100, letting interactions in between, and posts to all 250', async () => {
    const t = await setup();
    for (let i = 0; i < 250; i++)
      await t.start({
        guildId: String(500_000_000_000_000_000n + BigInt(i)),
        channelId: String(600_000_000_000_000_000n + BigInt(i)),
      });
    const read: number[] = [];
    const getMany = t.store.getMany.bind(t.store);
    t.store.getMany = (ids) => {
      read.push(ids.length);
      return getMany(ids);
    };
    await t.run(london('2023-10-03T09:00'));
    expect(t.notifier.posts).toHaveLength(250);
    expect(read.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...read)).toBeLessThanOrEqual(100);
  });

  it('GIVEN 10,000 channels due at 09:00 THEN one tick sends to all of them concurrently (not one awaited send after another), once each', async () => {
    const t = await setup();
    t.notifier.latencyMs = 20;
    const channels: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const guildId = String(500_000_000_000_000_000n + (BigInt(Math.floor(i / 10)) << 22n));
      const channelId = String(600_000_000_000_000_000n + BigInt(i));
      channels.push(channelId);
      await t.start({ guildId, channelId });
    }
    const started = performance.now();
    await t.run(london('2023-10-03T09:00'));
    const ms = performance.now() - started;
    expect(t.notifier.posts).toHaveLength(10_000);
    expect(new Set(t.notifier.posts.map((p) => p.channelId)).size).toBe(10_000);
    expect(t.notifier.maxInFlight).toBeGreaterThanOrEqual(500);
    // One after another would take 10,000 × 20 ms = 200 s.
    expect(ms).toBeLessThan(30_000);
    await t.run(london('2023-10-03T09:00:30'));
    expect(t.notifier.posts).toHaveLength(10_000);
  }, 60_000);

  it('GIVEN 200 channels being posted to WHEN the job is stopped THEN posts already handed over are recorded, no other starts, and the next start posts each of the rest once', async () => {
    const t = await setup({ concurrency: 20 });
    t.notifier.latencyMs = 10;
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const channelId = String(600_000_000_000_000_000n + BigInt(i));
      ids.push(
        (await t.start({ guildId: String(500_000_000_000_000_000n + BigInt(i)), channelId })).id,
      );
    }
    const running = t.run(london('2023-10-03T09:00'));
    while (t.notifier.posts.length < 30) await new Promise((resolve) => setTimeout(resolve, 2));
    t.job.stop();
    await running;
    const handedOver = t.notifier.posts.length;
    expect(handedOver).toBeLessThan(200);
    const records = await t.store.getMany(ids);
    expect(records.filter((c) => c.lastResult?.outcome === 'posted')).toHaveLength(handedOver);
    await t.run(london('2023-10-03T09:00:01'));
    expect(t.notifier.posts).toHaveLength(handedOver);

    t.restart();
    await t.run(london('2023-10-03T09:00:05'));
    expect(t.notifier.posts).toHaveLength(200);
    expect(new Set(t.notifier.posts.map((p) => p.channelId)).size).toBe(200);
  });

  it("GIVEN two shards WHEN each runs the tick THEN each posts only in its own guilds' channels", async () => {
    const t = await setup({ ownsGuild: (guildId) => guildId === GUILD });
    await t.start();
    await t.start({ guildId: '500000000000000002', channelId: '600000000000000002' });
    await t.run(london('2023-10-03T09:00'));
    expect(t.notifier.posts.map((p) => p.channelId)).toEqual([CHANNEL]);
  });
});
