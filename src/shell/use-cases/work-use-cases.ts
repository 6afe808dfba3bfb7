/**
 * A piece of work and its steps, for the work, triage, social care and record routes: read it,
 * ask for a step, decide a step waiting for authorisation. The journey itself is planned and
 * applied by the work repository; these hand it the request's session.
 */
import type { Role } from '../../core/access/index.js';
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

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
    today: session.ctx.now.slice(0, 10),
  });
}
