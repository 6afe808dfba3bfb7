/**
 * Who may record on a piece of social care work, and the small readers of its stored data.
 *
 * Who may record is the pack's: the roles that may ask for a step on that workflow record on it,
 * the roles that authorise its steps authorise the assessment. Access to each child is checked
 * and audited (the Session) before the kind of work is looked at.
 */
import { mayAuthorise, type Workflow } from '../../../core/journey/index.js';
import { WORKFLOW_IDS } from '../../../core/policy/index.js';
import { BatonError, type ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { firstChildOf, loadWorkItem, type WorkItem } from '../../repositories/index.js';
import type { Session } from '../../session/index.js';

/** The workflows with a recording page, and the page's path under `/work/{id}/`. */
export const RECORDING_PAGES: Readonly<Record<string, string>> = {
  [WORKFLOW_IDS.cfAssessment]: 'assessment',
  [WORKFLOW_IDS.s47]: 's47',
  [WORKFLOW_IDS.cinPlan]: 'cin-plan',
  [WORKFLOW_IDS.cpPlan]: 'cp-plan',
};

/** A refusal naming each problem by field. */
export const invalid = (details: ErrorDetail[]) => new BatonError('BATON_VALIDATION', { details });
/** A stored string, or null when absent or empty. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** The strings of a stored list. */
export const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
/** A stored object, or an empty one. */
export const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** The work, its first child and workflow, and whether the actor may record or authorise on it. */
export async function workFor(
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
  const childId = item ? firstChildOf(item) : undefined;
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

/** The work, when the actor may record (or authorise) on it; else refused and audited. */
export async function mustRecord(
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
