/** Starting Baton: configuration, database, migrations, policy packs, demo data, HTTP. */
import type { FastifyInstance } from 'fastify';
import { isBatonError } from '../../core/errors/error-catalogue.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/index.js';
import { seedDemoData, DEMO_USERS } from '../demo/demo-data.js';
import { seedDemoFamilies } from '../demo/demo-families.js';
import { loadPacks } from '../policy/pack-files.js';
import { startOutboxWorker } from '../outbox/index.js';
import { buildApp } from './app.js';
import { assertSafeForProduction, type Config } from './config.js';

export interface Started {
  app: FastifyInstance;
  handle: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

/** Start the server. Throws (with a message fit for a person) if the packs or database are bad. */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<Started> {
  // Unsafe production settings and invalid packs stop start-up before anything is written.
  assertSafeForProduction(config);
  const packs = loadPacks([config.policyDir]);
  const handle = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    await migrateToLatest(handle);
    const seeded = config.demoData
      ? await seedDemoData(handle.db, config.demoPassword, new Date().toISOString())
      : false;
    const families = config.demoData ? await seedDemoFamilies(handle, packs, config) : 0;
    const app = await buildApp({ handle, packs, config });
    const worker = config.outbox?.worker ? startOutboxWorker(handle, config.outbox) : null;
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const url = `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    log(
      `Baton is running at ${url} (${handle.describe}; policy packs: ${[...packs.keys()].join(', ')})`,
    );
    if (config.demoData) {
      log(
        `${seeded ? 'Demo data created' : 'Demo data present'}${families > 0 ? ` with ${String(families)} synthetic families` : ''}. Sign in at ${url}/sign-in with one of these synthetic users:`,
      );
      log(`  ${DEMO_USERS.map((u) => u.username).join(', ')}`);
      log(
        `  password: ${config.demoPassword}  (set BATON_DEMO_PASSWORD to change it; BATON_DEMO_DATA=false for none)`,
      );
    }
    return {
      app,
      handle,
      url,
      async close() {
        await app.close();
        // Finish the batch in hand and release the rest, so another process takes it at once.
        await worker?.stop();
        await handle.close();
      },
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** A one-line message for a start-up failure: invalid packs name the file, path and reason. */
export function startupFailureMessage(e: unknown): string {
  if (isBatonError(e)) {
    const details = e.details.map((d) => `\n  ${d.path}: ${d.message}`).join('');
    return `${e.message} [${e.code}]${details}`;
  }
  return e instanceof Error ? e.message : String(e);
}
