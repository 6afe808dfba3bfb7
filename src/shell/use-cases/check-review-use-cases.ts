/** Reading back recorded levels-of-need checks and recording a professional's judgement on one. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export type { StoredCheck } from '../repositories/index.js';

/** One recorded check the actor may see. */
export function getCheck(session: Session, id: string) {
  return repo.getCheck(session.db, session.ctx, id);
}

/** The actor's own recent checks, newest first. */
export function listMyChecks(session: Session, limit?: number) {
  return repo.listMyChecks(session.db, session.ctx, limit);
}

/** Record the level the professional judges right, with their reason when it differs. */
export function judgeCheck(
  session: Session,
  id: string,
  judgement: Parameters<typeof repo.judgeCheck>[4],
) {
  return repo.judgeCheck(session.db, session.ctx, session.packs, id, judgement);
}
