/** The plan: its outcomes, the date of its next review, and its SMART actions. */
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { TIMESCALE_IDS } from '../../../core/policy/index.js';
import {
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
  const { item } = await writableEpisode(deps, ctx, id, 'early-help.action.add');
  mustBeOpen(item, 'the plan');
  const details: ErrorDetail[] = [];
  if (input.action.trim().length < 5)
    details.push({ path: 'action', message: 'Say specifically what will be done' });
  if (blank(input.ownerName)) details.push({ path: 'ownerName', message: 'Enter who will do it' });
  if (blank(input.ownerAgency))
    details.push({ path: 'ownerAgency', message: 'Enter the agency (or "Family") doing it' });
  checkDate(details, 'dueDate', input.dueDate.trim(), 'The due date', { notBefore: todayOf(ctx) });
  if (details.length > 0) throw invalid(details);
  return insertPlanAction(deps.db, ctx, item, {
    outcome: blank(input.outcome) ? null : (input.outcome ?? '').trim(),
    action: input.action.trim(),
    ownerName: input.ownerName.trim(),
    ownerAgency: input.ownerAgency.trim(),
    dueDate: input.dueDate.trim(),
    status: input.status ?? 'not-started',
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
