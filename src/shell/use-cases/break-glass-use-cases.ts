/** Emergency ("break glass") access to a child's record, and its review. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export { mayUseBreakGlass, type BreakGlassUse } from '../repositories/index.js';

/** Open the child's record in an emergency, with the reason (reviewed later). */
export function breakGlass(session: Session, childId: string, reason: string): Promise<void> {
  return repo.useEmergencyAccess(session.db, session.ctx, childId, reason);
}

/** Emergency access uses for review, and whether the actor may review them. */
export function listBreakGlassUses(
  session: Session,
  options: Parameters<typeof repo.listBreakGlassUses>[2] = {},
) {
  return repo.listBreakGlassUses(session.db, session.ctx, options);
}

/** Mark a use of emergency access as reviewed. */
export function reviewBreakGlass(session: Session, id: string): Promise<void> {
  return repo.reviewBreakGlass(session.db, session.ctx, id);
}
