/** A child's record and its timeline. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export type { ChildRecord, TimelinePage } from '../repositories/index.js';

/** The child's record, as the deployment's pack describes it; audited as child.read. */
export function getChildRecord(
  session: Session,
  childId: string,
  options: { timelineBefore?: string | undefined; timelineLimit?: number } = {},
) {
  return repo.getChildRecord(session.db, session.ctx, session.packs, childId, {
    packId: session.packId,
    ...options,
  });
}

/** A page of the child's timeline, newest first. */
export function getTimeline(
  session: Session,
  childId: string,
  page: Parameters<typeof repo.getTimeline>[3],
) {
  return repo.getTimeline(session.db, session.ctx, childId, page);
}

/** The other children who share a parent or carer with the child, that the reader may read. */
export function getHousehold(session: Session, childId: string) {
  return repo.readHousehold(session.db, session.ctx, session.packs, childId);
}
