/** The plan: its outcomes, the date of its next review, and its SMART actions. */
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { TIMESCALE_IDS } from '../../../core/policy/index.js';
import { namedOnPlanEffects } from '../../../core/journey/index.js';
import { withTransaction } from '../../db/unit-of-work.js';
import {
  applyEffects,
  findPractitioner,
  insertPlanAction,
  openDeadlineDue,
  readEpisode,
  savePlan,
  updatePlanAction,
  type ActionStatus,
  type EpisodeView,
  type PlanActionView,
  type RequestContext,
} from '../../repositories/index.js';
import {
  actorOf,
  blank,
  checkDate,
  invalid,
  mustBeOpen,
  todayOf,
  writableEpisode,
  type EarlyHelpDeps,
} from './early-help-support.js';
import { dayText } from '../../../core/calendar/index.js';

/** Set the plan's outcomes and the date agreed for its next review (no later than the pack allows). */
export async function updatePlan(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: { outcomes: string[]; nextReviewDate?: string | undefined; version?: number | undefined },
): Promise<EpisodeView> {
  const { item, pack } = await writableEpisode(deps, ctx, id, 'early-help.plan.save');
  mustBeOpen(item, 'the plan');
  const details: ErrorDetail[] = [];
  const outcomes = input.outcomes.map((o) => o.trim()).filter((o) => o !== '');
  const next = blank(input.nextReviewDate) ? null : (input.nextReviewDate ?? '').trim();
  if (next !== null) {
    checkDate(details, 'nextReviewDate', next, 'The review date', { notBefore: todayOf(ctx) });
    const due = await openDeadlineDue(deps.db, item.id, TIMESCALE_IDS.ehReview);
    const ts = pack.timescales.get(TIMESCALE_IDS.ehReview);
    if (due !== null && next > due && details.length === 0)
      details.push({
        path: 'nextReviewDate',
        message: `Set the review on or before ${dayText(due)}: ${ts?.text ?? 'the review timescale'}`,
      });
  }
  if (details.length > 0) throw invalid(details);
  await savePlan(deps.db, ctx, item, { outcomes, nextReviewDate: next }, input.version);
  return readEpisode(deps.db, ctx, deps.packs, id);
}

export interface ActionInput {
  outcome?: string | undefined;
  action: string;
  ownerName: string;
  ownerAgency: string;
  /** A Baton user picked as the owner: their name and agency come from Baton, and they are told. */
  ownerUserId?: string | undefined;
  dueDate: string;
  status?: ActionStatus | undefined;
}

/** Add a SMART action: what, who (and their agency), by when (Worcestershire 004 App. 3). */
export async function addPlanAction(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: ActionInput,
): Promise<PlanActionView> {
  const { item, pack } = await writableEpisode(deps, ctx, id, 'early-help.action.add');
  mustBeOpen(item, 'the plan');
  const details: ErrorDetail[] = [];
  if (input.action.trim().length < 5)
    details.push({ path: 'action', message: 'Say specifically what will be done' });
  // Someone who uses Baton is picked (issue 14 §1); a name and agency are typed only for others.
  const owner = blank(input.ownerUserId)
    ? null
    : await findPractitioner(deps.db, (input.ownerUserId ?? '').trim());
  if (!blank(input.ownerUserId) && owner === null)
    details.push({ path: 'ownerUserId', message: 'There is no active Baton user with that id' });
  if (blank(input.ownerUserId)) {
    if (blank(input.ownerName))
      details.push({
        path: 'ownerName',
        message: 'Choose who will do it, or enter the name of someone outside Baton',
      });
    if (blank(input.ownerAgency))
      details.push({ path: 'ownerAgency', message: 'Enter the agency (or "Family") doing it' });
  }
  checkDate(details, 'dueDate', input.dueDate.trim(), 'The due date', { notBefore: todayOf(ctx) });
  if (details.length > 0) throw invalid(details);
  const actor = actorOf(ctx);
  return withTransaction(deps.db, async (trx) => {
    const saved = await insertPlanAction(trx, ctx, item, {
      outcome: blank(input.outcome) ? null : (input.outcome ?? '').trim(),
      action: input.action.trim(),
      ownerName: owner?.name ?? input.ownerName.trim(),
      ownerAgency: owner?.agency ?? input.ownerAgency.trim(),
      ownerUserId: owner?.userId ?? null,
      dueDate: input.dueDate.trim(),
      status: input.status ?? 'not-started',
    });
    // The owner can see the family's children and is told, in the same unit of work.
    if (owner)
      await applyEffects(
        trx,
        ctx,
        pack,
        namedOnPlanEffects(
          item,
          [owner],
          {
            as: 'plan-action-owner',
            text: `You own an action on the plan, due ${dayText(saved.dueDate)}`,
          },
          actor.userId,
          ctx.now,
        ),
      );
    return saved;
  });
}

/** Change an action's status (not started, in progress, done, dropped) or its details. */
export async function changePlanAction(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  actionId: string,
  input: Partial<ActionInput> & { note?: string | undefined; version: number },
): Promise<PlanActionView> {
  const { item } = await writableEpisode(deps, ctx, id, 'early-help.action.update');
  mustBeOpen(item, 'the plan');
  const details: ErrorDetail[] = [];
  if (input.action !== undefined && input.action.trim().length < 5)
    details.push({ path: 'action', message: 'Say specifically what will be done' });
  if (input.ownerName !== undefined && blank(input.ownerName))
    details.push({ path: 'ownerName', message: 'Enter who will do it' });
  if (input.ownerAgency !== undefined && blank(input.ownerAgency))
    details.push({ path: 'ownerAgency', message: 'Enter the agency doing it' });
  if (input.dueDate !== undefined)
    checkDate(details, 'dueDate', input.dueDate.trim(), 'The due date', {});
  if (details.length > 0) throw invalid(details);
  return updatePlanAction(
    deps.db,
    ctx,
    item,
    actionId,
    {
      action: input.action?.trim(),
      ownerName: input.ownerName?.trim(),
      ownerAgency: input.ownerAgency?.trim(),
      dueDate: input.dueDate?.trim(),
      status: input.status,
      note: input.note?.trim(),
    },
    input.version,
  );
}
