import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { freePort } from './free-port.js';

it('gives a port a server can then listen on, even while the old fixed ports are taken', async () => {
  // The benchmark's old fixed ports, held as another checkout's run would hold them.
  const held = await Promise.all(
    [3901, 3990, 3991].map(
      (port) =>
        new Promise<ReturnType<typeof createServer> | null>((resolve) => {
          const s = createServer();
          s.once('error', () => {
            resolve(null);
          });
          s.listen(port, '127.0.0.1', () => {
            resolve(s);
          });
        }),
    ),
  );
  try {
    const port = await freePort();
    expect([3901, 3990, 3991]).not.toContain(port);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  } finally {
    for (const s of held) if (s) await new Promise((r) => s.close(r));
  }
});
