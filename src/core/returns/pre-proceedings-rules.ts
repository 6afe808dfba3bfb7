/**
 * DfE's validation rules on the 2026-27 module `PreProceedingsandFGDM` (DfE, *Children in need
 * census 2026 to 2027: validation rules*; the rule number and message as published, numbers
 * ending Q are queries). Each answers true when the child FAILS it. A 2025-26 return has no such
 * module, so none of these can fail there. Not here: 8995Q and 9000Q, which ask why no child in
 * the whole return has the module (they judge the return, not a child).
 *
 * 9007 is checked as DfE states it (a letter sent, and no answer to "was a meeting offered");
 * the open-source validator read while writing this tests the reverse.
 */
import type { CensusChild, CensusPeriod, CensusPreProceedings } from './census-model.js';
import { isPpOutcome } from './pre-proceedings-definitions.js';

/** One pre-proceedings rule, shaped like every other census rule (census-rules.ts). */
export interface PreProceedingsRule {
  id: string;
  severity: 'error' | 'query';
  message: string;
  module: 'PreProceedingsandFGDM';
  check: (child: CensusChild, period: CensusPeriod) => boolean;
}

const modules = (c: CensusChild): CensusPreProceedings[] =>
  c.episodes.flatMap((e) => e.preProceedings);
const outside = (d: string, p: CensusPeriod): boolean => d < p.start || d > p.end;

const rule = (
  id: string,
  message: string,
  fails: (m: CensusPreProceedings, p: CensusPeriod) => boolean,
): PreProceedingsRule => ({
  id,
  severity: id.endsWith('Q') ? 'query' : 'error',
  message,
  module: 'PreProceedingsandFGDM',
  check: (c, p) => modules(c).some((m) => fails(m, p)),
});

/** The per-child rules on module 5, in DfE's number order. */
export const PRE_PROCEEDINGS_RULES: readonly PreProceedingsRule[] = [
  rule(
    '9005',
    'The date of the legal planning meeting or other decision making forum where the LA made the decision to commence pre-proceedings cannot fall outside the reporting year.',
    (m, p) => outside(m.startDate, p),
  ),
  rule(
    '9006',
    'The date the letter before proceedings was sent must be within the reporting year and after the date pre-proceedings began.',
    (m, p) => m.lbpSentDate !== null && (outside(m.lbpSentDate, p) || m.lbpSentDate < m.startDate),
  ),
  rule(
    '9007',
    'You have confirmed that a letter before proceedings was sent. Please confirm whether or not a FGDM meeting was offered in the letter.',
    (m) => m.lbpSentDate !== null && m.fgdmMeetingOffered === null,
  ),
  rule(
    '9008',
    'The date of the first effective pre-proceedings meeting must be within the reporting year.',
    (m, p) => m.initialMeetingDate !== null && outside(m.initialMeetingDate, p),
  ),
  rule(
    '9009',
    'The date when the decision was made to step up or down must be on or after the date of the decision to begin pre-proceedings and must fall within the reporting year',
    (m, p) =>
      m.stepDecisionDate !== null &&
      (outside(m.stepDecisionDate, p) || m.stepDecisionDate < m.startDate),
  ),
  rule(
    '9010Q',
    'Please check: You have reported that a FGDM meeting was offered in the letter before proceedings. Please confirm whether or not a FGDM meeting was facilitated in the pre-proceedings period following this offer.',
    (m) => m.fgdmMeetingOffered === true && m.fgdmMeetingFacilitated === null,
  ),
  rule(
    '9011',
    'The outcome of the pre-proceedings must be reported using a valid value',
    (m) => m.outcome !== null && !isPpOutcome(m.outcome),
  ),
  rule(
    '9012',
    'The date that the local authority submitted the court application to commence care proceedings must fall within the reporting year and be on or after the date of the decision to initiate care proceedings.',
    (m, p) =>
      m.courtApplicationDate !== null &&
      (outside(m.courtApplicationDate, p) ||
        (m.stepDecisionDate !== null && m.courtApplicationDate < m.stepDecisionDate)),
  ),
  rule(
    '9013',
    'The date on which the letter to initiate care proceedings was sent to parents/guardians must fall within the reporting year and be on or after the date when the local authority submitted the court application to commence care proceedings.',
    (m, p) =>
      m.letterInitiatingProceedingsDate !== null &&
      (outside(m.letterInitiatingProceedingsDate, p) ||
        (m.courtApplicationDate !== null &&
          m.letterInitiatingProceedingsDate < m.courtApplicationDate)),
  ),
  rule(
    '9015Q',
    'Please check: if review meetings were held following the initial pre-proceedings meeting, the total number held should be reported.',
    (m) => m.initialMeetingDate !== null && m.reviewMeetingsCount === null,
  ),
];
