/**
 * A piece of work and its steps, for the work, triage, social care and record routes: read it,
 * ask for a step, decide a step waiting for authorisation. The journey itself is planned and
 * applied by the work repository; these hand it the request's session.
 */
import type { Role } from '../../core/access/index.js';
import { carriedValues } from '../../core/journey/index.js';
import { transitionFor, transitionsWithRole, type StepRole } from '../../core/policy/index.js';
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';
import { londonDay } from '../../core/calendar/index.js';

export {
  mayDecide,
  type TransitionOutcome,
  type TransitionRecord,
  type WorkItem,
  type WorkView,
} from '../repositories/index.js';

/** A piece of work the actor may read. */
export function getWorkItem(session: Session, id: string) {
  return repo.getWorkItem(session.db, session.ctx, session.packs, id);
}

/** The work page's view: where the work is, its deadlines, links and the next steps. */
export function getWorkView(session: Session, id: string) {
  return repo.getWorkView(session.db, session.ctx, session.packs, id);
}

/** The steps taken on a piece of work, oldest first. */
export function listWorkItemTransitions(session: Session, workItemId: string) {
  return repo.listWorkItemTransitions(session.db, session.ctx, session.packs, workItemId);
}

/** Take a step, or ask for it when someone else must authorise it. */
export function requestTransition(
  session: Session,
  request: Parameters<typeof repo.requestTransition>[3],
) {
  return repo.requestTransition(session.db, session.ctx, session.packs, request);
}

/**
 * Allocate one of the team's social workers to statutory work (a team manager of the team that
 * holds it): they lead it, its deadlines are theirs, they see the children and are told.
 */
export function allocateWorker(
  session: Session,
  workItemId: string,
  input: { userId: string; expectedVersion?: number | undefined },
) {
  return repo.allocateWorker(session.db, session.ctx, session.packs, workItemId, input);
}

/** Authorise or decline a step waiting for a decision. */
export function decideRequest(
  session: Session,
  decision: Parameters<typeof repo.decideRequest>[3],
) {
  return repo.decideRequest(session.db, session.ctx, session.packs, decision);
}

/** Practitioners who may be named lead professional (for a step that names a user). */
export function listLeadProfessionalCandidates(
  session: Session,
  family: { childIds?: readonly string[]; roles?: readonly Role[] } = {},
) {
  return repo.listLeadProfessionalCandidates(session.db, {
    ...family,
    today: londonDay(session.ctx.now),
  });
}

/**
 * What the forms of these steps start with, from what Baton holds (the pack's `carries`): the
 * first value found for each field, for checking and changing only if wrong (issue 14 §3).
 */
export async function carriedStepValues(
  session: Session,
  workItemId: string,
  transitionIds: readonly string[],
): Promise<Record<string, string>> {
  const item = await repo.getWorkItem(session.db, session.ctx, session.packs, workItemId);
  return carriedFor(session, item, transitionIds);
}

async function carriedFor(
  session: Session,
  item: repo.WorkItem,
  transitionIds: readonly string[],
): Promise<Record<string, string>> {
  const workflows = session.packs.get(item.packId)?.workflows;
  const workflow = workflows?.get(item.workflowId);
  if (!workflows || !workflow) return {};
  const steps = transitionIds.flatMap((id) => workflow.transitions.filter((t) => t.id === id));
  if (!steps.some((t) => t.carries.length > 0)) return {};
  const history = await repo.carryHistory(session.db, item.id);
  const values: Record<string, string> = {};
  for (const t of steps)
    for (const [field, value] of Object.entries(carriedValues(t, workflow.id, workflows, history)))
      values[field] ??= value;
  return values;
}

/** `carriedStepValues` for the steps with these roles from where the work is (closing, say). */
export async function carriedRoleValues(
  session: Session,
  workItemId: string,
  roles: readonly StepRole[],
): Promise<Record<string, string>> {
  const item = await repo.getWorkItem(session.db, session.ctx, session.packs, workItemId);
  const workflow = session.packs.get(item.packId)?.workflows.get(item.workflowId);
  if (!workflow) return {};
  // The step from where the work is, else any with the role (the form is shown either way).
  const ids = roles.flatMap(
    (role) =>
      (transitionFor(workflow, item.state, role) ?? transitionsWithRole(workflow, role)[0])?.id ??
      [],
  );
  return carriedFor(session, item, ids);
}
