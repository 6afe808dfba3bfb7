/**
 * One test suite, every database (pattern: Kysely's `for (const dialect of DIALECTS)`).
 * SQLite always runs. PostgreSQL runs when a server answers at BATON_TEST_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres); each suite gets a fresh database.
 * With BATON_REQUIRE_POSTGRES=1 (set by .ci/run) a missing server fails instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateThrough, openDatabase, type DatabaseHandle } from '../db/index.js';
import type { Dialect } from '../db/index.js';

export const POSTGRES_ADMIN_URL =
  process.env.BATON_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let postgresAvailable: Promise<boolean> | undefined;

/** Whether the test PostgreSQL server answers (asked once per process). */
export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({
      connectionString: POSTGRES_ADMIN_URL,
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      if (process.env.BATON_REQUIRE_POSTGRES === '1') {
        throw new Error(
          `PostgreSQL is required (BATON_REQUIRE_POSTGRES=1) but ${POSTGRES_ADMIN_URL} did not answer`,
        );
      }
      console.warn(`PostgreSQL tests skipped: no server at ${POSTGRES_ADMIN_URL}`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresAvailable;
}

/** The dialects to test on this machine. */
export async function testDialects(): Promise<Dialect[]> {
  return (await isPostgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A migrated, empty database of the given dialect; `drop()` removes it. */
export interface TestDatabase extends DatabaseHandle {
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * Create a fresh migrated database for a test suite: migrated to the latest, or only through
 * `migratedThrough` (a migration's name) to test what the next migration does.
 */
export async function createTestDatabase(
  dialect: Dialect,
  options: { sqlitePath?: string; migratedThrough?: string } = {},
): Promise<TestDatabase> {
  const through = options.migratedThrough ?? null;
  if (dialect === 'sqlite') {
    const handle = openDatabase({ sqlitePath: options.sqlitePath ?? ':memory:' });
    await migrateThrough(handle, through);
    return { ...handle, url: undefined, drop: () => handle.close() };
  }
  const name = `baton_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await migrateThrough(handle, through);
  return {
    ...handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const a = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
