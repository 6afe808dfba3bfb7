/**
 * Prepared statements, kept for reuse. Kysely asks better-sqlite3 to prepare every query afresh;
 * profiling the child record on SQLite showed preparing took about a quarter of its time (the SQL
 * text of a request's queries repeats exactly). Reusing them is safe: SQLite re-prepares a
 * statement itself when the schema changes, and a statement still being iterated is never
 * handed out twice.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

// Queries with `IN (?, ?, …)` lists vary with the list's length; the cap bounds the memory.
const MAX_STATEMENTS = 500;

/** Wrap a better-sqlite3 connection so that Kysely reuses its prepared statements. */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (cached === undefined) {
        if (cache.size >= MAX_STATEMENTS) {
          const oldest = cache.keys().next();
          if (oldest.done !== true) cache.delete(oldest.value);
        }
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
