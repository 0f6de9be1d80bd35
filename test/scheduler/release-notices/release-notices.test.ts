import { describe, expect, it } from 'vitest';
import { dueInstant } from '../../../src/domain/reminders.ts';
import { due, OWNER, release, setup, unix } from '../../support/reminder-jobs.ts';
import { ballerina, london, userId } from '../../support/reminder-fixtures.ts';

describe('release-notices job: the release moves', () => {
  it('GIVEN subscribers WHEN an owner moves the release THEN each is told once, old and new side by side, and reminders follow', async () => {
    const { boot, add, notifier, releases, store } = setup();
    const day = await add({ userId: userId(1), offset: 'day' });
    await add({ userId: userId(1), offset: 'hour' });
    await add({ userId: userId(2), offset: 'release', where: 'here' });
    const delivery = boot();
    await delivery.run(due('day'));
    expect(notifier.seenBy(userId(1))).toHaveLength(1);

    const moved = london('2023-10-13T08:00');
    await releases.set(ballerina.id, moved, OWNER);
    const now = due('day').plus({ hours: 2 });
    await delivery.run(now);
    const notices = notifier.visible.filter((m) => m.message.content?.startsWith('📅'));
    expect(notices.map((m) => m.to)).toEqual(
      expect.arrayContaining([
        { kind: 'dm', userId: userId(1) },
        { kind: 'dm', userId: userId(2) },
      ]),
    );
    expect(notices).toHaveLength(2);
    expect(notices[0]?.message.content).toContain(`Was: ~~<t:${unix(release)}:F>~~`);
    expect(notices[0]?.message.content).toContain(`Now: <t:${unix(moved)}:F>`);

    // Ticks and restarts never repeat the notice.
    await delivery.run(now.plus({ seconds: 1 }));
    await boot().run(now.plus({ seconds: 2 }));
    expect(notifier.visible.filter((m) => m.message.content?.startsWith('📅'))).toHaveLength(2);

    // Nothing was due at the old hour-before instant: the reminders moved with the release.
    await delivery.run(due('hour'));
    expect(notifier.seenBy(userId(1))).toHaveLength(2);
    // The day-before reminder already sent for the old date is due again for the new one.
    await delivery.run(dueInstant(moved, 'day'));
    expect(notifier.seenBy(userId(1))).toHaveLength(3);
    expect((await store.get(day.id))?.delivery.dueAt).toBe(
      dueInstant(moved, 'day').toUTC().toISO(),
    );
  });

  it('GIVEN the release is moved earlier so a reminder moment is already past THEN the notice stands in for it (no stale late reminder)', async () => {
    const { boot, add, notifier, releases, clock } = setup();
    await add({ userId: userId(1), offset: 'week' });
    clock.set(london('2023-10-01T12:00'));
    // The week-before moment of the new date (2023-09-30) passed before the change.
    await releases.set(ballerina.id, london('2023-10-07T08:00'), OWNER);
    await boot().run(london('2023-10-01T12:00:01'));
    expect(notifier.visible).toHaveLength(1);
    expect(notifier.visible[0]?.message.content).toMatch(/^📅/);
  });

  it('GIVEN a notice interrupted after sending WHEN the bot restarts THEN the same nonce is used and the user sees it once', async () => {
    const { boot, add, notifier, releases, clock } = setup();
    await add({ userId: userId(1), offset: 'release' });
    clock.set(london('2023-09-10T12:00'));
    await releases.set(ballerina.id, london('2023-10-13T08:00'), OWNER);
    notifier.respond(() => 'hang');
    void boot().run(london('2023-09-10T12:00:01'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    notifier.clearResponders();
    await boot().run(london('2023-09-10T12:01'));
    expect(notifier.requests).toHaveLength(2);
    expect(notifier.requests[1]?.message.nonce).toBe(notifier.requests[0]?.message.nonce);
    expect(notifier.seenBy(userId(1))).toHaveLength(1);
  });
});
