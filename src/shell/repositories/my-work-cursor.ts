/**
 * Cursors for the keyset pages of "my work": the (due, id) of the deadline a page starts after or
 * ends before, carried as an opaque token (base64url of a small JSON pair) so that clients follow
 * links instead of building offsets. A token that does not decode to such a pair is refused with
 * BATON_BAD_CURSOR, naming the parameter.
 */
import { z } from 'zod';
import { BatonError } from '../../core/errors/error-catalogue.js';

/** Where a deadline sits in the list's order. */
export interface DeadlineKey {
  due: string;
  id: string;
}

/** Which page: the first, the one after a key, or the one before it. */
export type PageRequest =
  { kind: 'first' } | { kind: 'after'; key: DeadlineKey } | { kind: 'before'; key: DeadlineKey };

const token = z.string().regex(/^[A-Za-z0-9_-]{1,300}$/);
// A due date, or an ISO time for an hour-based deadline; ids are UUID-shaped but not assumed to be.
const key = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/),
  z.string().min(1).max(100),
]);

/** The token for a deadline's place in the list. */
export function encodeCursor(k: DeadlineKey): string {
  return Buffer.from(JSON.stringify([k.due, k.id]), 'utf8').toString('base64url');
}

/** The deadline key in a token, or BATON_BAD_CURSOR. */
export function decodeCursor(raw: string, param: 'after' | 'before'): DeadlineKey {
  const bad = () =>
    new BatonError('BATON_BAD_CURSOR', {
      details: [{ path: param, message: 'is not a link this list gave out' }],
    });
  if (!token.safeParse(raw).success) throw bad();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const parsed = key.safeParse(json);
  if (!parsed.success) throw bad();
  const [due, id] = parsed.data;
  return { due, id };
}

/** The page asked for by `after` or `before` (at most one of them). */
export function pageRequest(query: {
  after?: string | undefined;
  before?: string | undefined;
}): PageRequest {
  const { after, before } = query;
  if (after !== undefined && before !== undefined)
    throw new BatonError('BATON_BAD_CURSOR', {
      details: [{ path: 'before', message: 'give either after or before, not both' }],
    });
  if (after !== undefined) return { kind: 'after', key: decodeCursor(after, 'after') };
  if (before !== undefined) return { kind: 'before', key: decodeCursor(before, 'before') };
  return { kind: 'first' };
}
