import { Events, Status, type Client } from 'discord.js';
import type { Logger } from 'pino';

/** Whether the bot is connected to Discord's gateway, as /healthz and the metrics see it. */
export interface GatewayWatch {
  /** Why the gateway is not usable (a shard not connected, and since when), or undefined. */
  problem(): string | undefined;
  /**
   * The bot is shutting down: the connections about to close are not an outage, so they log
   * nothing above debug and change no state.
   */
  stop(): void;
}

export interface GatewayWatchOptions {
  logger: Logger;
  /** Told each time a shard becomes ready (true) or loses its connection (false). */
  onChange?: (shardId: number, ready: boolean) => void;
  /** Milliseconds on a monotonic clock; performance.now() by default. */
  now?: () => number;
}

interface Outage {
  since: number;
  attempts: number;
}

/**
 * Follow the client's shards: ready, or lost since when. discord.js's own `client.ws.status`
 * says Ready once and never changes back, and it emits `shardReconnecting` for every attempt
 * (twice a second while Discord is unreachable). This keeps one state per shard and logs one warn
 * line when a connection is lost and one info line when it is back, whatever happened in between.
 */
export function watchGateway(client: Client, options: GatewayWatchOptions): GatewayWatch {
  const { logger, onChange } = options;
  const now = options.now ?? (() => performance.now());
  const ready = new Set<number>();
  const outages = new Map<number, Outage>();
  let stopped = false;

  const up = (shardId: number, how: 'ready' | 'resumed') => {
    ready.add(shardId);
    onChange?.(shardId, true);
    const outage = outages.get(shardId);
    if (outage === undefined) return;
    outages.delete(shardId);
    logger.info(
      {
        shardId,
        how,
        downMs: Math.round(now() - outage.since),
        reconnectAttempts: outage.attempts,
      },
      'gateway connection back',
    );
  };

  const down = (shardId: number, closeCode?: number) => {
    if (stopped) {
      logger.debug({ shardId, closeCode }, 'gateway closed at shutdown');
      return;
    }
    ready.delete(shardId);
    const outage = outages.get(shardId);
    if (outage !== undefined) {
      outage.attempts++;
      logger.debug({ shardId, attempts: outage.attempts }, 'gateway reconnecting');
      return;
    }
    outages.set(shardId, { since: now(), attempts: 1 });
    onChange?.(shardId, false);
    logger.warn(
      { shardId, ...(closeCode === undefined ? {} : { closeCode }) },
      'gateway connection lost; reconnecting (interactions cannot arrive until it is back)',
    );
  };

  client.on(Events.ShardReady, (shardId) => up(shardId, 'ready'));
  client.on(Events.ShardResume, (shardId) => up(shardId, 'resumed'));
  client.on(Events.ShardReconnecting, (shardId) => down(shardId));
  client.on(Events.ShardDisconnect, (event, shardId) => {
    down(shardId, event.code);
    if (stopped) return;
    logger.error(
      { shardId, closeCode: event.code },
      'gateway closed for good (discord.js will not reconnect this shard); restart the bot',
    );
  });

  return {
    stop() {
      stopped = true;
    },
    problem() {
      const lost = [...outages].map(
        ([shardId, o]) =>
          `gateway shard ${shardId} not connected for ${Math.round((now() - o.since) / 1000)} s`,
      );
      if (lost.length > 0) return lost.join('; ');
      // Before the first READY, or a shard discord.js itself no longer counts as ready.
      const shards = [...client.ws.shards.values()];
      const notReady = shards.filter((s) => s.status !== Status.Ready || !ready.has(s.id));
      if (shards.length === 0 || notReady.length > 0)
        return `gateway is not ready (${
          shards.length === 0
            ? 'not connected yet'
            : notReady.map((s) => `shard ${s.id}: ${Status[s.status]}`).join(', ')
        })`;
      return undefined;
    },
  };
}
