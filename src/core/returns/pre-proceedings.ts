/**
 * A child's pre-proceedings (PLO) record: what the social worker and manager record, the checks
 * before it is saved, and the census module it becomes (2026-27 CIN census,
 * `PreProceedingsandFGDM`). Pure: `today`, the day the work began and the census period are
 * passed in. The items and code lists are data (pre-proceedings-definitions.ts); the date orders
 * enforced here are DfE's own rules (9006, 9009, 9012, 9013), so a record Baton accepts cannot fail
 * them, and the meetings follow the letter that invites the parents to them (PD12A; DfE 2014).
 */
import type { ErrorDetail } from '../errors/error-catalogue.js';
import type { CensusPeriod, CensusPreProceedings } from './census-model.js';
import { PRE_PROCEEDINGS, isPpOutcome, type PpOutcome } from './pre-proceedings-definitions.js';

/** A pre-proceedings meeting: the first (initial) or a review. */
export const PP_MEETING_KINDS = ['initial', 'review'] as const;
export type PpMeetingKind = (typeof PP_MEETING_KINDS)[number];

/** A pre-proceedings record as stored (dates YYYY-MM-DD; null: not recorded yet). */
export interface PreProceedingsFacts {
  startedOn: string;
  lbpSentOn: string | null;
  fgdmOffered: boolean | null;
  fgdmFacilitated: boolean | null;
  meetings: readonly { kind: PpMeetingKind; heldOn: string }[];
  stepDecisionOn: string | null;
  outcome: PpOutcome | null;
  courtApplicationOn: string | null;
  letterInitiatingOn: string | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (s: string): boolean => {
  if (!ISO.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};
const labelOf = (element: string): string =>
  PRE_PROCEEDINGS.items.find((i) => i.element === element)?.label ?? element;

function checkDay(
  details: ErrorDetail[],
  path: string,
  value: string | null,
  element: string,
  bounds: { today: string; after?: { day: string | null; what: string }[]; label?: string },
): void {
  if (value === null) return;
  const label = bounds.label ?? labelOf(element);
  if (value === '') {
    details.push({ path, message: `${label}: enter the date` });
    return;
  }
  if (!realDay(value)) {
    details.push({ path, message: `${label}: enter a real date, like 27 3 2026` });
    return;
  }
  if (value > bounds.today) {
    details.push({ path, message: `${label}: the date must be today or in the past` });
    return;
  }
  const before = (bounds.after ?? []).find((a) => a.day !== null && value < a.day);
  if (before !== undefined)
    details.push({ path, message: `${label}: the date must be on or after ${before.what}` });
}

/**
 * What is wrong with a pre-proceedings record, field by field. `workOpenedOn` is the day the
 * social care work it belongs to began: pre-proceedings cannot begin before it.
 */
export function preProceedingsProblems(
  r: PreProceedingsFacts,
  at: { today: string; workOpenedOn: string },
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  checkDay(details, 'startedOn', r.startedOn, 'PPStartDate', {
    today: at.today,
    after: [{ day: at.workOpenedOn, what: 'the day the social care work began' }],
  });
  const start = { day: r.startedOn, what: 'the day pre-proceedings began' };
  checkDay(details, 'lbpSentOn', r.lbpSentOn, 'LBPSentDate', { today: at.today, after: [start] });
  // Rule 9007: the letter offers a family group decision-making meeting or it does not.
  if (r.lbpSentOn !== null && r.fgdmOffered === null)
    details.push({
      path: 'fgdmOffered',
      message:
        'Say whether the letter before proceedings offered a family group decision-making meeting',
    });
  const letter = { day: r.lbpSentOn, what: 'the day the letter before proceedings was sent' };
  const initial = r.meetings.filter((m) => m.kind === 'initial');
  if (initial.length > 1)
    details.push({ path: 'meetings', message: 'Record the first pre-proceedings meeting once' });
  const first = initial[0]?.heldOn ?? null;
  r.meetings.forEach((m, i) => {
    checkDay(details, `meetings.${String(i)}.heldOn`, m.heldOn, 'InitialPPMeetingDate', {
      today: at.today,
      label: m.kind === 'initial' ? labelOf('InitialPPMeetingDate') : 'Review meeting',
      after:
        m.kind === 'initial'
          ? [start, letter]
          : [start, letter, { day: first, what: 'the first pre-proceedings meeting' }],
    });
  });
  if (r.meetings.some((m) => m.kind === 'review') && first === null)
    details.push({
      path: 'meetings',
      message: 'Record the first pre-proceedings meeting before its reviews',
    });
  checkDay(details, 'stepDecisionOn', r.stepDecisionOn, 'StepDecisionDate', {
    today: at.today,
    after: [start],
  });
  if (r.outcome !== null && !isPpOutcome(r.outcome))
    details.push({ path: 'outcome', message: 'Choose the outcome from the list' });
  if ((r.outcome === null) !== (r.stepDecisionOn === null))
    details.push(
      r.outcome === null
        ? { path: 'outcome', message: 'Choose the outcome decided on the step decision date' }
        : { path: 'stepDecisionOn', message: 'Enter the date the outcome was decided' },
    );
  const decision = { day: r.stepDecisionOn, what: 'the decision to step up or down' };
  checkDay(details, 'courtApplicationOn', r.courtApplicationOn, 'CourtAppDate', {
    today: at.today,
    after: [start, decision],
  });
  if (r.courtApplicationOn !== null && r.stepDecisionOn === null)
    details.push({
      path: 'courtApplicationOn',
      message: 'Record the decision to start care proceedings before the court application',
    });
  checkDay(details, 'letterInitiatingOn', r.letterInitiatingOn, 'LetterInitCPDate', {
    today: at.today,
    after: [start, { day: r.courtApplicationOn, what: 'the court application' }],
  });
  if (r.letterInitiatingOn !== null && r.courtApplicationOn === null)
    details.push({
      path: 'letterInitiatingOn',
      message: 'Record the court application before the letter to initiate care proceedings',
    });
  return details;
}

const upTo = (day: string | null, end: string): string | null =>
  day !== null && day <= end ? day : null;

/**
 * The census module for one record, as it stood at the end of the period, or null when it is not
 * returned: the module exists from the definitions' first census year, and only pre-proceedings
 * begun in the year are returned (rule 9005: PPStartDate must fall within the year).
 */
export function censusPreProceedingsOf(
  r: PreProceedingsFacts,
  period: CensusPeriod,
): CensusPreProceedings | null {
  if (period.year < PRE_PROCEEDINGS.firstCensusYear) return null;
  if (r.startedOn < period.start || r.startedOn > period.end) return null;
  const end = period.end;
  const initial = r.meetings
    .filter((m) => m.kind === 'initial' && m.heldOn <= end)
    .map((m) => m.heldOn)
    .sort()[0];
  const reviews = r.meetings.filter((m) => m.kind === 'review' && m.heldOn <= end).length;
  const lbp = upTo(r.lbpSentOn, end);
  const decision = upTo(r.stepDecisionOn, end);
  const court = upTo(r.courtApplicationOn, end);
  return {
    startDate: r.startedOn,
    lbpSentDate: lbp,
    // The FGDM answers are recorded with the letter and after it; none is returned without it.
    fgdmMeetingOffered: lbp === null ? null : r.fgdmOffered,
    fgdmMeetingFacilitated: lbp === null ? null : r.fgdmFacilitated,
    initialMeetingDate: initial ?? null,
    // Rule 9015Q: once the first meeting is held, the number of reviews is reported (0 too).
    reviewMeetingsCount: initial === undefined && reviews === 0 ? null : reviews,
    stepDecisionDate: decision,
    outcome: decision === null ? null : r.outcome,
    courtApplicationDate: decision === null ? null : court,
    letterInitiatingProceedingsDate: court === null ? null : upTo(r.letterInitiatingOn, end),
  };
}
