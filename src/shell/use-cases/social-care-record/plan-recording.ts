/** The child in need plan (needs, outcomes, actions, next review) and the CP plan's category. */
import { randomUUID } from 'node:crypto';
import { WORKFLOW_IDS } from '../../../core/policy/index.js';
import {
  categoryProblems,
  cinPlanProblems,
  planActionProblems,
} from '../../../core/returns/index.js';
import type { Session } from '../../session/index.js';
import { invalid, obj, str } from './record-access.js';
import type { SocialCareRecord } from './record-view.js';
import { saveOnWork } from './record-save.js';

/** The child in need plan's content. */
export interface SaveCinPlan {
  version: number;
  startDate: string;
  needs: string[];
  outcomes: string[];
  nextReviewDate?: string | null | undefined;
}

/** Record the child in need plan: when it started, the needs it meets, its outcomes, next review. */
export function saveCinPlan(
  session: Session,
  id: string,
  input: SaveCinPlan,
): Promise<SocialCareRecord> {
  const on = { workflowId: WORKFLOW_IDS.cinPlan, auditAction: 'social-care.cin-plan.save' };
  return saveOnWork(session, id, on, input.version, (item, s) => {
    const clean = (xs: readonly string[]) => xs.map((x) => x.trim()).filter((x) => x !== '');
    const plan = {
      startDate: input.startDate,
      needs: clean(input.needs),
      outcomes: clean(input.outcomes),
      nextReviewDate: input.nextReviewDate ?? null,
    };
    const problems = cinPlanProblems(plan, {
      today: s.today,
      openedOn: item.beganAt.slice(0, 10),
    });
    if (problems.length > 0) throw invalid(problems);
    return {
      census: { startDate: plan.startDate },
      cinPlan: {
        needs: plan.needs,
        outcomes: plan.outcomes,
        nextReviewDate: plan.nextReviewDate,
      },
    };
  });
}

/** Add an action to the child in need plan: what, who, by when. */
export function addCinPlanAction(
  session: Session,
  id: string,
  input: { version: number; action: string; owner: string; dueDate: string },
): Promise<SocialCareRecord> {
  const on = { workflowId: WORKFLOW_IDS.cinPlan, auditAction: 'social-care.cin-plan.action' };
  return saveOnWork(session, id, on, input.version, (item) => {
    const census = obj(item.data['census']);
    const action = {
      action: input.action.trim(),
      owner: input.owner.trim(),
      dueDate: input.dueDate,
    };
    const problems = planActionProblems(action, {
      startDate: str(census['startDate']) ?? item.beganAt.slice(0, 10),
    });
    if (problems.length > 0) throw invalid(problems);
    const plan = obj(item.data['cinPlan']);
    const actions: unknown[] = Array.isArray(plan['actions']) ? (plan['actions'] as unknown[]) : [];
    return { cinPlan: { actions: [...actions, { id: randomUUID(), ...action }] } };
  });
}

/** Record the child protection plan's latest category of abuse (census N00114). */
export function recordLatestCategory(
  session: Session,
  id: string,
  input: { version: number; latestCategory: string },
): Promise<SocialCareRecord> {
  const on = { workflowId: WORKFLOW_IDS.cpPlan, auditAction: 'social-care.cp-plan.category' };
  return saveOnWork(session, id, on, input.version, () => {
    const problems = categoryProblems(input.latestCategory);
    if (problems.length > 0) throw invalid(problems);
    return { census: { latestCategory: input.latestCategory } };
  });
}
