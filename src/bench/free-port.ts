/** A port nothing is listening on, for a server the benchmark starts in a child process. */
import { createServer } from 'node:net';

/**
 * Ask the kernel for one (listen on port 0) and give it back. Fixed ports collided when two
 * checkouts ran the benchmark at once on one machine; a just-freed ephemeral port is, in practice,
 * not handed out again before the child process takes it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
