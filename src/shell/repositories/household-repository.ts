/**
 * The family around a child (issue 14 §4): the other children who share a parent or carer with
 * them, each with their open work and its level, so that a contact about two children never
 * leaves the second unseen. Only children the reader may read are named: the list is filtered in
 * SQL by the same rule as a single read (`readableChildren`), and listing it is audited.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import { readableChildren } from './readable-children.js';
import type { RequestContext } from './request-context.js';

export interface HouseholdChild {
  id: string;
  name: string;
  dateOfBirth: string | null;
  /** The adults on the record this child shares with the child whose record is read. */
  sharedAdults: string[];
  openWork: {
    id: string;
    workflowId: string;
    workflowName: string;
    stateName: string;
    level: LevelNumber | null;
  }[];
}

/**
 * The children who share an adult with `childId`, that `actor` may read, with their open work.
 * The caller has already authorised the read of `childId` itself.
 */
export async function householdOf(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  actor: Actor,
  childId: string,
): Promise<HouseholdChild[]> {
  const links = await db
    .selectFrom('relationships as mine')
    .innerJoin('relationships as theirs', 'theirs.person_id', 'mine.person_id')
    .innerJoin('people as adult', 'adult.id', 'mine.person_id')
    .select(['theirs.child_id', 'adult.given_name', 'adult.family_name'])
    .where('mine.child_id', '=', childId)
    .where('theirs.child_id', '!=', childId)
    .execute();
  const ids = [...new Set(links.map((l) => l.child_id))];
  if (ids.length === 0) return [];
  const visible = readableChildren(db, actor, ctx.now, ids);
  let q = db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('id', 'in', ids)
    .where('kind', '=', 'child');
  if (visible !== null) q = q.where('id', 'in', visible);
  const children = await q.orderBy('date_of_birth').orderBy('given_name').execute();
  await appendAudit(db, ctx, {
    action: 'child.household.list',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  if (children.length === 0) return [];
  const work = await db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .select([
      'work_item_children.child_id',
      'work_items.id',
      'work_items.pack_id',
      'work_items.workflow_id',
      'work_items.state',
      'work_items.level',
    ])
    .where(
      'work_item_children.child_id',
      'in',
      children.map((c) => c.id),
    )
    .where('work_items.closed_at', 'is', null)
    .orderBy('work_items.opened_at')
    .execute();
  return children.map((c) => ({
    id: c.id,
    name: `${c.given_name} ${c.family_name}`,
    dateOfBirth: c.date_of_birth,
    sharedAdults: [
      ...new Set(
        links.filter((l) => l.child_id === c.id).map((l) => `${l.given_name} ${l.family_name}`),
      ),
    ],
    openWork: work
      .filter((w) => w.child_id === c.id)
      .map((w) => {
        const workflow = packs.get(w.pack_id)?.workflows.get(w.workflow_id);
        const state = workflow?.states.find((s) => s.id === w.state);
        return {
          id: w.id,
          workflowId: w.workflow_id,
          workflowName: workflow?.name ?? w.workflow_id,
          stateName: state?.name ?? w.state,
          level: (state?.level ?? w.level ?? null) as LevelNumber | null,
        };
      }),
  }));
}

/** The family around a child, after checking the reader may read the child (audited). */
export async function readHousehold(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  childId: string,
): Promise<HouseholdChild[]> {
  const { actor } = await authoriseChild(db, ctx, childId, 'read', {
    action: 'child.household.list',
  });
  return householdOf(db, ctx, packs, actor, childId);
}
