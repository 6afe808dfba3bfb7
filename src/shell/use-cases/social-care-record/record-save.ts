/** The one shape of a recording on a piece of social care work: checked, saved, shown again. */
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { saveWorkData, type WorkItem } from '../../repositories/index.js';
import type { Session } from '../../session/index.js';
import { mustRecord } from './record-access.js';
import { getSocialCareRecord, type SocialCareRecord } from './record-view.js';

/** Which work a recording is for, how it is audited, and who may make it. */
export interface RecordingOn {
  /** The workflow the work must be: work of another kind answers BATON_NOT_FOUND. */
  workflowId: string;
  auditAction: string;
  need?: 'record' | 'authorise';
}

/**
 * In one unit of work: refuse (audited) an actor who may not record, and work of another kind;
 * ask `change` for what to store (it throws to refuse); store it at the version the practitioner
 * read (BATON_STALE_EDIT otherwise); answer the page as it now reads.
 */
export function saveOnWork(
  session: Session,
  id: string,
  on: RecordingOn,
  version: number,
  change: (
    item: WorkItem,
    s: Session,
  ) => Record<string, Record<string, unknown>> | Promise<Record<string, Record<string, unknown>>>,
): Promise<SocialCareRecord> {
  return session.transaction(async (s) => {
    const { item } = await mustRecord(s, id, on.auditAction, on.need);
    if (item.workflowId !== on.workflowId) throw new BatonError('BATON_NOT_FOUND');
    await saveWorkData(s.db, item, await change(item, s), version);
    return getSocialCareRecord(s, id);
  });
}
