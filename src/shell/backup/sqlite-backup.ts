/**
 * SQLite backup and restore with SQLite's online backup API (better-sqlite3 `db.backup()`): pages
 * are copied from a read transaction, so a running server keeps writing (WAL mode) and the copy is
 * one consistent moment. The backup is itself a SQLite database file.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { BACKUP_PAGES_AT_ONCE, MIGRATION_TABLES, type BackupSummary } from './backup-format.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/** True when the file starts with SQLite's header. */
export function isSqliteFile(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('latin1') === SQLITE_HEADER;
}

function tablesOf(db: SQLite.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

function summarise(db: SQLite.Database): BackupSummary {
  const tables = tablesOf(db).filter((t) => !MIGRATION_TABLES.includes(t));
  const rows = tables.reduce(
    (n, t) => n + (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n,
    0,
  );
  return { tables: tables.length, rows };
}

function migrationsOf(db: SQLite.Database): string[] {
  if (!tablesOf(db).includes('baton_migrations')) return [];
  return (
    db.prepare('SELECT name FROM baton_migrations ORDER BY name').all() as { name: string }[]
  ).map((r) => r.name);
}

/** Copy the live database at `sqlitePath` to `file` (which must not exist). */
export async function backupSqlite(sqlitePath: string, file: string): Promise<BackupSummary> {
  if (existsSync(file)) throw new BatonError('BATON_BACKUP_FILE_EXISTS', { extra: { file } });
  if (!existsSync(sqlitePath))
    throw new BatonError('BATON_BACKUP_NO_DATABASE', {
      message: `There is no SQLite database at ${sqlitePath}. Check BATON_SQLITE_PATH (the server uses the same setting).`,
    });
  const source = new SQLite(sqlitePath, { fileMustExist: true });
  const partial = `${file}.partial`;
  try {
    source.pragma('busy_timeout = 5000');
    if (migrationsOf(source).length === 0)
      throw new BatonError('BATON_BACKUP_NO_DATABASE', {
        message: `${sqlitePath} is not a Baton database (it has no migrations table).`,
      });
    rmSync(partial, { force: true });
    // A write by the server between steps restarts the copy; asking for every page in one step
    // after the first makes the copy finish from one read transaction, however busy the server.
    await source.backup(partial, {
      progress: ({ totalPages }) => Math.max(totalPages, BACKUP_PAGES_AT_ONCE),
    });
    const copy = new SQLite(partial, { readonly: true });
    const summary = summarise(copy);
    copy.close();
    renameSync(partial, file);
    return summary;
  } finally {
    source.close();
    rmSync(partial, { force: true });
  }
}

/** Restore a SQLite backup into `sqlitePath`, which must be missing or hold no rows. */
export async function restoreSqlite(file: string, sqlitePath: string): Promise<BackupSummary> {
  const backup = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    let check: unknown;
    try {
      check = backup.pragma('integrity_check', { simple: true });
    } catch (e) {
      // A file cut short can be too damaged for the check itself to run.
      throw new BatonError('BATON_BACKUP_UNREADABLE', {
        message: `The backup cannot be read as a database (${e instanceof Error ? e.message : String(e)}). Restore from another copy.`,
      });
    }
    if (check !== 'ok')
      throw new BatonError('BATON_BACKUP_UNREADABLE', {
        message: `The backup fails SQLite's integrity check (${String(check)}). Restore from another copy.`,
      });
    const known = new Set(MIGRATIONS.map((m) => m.name));
    const taken = migrationsOf(backup);
    if (taken.length === 0) throw new BatonError('BATON_BACKUP_UNREADABLE');
    const unknown = taken.filter((m) => !known.has(m));
    if (unknown.length > 0)
      throw new BatonError('BATON_BACKUP_SCHEMA_MISMATCH', {
        message: `The backup was taken by a newer Baton (migrations ${unknown.join(', ')} are unknown here). Restore it with that version of Baton.`,
      });
    if (existsSync(sqlitePath)) {
      const target = new SQLite(sqlitePath, { fileMustExist: true });
      const rows = summarise(target).rows;
      target.close();
      if (rows > 0)
        throw new BatonError('BATON_RESTORE_NOT_EMPTY', {
          message: `${sqlitePath} already holds ${String(rows)} rows. Restore into a new file: set BATON_SQLITE_PATH to a path that does not exist yet.`,
        });
    }
    // An older backup is fine: the server applies the newer migrations when it starts.
    mkdirSync(dirname(sqlitePath), { recursive: true });
    await backup.backup(sqlitePath);
    return summarise(backup);
  } finally {
    backup.close();
  }
}
