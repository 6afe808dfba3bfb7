/** `npm start`: run Baton until stopped. */
import { readConfig } from './config.js';
import { startServer, startupFailureMessage } from './start.js';

/**
 * How long a stop waits for requests in flight before giving up. Orchestrators send SIGTERM and
 * then SIGKILL after a grace period (Kubernetes: 30 s), so this stays below it.
 */
const SHUTDOWN_GRACE_MS = 25_000;

try {
  const started = await startServer(readConfig());
  // Graceful: stop accepting connections, answer 503 to new requests on open ones (so readiness
  // fails and the load balancer moves on), let requests in flight finish, close the database.
  const stop = (signal: string) => {
    console.log(`Baton is stopping (${signal}): finishing requests in flight`);
    const force = setTimeout(() => {
      console.error('Baton stopped before every request finished (grace period over)');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    started.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
} catch (e) {
  console.error(`Baton could not start: ${startupFailureMessage(e)}`);
  process.exitCode = 1;
}
