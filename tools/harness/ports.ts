import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 nothing listens on right now (the OS picks it), for a process a test or
 * the bench starts next: a redis-server, the bot's METRICS_PORT. Rejects if no port can be had.
 */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
