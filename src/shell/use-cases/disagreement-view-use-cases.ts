/** Reading disagreements (raising and stepping them is in disagreement-use-cases.ts). */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export type { AgencyDisagreement, DecidedStep, DisagreementView } from '../repositories/index.js';

/** One disagreement, with its steps, deadlines and what may happen next. */
export function readDisagreement(session: Session, id: string) {
  return repo.readDisagreement(session.db, session.ctx, session.packs, id);
}

/** Decisions on the child that a professional may disagree with. */
export function decisionsOnChild(session: Session, childId: string) {
  return repo.decisionsOnChild(session.db, session.ctx, session.packs, childId);
}

/** Disagreements raised by or against the actor's agency, or null when it has none to see. */
export function listAgencyDisagreements(session: Session) {
  return repo.listAgencyDisagreements(session.db, session.ctx, session.packs);
}
