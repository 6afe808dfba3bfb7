/** The plan: its outcomes, the date agreed for its next review, and its SMART actions. */
import { withTransaction } from '../../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import type { Database } from '../../db/index.js';
import { TIMESCALE_IDS } from '../../../core/policy/index.js';
import type { RequestContext } from '../request-context.js';
import type { WorkItem } from '../work-repository.js';
import {
  actorOf,
  audited,
  expectOneUpdated,
  onTimeline,
  stale,
  today,
  type Db,
} from './early-help-shared.js';
import type { ActionStatus, PlanActionView } from './early-help-views.js';

/**
 * Give the episode a plan to hang outcomes and actions on, if it has none yet. Two first writes at
 * once (two actions added to a new plan) both insert: the second does nothing on the unique
 * `work_item_id` (`on conflict do nothing`, waiting on PostgreSQL for the first to commit) rather
 * than failing the request with a constraint error. True when this call made the plan.
 */
export async function ensurePlan(
  db: Db,
  ctx: RequestContext,
  workItemId: string,
): Promise<boolean> {
  const existing = await db
    .selectFrom('eh_plans')
    .select('id')
    .where('work_item_id', '=', workItemId)
    .executeTakeFirst();
  if (existing) return false;
  const actor = actorOf(ctx);
  const res = await db
    .insertInto('eh_plans')
    .values({
      id: randomUUID(),
      work_item_id: workItemId,
      outcomes: '[]',
      next_review_date: null,
      created_by: actor.userId,
      created_at: ctx.now,
      updated_by: actor.userId,
      updated_at: ctx.now,
      version: 1,
    })
    .onConflict((oc) => oc.column('work_item_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Set the plan's outcomes and the date agreed for its next review. */
export async function savePlan(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  plan: { outcomes: string[]; nextReviewDate: string | null },
  expectedVersion: number | undefined,
): Promise<void> {
  const actor = actorOf(ctx);
  await withTransaction(db, async (trx) => {
    const made = await ensurePlan(trx, ctx, item.id);
    const row = await trx
      .selectFrom('eh_plans')
      .select(['id', 'version'])
      .where('work_item_id', '=', item.id)
      .executeTakeFirstOrThrow();
    // Version 0 is "I read no plan": right only if this call made it. Anything else must match.
    const read = made ? 0 : row.version;
    if (expectedVersion !== undefined && expectedVersion !== read) throw stale();
    const res = await trx
      .updateTable('eh_plans')
      .set({
        outcomes: JSON.stringify(plan.outcomes),
        next_review_date: plan.nextReviewDate,
        updated_by: actor.userId,
        updated_at: ctx.now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    expectOneUpdated(res);
    // One review date (issue 14 §7): a review agreed earlier than the guidance's limit (checked by
    // `updatePlan`) is when the review is due, in My work and on every page, not the limit.
    if (plan.nextReviewDate !== null)
      await trx
        .updateTable('deadlines')
        .set({ due: plan.nextReviewDate })
        .where('work_item_id', '=', item.id)
        .where('timescale_id', '=', TIMESCALE_IDS.ehReview)
        .where('met_at', 'is', null)
        .where('due', '>', plan.nextReviewDate)
        .execute();
    await onTimeline(trx, ctx, item, {
      kind: 'early-help.plan',
      summary: `Plan updated: ${String(plan.outcomes.length)} outcome(s)${plan.nextReviewDate ? `, review by ${plan.nextReviewDate}` : ''}`,
      objectType: 'early-help-plan',
      objectId: row.id,
    });
    await audited(trx, ctx, 'early-help.plan.save', 'early-help-plan', row.id);
  });
}

/** An action as the plan shows it: overdue when still open after its due date. */
export function toActionView(a: Database['eh_plan_actions'], on: string): PlanActionView {
  const status = a.status as ActionStatus;
  return {
    id: a.id,
    outcome: a.outcome,
    action: a.action,
    ownerName: a.owner_name,
    ownerAgency: a.owner_agency,
    ownerUserId: a.owner_user_id,
    dueDate: a.due_date,
    status,
    note: a.note,
    overdue: (status === 'not-started' || status === 'in-progress') && a.due_date < on,
    updatedAt: a.updated_at,
    version: a.version,
  };
}

async function readAction(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<PlanActionView> {
  const row = await db
    .selectFrom('eh_plan_actions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toActionView(row, today(ctx));
}

/** Add a SMART action to the plan. */
export async function insertPlanAction(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  a: {
    outcome: string | null;
    action: string;
    ownerName: string;
    ownerAgency: string;
    ownerUserId: string | null;
    dueDate: string;
    status: ActionStatus;
  },
): Promise<PlanActionView> {
  const actor = actorOf(ctx);
  const id = randomUUID();
  await withTransaction(db, async (trx) => {
    await ensurePlan(trx, ctx, item.id);
    await trx
      .insertInto('eh_plan_actions')
      .values({
        id,
        work_item_id: item.id,
        outcome: a.outcome,
        action: a.action,
        owner_name: a.ownerName,
        owner_agency: a.ownerAgency,
        owner_user_id: a.ownerUserId,
        due_date: a.dueDate,
        status: a.status,
        note: null,
        created_by: actor.userId,
        created_at: ctx.now,
        updated_by: actor.userId,
        updated_at: ctx.now,
        version: 1,
      })
      .execute();
    await onTimeline(trx, ctx, item, {
      kind: 'early-help.plan-action',
      summary: `Plan action added for ${a.ownerName} (${a.ownerAgency}), due ${a.dueDate}`,
      objectType: 'early-help-action',
      objectId: id,
    });
    await audited(trx, ctx, 'early-help.action.add', 'early-help-action', id);
  });
  return readAction(db, ctx, id);
}

/** Change an action (its status, owner, date or wording) at the version the editor read. */
export async function updatePlanAction(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  actionId: string,
  change: {
    action?: string | undefined;
    ownerName?: string | undefined;
    ownerAgency?: string | undefined;
    dueDate?: string | undefined;
    status?: ActionStatus | undefined;
    note?: string | undefined;
  },
  expectedVersion: number,
): Promise<PlanActionView> {
  const actor = actorOf(ctx);
  const row = await db
    .selectFrom('eh_plan_actions')
    .selectAll()
    .where('id', '=', actionId)
    .where('work_item_id', '=', item.id)
    .executeTakeFirst();
  if (!row)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no such action on this plan.' });
  if (row.version !== expectedVersion) throw stale();
  await withTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('eh_plan_actions')
      .set({
        ...(change.action !== undefined ? { action: change.action } : {}),
        ...(change.ownerName !== undefined ? { owner_name: change.ownerName } : {}),
        ...(change.ownerAgency !== undefined ? { owner_agency: change.ownerAgency } : {}),
        ...(change.dueDate !== undefined ? { due_date: change.dueDate } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.note !== undefined ? { note: change.note } : {}),
        updated_by: actor.userId,
        updated_at: ctx.now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    expectOneUpdated(res);
    if (change.status !== undefined && change.status !== row.status)
      await onTimeline(trx, ctx, item, {
        kind: 'early-help.plan-action',
        summary: `Plan action for ${row.owner_name}: ${change.status.replace('-', ' ')}`,
        objectType: 'early-help-action',
        objectId: row.id,
      });
    await audited(trx, ctx, 'early-help.action.update', 'early-help-action', row.id);
  });
  return readAction(db, ctx, actionId);
}
