/**
 * The sign-in limit, held in the database so that every Baton process (and the page and the API
 * alike) counts the same attempts. Keyed by the remote address and the username as sign-in reads
 * it, so padding or re-casing the name is the same key, and so a few wrong guesses against one
 * user do not lock out everyone else at the same address (an office behind one proxy).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { normaliseUsername } from './auth-repository.js';

export const SIGN_IN_WINDOW_MINUTES = 15;

/** The key one address's attempts at one username count under (hashed: no names at rest). */
export function signInAttemptKey(remoteAddress: string, username: string): string {
  return createHash('sha256')
    .update(`${remoteAddress}\u0000${normaliseUsername(username)}`)
    .digest('hex');
}

/**
 * Count this attempt and say whether it is within the limit. The attempt is written before the
 * count, so of two processes counting at once the later always sees the earlier's row.
 */
export async function admitSignInAttempt(
  db: Kysely<Database>,
  attempt: { key: string; now: string; limit: number; windowMinutes?: number },
): Promise<boolean> {
  const since = new Date(
    Date.parse(attempt.now) - (attempt.windowMinutes ?? SIGN_IN_WINDOW_MINUTES) * 60_000,
  ).toISOString();
  await db
    .insertInto('sign_in_attempts')
    .values({ id: randomUUID(), key: attempt.key, attempted_at: attempt.now })
    .execute();
  await db.deleteFrom('sign_in_attempts').where('attempted_at', '<=', since).execute();
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('key', '=', attempt.key)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n) <= attempt.limit;
}
