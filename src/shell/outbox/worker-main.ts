/**
 * `node dist/shell/outbox/worker-main.js`: an outbox worker on its own, without the web server
 * (for a dedicated delivery process, and for the test that kills one with SIGKILL). Reads the
 * same environment as the server (DATABASE_URL or BATON_SQLITE_PATH, BATON_NOTIFY_*,
 * BATON_OUTBOX_*); SIGTERM releases its claims and exits.
 */
import { openDatabase } from '../db/index.js';
import { readConfig } from '../server/config.js';
import { startOutboxWorker } from './index.js';

const config = readConfig();
const handle = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
if (config.outbox === undefined) throw new Error('readConfig always sets the outbox settings');
const worker = startOutboxWorker(handle, { ...config.outbox, worker: true });
console.log(`outbox worker ${worker.id} running (${handle.describe})`);
const stop = () => {
  void worker
    .stop()
    .then(() => handle.close())
    .then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
