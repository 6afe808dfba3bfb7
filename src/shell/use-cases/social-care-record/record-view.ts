/**
 * What a social care recording page shows (issue 14 item 6; issue 16 §1): the assessment, the
 * child in need plan and its reviews, the child protection plan's categories and reviews, the s47
 * dates, the reason for closure and the child's visits. Steps are read back by their role in the
 * pack contract, never by id.
 */
import type { Workflow } from '../../../core/journey/index.js';
import { hasRole, WORKFLOW_IDS } from '../../../core/policy/index.js';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { ABUSE_CATEGORY_CODES } from '../../../core/returns/index.js';
import {
  appliedSteps,
  icpcTargetOf,
  listVisits,
  namesOf,
  type TakenStep,
  type VisitRow,
  type WorkItem,
} from '../../repositories/index.js';
import type { Session } from '../../session/index.js';
import { obj, str, strs, workFor } from './record-access.js';

export interface PlanActionView {
  id: string;
  action: string;
  owner: string;
  dueDate: string;
}

/** What a recording page shows: the work, what is recorded on it, and what the actor may do. */
export interface SocialCareRecord {
  item: WorkItem;
  childId: string;
  childName: string;
  /** Every child the work is about (a family stepped up together), `childId` first. */
  children: { id: string; name: string }[];
  mayRecord: boolean;
  mayAuthorise: boolean;
  assessment: {
    startDate: string | null;
    factors: string[];
    findings: string;
    primaryNeed: string | null;
    authorisedOn: string | null;
    authorisedBy: string | null;
  };
  cinPlan: {
    startDate: string | null;
    needs: string[];
    outcomes: string[];
    actions: PlanActionView[];
    nextReviewDate: string | null;
    reviews: { on: string; decision: string }[];
    endDate: string | null;
  };
  cpPlan: {
    initialCategory: string | null;
    latestCategory: string | null;
    reviews: { on: string; decision: string }[];
    endDate: string | null;
  };
  s47: {
    strategyDiscussionOn: string | null;
    /** The ICPC's target: 15 working days from the strategy discussion (the `icpc` deadline). */
    icpcTarget: string | null;
    icpcDate: string | null;
    icpcNotRequired: boolean;
  };
  /** The reason for closure recorded when the episode closed, if it has. */
  closureReason: string | null;
  visits: VisitRow[];
}

/** The reviews taken on a plan: its steps with the pack contract's review role. */
const reviewsOf = (workflow: Workflow | undefined, steps: readonly TakenStep[]) =>
  steps
    .filter(
      (s) =>
        hasRole(workflow, s.transitionId, 'cin-plan-review') ||
        hasRole(workflow, s.transitionId, 'cp-plan-review'),
    )
    .map((s) => ({ on: s.occurredOn, decision: str(s.payload['decision']) ?? '' }));

/**
 * Everything recorded on a piece of social care work, for its page (a read of the child). With
 * `workflowId`, work of another kind answers BATON_NOT_FOUND (an assessment page for a CIN plan).
 */
export async function getSocialCareRecord(
  session: Session,
  id: string,
  workflowId?: string,
): Promise<SocialCareRecord> {
  const { item, childId, workflow, roles } = await workFor(
    session,
    id,
    'read',
    'social-care.record.read',
  );
  if (workflowId !== undefined && item.workflowId !== workflowId)
    throw new BatonError('BATON_NOT_FOUND', { message: `That work is not a ${workflowId}.` });
  const census = obj(item.data['census']);
  const assessment = obj(item.data['assessment']);
  const plan = obj(item.data['cinPlan']);
  const steps = await appliedSteps(session.db, item.id);
  const parentId = str(obj(item.data['steppedFrom'])['workItemId']);
  const parentSteps = parentId === null ? [] : await appliedSteps(session.db, parentId);
  const word = [...parentSteps]
    .reverse()
    .map((s) => str(s.payload['category']))
    .find((c) => c !== null);
  const initial = word === undefined ? null : (ABUSE_CATEGORY_CODES[word] ?? null);
  const names = await namesOf(session.db, item.childIds);
  const children = [childId, ...item.childIds.filter((c) => c !== childId)].map((c) => ({
    id: c,
    name: names.get(c) ?? '',
  }));
  const visits = (await Promise.all(children.map((c) => listVisits(session.db, c.id))))
    .flat()
    .sort(
      (a, b) => b.visitedOn.localeCompare(a.visitedOn) || b.recordedAt.localeCompare(a.recordedAt),
    );
  const strategy = steps.find((s) => hasRole(workflow, s.transitionId, 'strategy-discussion'));
  const icpc = steps.find((s) => hasRole(workflow, s.transitionId, 'icpc'));
  const closing = [...steps].reverse().find((s) => str(s.payload['closureReason']) !== null);
  return {
    item,
    childId,
    childName: children[0]?.name ?? '',
    children,
    mayRecord: roles.record && !item.final,
    mayAuthorise: roles.authorise && !item.final,
    assessment: {
      startDate: str(census['startDate']),
      factors: strs(census['factors']),
      findings: str(assessment['findings']) ?? '',
      primaryNeed: str(census['primaryNeed']),
      authorisedOn: str(census['authorisedOn']),
      authorisedBy: str(assessment['authorisedBy']),
    },
    cinPlan: {
      startDate: str(census['startDate']),
      needs: strs(plan['needs']),
      outcomes: strs(plan['outcomes']),
      actions: (Array.isArray(plan['actions']) ? plan['actions'] : []).map((a) => {
        const o = obj(a);
        return {
          id: str(o['id']) ?? '',
          action: str(o['action']) ?? '',
          owner: str(o['owner']) ?? '',
          dueDate: str(o['dueDate']) ?? '',
        };
      }),
      nextReviewDate: str(plan['nextReviewDate']),
      reviews: reviewsOf(workflow, steps),
      endDate: item.closedAt?.slice(0, 10) ?? null,
    },
    cpPlan: {
      initialCategory: initial,
      latestCategory: str(census['latestCategory']) ?? initial,
      reviews: reviewsOf(workflow, steps),
      endDate: item.closedAt?.slice(0, 10) ?? null,
    },
    s47: {
      strategyDiscussionOn: strategy?.occurredOn ?? null,
      icpcTarget:
        item.workflowId === WORKFLOW_IDS.s47 ? await icpcTargetOf(session.db, item.id) : null,
      icpcDate: icpc?.occurredOn ?? null,
      icpcNotRequired: item.final && icpc === undefined,
    },
    closureReason: str(census['closureReason']) ?? str(closing?.payload['closureReason']),
    visits,
  };
}
