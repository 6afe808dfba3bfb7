/**
 * `baton backup` and `baton restore`, for the database the server's configuration names:
 * PostgreSQL when DATABASE_URL is a postgres:// URL, else the SQLite file at BATON_SQLITE_PATH.
 */
import { BatonError } from '../../core/errors/error-catalogue.js';
import { isPostgresUrl } from '../db/index.js';
import type { BackupSummary } from './backup-format.js';
import { backupPostgres, restorePostgres } from './postgres-backup.js';
import { backupSqlite, isSqliteFile, restoreSqlite } from './sqlite-backup.js';

export type { BackupSummary } from './backup-format.js';
export { tablesInDependencyOrder } from './postgres-backup.js';

/** Where the data lives, as the server is configured. */
export interface DatabaseTarget {
  databaseUrl: string | undefined;
  /** Absolute path of the SQLite file. */
  sqlitePath: string;
}

/** What a backup or restore did, for the command's output. */
export interface BackupResult extends BackupSummary {
  dialect: 'sqlite' | 'postgres';
}

/** Back up the live database to `file` while the server keeps serving. */
export async function backupDatabase(target: DatabaseTarget, file: string): Promise<BackupResult> {
  if (isPostgresUrl(target.databaseUrl))
    return { dialect: 'postgres', ...(await backupPostgres(target.databaseUrl, file)) };
  return { dialect: 'sqlite', ...(await backupSqlite(target.sqlitePath, file)) };
}

/** Restore `file` into the configured database, which must be empty. */
export async function restoreDatabase(target: DatabaseTarget, file: string): Promise<BackupResult> {
  let sqliteBackup: boolean;
  try {
    sqliteBackup = isSqliteFile(file);
  } catch {
    throw new BatonError('BATON_BACKUP_UNREADABLE', {
      message: `Cannot read ${file}. Check the path, then try again.`,
    });
  }
  if (isPostgresUrl(target.databaseUrl)) {
    if (sqliteBackup)
      throw new BatonError('BATON_BACKUP_WRONG_DATABASE', {
        message:
          'This is a SQLite backup, but DATABASE_URL points at PostgreSQL. Unset DATABASE_URL and set BATON_SQLITE_PATH to restore it into SQLite.',
      });
    return { dialect: 'postgres', ...(await restorePostgres(file, target.databaseUrl)) };
  }
  if (!sqliteBackup) {
    const head = await firstLine(file);
    if (head.includes('"format":"baton-backup"'))
      throw new BatonError('BATON_BACKUP_WRONG_DATABASE', {
        message:
          'This is a PostgreSQL backup. Set DATABASE_URL to an empty PostgreSQL database to restore it.',
      });
    throw new BatonError('BATON_BACKUP_UNREADABLE');
  }
  return { dialect: 'sqlite', ...(await restoreSqlite(file, target.sqlitePath)) };
}

async function firstLine(file: string): Promise<string> {
  const { open } = await import('node:fs/promises');
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(200);
    const { bytesRead } = await fh.read(buf, 0, 200, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}
