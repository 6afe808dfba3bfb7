/**
 * Social care recording (issue 14 item 6; issue 16 §1): the assessment itself (start, factors
 * identified, findings, primary need, the manager's authorisation), the child in need plan (needs,
 * outcomes, actions, start, next review; its reviews are the CIN review steps already taken), the
 * child protection plan's latest category of abuse, and visits (seen, seen alone). Each is asked
 * once, on the work the practitioner is on; the census reads them (census-repository.ts).
 *
 * Who may record is the pack's: the roles that may ask for a step on that workflow record on it,
 * the roles that authorise its steps authorise the assessment. Every use-case runs on the Session:
 * access to each child checked and audited, one transaction.
 */
import { randomUUID } from 'node:crypto';
import { mayAuthorise, type Workflow } from '../../core/journey/index.js';
import { hasRole, WORKFLOW_IDS } from '../../core/policy/index.js';
import { BatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import {
  ABUSE_CATEGORY_CODES,
  assessmentProblems,
  authorisationProblems,
  categoryProblems,
  cinPlanProblems,
  planActionProblems,
  visitProblems,
  type SeenAlone,
} from '../../core/returns/index.js';
import {
  appliedSteps,
  icpcTargetOf,
  insertVisit,
  listVisits,
  loadWorkItem,
  saveWorkData,
  userName,
  visitColleagues,
  type TakenStep,
  type VisitRow,
  type WorkItem,
} from '../repositories/index.js';
import type { Session } from '../session/index.js';

/** The workflows with a recording page, and the page's path under `/work/{id}/`. */
export const RECORDING_PAGES: Readonly<Record<string, string>> = {
  [WORKFLOW_IDS.cfAssessment]: 'assessment',
  [WORKFLOW_IDS.s47]: 's47',
  [WORKFLOW_IDS.cinPlan]: 'cin-plan',
  [WORKFLOW_IDS.cpPlan]: 'cp-plan',
};

const invalid = (details: ErrorDetail[]) => new BatonError('BATON_VALIDATION', { details });
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

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

async function workFor(
  session: Session,
  id: string,
  action: 'read' | 'write',
  auditAction: string,
): Promise<{
  item: WorkItem;
  childId: string;
  workflow: Workflow | undefined;
  roles: { record: boolean; authorise: boolean };
}> {
  const item = await loadWorkItem(session.db, session.packs, id);
  const childId = item?.childIds[0];
  if (!item || childId === undefined)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no social care work with that id.',
    });
  // The access policy first, so that someone who may not see the child is refused (and audited)
  // rather than told what kind of work it is.
  for (const c of item.childIds)
    await session.authoriseChild(c, action, {
      action: auditAction,
      objectType: 'work-item',
      objectId: item.id,
    });
  if (!(item.workflowId in RECORDING_PAGES))
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no social care work with that id.',
    });
  const workflow = session.packFor(item.packId).workflows.get(item.workflowId);
  const actorRoles = session.actor.roles;
  const has = (roles: readonly string[]) => roles.some((r) => actorRoles.includes(r as never));
  const record = has((workflow?.transitions ?? []).flatMap((t) => t.requestedBy));
  // The manager who may authorise this work's steps (in the agency holding it) authorises it.
  const authorise = (workflow?.transitions ?? []).some((t) =>
    mayAuthorise(t, session.actor, item.ownerAgencyId),
  );
  return { item, childId, workflow, roles: { record, authorise } };
}

async function mustRecord(
  session: Session,
  id: string,
  auditAction: string,
  need: 'record' | 'authorise' = 'record',
) {
  const w = await workFor(session, id, 'write', auditAction);
  if (!w.roles[need]) {
    await session.audit({
      action: auditAction,
      objectType: 'work-item',
      objectId: id,
      outcome: 'refused',
      reason: need === 'record' ? 'role may not record on this work' : 'role may not authorise',
    });
    throw new BatonError('BATON_FORBIDDEN', {
      message:
        need === 'record'
          ? 'Only the roles that work on this piece of statutory work can record on it.'
          : 'Only a manager who authorises this work can authorise the assessment.',
    });
  }
  return w;
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
  const child = await session.db
    .selectFrom('people')
    .select(['given_name', 'family_name'])
    .where('id', '=', childId)
    .executeTakeFirst();
  const strategy = steps.find((s) => hasRole(workflow, s.transitionId, 'strategy-discussion'));
  const icpc = steps.find((s) => hasRole(workflow, s.transitionId, 'icpc'));
  const closing = [...steps].reverse().find((s) => str(s.payload['closureReason']) !== null);
  return {
    item,
    childId,
    childName: child === undefined ? '' : `${child.given_name} ${child.family_name}`,
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
      icpcTarget: item.workflowId === WORKFLOW_IDS.s47 ? await icpcTargetOf(session.db, item.id) : null,
      icpcDate: icpc?.occurredOn ?? null,
      icpcNotRequired: item.final && icpc === undefined,
    },
    closureReason: str(census['closureReason']) ?? str(closing?.payload['closureReason']),
    visits: await listVisits(session.db, childId),
  };
}

/** The assessment as the social worker records it. */
export interface RecordAssessment {
  version: number;
  startDate: string;
  factors: string[];
  findings: string;
  primaryNeed?: string | null | undefined;
}

/** Record (or correct) the assessment: start, factors identified, findings, primary need. */
export function recordAssessment(
  session: Session,
  id: string,
  input: RecordAssessment,
): Promise<SocialCareRecord> {
  return session.transaction(async (s) => {
    const { item } = await mustRecord(s, id, 'social-care.assessment.record');
    if (item.workflowId !== WORKFLOW_IDS.cfAssessment) throw new BatonError('BATON_NOT_FOUND');
    if (item.final)
      throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
        message: 'This assessment is closed: it can no longer be changed.',
      });
    const census = obj(item.data['census']);
    if (str(census['authorisedOn']) !== null)
      throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
        message: 'This assessment has been authorised: ask the manager before it is changed.',
      });
    const findings = input.findings.trim();
    const primaryNeed = input.primaryNeed ?? null;
    const problems = assessmentProblems(
      { startDate: input.startDate, factors: input.factors, findings, primaryNeed },
      { today: s.today, referralOn: item.beganAt.slice(0, 10) },
    );
    if (problems.length > 0) throw invalid(problems);
    await saveWorkData(
      s.db,
      item,
      {
        census: { startDate: input.startDate, factors: [...input.factors], primaryNeed },
        assessment: { findings },
      },
      input.version,
    );
    return getSocialCareRecord(s, id);
  });
}

/** The manager authorises the completed assessment on the day given (census N00160). */
export function authoriseAssessment(
  session: Session,
  id: string,
  input: { version: number; authorisedOn: string },
): Promise<SocialCareRecord> {
  return session.transaction(async (s) => {
    const { item } = await mustRecord(s, id, 'social-care.assessment.authorise', 'authorise');
    if (item.workflowId !== WORKFLOW_IDS.cfAssessment) throw new BatonError('BATON_NOT_FOUND');
    const census = obj(item.data['census']);
    const problems = authorisationProblems(
      {
        startDate: str(census['startDate']),
        factors: strs(census['factors']),
        primaryNeed: str(census['primaryNeed']),
      },
      input.authorisedOn,
      s.today,
    );
    if (problems.length > 0) throw invalid(problems);
    await saveWorkData(
      s.db,
      item,
      {
        census: { authorisedOn: input.authorisedOn },
        assessment: { authorisedBy: (await userName(s.db, s.actor.userId)) ?? 'A manager' },
      },
      input.version,
    );
    return getSocialCareRecord(s, id);
  });
}

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
  return session.transaction(async (s) => {
    const { item } = await mustRecord(s, id, 'social-care.cin-plan.save');
    if (item.workflowId !== WORKFLOW_IDS.cinPlan) throw new BatonError('BATON_NOT_FOUND');
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
    await saveWorkData(
      s.db,
      item,
      {
        census: { startDate: plan.startDate },
        cinPlan: {
          needs: plan.needs,
          outcomes: plan.outcomes,
          nextReviewDate: plan.nextReviewDate,
        },
      },
      input.version,
    );
    return getSocialCareRecord(s, id);
  });
}

/** Add an action to the child in need plan: what, who, by when. */
export function addCinPlanAction(
  session: Session,
  id: string,
  input: { version: number; action: string; owner: string; dueDate: string },
): Promise<SocialCareRecord> {
  return session.transaction(async (s) => {
    const { item } = await mustRecord(s, id, 'social-care.cin-plan.action');
    if (item.workflowId !== WORKFLOW_IDS.cinPlan) throw new BatonError('BATON_NOT_FOUND');
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
    await saveWorkData(
      s.db,
      item,
      { cinPlan: { actions: [...actions, { id: randomUUID(), ...action }] } },
      input.version,
    );
    return getSocialCareRecord(s, id);
  });
}

/** Record the child protection plan's latest category of abuse (census N00114). */
export function recordLatestCategory(
  session: Session,
  id: string,
  input: { version: number; latestCategory: string },
): Promise<SocialCareRecord> {
  return session.transaction(async (s) => {
    const { item } = await mustRecord(s, id, 'social-care.cp-plan.category');
    if (item.workflowId !== WORKFLOW_IDS.cpPlan) throw new BatonError('BATON_NOT_FOUND');
    const problems = categoryProblems(input.latestCategory);
    if (problems.length > 0) throw invalid(problems);
    await saveWorkData(
      s.db,
      item,
      { census: { latestCategory: input.latestCategory } },
      input.version,
    );
    return getSocialCareRecord(s, id);
  });
}

/** A visit as recorded: the work it was for, seen, seen alone, by whom. */
export interface RecordVisit {
  workItemId?: string | null | undefined;
  visitedOn: string;
  seen: boolean;
  seenAlone?: SeenAlone | null | undefined;
  reason?: string | undefined;
  /** A Baton user who visited; absent: the person recording it. */
  seenByUserId?: string | null | undefined;
  /** Someone outside Baton who visited (their name and role). */
  seenByName?: string | undefined;
}

/** Record a visit to the child (statutory visits; Ofsted Annex A "seen", "seen alone"). */
export function recordVisit(
  session: Session,
  childId: string,
  input: RecordVisit,
): Promise<VisitRow> {
  return session.transaction(async (s) => {
    await s.authoriseChild(childId, 'write', { action: 'child.visit.record' });
    if (input.workItemId) {
      const item = await loadWorkItem(s.db, s.packs, input.workItemId);
      if (!item?.childIds.includes(childId))
        throw invalid([{ path: 'workItemId', message: 'Choose work on this child' }]);
    }
    const byUser = input.seenByUserId ?? (input.seenByName ? null : s.actor.userId);
    const name =
      byUser === null ? (input.seenByName ?? '').trim() : ((await userName(s.db, byUser)) ?? '');
    if (byUser !== null && name === '')
      throw invalid([{ path: 'seenByUserId', message: 'Choose someone from Baton' }]);
    const visit = {
      visitedOn: input.visitedOn,
      seen: input.seen,
      seenAlone: input.seen ? (input.seenAlone ?? null) : null,
      notAloneReason: (input.reason ?? '').trim(),
      seenBy: name,
    };
    const problems = visitProblems(visit, { today: s.today });
    if (problems.length > 0) throw invalid(problems);
    return insertVisit(
      s.db,
      {
        childId,
        workItemId: input.workItemId ?? null,
        visitedOn: visit.visitedOn,
        seen: visit.seen,
        seenAlone: visit.seenAlone,
        reason: visit.seen && visit.seenAlone === 'yes' ? null : visit.notAloneReason || null,
        seenByName: name,
        seenByUserId: byUser,
      },
      s.actor.userId,
      s.now,
    );
  });
}

/** The child's visits, latest first (a read of the child, audited). */
export async function listChildVisits(session: Session, childId: string): Promise<VisitRow[]> {
  await session.authoriseChild(childId, 'read', { action: 'child.visit.list' });
  return listVisits(session.db, childId);
}

/** The visits page: the child's visits and the colleagues who may have visited (to choose from). */
export async function getVisitsPage(
  session: Session,
  childId: string,
): Promise<{ visits: VisitRow[]; colleagues: { userId: string; name: string }[] }> {
  const visits = await listChildVisits(session, childId);
  const colleagues = (await visitColleagues(session.db, session.actor.agencyId)).filter(
    (c) => c.userId !== session.actor.userId,
  );
  return { visits, colleagues };
}
