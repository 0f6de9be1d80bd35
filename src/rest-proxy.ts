import { existsSync } from 'node:fs';
import { loadRestProxyConfig } from './config.ts';
import { startRestProxy } from './discord/rest-proxy.ts';
import { createLogger } from './logger.ts';
import { exitOnSetupProblem } from './setup-errors.ts';

/**
 * `npm run rest-proxy`: the shared REST proxy (src/discord/rest-proxy.ts). Start one per bot
 * token, then every `npm start` / `npm run start:sharded` process, on any machine, with
 * DISCORD_API_URL pointing at it. SIGINT or SIGTERM stop it after answering what is in flight.
 */
async function main(): Promise<void> {
  const config = loadRestProxyConfig(process.env, {
    envFileExists: existsSync('.env'),
    heading: 'The REST proxy cannot start',
  });
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const proxy = await startRestProxy(config, logger);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      logger.info({ signal }, 'REST proxy stopping');
      proxy.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'REST proxy did not stop cleanly');
          process.exit(1);
        },
      );
    });
}

main().catch((err: unknown) => {
  exitOnSetupProblem(err);
  process.stderr.write(`rest-proxy failed: ${String(err)}\n`);
  process.exitCode = 1;
});
