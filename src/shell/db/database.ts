/**
 * Opens Baton's database: embedded SQLite by default (a file under ./data/), PostgreSQL when
 * DATABASE_URL is a postgres:// URL. One Kysely query layer and one set of migrations serve both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type Migration } from 'kysely';
import { createRequire } from 'node:module';
import { MIGRATIONS, type Dialect } from './migrations/index.js';
import type { Database } from './schema.js';
import { withNamedStatements } from './postgres-named-statements.js';
import { FifoSqliteDialect } from './sqlite-driver.js';
import { withStatementCache } from './sqlite-statement-cache.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** A short description for logs: never includes a password. */
  describe: string;
  close(): Promise<void>;
  /** Run schema changes with statement reuse off (PostgreSQL names its statements otherwise). */
  withoutStatementReuse?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; anything else is ignored. */
  databaseUrl?: string | undefined;
  /** SQLite file path (default ./data/baton.sqlite); ':memory:' for tests. */
  sqlitePath?: string | undefined;
  /** PostgreSQL pool size. */
  poolSize?: number | undefined;
}

// pg is loaded only when PostgreSQL is chosen: the embedded default starts faster without it.
const loadPg = (): typeof import('pg') =>
  createRequire(import.meta.url)('pg') as typeof import('pg');

export const DEFAULT_SQLITE_PATH = './data/baton.sqlite';

/** True when the URL selects PostgreSQL. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** Open (but do not migrate) the database chosen by the options. */
export function openDatabase(options: DatabaseOptions = {}): DatabaseHandle {
  if (isPostgresUrl(options.databaseUrl)) {
    const pool = new (loadPg().Pool)({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
    });
    // An idle connection that the server ends (a restart, a failover) must not crash the process:
    // the pool drops it and the next query opens a new one.
    pool.on('error', () => undefined);
    const named = withNamedStatements(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: named }) });
    const url = new URL(options.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      describe: `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`,
      close: () => db.destroy(),
      withoutStatementReuse: (work) => named.withoutNamedStatements(work),
    };
  }
  const path = options.sqlitePath ?? DEFAULT_SQLITE_PATH;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL: readers never block the writer; NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new FifoSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { db, dialect: 'sqlite', describe: `SQLite ${path}`, close: () => db.destroy() };
}

/** Apply every pending migration, in order. Throws if one fails (the failed one is rolled back). */
export function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  return migrateThrough(handle, null);
}

/**
 * Apply the pending migrations up to and including `name` (all of them when null): how a test
 * builds a database as an older Baton left it, to check what a later migration does to it.
 */
export async function migrateThrough(
  handle: DatabaseHandle,
  name: string | null,
): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const m of MIGRATIONS) {
    migrations[m.name] = { up: (db) => m.up(db, handle.dialect) };
  }
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'baton_migrations',
    migrationLockTableName: 'baton_migrations_lock',
  });
  const migrate = () => (name === null ? migrator.migrateToLatest() : migrator.migrateTo(name));
  const { error, results } = await (handle.withoutStatementReuse?.(migrate) ?? migrate());
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
