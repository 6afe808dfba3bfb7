/** `npm start`: run Baton until stopped. */
import { readConfig } from './config.js';
import { startServer, startupFailureMessage } from './start.js';

try {
  const started = await startServer(readConfig());
  const stop = () => {
    started.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  console.error(`Baton could not start: ${startupFailureMessage(e)}`);
  process.exitCode = 1;
}
