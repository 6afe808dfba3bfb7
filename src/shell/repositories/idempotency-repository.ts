/**
 * Stored answers to idempotent creates (issue 13 finding 11). One row per key and user: the
 * route it was sent to, a hash of what was sent, and the answer given. The row is claimed in the
 * create's own unit of work, before the create writes anything, and filled in with the answer
 * just before it commits: so the answer is stored if and only if the create is, and a second
 * request with the key waits on (PostgreSQL) or queues behind (SQLite) the first, then replays it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

export interface IdempotencyRecord {
  route: string;
  requestHash: string;
  status: number;
  response: unknown;
}

/** Keys are the caller's own: one user's key never answers, or blocks, another's. */
const storedKey = (userId: string, key: string): string => `${userId} ${key}`;

/** The stored answer for a user's key, or null when the key has not been used (or not committed). */
export async function findIdempotencyRecord(
  db: Kysely<Database>,
  userId: string,
  key: string,
): Promise<IdempotencyRecord | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('key', '=', storedKey(userId, key))
    .executeTakeFirst();
  return row
    ? {
        route: row.route,
        requestHash: row.request_hash,
        status: row.status,
        response: JSON.parse(row.response) as unknown,
      }
    : null;
}

/**
 * Claim a key inside the create's transaction. A concurrent claim of the same key fails on the
 * primary key once the first commits (and succeeds if the first rolls back).
 */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  c: { userId: string; key: string; route: string; requestHash: string; now: string },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({
      key: storedKey(c.userId, c.key),
      user_id: c.userId,
      route: c.route,
      request_hash: c.requestHash,
      status: 0,
      response: 'null',
      created_at: c.now,
    })
    .execute();
}

/** Store the answer to a claimed key, in the same transaction as the claim. */
export async function storeIdempotentAnswer(
  db: Kysely<Database>,
  userId: string,
  key: string,
  status: number,
  response: unknown,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status, response: JSON.stringify(response ?? null) })
    .where('key', '=', storedKey(userId, key))
    .execute();
}
