/**
 * Access to one person (issue 3, "Records"): a child through `authoriseChild`, an adult through
 * the children they are related to. Refusals and missing records are audited here.
 */
import type { Kysely } from 'kysely';
import {
  childRelationships,
  decideChildAccess,
  type Actor,
  type ChildRelationship,
} from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database, PersonTable } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { authoriseChild, relationshipTo } from './child-access.js';
import type { RequestContext } from './request-context.js';

type PersonRow = PersonTable;

export type PersonAction = 'read' | 'write' | 'merge';

/** The person's row, or an audited BATON_NOT_FOUND. */
async function personRow(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  action: string,
): Promise<PersonRow> {
  const row = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) return row;
  await appendAudit(db, ctx, {
    action,
    objectType: 'person',
    objectId: id,
    outcome: 'failed',
    reason: 'not found',
  });
  throw new BatonError('BATON_NOT_FOUND', { message: 'There is no person with that id.' });
}

/**
 * Check the actor may take `action` on a person: a child through `authoriseChild`; an adult
 * through the strongest relationship the actor has to any child the adult is related to. An adult
 * related to no child yet is the creator's (so they can link them to a child) and otherwise only
 * the front door's and social care's. Refusals are audited and thrown.
 */
export async function authorisePerson(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  action: PersonAction,
  auditAction: string,
): Promise<{ actor: Actor; row: PersonRow }> {
  const actor = ctx.actor;
  if (!actor)
    throw await refuse(db, ctx, {
      action: auditAction,
      objectType: 'person',
      objectId: id,
      reason: 'not signed in',
    });
  const row = await personRow(db, ctx, id, auditAction);
  if (row.kind === 'child') {
    await authoriseChild(db, ctx, id, action, { action: auditAction, objectId: id });
    return { actor, row };
  }
  const children = await db
    .selectFrom('relationships')
    .select('child_id')
    .where('person_id', '=', id)
    .execute();
  let best: ChildRelationship = 'none';
  for (const { child_id } of children) {
    const rel = await relationshipTo(db, actor, child_id, ctx.now);
    if (childRelationships.indexOf(rel) < childRelationships.indexOf(best)) best = rel;
  }
  if (children.length === 0 && row.created_by === actor.userId) best = 'involved';
  const decision = decideChildAccess(actor, best, action);
  if (!decision.allowed)
    throw await refuse(db, ctx, {
      action: auditAction,
      objectType: 'adult',
      objectId: id,
      reason: `${decision.reason} (relationship through their children: ${best})`,
    });
  return { actor, row };
}
