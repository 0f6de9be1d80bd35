import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.ts';

export interface HealthCheck {
  /** undefined when healthy, else why not (shown to the prober). */
  (): Promise<string | undefined>;
}

/** `/metrics` for Prometheus and `/healthz` for orchestrators, on METRICS_PORT. */
export async function startOpsServer(
  port: number,
  metrics: Metrics,
  health: HealthCheck,
  host = '0.0.0.0',
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (req.url === '/healthz') {
        const problem = await health().catch(
          (err: unknown) => `health check failed: ${String(err)}`,
        );
        res.writeHead(problem === undefined ? 200 : 503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            problem === undefined ? { status: 'ok' } : { status: 'unavailable', reason: problem },
          ),
        );
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
