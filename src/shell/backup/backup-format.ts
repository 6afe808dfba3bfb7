/**
 * What both kinds of backup share: the summary a command prints, the tables that belong to the
 * migrator rather than to the data, and the header of the PostgreSQL logical dump (JSON lines).
 */
import { z } from 'zod';

/** How much a backup or restore held (migration bookkeeping not counted). */
export interface BackupSummary {
  tables: number;
  rows: number;
}

/** The migrator's own tables: a restore target has them already, so they are never copied. */
export const MIGRATION_TABLES: readonly string[] = ['baton_migrations', 'baton_migrations_lock'];

/** SQLite backup: pages per step once the size is known (all of them, in practice). */
export const BACKUP_PAGES_AT_ONCE = 1_000_000;

export const DUMP_FORMAT = 'baton-backup';
export const DUMP_VERSION = 1;

/** First line of a PostgreSQL dump. */
export const dumpHeader = z.object({
  format: z.literal(DUMP_FORMAT),
  version: z.literal(DUMP_VERSION),
  dialect: z.literal('postgres'),
  takenAt: z.string(),
  migrations: z.array(z.string()),
});
export type DumpHeader = z.infer<typeof dumpHeader>;

/** Starts each table's rows: the columns, in the order every row line gives its values. */
export const tableLine = z.object({ table: z.string(), columns: z.array(z.string()) });

/** The last line: a dump without it was cut short. */
export const endLine = z.object({ end: z.literal(true), tables: z.number(), rows: z.number() });
