/** Reading the audit trail (auditors only: the repository refuses everyone else). */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export type { AuditEventView, AuditQuery } from '../repositories/index.js';

/** Audit events matching the query, newest first. */
export function searchAudit(session: Session, query: repo.AuditQuery) {
  return repo.searchAudit(session.db, session.ctx, query);
}
