import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SEED } from '@premiere/discord-emulator';
import { useE2E } from '../support/e2e.ts';

/*
 * The real bot on a host whose zone is Europe/London (TZ), its clock faked from the test, across the
 * night the clocks go back (29 October 2023: 01:59:59 BST is followed by 01:00:00 GMT). The host's
 * zone and season must change nothing the bot does.
 */

const at = (message: { timestamp: string }) => Date.parse(message.timestamp);

describe('a host in Europe/London, the night the clocks go back (29 October 2023)', () => {
  const e2e = useE2E({
    fakeTime: '2023-10-28T23:00:00Z',
    ownerIds: [SEED.users.ada],
    env: { TZ: 'Europe/London' },
  });

  it('GIVEN the release moved to 01:00 UTC and a reminder at release THEN the DM arrives within seconds of 01:00Z, in the repeated hour', async () => {
    const { emulator } = e2e;
    const set = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'release set',
      options: { title: 'ballerina', date: '2023-10-29 01:00', timezone: 'UTC' },
    });
    expect(set.text).toContain(`<t:${Date.parse('2023-10-29T01:00:00Z') / 1000}:F>`);
    const asked = await emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'remindme',
      options: { title: 'ballerina', when: 'release' },
    });
    expect(asked.ephemeral).toBe(true);

    // 00:59:55 UTC is 01:59:55 BST: five seconds later the wall clock reads 01:00 again.
    e2e.jumpTo('2023-10-29T00:59:55Z');
    const due = Date.parse('2023-10-29T01:00:00Z');
    const dm = await emulator.waitForMessage(
      { dm: 'ben' },
      (m) => m.content.includes('is out now'),
      20_000,
    );
    expect(at(dm)).toBeGreaterThanOrEqual(due);
    expect(at(dm) - due).toBeLessThan(3_000);
  });
});

describe('a host in Europe/London: a 01:30 London countdown across the repeated hour', () => {
  const e2e = useE2E({
    fakeTime: '2023-10-28T23:00:00Z',
    ownerIds: [SEED.users.ada],
    env: { TZ: 'Europe/London' },
  });

  it('GIVEN a daily countdown at 01:30 London WHEN another channel starts a countdown after the change (the schedule is re-read) THEN 01:30 is posted once, at its first occurrence (00:30Z)', async () => {
    const { emulator } = e2e;
    await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'release set',
      options: { title: 'ballerina', date: '2023-11-10 08:00', timezone: 'Europe/London' },
    });
    const started = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: {
        channel: 'countdowns',
        title: 'ballerina',
        time: '01:30',
        timezone: 'Europe/London',
      },
    });
    expect(started.text).toMatch(/Started the countdown/);

    e2e.jumpTo('2023-10-29T00:29:57Z');
    const first = await emulator.waitForMessage(
      { channel: 'countdowns' },
      (m) => m.content.includes('lands on'),
      20_000,
    );
    expect(at(first) - Date.parse('2023-10-29T00:30:00Z')).toBeLessThan(3_000);

    // After the change (the process clock now reads GMT) another channel starts a countdown, so
    // every countdown is planned again; then the second 01:30 (01:30Z) comes and goes.
    e2e.jumpTo('2023-10-29T01:20:00Z');
    const other = await emulator.invokeCommand({
      user: 'ada',
      channel: 'general',
      name: 'countdown start',
      options: { channel: 'general', title: 'ballerina', time: '09:00', timezone: 'Europe/London' },
    });
    expect(other.text).toMatch(/Started the countdown/);
    e2e.jumpTo('2023-10-29T01:29:57Z');
    await sleep(6_000);
    const posts = emulator.messages('countdowns').filter((m) => m.content.includes('lands on'));
    expect(posts).toHaveLength(1);
  });
});
