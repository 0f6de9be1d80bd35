import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.ts';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });

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
});
