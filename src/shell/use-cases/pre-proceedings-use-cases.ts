/**
 * Pre-proceedings under the Public Law Outline (issue 16 §1/§2): begin it on a child's open social
 * care work, then record the letter before proceedings, family group decision-making (offered,
 * held), the first and review meetings, the decision to step up or down with its outcome, and the
 * court application and letter to initiate care proceedings. The census reads the records
 * (census-repository.ts, `PreProceedingsandFGDM` from 2026-27).
 *
 * Who may record is the rule of the other recording pages: the roles that may ask for a step on
 * the social care work the pre-proceedings belong to (social workers and team managers in every
 * pack). Every read and write checks access to the child through the Session and is audited
 * (`child.pre-proceedings.*`); each write is one transaction, and a stale form is refused.
 */
import { BatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import {
  PP_MEETING_KINDS,
  SOCIAL_CARE_WORKFLOWS,
  preProceedingsProblems,
  type PpMeetingKind,
  type PreProceedingsFacts,
} from '../../core/returns/index.js';
import {
  childNameOf,
  insertPreProceedings,
  insertPreProceedingsMeeting,
  listPreProceedings,
  loadPreProceedings,
  loadWorkItem,
  updatePreProceedings,
  workFor,
  type PreProceedingsPatch,
  type PreProceedingsRow,
  type WorkItem,
} from '../repositories/index.js';
import type { Session } from '../session/index.js';

const invalid = (details: ErrorDetail[]) => new BatonError('BATON_VALIDATION', { details });
const isSocialCare = (workflowId: string): boolean =>
  (SOCIAL_CARE_WORKFLOWS as readonly string[]).includes(workflowId);

/** A piece of social care work pre-proceedings may begin under. */
export interface PreProceedingsWork {
  id: string;
  name: string;
  openedOn: string;
}

/** The child's pre-proceedings page: the records, and the open work they may begin under. */
export interface ChildPreProceedings {
  childId: string;
  childName: string;
  /** Open social care work on which the actor may record (empty: nothing may be started). */
  openWork: PreProceedingsWork[];
  records: (PreProceedingsRow & { workName: string })[];
}

/** One record for its page, with whether the actor may record on it. */
export interface PreProceedingsView {
  record: PreProceedingsRow;
  childName: string;
  work: PreProceedingsWork;
  mayRecord: boolean;
}

/** The roles that may ask for a step on this work may record on it (the recording pages' rule). */
function mayRecordOn(session: Session, item: WorkItem): boolean {
  const workflow = session.packFor(item.packId).workflows.get(item.workflowId);
  const roles = (workflow?.transitions ?? []).flatMap((t) => t.requestedBy);
  return roles.some((r) => session.actor.roles.includes(r));
}

async function refuse(session: Session, action: string, objectId: string): Promise<never> {
  await session.audit({
    action,
    objectType: 'pre-proceedings',
    objectId,
    outcome: 'refused',
    reason: 'role may not record on this work',
  });
  throw new BatonError('BATON_FORBIDDEN', {
    message:
      'Only the social workers and managers who work on the child’s social care work can record pre-proceedings.',
  });
}

const workView = (item: WorkItem): PreProceedingsWork => ({
  id: item.id,
  name: item.workflowName,
  openedOn: item.beganAt.slice(0, 10),
});

/** The child's pre-proceedings and the open social care work they may begin under (a read). */
export async function getChildPreProceedings(
  session: Session,
  childId: string,
): Promise<ChildPreProceedings> {
  await session.authoriseChild(childId, 'read', { action: 'child.pre-proceedings.list' });
  const work = await workFor(session.db, session.packs, childId);
  const openWork: PreProceedingsWork[] = [];
  for (const w of work.filter((x) => x.open && isSocialCare(x.workflowId))) {
    const item = await loadWorkItem(session.db, session.packs, w.id);
    if (item !== null && mayRecordOn(session, item)) openWork.push(workView(item));
  }
  const names = new Map(work.map((w) => [w.id, w.workflowName]));
  return {
    childId,
    childName: await childNameOf(session.db, childId),
    openWork,
    records: (await listPreProceedings(session.db, childId)).map((r) => ({
      ...r,
      workName: names.get(r.workItemId) ?? '',
    })),
  };
}

/** Begin pre-proceedings on open social care work on the child (the legal planning decision). */
export function startPreProceedings(
  session: Session,
  childId: string,
  input: { workItemId: string; startedOn: string },
): Promise<PreProceedingsRow> {
  return session.transaction(async (s) => {
    await s.authoriseChild(childId, 'write', { action: 'child.pre-proceedings.start' });
    const item = await loadWorkItem(s.db, s.packs, input.workItemId);
    if (
      item === null ||
      !item.childIds.includes(childId) ||
      !isSocialCare(item.workflowId) ||
      item.closedAt !== null
    )
      throw invalid([{ path: 'workItemId', message: 'Choose the child’s open social care work' }]);
    if (!mayRecordOn(s, item)) await refuse(s, 'child.pre-proceedings.start', childId);
    const facts: PreProceedingsFacts = {
      startedOn: input.startedOn,
      lbpSentOn: null,
      fgdmOffered: null,
      fgdmFacilitated: null,
      meetings: [],
      stepDecisionOn: null,
      outcome: null,
      courtApplicationOn: null,
      letterInitiatingOn: null,
    };
    const problems = preProceedingsProblems(facts, {
      today: s.today,
      workOpenedOn: item.beganAt.slice(0, 10),
    });
    if (problems.length > 0) throw invalid(problems);
    const id = await insertPreProceedings(
      s.db,
      { childId, workItemId: item.id, startedOn: input.startedOn },
      s.actor.userId,
      s.now,
    );
    return (await loadPreProceedings(s.db, id)) as PreProceedingsRow;
  });
}

/** The child first (refusals coded and audited), then the record, which must be the child's. */
async function recordFor(
  session: Session,
  childId: string,
  id: string,
  action: 'read' | 'write',
  auditAction: string,
): Promise<{ record: PreProceedingsRow; item: WorkItem }> {
  await session.authoriseChild(childId, action, {
    action: auditAction,
    objectType: 'pre-proceedings',
    objectId: id,
  });
  const record = await loadPreProceedings(session.db, id);
  const item =
    record === undefined ? null : await loadWorkItem(session.db, session.packs, record.workItemId);
  if (record?.childId !== childId || item === null)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'This child has no pre-proceedings with that id.',
    });
  return { record, item };
}

/** One record, for its page and the API (a read of the child, audited). */
export async function getPreProceedings(
  session: Session,
  childId: string,
  id: string,
): Promise<PreProceedingsView> {
  const { record, item } = await recordFor(
    session,
    childId,
    id,
    'read',
    'child.pre-proceedings.read',
  );
  return {
    record,
    childName: await childNameOf(session.db, record.childId),
    work: workView(item),
    mayRecord: mayRecordOn(session, item),
  };
}

/**
 * Record what has happened since: any of the letter, FGDM answers, decision and outcome, court
 * application and letter to initiate proceedings (null clears an item). Checked as a whole, so the
 * dates keep DfE's order (rules 9006, 9009, 9012, 9013).
 */
export function recordPreProceedings(
  session: Session,
  childId: string,
  id: string,
  input: PreProceedingsPatch & { version: number },
): Promise<PreProceedingsView> {
  return session.transaction(async (s) => {
    const { record, item } = await recordFor(
      s,
      childId,
      id,
      'write',
      'child.pre-proceedings.record',
    );
    if (!mayRecordOn(s, item)) await refuse(s, 'child.pre-proceedings.record', id);
    const { version, ...patch } = input;
    const next = patched(record, patch);
    const problems = preProceedingsProblems(next, {
      today: s.today,
      workOpenedOn: item.beganAt.slice(0, 10),
    });
    if (problems.length > 0) throw invalid(problems);
    await updatePreProceedings(s.db, id, patch, version, s.actor.userId, s.now);
    return getPreProceedings(s, childId, id);
  });
}

/** The record with the items the patch gives (an item it leaves out keeps its value). */
function patched(r: PreProceedingsFacts, p: PreProceedingsPatch): PreProceedingsFacts {
  const keep = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
  return {
    ...r,
    lbpSentOn: keep(p.lbpSentOn, r.lbpSentOn),
    fgdmOffered: keep(p.fgdmOffered, r.fgdmOffered),
    fgdmFacilitated: keep(p.fgdmFacilitated, r.fgdmFacilitated),
    stepDecisionOn: keep(p.stepDecisionOn, r.stepDecisionOn),
    outcome: keep(p.outcome, r.outcome),
    courtApplicationOn: keep(p.courtApplicationOn, r.courtApplicationOn),
    letterInitiatingOn: keep(p.letterInitiatingOn, r.letterInitiatingOn),
  };
}

/** Record a pre-proceedings meeting: the first, or a review (counted for the census). */
export function addPreProceedingsMeeting(
  session: Session,
  childId: string,
  id: string,
  input: { kind: PpMeetingKind; heldOn: string; version: number },
): Promise<PreProceedingsView> {
  return session.transaction(async (s) => {
    const { record, item } = await recordFor(
      s,
      childId,
      id,
      'write',
      'child.pre-proceedings.meeting',
    );
    if (!mayRecordOn(s, item)) await refuse(s, 'child.pre-proceedings.meeting', id);
    if (!(PP_MEETING_KINDS as readonly string[]).includes(input.kind))
      throw invalid([{ path: 'kind', message: 'Choose the first meeting or a review' }]);
    const meetings = [...record.meetings, { kind: input.kind, heldOn: input.heldOn }];
    const problems = preProceedingsProblems(
      { ...record, meetings },
      { today: s.today, workOpenedOn: item.beganAt.slice(0, 10) },
    ).map((d) =>
      d.path === `meetings.${String(meetings.length - 1)}.heldOn` ? { ...d, path: 'heldOn' } : d,
    );
    if (problems.length > 0) throw invalid(problems);
    await insertPreProceedingsMeeting(
      s.db,
      id,
      { kind: input.kind, heldOn: input.heldOn },
      input.version,
      s.actor.userId,
      s.now,
    );
    return getPreProceedings(s, childId, id);
  });
}
