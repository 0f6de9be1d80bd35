import { describe, expect, it } from 'vitest';
import { GUILD, setup } from '../../support/countdown-jobs.ts';
import { failures } from '../../support/fake-notifier.ts';
import { ballerina, london } from '../../support/reminder-fixtures.ts';

describe('the release event follows the release', () => {
  const EVENT = '800000000000000001';
  const release = london('2023-10-06T08:00').toUTC().toISO() ?? '';

  it('GIVEN a countdown with a server event WHEN an owner moves the release THEN the event moves once to the new start and end, not on every tick', async () => {
    const t = await setup();
    t.notifier.events.set(EVENT, {
      scheduledStartTime: release,
      scheduledEndTime: london('2023-10-06T09:30').toUTC().toISO() ?? '',
    });
    const c = await t.start({ eventId: EVENT, eventRelease: release });
    await t.runEvery(london('2023-10-02T08:58'), london('2023-10-02T09:02'), { minutes: 1 });
    expect(t.notifier.eventEdits).toEqual([]);

    await t.releases.set(ballerina.id, london('2023-10-13T20:00'), 'owner');
    await t.runEvery(london('2023-10-02T10:00'), london('2023-10-03T10:00'), { minutes: 10 });

    expect(t.notifier.eventEdits).toEqual([
      {
        guildId: GUILD,
        eventId: EVENT,
        times: {
          scheduledStartTime: '2023-10-13T19:00:00.000Z',
          scheduledEndTime: '2023-10-13T20:30:00.000Z',
        },
      },
    ]);
    expect(await t.store.get(c.id)).toMatchObject({
      eventId: EVENT,
      eventRelease: '2023-10-13T19:00:00.000Z',
    });
    // A restarted process sees the event already matches: nothing to move.
    t.restart();
    await t.run(london('2023-10-03T10:01'));
    expect(t.notifier.eventEdits).toHaveLength(1);
  });

  it('GIVEN the event was deleted in the server WHEN the release moves THEN the countdown forgets it, logs 10070 once and keeps posting', async () => {
    const t = await setup();
    const c = await t.start({ eventId: EVENT, eventRelease: release });
    await t.releases.set(ballerina.id, london('2023-10-13T20:00'), 'owner');
    await t.runEvery(london('2023-10-02T08:00'), london('2023-10-03T10:00'), { minutes: 10 });
    await t.releases.set(ballerina.id, london('2023-10-14T20:00'), 'owner');
    await t.run(london('2023-10-03T10:10'));

    expect(t.notifier.eventEdits).toHaveLength(1);
    const stored = await t.store.get(c.id);
    expect(stored?.eventId).toBeUndefined();
    expect(stored?.eventRelease).toBeUndefined();
    expect(stored?.status).toBe('active');
    expect(t.logs.filter((l) => l.code === 10070 && l.eventId === EVENT)).toHaveLength(1);
    expect(t.notifier.posts.length).toBeGreaterThan(0);
  });

  it('GIVEN Discord fails for a moment WHEN the release moves THEN the event move is retried on a later tick', async () => {
    const t = await setup();
    t.notifier.events.set(EVENT, { scheduledStartTime: release, scheduledEndTime: release });
    const c = await t.start({ eventId: EVENT, eventRelease: release });
    t.notifier.eventFailures.push(failures.serverError);
    await t.releases.set(ballerina.id, london('2023-10-13T20:00'), 'owner');
    await t.runEvery(london('2023-10-02T10:00'), london('2023-10-02T10:10'), { minutes: 1 });

    expect(t.notifier.eventEdits).toHaveLength(2);
    expect(t.notifier.events.get(EVENT)?.scheduledStartTime).toBe('2023-10-13T19:00:00.000Z');
    expect((await t.store.get(c.id))?.eventRelease).toBe('2023-10-13T19:00:00.000Z');
  });

  it('GIVEN a countdown in a guild another shard owns THEN this shard never moves its event', async () => {
    const t = await setup({ ownsGuild: () => false });
    t.notifier.events.set(EVENT, { scheduledStartTime: release, scheduledEndTime: release });
    await t.start({ eventId: EVENT, eventRelease: release });
    await t.releases.set(ballerina.id, london('2023-10-13T20:00'), 'owner');
    await t.runEvery(london('2023-10-02T10:00'), london('2023-10-02T10:10'), { minutes: 1 });
    expect(t.notifier.eventEdits).toEqual([]);
  });
});
