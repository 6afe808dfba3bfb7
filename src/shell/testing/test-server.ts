/**
 * Start a real Baton server for integration and browser tests: a fresh migrated database of the
 * chosen dialect, the shipped policy packs, the synthetic demo users, a random port.
 */
import type { FastifyInstance } from 'fastify';
import { DEMO_USERS, seedDemoData } from '../demo/demo-data.js';
import type { Dialect } from '../db/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { buildApp, type AppDeps } from '../server/app.js';
import { readConfig, type Config } from '../server/config.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

export const TEST_PASSWORD = 'test-password-123';

export interface TestServer {
  app: FastifyInstance;
  database: TestDatabase;
  url: string;
  config: Config;
  close(): Promise<void>;
}

/** Build the app on a fresh database; `listen` is optional (inject-only tests skip it). */
export async function startTestServer(
  options: {
    dialect?: Dialect;
    listen?: boolean;
    clock?: () => Date;
    env?: Record<string, string>;
    onRoute?: AppDeps['onRoute'];
    /** The port to listen on (default: any free one). */
    port?: number;
    /** False: an empty deployment, no demo agencies or users (as in production). */
    demoData?: boolean;
    /** A SQLite file (default: in memory), for tests that also run the CLI on the database. */
    sqlitePath?: string;
  } = {},
): Promise<TestServer> {
  const database = await createTestDatabase(
    options.dialect ?? 'sqlite',
    options.sqlitePath === undefined ? {} : { sqlitePath: options.sqlitePath },
  );
  const config = readConfig({
    BATON_DEMO_PASSWORD: TEST_PASSWORD,
    BATON_LOG_LEVEL: 'silent',
    PORT: '0',
    // Suites move their clock across hours and days between requests; the idle timeout (30
    // minutes in production) is tested on its own (insecure-defaults.int.test.ts).
    BATON_SESSION_IDLE_MINUTES: '720',
    ...options.env,
  });
  if (options.demoData !== false)
    await seedDemoData(database.db, TEST_PASSWORD, new Date().toISOString());
  const app = await buildApp({
    handle: database,
    packs: loadPacks(),
    config,
    logger: false,
    clock: options.clock,
    ...(options.onRoute ? { onRoute: options.onRoute } : {}),
  });
  let url = '';
  if (options.listen === true) {
    await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }
  return {
    app,
    database,
    url,
    config,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Sign in through the API and return the session cookie header value. */
export async function apiSignIn(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password: TEST_PASSWORD },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'baton_session');
  if (!cookie) throw new Error('no session cookie');
  return `baton_session=${cookie.value}`;
}

export const DEMO_USERNAMES = DEMO_USERS.map((u) => u.username);

/** A port free on 127.0.0.1 now (for a server whose address others must know before it starts). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}
