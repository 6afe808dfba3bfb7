/** A child's record and its timeline. */
import { SOCIAL_CARE_WORKFLOWS } from '../../core/returns/index.js';
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';
import { censusCheckOfRecord, type CensusCheck } from './returns-use-cases.js';

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

/** The child record page's data: the record, and the census check when one was run. */
export interface ChildRecordPage {
  record: repo.ChildRecord;
  /** null for a child with no social care work (in no census), or a merged record. */
  census: CensusCheck | null;
}

/**
 * The child record page: the record (checked and audited as child.read) and, for a child with
 * social care work, the census rules on the record as it stands (issue 16 §2), from the record's
 * own person row. A child with no social care work is in no census: no check is run or audited.
 */
export async function getChildRecordPage(
  session: Session,
  childId: string,
  options: { timelineBefore?: string | undefined } = {},
): Promise<ChildRecordPage> {
  const record = await getChildRecord(session, childId, options);
  const socialCare = record.work.some((w) =>
    (SOCIAL_CARE_WORKFLOWS as readonly string[]).includes(w.workflowId),
  );
  // The census leaves merged records out (census-repository.ts): so does the record's check.
  const census =
    socialCare && record.child.mergedInto === null
      ? await censusCheckOfRecord(session, record)
      : null;
  return { record, census };
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

/**
 * The household around the child (issue 14 §4): its children and adults, with parental
 * responsibility and each child's open work and level; children the reader may not read are left
 * out. Audited as child.family.read.
 */
export function getFamily(session: Session, childId: string) {
  return repo.readFamily(session.db, session.ctx, session.packs, childId);
}

/**
 * What Baton already holds for an Early Help Assessment's first questions (issue 14 §3): the
 * household (the adults with their relationship and parental responsibility, the brothers and
 * sisters) and the agencies around the child now. The practitioner checks it and corrects it,
 * rather than typing it again. Empty strings where Baton holds nothing.
 */
export async function assessmentStartingPoint(
  session: Session,
  childId: string,
): Promise<{ family: string; otherAgencies: string }> {
  const record = await getChildRecord(session, childId, { timelineLimit: 1 });
  const siblings = await getHousehold(session, childId);
  const adults = record.relatedAdults.map(
    (a) =>
      `${a.name} (${a.relationship}${a.parentalResponsibility ? ', parental responsibility' : ''}${
        a.livesWithChild ? ', lives with the child' : ', lives elsewhere'
      })`,
  );
  const lines = [
    adults.length > 0 ? `Parents and carers: ${adults.join('; ')}.` : '',
    siblings.length > 0 ? `Brothers and sisters: ${siblings.map((s) => s.name).join('; ')}.` : '',
  ].filter((l) => l !== '');
  const agencies = [
    ...new Set(record.teamAroundTheChild.filter((t) => t.to === null).map((t) => t.agencyName)),
  ];
  return { family: lines.join('\n'), otherAgencies: agencies.join('; ') };
}
