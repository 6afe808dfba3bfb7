/**
 * The children a list may name: one SQL filter built from the same rule as a single read
 * (`readableRelationships` in the core), so that a list cannot show a child whose record the
 * policy refuses (issue 13 item 8). It replaced `visibleChildren` (once in child-access.ts) for lists,
 * which let in every involvement of the actor's agency whatever the role, so administrators and
 * business support saw names the record refused them.
 */
import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Expression } from 'kysely';
import { readableRelationships, type Actor } from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import { londonDay } from '../../core/calendar/index.js';

type InvolvementEb = ExpressionBuilder<Database, 'involvements'>;

/**
 * A subquery of the child ids `actor` may read (`child_id`), or `null` when they may read every
 * child. `among` narrows it to those children, so that a list already chosen reads their
 * involvements by child rather than every involvement of the actor's agency.
 */
export function readableChildren(
  db: Kysely<Database>,
  actor: Actor,
  now: string,
  among?: readonly string[],
) {
  const allowed = readableRelationships(actor);
  if (allowed === 'every') return null;
  // Each relationship as `relationshipTo` (child-access.ts) reads it from the rows.
  const holds: ((eb: InvolvementEb) => Expression<SqlBool>)[] = [];
  for (const rel of allowed)
    switch (rel) {
      case 'involved':
        holds.push((eb) =>
          eb.and([eb('user_id', '=', actor.userId), eb('role', '!=', 'referrer')]),
        );
        break;
      case 'team':
        holds.push((eb) =>
          eb.and([eb('agency_id', '=', actor.agencyId), eb('role', '!=', 'referrer')]),
        );
        break;
      case 'referrer':
        holds.push((eb) =>
          eb.and([
            eb('role', '=', 'referrer'),
            eb.or([eb('user_id', '=', actor.userId), eb('agency_id', '=', actor.agencyId)]),
          ]),
        );
        break;
      case 'break-glass':
      case 'none':
        break;
    }
  const only = among === undefined ? null : among.length > 0 ? [...among] : [''];
  let involved = db
    .selectFrom('involvements')
    .select('child_id')
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', londonDay(now))]))
    .where((eb) => (holds.length > 0 ? eb.or(holds.map((h) => h(eb))) : sql<SqlBool>`1 = 0`));
  if (only) involved = involved.where('child_id', 'in', only);
  if (!allowed.includes('break-glass')) return involved;
  let glass = db
    .selectFrom('break_glass')
    .select('child_id')
    .where('user_id', '=', actor.userId)
    .where('expires_at', '>', now);
  if (only) glass = glass.where('child_id', 'in', only);
  return involved.union(glass);
}
