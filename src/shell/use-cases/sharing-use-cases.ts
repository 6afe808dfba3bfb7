/** Information-sharing decisions on a child's record. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export {
  lawfulBases,
  lawfulBasisText,
  type LawfulBasis,
  type SharingInput,
  type SharingView,
} from '../repositories/index.js';

/** Record a decision to share (or not), with its lawful basis. */
export function recordSharingDecision(session: Session, childId: string, input: repo.SharingInput) {
  return repo.recordSharingDecision(session.db, session.ctx, childId, input);
}

/** The sharing decisions on the child's record. */
export function listSharingDecisions(session: Session, childId: string) {
  return repo.listSharingDecisions(session.db, session.ctx, childId);
}
