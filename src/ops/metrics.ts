import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The bot's Prometheus metrics. One registry per process; each shard process exposes its own
 * endpoint (label `shard` keeps them apart when scraped together).
 */
export class Metrics {
  readonly registry = new Registry();

  readonly interactions = new Counter({
    name: 'premiere_interactions_total',
    help: 'Interactions handled, by command, kind and outcome',
    labelNames: ['command', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly interactionSeconds = new Histogram({
    name: 'premiere_interaction_duration_seconds',
    help: 'Time from receiving an interaction to finishing its handler',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'premiere_deliveries_total',
    help: 'Scheduler deliveries, by job (kind), outcome (result) and Discord error code (0 when none)',
    labelNames: ['kind', 'result', 'code'] as const,
    registers: [this.registry],
  });

  readonly schedulerLagSeconds = new Histogram({
    name: 'premiere_scheduler_lag_seconds',
    help: 'From the instant a message was due to Discord accepting it',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300, 3600],
    registers: [this.registry],
  });

  readonly storeSeconds = new Histogram({
    name: 'premiere_store_operation_seconds',
    help: 'Latency of store operations (get, getMany, set, delete), by outcome (ok, failed, timeout)',
    labelNames: ['op', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5],
    registers: [this.registry],
  });

  readonly gatewayUp = new Gauge({
    name: 'premiere_gateway_ready',
    help: '1 when the shard is connected and ready, 0 otherwise',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'premiere_' });
  }
}
