/** Merging duplicate person records, previewing a merge and undoing one (team managers). */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';
import { childDefinition } from './person-use-cases.js';

export type { MergePreview, MergeView } from '../repositories/index.js';

/** BATON_FORBIDDEN unless the actor may merge records. */
export function requireMergeRole(session: Session): Promise<void> {
  return repo.requireMergeRole(session.db, session.ctx);
}

/** Possible duplicates for a search, for a merge. */
export function findMergeCandidates(session: Session, query: repo.PersonSearch) {
  return repo.findMergeCandidates(session.db, session.ctx, query);
}

/** What merging `b` into `a` would move. */
export function previewMerge(session: Session, a: string, b: string) {
  return repo.previewMerge(session.db, session.ctx, childDefinition(session), a, b);
}

/** Merge the duplicate into the record kept, recording what moved so it can be undone. */
export function mergePeople(session: Session, input: Parameters<typeof repo.mergePeople>[2]) {
  return repo.mergePeople(session.db, session.ctx, input);
}

/** One merge, as recorded. */
export function getMerge(session: Session, id: string) {
  return repo.getMerge(session.db, session.ctx, id);
}

/** Undo a merge exactly. */
export function undoMerge(session: Session, mergeId: string) {
  return repo.undoMerge(session.db, session.ctx, mergeId);
}
