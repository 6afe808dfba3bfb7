/**
 * Every create can be made at most once (issue 13 finding 11). An API create sends an
 * `Idempotency-Key` header; a page form carries a one-time form token. `once` runs the create in
 * one unit of work with the key claimed first and its answer stored last (without a key, the
 * create runs as it would alone: it is one unit of work itself), so:
 *
 * - the same key and the same request answer what the first answered (`replayed`), and nothing is
 *   written again, also when the two arrive at the same moment (the second waits for the first);
 * - the same key with a different request (another route, or another body) is refused with
 *   BATON_IDEMPOTENCY_CONFLICT (422);
 * - a create that fails stores nothing, so its key can be used again to retry.
 *
 * Keys are stored in the database (`idempotency_keys`), so they hold across processes and restarts.
 */
import { createHash } from 'node:crypto';
import { BatonError, isBatonError } from '../../core/errors/error-catalogue.js';
import {
  claimIdempotencyKey,
  findIdempotencyRecord,
  storeIdempotentAnswer,
  type IdempotencyRecord,
} from '../repositories/idempotency-repository.js';
import type { Session } from '../session/index.js';

export interface OnceKey {
  /** The caller's key: the Idempotency-Key header, or `form:` and the form's token. */
  key: string | undefined;
  /** The route, e.g. `POST /api/people`: a key is for one route only. */
  route: string;
  /** What was sent (path parameters and body): the same key must come with the same request. */
  request: unknown;
}

export interface OnceResult<T> {
  body: T;
  /** True when this answers a repeat of a request already made. */
  replayed: boolean;
}

/** Run the create `work` at most once for `k.key` (every time when there is no key). */
export async function once<T>(
  session: Session,
  k: OnceKey,
  status: number,
  work: (session: Session) => Promise<T>,
): Promise<OnceResult<T>> {
  const key = k.key;
  if (key === undefined || key === '') return { body: await work(session), replayed: false };
  const userId = session.actor.userId;
  const requestHash = hashRequest(k.request);
  const replay = (rec: IdempotencyRecord): OnceResult<T> => {
    if (rec.route !== k.route || rec.requestHash !== requestHash)
      throw new BatonError('BATON_IDEMPOTENCY_CONFLICT');
    return { body: rec.response as T, replayed: true };
  };
  const before = await findIdempotencyRecord(session.db, userId, key);
  if (before) return replay(before);
  try {
    return await session.transaction(async (s) => {
      await claimIdempotencyKey(s.db, { userId, key, route: k.route, requestHash, now: s.now });
      const body = await work(s);
      await storeIdempotentAnswer(s.db, userId, key, status, body);
      return { body, replayed: false };
    });
  } catch (e) {
    // Lost the race for the key (its primary key): answer what the winner stored. A refusal or
    // a validation error of our own stays what it is.
    if (isBatonError(e)) throw e;
    const after = await findIdempotencyRecord(session.db, userId, key);
    if (after) return replay(after);
    throw e;
  }
}

/** A stable hash of a request: the same JSON with keys in any order hashes the same. */
export function hashRequest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
