import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { PinoPretty } from 'pino-pretty';
import type { Config } from './config.ts';

/**
 * pino-pretty is loaded only when lines are pretty (a terminal, or LOG_FORMAT=pretty): a bot
 * logging JSON under a process manager never needs it, and it costs memory and start time.
 */
const loadPretty = (): typeof PinoPretty =>
  (createRequire(import.meta.url)('pino-pretty') as { PinoPretty: typeof PinoPretty }).PinoPretty;

/**
 * The bot's logger, on stdout unless `destination` is given. `format` (LOG_FORMAT): `json` is one
 * JSON object a line, for log collectors; `pretty` is pino-pretty's human-readable lines; `auto`
 * picks pretty when stdout is a terminal and JSON otherwise. The token can never appear in either:
 * pino redacts it wherever a field could carry it, before any formatting.
 */
export function createLogger(
  level: Config['logLevel'],
  destination?: pino.DestinationStream,
  format: Config['logFormat'] = 'json',
): Logger {
  const pretty =
    destination === undefined &&
    (format === 'pretty' || (format === 'auto' && process.stdout.isTTY));
  return pino(
    {
      level,
      base: { app: 'premiere', pid: process.pid },
      redact: {
        paths: [
          'token',
          'discordToken',
          '*.token',
          '*.discordToken',
          'config.discordToken',
          'headers.authorization',
          '*.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    pretty
      ? // In-process and synchronous (no worker thread), so a fatal line is out before exit.
        loadPretty()({ sync: true, ignore: 'app,pid,hostname', translateTime: 'SYS:HH:MM:ss.l' })
      : destination,
  );
}
