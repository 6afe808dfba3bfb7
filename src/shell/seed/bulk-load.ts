/**
 * Bulk loading as operators do it: secondary indexes are dropped before the load and built again
 * afterwards (one sort per index instead of millions of tree insertions), and PostgreSQL skips
 * waiting for each commit to reach the disk. Indexes that back a key or a unique constraint stay.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Dialect } from '../db/index.js';

export interface DroppedIndex {
  name: string;
  definition: string;
}

/** Drop every secondary index; returns their definitions for `restoreIndexes`. */
export async function dropSecondaryIndexes(
  db: Kysely<Database>,
  dialect: Dialect,
): Promise<DroppedIndex[]> {
  const indexes =
    dialect === 'sqlite'
      ? (
          await sql<{ name: string; sql: string }>`
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE '%UNIQUE%'`.execute(db)
        ).rows.map((r) => ({ name: r.name, definition: r.sql }))
      : (
          await sql<{ indexname: string; indexdef: string }>`
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema()
              AND indexdef NOT LIKE 'CREATE UNIQUE%'
              AND indexname NOT IN (SELECT conname FROM pg_constraint)`.execute(db)
        ).rows.map((r) => ({ name: r.indexname, definition: r.indexdef }));
  for (const index of indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(db);
  return indexes;
}

/** Build the dropped indexes again. */
export async function restoreIndexes(
  db: Kysely<Database>,
  indexes: readonly DroppedIndex[],
): Promise<void> {
  for (const index of indexes) await sql.raw(index.definition).execute(db);
}
