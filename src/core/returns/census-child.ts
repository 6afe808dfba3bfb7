/** A child's census record from their Baton record and work (pure). */
import {
  DISABILITY,
  ETHNICITY,
  SEX,
  UPN_UNKNOWN,
  isCode,
  type DisabilityCode,
} from './code-sets.js';
import { deriveEpisodes, type CensusWork } from './cin-episodes.js';
import type { CensusChild, CensusPeriod } from './census-model.js';

/** What the census reads from the child's record (people row, migration 0017 columns). */
export interface CensusRecordFacts {
  id: string;
  localId: string | null;
  upn: string | null;
  formerUpn: string | null;
  upnUnknownReason: string | null;
  dateOfBirth: string | null;
  expectedDate: string | null;
  sex: string | null;
  ethnicity: string | null;
  /** DfE disability codes, or null when not recorded. */
  disabilities: readonly string[] | null;
  dateOfDeath: string | null;
}

/**
 * The LA child id: the authority's own id when it is one DfE accepts (at most 20 letters and
 * digits, rules 1570 and 1580), else one made from Baton's record id (B and 19 hex digits of
 * the UUID: unique in practice, stable, and traceable to the record).
 */
export function laChildIdOf(r: Pick<CensusRecordFacts, 'id' | 'localId'>): string {
  if (r.localId !== null && /^[A-Za-z0-9]{1,20}$/.test(r.localId)) return r.localId;
  return `B${r.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 19)}`;
}

/** The child's census record, or null when the child had no CIN episode in the period. */
export function censusChild(
  record: CensusRecordFacts,
  work: readonly CensusWork[],
  period: CensusPeriod,
): CensusChild | null {
  const episodes = deriveEpisodes(work, period, record.dateOfDeath);
  if (episodes.length === 0) return null;
  // A child born after the reference date was unborn on it: the census returns them as they
  // stood then (expected date of birth, sex U: rules 8520 and 8750), never a later birth date.
  const bornLater = record.dateOfBirth !== null && record.dateOfBirth > period.end;
  const birthDate = bornLater ? null : record.dateOfBirth;
  return {
    recordId: record.id,
    laChildId: laChildIdOf(record),
    upn: record.upn,
    formerUpn: record.formerUpn,
    upnUnknown:
      record.upn === null && isCode(UPN_UNKNOWN, record.upnUnknownReason)
        ? record.upnUnknownReason
        : null,
    birthDate,
    expectedBirthDate: birthDate === null ? (record.expectedDate ?? record.dateOfBirth) : null,
    sex: bornLater ? 'U' : isCode(SEX, record.sex) ? record.sex : null,
    deathDate: record.dateOfDeath,
    ethnicity: isCode(ETHNICITY, record.ethnicity) ? record.ethnicity : null,
    disabilities: (record.disabilities ?? []).filter((d): d is DisabilityCode =>
      isCode(DISABILITY, d),
    ),
    episodes,
  };
}
