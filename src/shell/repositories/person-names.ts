/** People's names as the pages and messages show them, read by id (no access check: callers have one). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';

/** "Given Family" for each of `ids` that is on the record, by id. */
export async function namesOf(
  db: Kysely<Database> | Transaction<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((p) => [p.id, `${p.given_name} ${p.family_name}`]));
}
