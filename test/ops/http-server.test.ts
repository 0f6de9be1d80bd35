import { afterEach, describe, expect, it } from 'vitest';
import { startOpsServer } from '../../src/ops/http-server.ts';
import { Metrics } from '../../src/ops/metrics.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const serve = async (health: () => Promise<string | undefined>) => {
  const metrics = new Metrics();
  const server = await startOpsServer(0, metrics, health, '127.0.0.1');
  close = () => server.close();
  return { metrics, url: `http://127.0.0.1:${server.port}` };
};

describe('ops endpoints', () => {
  it('GIVEN a healthy bot THEN /healthz answers 200 ok', async () => {
    const { url } = await serve(() => Promise.resolve(undefined));
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GIVEN the gateway is down THEN /healthz answers 503 with the reason', async () => {
    const { url } = await serve(() =>
      Promise.resolve('gateway is not ready (status Reconnecting)'),
    );
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'unavailable',
      reason: 'gateway is not ready (status Reconnecting)',
    });
  });

  it('GIVEN the health check itself throws THEN /healthz still answers 503, never hangs', async () => {
    const { url } = await serve(() => Promise.reject(new Error('store exploded')));
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).toContain('store exploded');
  });

  it('GIVEN deliveries were counted THEN /metrics exposes them by kind, result and Discord code', async () => {
    const { url, metrics } = await serve(() => Promise.resolve(undefined));
    metrics.deliveries.inc({ kind: 'reminder', result: 'dm_closed', code: '50007' });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain(
      'premiere_deliveries_total{kind="reminder",result="dm_closed",code="50007"} 1',
    );
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });
});
