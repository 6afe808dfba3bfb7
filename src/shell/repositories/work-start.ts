/**
 * Starting work: a piece of work begun on its own (a contact, an early help episode, a
 * disagreement) or as the follow-on of a step (`starts` in the pack), in the same transaction as
 * that step so that a child's support steps up or down without a gap.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  initialDeadlines,
  type DeadlinePlan,
  type TransitionPlan,
  type Workflow,
} from '../../core/journey/index.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import { dueDateFor } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { addInvolvement, appendTimeline } from './child-access.js';
import { findPractitioner } from './early-help/episode-people-repository.js';
import type { RequestContext } from './request-context.js';
import { agencyOfKind } from './work-apply.js';
import { openDeadlines } from './work-effects.js';
import type { WorkItem } from './work-items.js';

export interface StartWork {
  pack: ResolvedPack;
  workflowId: string;
  /** The state to begin in (default: the workflow's initial state). */
  state?: string;
  /** Deadlines to open instead of the workflow's own (a follow-on counts them from its step). */
  deadlines?: DeadlinePlan[];
  subjectType: 'contact' | 'child';
  subjectId: string;
  childIds: readonly string[];
  level: LevelNumber | null;
  ownerAgencyId: string;
  data?: Record<string, unknown>;
  leadProfessional?: { name: string; agency: string; userId: string | null } | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** The workflow of a pack, or BATON_UNKNOWN_PACK-like error naming what is missing. */
export function workflowOf(pack: ResolvedPack, id: string): Workflow {
  const w = pack.workflows.get(id);
  if (!w)
    throw new BatonError('BATON_NOT_FOUND', {
      message: `Policy pack "${pack.id}" has no "${id}" workflow.`,
    });
  return w;
}

/** Start a piece of work (inside the caller's transaction). Opens the workflow's first deadlines. */
export async function startWork(db: Db, ctx: RequestContext, start: StartWork): Promise<string> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const workflow = workflowOf(start.pack, start.workflowId);
  const id = randomUUID();
  await db
    .insertInto('work_items')
    .values({
      id,
      workflow_id: workflow.id,
      pack_id: start.pack.id,
      pack_version: start.pack.version,
      subject_type: start.subjectType,
      subject_id: start.subjectId,
      state: start.state ?? workflow.initial,
      level: start.level,
      lead_professional_name: start.leadProfessional?.name ?? null,
      lead_professional_agency: start.leadProfessional?.agency ?? null,
      lead_professional_user_id: start.leadProfessional?.userId ?? null,
      owner_agency_id: start.ownerAgencyId,
      events: '[]',
      data: JSON.stringify(start.data ?? {}),
      opened_at: ctx.now,
      opened_by: actor.userId,
      closed_at: null,
      version: 1,
    })
    .execute();
  if (start.childIds.length > 0) {
    await db
      .insertInto('work_item_children')
      .values(start.childIds.map((c) => ({ work_item_id: id, child_id: c })))
      .execute();
  }
  const deadlines =
    start.deadlines ??
    initialDeadlines(workflow, ctx.now, start.pack.timescales, dueDateFor(start.pack, ctx.now));
  await openDeadlines(
    db,
    ctx,
    id,
    deadlines,
    start.ownerAgencyId,
    start.leadProfessional?.userId ?? null,
  );
  for (const childId of start.childIds) {
    await appendTimeline(db, {
      childId,
      at: ctx.now,
      kind: `${workflow.id}.started`,
      summary: `${workflow.name} started`,
      objectType: 'work-item',
      objectId: id,
      actorUserId: actor.userId,
    });
  }
  await appendAudit(db, ctx, {
    action: `${workflow.id}.start`,
    objectType: 'work-item',
    objectId: id,
    outcome: 'allowed',
  });
  return id;
}

type OkPlan = Extract<TransitionPlan, { ok: true }>;

/**
 * Begin the follow-on work a step names (inside the step's transaction): same children, the lead
 * professional the step carries (else the current one if the work stays with the same agency),
 * a link each way between the two pieces of work.
 */
export async function startFollowOn(
  trx: Transaction<Database>,
  ctx: RequestContext,
  pack: ResolvedPack,
  item: WorkItem,
  plan: OkPlan,
  payload: Record<string, unknown>,
): Promise<string | null> {
  const next = plan.starts;
  if (!next) return null;
  const after = await trx
    .selectFrom('work_items')
    .select(['owner_agency_id', 'data'])
    .where('id', '=', item.id)
    .executeTakeFirstOrThrow();
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  // Who owns the new work: the named lead professional's agency (a school leading a TAC plan),
  // else the agency kind the pack names, else whoever owns this work now.
  const leadUser =
    text(payload.leadProfessionalUserId) === ''
      ? null
      : await findPractitioner(trx, text(payload.leadProfessionalUserId));
  const owner =
    leadUser?.agencyId ??
    (next.ownedBy ? await agencyOfKind(trx, next.ownedBy) : null) ??
    after.owner_agency_id;
  const named = text(payload.leadProfessionalName);
  const lead =
    named !== ''
      ? {
          name: named,
          agency: text(payload.leadProfessionalAgency),
          userId: leadUser?.userId ?? null,
        }
      : owner === item.ownerAgencyId
        ? item.leadProfessional
        : null;
  const state = next.workflow.states.find((s) => s.id === next.state);
  const id = await startWork(trx, ctx, {
    pack,
    workflowId: next.workflow.id,
    state: next.state,
    deadlines: next.opens,
    subjectType: 'child',
    subjectId: item.childIds[0] ?? item.subjectId,
    childIds: item.childIds,
    level: state?.level ?? item.level,
    ownerAgencyId: owner,
    leadProfessional: lead,
    data: {
      steppedFrom: {
        workItemId: item.id,
        workflowId: item.workflowId,
        transitionId: plan.transition.id,
        outcome: plan.outcome,
      },
    },
  });
  // The new owner and lead professional can see the children they now hold.
  for (const childId of item.childIds) {
    await addInvolvement(trx, {
      childId,
      agencyId: owner,
      userId: lead?.userId ?? null,
      role: lead?.userId ? 'lead-professional' : 'allocated-team',
      from: ctx.now.slice(0, 10),
      now: ctx.now,
    });
  }
  const data = JSON.parse(after.data) as Record<string, unknown>;
  await trx
    .updateTable('work_items')
    .set({
      data: JSON.stringify({
        ...data,
        followedBy: { workItemId: id, workflowId: next.workflow.id },
      }),
    })
    .where('id', '=', item.id)
    .execute();
  return id;
}
