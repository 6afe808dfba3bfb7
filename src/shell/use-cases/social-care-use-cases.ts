/**
 * Starting statutory work on a child's record (issue 4): a social worker or team manager may start
 * the workflows the pack lets them start directly (`startedBy`: s47 enquiries "at any time", a
 * Child and Family Assessment, a looked-after episode). Most statutory work starts from a step
 * instead (a front-door decision, an assessment outcome, a conference), through `starts`.
 */
import { withTransaction } from '../db/unit-of-work.js';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { findPack } from '../policy/pack-views.js';
import {
  addInvolvement,
  appendAudit,
  authoriseChild,
  loadWorkItem,
  startWork,
  workflowOf,
  type RequestContext,
  type WorkItem,
} from '../repositories/index.js';
import { londonDay } from '../../core/calendar/index.js';

export interface StartStatutoryWork {
  childId: string;
  workflowId: string;
  /** Why the work starts now (e.g. the concern that gives reasonable cause to suspect harm). */
  rationale: string;
}

/** The workflows of a pack that the actor may start directly on a child's record. */
export function startableWorkflows(
  pack: ResolvedPack | undefined,
  ctx: RequestContext,
): { id: string; name: string }[] {
  const roles = ctx.actor?.roles ?? [];
  return [...(pack?.workflows.values() ?? [])]
    .filter((w) => w.startedBy.some((r) => roles.includes(r)))
    .map((w) => ({ id: w.id, name: w.name }));
}

/**
 * Start statutory work on a child. The starter becomes its allocated worker. Refused when their
 * role may not start it, or when the child already has that work open (one at a time).
 */
export async function startStatutoryWork(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  packId: string,
  input: StartStatutoryWork,
): Promise<WorkItem> {
  const pack = findPack(packs, packId);
  const { actor } = await authoriseChild(db, ctx, input.childId, 'write', {
    action: 'statutory-work.start',
    objectType: 'child',
    objectId: input.childId,
  });
  if (input.workflowId.trim() === '')
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'workflowId', message: 'Choose the work to start' }],
    });
  const workflow = workflowOf(pack, input.workflowId);
  if (!workflow.startedBy.some((r) => actor.roles.includes(r))) {
    await appendAudit(db, ctx, {
      action: 'statutory-work.start',
      objectType: 'child',
      objectId: input.childId,
      outcome: 'refused',
      reason: `${workflow.id}: role may not start it`,
    });
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message:
        workflow.startedBy.length === 0
          ? `${workflow.name} starts from another step (for example a front-door decision or an assessment outcome), not on its own.`
          : `${workflow.name} can be started by ${workflow.startedBy.join(' or ')}.`,
    });
  }
  if (input.rationale.trim() === '')
    throw new BatonError('BATON_VALIDATION', {
      details: [
        { path: 'rationale', message: `Say why ${workflow.name.toLowerCase()} starts now` },
      ],
    });
  const open = await db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .select('work_items.id')
    .where('work_item_children.child_id', '=', input.childId)
    .where('work_items.workflow_id', '=', workflow.id)
    .where('work_items.closed_at', 'is', null)
    .executeTakeFirst();
  if (open)
    throw new BatonError('BATON_ALREADY_OPEN', {
      message: `This child already has ${workflow.name.toLowerCase()} open. Continue that work instead.`,
      extra: { workItemId: open.id },
    });
  const agency = await db
    .selectFrom('agencies')
    .select('name')
    .where('id', '=', actor.agencyId)
    .executeTakeFirstOrThrow();
  const initial = workflow.states.find((s) => s.id === workflow.initial);
  const id = await withTransaction(db, async (trx) => {
    const workId = await startWork(trx, ctx, {
      pack,
      workflowId: workflow.id,
      subjectType: 'child',
      subjectId: input.childId,
      childIds: [input.childId],
      level: initial?.level ?? null,
      ownerAgencyId: actor.agencyId,
      leadProfessional: { name: actor.displayName, agency: agency.name, userId: actor.userId },
      data: { startedReason: input.rationale.trim() },
    });
    await addInvolvement(trx, {
      childId: input.childId,
      agencyId: actor.agencyId,
      userId: actor.userId,
      role: 'allocated-worker',
      from: londonDay(ctx.now),
      now: ctx.now,
    });
    return workId;
  });
  const item = await loadWorkItem(db, packs, id);
  if (!item) throw new BatonError('BATON_INTERNAL');
  return item;
}
