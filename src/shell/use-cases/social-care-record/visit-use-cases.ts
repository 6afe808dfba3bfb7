/** Visits to the child (statutory visits; Ofsted Annex A "seen", "seen alone"). */
import { visitProblems, type SeenAlone } from '../../../core/returns/index.js';
import {
  insertVisit,
  listVisits,
  loadWorkItem,
  userName,
  visitColleagues,
  type VisitRow,
} from '../../repositories/index.js';
import type { Session } from '../../session/index.js';
import { invalid } from './record-access.js';

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
