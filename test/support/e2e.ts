import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  contractGuard,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '@premiere/discord-emulator';
import {
  startBotProcess,
  type BotProcess,
  type BotProcessOptions,
} from '../../tools/harness/bot-process.ts';

/*
 * End-to-end tests: the emulator and the bot process, started and stopped around a test file.
 * Spawning the bot is tools/harness/bot-process.ts, shared with the benchmarks.
 */

export {
  repoRoot,
  startBotProcess,
  startCommand,
  type BotProcess,
  type BotProcessOptions,
  type LogLine,
} from '../../tools/harness/bot-process.ts';
export { contractGuard, formatViolations } from '@premiere/discord-emulator';

/**
 * Wait until `count` shard processes of a start:sharded group have each logged "Premiere is ready"
 * (the manager reports a shard ready once its gateway is; its scheduler starts a moment later).
 * Throws after `timeoutMs` (ms) naming how many did.
 */
export async function waitForShards(
  bot: BotProcess,
  count: number,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ready = () =>
    new Set(bot.logs.filter((l) => l.msg === 'Premiere is ready').map((l) => l.pid));
  while (ready().size < count) {
    if (Date.now() > deadline) throw new Error(`only ${ready().size} of ${count} shards got ready`);
    await sleep(50);
  }
}

export interface E2EOptions extends Omit<BotProcessOptions, 'emulator'> {
  emulator?: EmulatorOptions;
}

export interface E2E {
  readonly emulator: Emulator;
  readonly bot: BotProcess;
  /** Replace the running bot (e.g. after `bot.kill()` and `bot.restart()`), so teardown stops the right one. */
  setBot(bot: BotProcess): void;
  /**
   * Move both clocks (the bot's fake clock and the emulator's) forward to this instant, so a test
   * waits seconds for a moment, not minutes. Only forward: a clock never runs back.
   */
  jumpTo(instant: string): void;
}

/**
 * One emulator and one bot process for a test file: started before the first test, stopped after
 * the last. Every test fails if the bot sent a body that breaks Discord's published contract.
 */
export function useE2E(options: E2EOptions = {}): E2E {
  let emulator: Emulator | undefined;
  let bot: BotProcess | undefined;
  const guard = contractGuard(() => emulator);
  beforeAll(async () => {
    emulator = await startEmulator(options.emulator);
    bot = await startBotProcess({ ...options, emulator });
  });
  afterAll(async () => {
    await bot?.stop();
    await emulator?.close();
    if (bot && options.storeDir === undefined)
      rmSync(bot.storeDir, { recursive: true, force: true });
  });
  beforeEach(() => guard.mark());
  afterEach(() => guard.check());
  return {
    get emulator() {
      if (!emulator)
        throw new Error('useE2E: the emulator is not started yet (use it inside a test)');
      return emulator;
    },
    get bot() {
      if (!bot) throw new Error('useE2E: the bot is not started yet (use it inside a test)');
      return bot;
    },
    setBot(next) {
      bot = next;
    },
    jumpTo(instant) {
      if (!emulator || !bot) throw new Error('useE2E: jumpTo before the bot started');
      const ms = Date.parse(instant);
      if (!(ms > emulator.now()))
        throw new Error(
          `jumpTo ${instant}: the clocks are already at ${new Date(emulator.now()).toISOString()}`,
        );
      bot.setTime(instant);
      emulator.setTime(instant);
    },
  };
}
