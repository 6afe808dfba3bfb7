/** The consent ledger on a child's record. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export {
  consentMethods,
  notSoughtReasons,
  notSoughtReasonText,
  purposeText,
  YOUNG_PERSON_MIN_AGE,
  type ConsentInput,
  type ConsentView,
} from '../repositories/index.js';

/** Record consent given, refused or withdrawn (or why it was not sought). */
export function recordConsent(session: Session, childId: string, input: repo.ConsentInput) {
  return repo.recordConsent(session.db, session.ctx, childId, input);
}

/** Every consent entry on the child's record and, per purpose, what holds today. */
export async function listConsents(session: Session, childId: string) {
  const consents = await repo.listConsents(session.db, session.ctx, childId);
  return { consents, current: repo.currentConsents(consents, session.today) };
}
