import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.ts';
import { freePort } from '../../tools/harness/ports.ts';

const port = await freePort();
const e2e = useE2E({ env: { METRICS_PORT: String(port) } });
const base = `http://127.0.0.1:${port}`;

describe('operating the bot', () => {
  it('GIVEN METRICS_PORT THEN /healthz is 200 once the gateway is ready and the store answers', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GIVEN a /film and a failed lookup THEN /metrics counts each by command and outcome, and the gateway as ready', async () => {
    await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'ballerina' },
    });
    await e2e.emulator.invokeCommand({
      user: 'ben',
      channel: 'general',
      name: 'film',
      options: { title: 'oldboy' },
    });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /premiere_interactions_total\{command="film",kind="command",outcome="ok"\} 1/,
    );
    expect(text).toMatch(
      /premiere_interactions_total\{command="film",kind="command",outcome="user_error"\} 1/,
    );
    expect(text).toMatch(/premiere_gateway_ready\{shard="0"\} 1/);
    expect(text).toMatch(/premiere_interaction_duration_seconds_count\{kind="command"\} 2/);
  });

  it("GIVEN Discord's gateway goes down WHEN 15 s pass THEN /healthz is 503 with the reason, premiere_gateway_ready is 0, and the log has one warn line for the outage; when it is back, 200 again", async () => {
    const lostAt = performance.now();
    e2e.emulator.stopGateway();
    let res = await fetch(`${base}/healthz`);
    while (res.status === 200 && performance.now() - lostAt < 15_000) {
      await sleep(250);
      res = await fetch(`${base}/healthz`);
    }
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      reason: expect.stringMatching(/gateway shard 0 not connected/) as unknown,
    });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(
      /premiere_gateway_ready\{shard="0"\} 0/,
    );
    // discord.js retries about twice a second meanwhile: still one line for the outage.
    await sleep(3_000);
    const lost = e2e.bot.logs.filter((l) => /gateway connection lost/.test(l.msg ?? ''));
    expect(lost).toHaveLength(1);
    expect(lost[0]?.level).toBe(40);
    expect(
      e2e.bot.logs.filter((l) => l.msg === 'gateway reconnecting' && (l.level ?? 0) >= 30),
    ).toEqual([]);

    e2e.emulator.restoreGateway();
    await e2e.bot.waitForLog('gateway connection back', 15_000);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(
      /premiere_gateway_ready\{shard="0"\} 1/,
    );
  });

  it('GIVEN the bot ran commands and the scheduler THEN premiere_store_operation_seconds has observations by op and outcome', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/premiere_store_operation_seconds_count\{op="get",outcome="ok"\} [1-9]/);
  });
});
