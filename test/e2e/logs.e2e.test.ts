import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@premiere/discord-emulator';
import { startBotProcess } from '../support/e2e.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const INVITE =
  'invite the bot to a server with this URL (its scopes and exactly the permissions it uses)';

describe('the log of npm start', () => {
  it('GIVEN stdout is not a terminal THEN it is JSON lines, the invite URL is logged once with the permissions the bot uses, and the token never appears', async () => {
    const bot = await startBotProcess({ emulator });
    try {
      const invites = bot.logs.filter((l) => l.msg === INVITE);
      expect(invites).toHaveLength(1);
      const url = new URL(String(invites[0]?.inviteUrl));
      expect(url.searchParams.get('scope')).toBe('bot applications.commands');
      // View Channel, Send Messages, Embed Links, Manage Events.
      expect(url.searchParams.get('permissions')).toBe('8589954048');
      expect(bot.logs.every((l) => typeof l.level === 'number')).toBe(true);
      expect(JSON.stringify(bot.logs)).not.toContain(emulator.botToken);
    } finally {
      await bot.stop();
      rmSync(bot.storeDir, { recursive: true, force: true });
    }
  });

  it('GIVEN LOG_FORMAT=pretty THEN the lines are human-readable (time, level, message), never JSON, and the token never appears', async () => {
    const bot = await startBotProcess({
      emulator,
      env: { LOG_FORMAT: 'pretty' },
      readyWhen: (l) => /INFO.*: Premiere is ready/.test(l.msg ?? ''),
    });
    try {
      const lines = bot.logs.map((l) => l.msg ?? '');
      expect(lines.some((l) => /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: /.test(l))).toBe(true);
      expect(bot.logs.every((l) => l.level === undefined)).toBe(true);
      expect(lines.join('\n')).toContain(INVITE);
      expect(lines.join('\n')).not.toContain(emulator.botToken);
    } finally {
      await bot.stop();
      rmSync(bot.storeDir, { recursive: true, force: true });
    }
  });

  it('GIVEN node’s default heap limit on this machine THEN once ready the bot limits its heap’s growth, and with a small limit it leaves it to V8', async () => {
    const large = await startBotProcess({ emulator, env: { LOG_LEVEL: 'debug' } });
    const small = await startBotProcess({
      emulator,
      env: { LOG_LEVEL: 'debug', NODE_OPTIONS: '--max-old-space-size=512' },
    });
    try {
      const limited = await large.waitForLog(/^heap growth/, 10_000);
      expect(limited.msg).toBe('heap growth limited to 50 % past what is live');
      const left = await small.waitForLog(/^heap growth/, 10_000);
      expect(left.msg).toBe('heap growth left to V8 (its heap limit is small)');
      expect(left.heapLimitMiB).toBeLessThan(2048);
    } finally {
      for (const bot of [large, small]) {
        await bot.stop();
        rmSync(bot.storeDir, { recursive: true, force: true });
      }
    }
  });
});
