import { EventEmitter } from 'node:events';
import { Events, Status, type Client } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { watchGateway } from '../../src/discord/gateway-watch.ts';

/** A client with one shard: just the events and the `ws.shards` map the watch reads. */
function fakeClient() {
  const emitter = new EventEmitter();
  const shard = { id: 0, status: Status.Ready };
  const client = Object.assign(emitter, { ws: { shards: new Map([[0, shard]]) } });
  return { client: client as unknown as Client, emit: emitter.emit.bind(emitter), shard };
}

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  const above = (level: number) => lines.filter((l) => l.level >= level).map((l) => l.msg);
  return { logger, warnings: () => above(40) };
}

describe('gateway watch', () => {
  it('GIVEN a ready shard WHEN the connection drops and discord.js retries twice THEN one warn line and a 503 reason, then one info line when it is back', () => {
    const { client, emit } = fakeClient();
    const { logger, warnings } = recordingLogger();
    const watch = watchGateway(client, { logger, now: () => 0 });
    emit(Events.ShardReady, 0);
    expect(watch.problem()).toBeUndefined();
    emit(Events.ShardReconnecting, 0);
    emit(Events.ShardReconnecting, 0);
    emit(Events.ShardReconnecting, 0);
    expect(warnings()).toEqual([
      'gateway connection lost; reconnecting (interactions cannot arrive until it is back)',
    ]);
    expect(watch.problem()).toMatch(/gateway shard 0 not connected/);
    emit(Events.ShardResume, 0);
    expect(watch.problem()).toBeUndefined();
  });

  it('GIVEN the bot is shutting down WHEN its own connections close THEN no outage is logged or reported', () => {
    const { client, emit } = fakeClient();
    const { logger, warnings } = recordingLogger();
    const changes: boolean[] = [];
    const watch = watchGateway(client, { logger, onChange: (_, up) => changes.push(up) });
    emit(Events.ShardReady, 0);
    watch.stop();
    emit(Events.ShardReconnecting, 0);
    emit(Events.ShardDisconnect, { code: 1000 }, 0);
    expect(warnings()).toEqual([]);
    expect(changes).toEqual([true]);
  });
});
