/**
 * Starting work: a piece of work begun on its own (a contact, an early help episode, a
 * disagreement) or as the follow-on of a step (`starts` in the pack), in the same transaction as
 * that step so that a child's support steps up or down without a gap.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordEvent } from '../outbox/enqueue.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { initialDeadlines, type DeadlinePlan, type Workflow } from '../../core/journey/index.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import { dueDateFor } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { appendTimeline } from './child-access.js';
import type { RequestContext } from './request-context.js';
import { openDeadlines } from './work-effects.js';

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
  /** When the work began, if not now (follow-on work: when the step that started it happened). */
  beganAt?: string | undefined;
}

type Db = Kysely<Database>;

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
      began_at: start.beganAt !== undefined && start.beganAt !== ctx.now ? start.beganAt : null,
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
  await recordEvent(db, ctx.now, 'work.started', {
    workItemId: id,
    workflowId: workflow.id,
    ownerAgencyId: start.ownerAgencyId,
  });
  await appendAudit(db, ctx, {
    action: `${workflow.id}.start`,
    objectType: 'work-item',
    objectId: id,
    outcome: 'allowed',
  });
  return id;
}
