import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

/** JSON lines on stdout. The token can never appear: it is redacted wherever a field could carry it. */
export function createLogger(
  level: Config['logLevel'],
  destination?: pino.DestinationStream,
): Logger {
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
    destination,
  );
}
