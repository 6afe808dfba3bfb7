/**
 * What a social worker records on statutory work (issue 14 item 6, issue 16 §1), checked before
 * it is saved: the assessment (its start, the factors identified, the findings, the primary need
 * and the manager's authorisation), the child in need plan (needs, outcomes, actions with an owner
 * and a date, the next review), a visit (was the child seen, seen alone) and the reason a CIN
 * episode closes. Pure: `today` and the dates the work began are passed in. The codes are DfE's
 * (census specification 2025-26 and 2026-27, code sets); the date rules are the census's own
 * (1103 an assessment starts on or after the referral, 8608 ends on or after it starts, 8869 "no
 * factors identified" stands alone, 8898 no factor twice).
 */
import type { ErrorDetail } from '../errors/error-catalogue.js';
import { ASSESSMENT_FACTORS, CATEGORY_OF_ABUSE, PRIMARY_NEED, isCode } from './code-sets.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const LONG_TEXT = 20_000;
const SHORT_TEXT = 500;

/** Whether the child was seen alone on a visit. */
export const SEEN_ALONE = ['yes', 'no', 'not-appropriate'] as const;
export type SeenAlone = (typeof SEEN_ALONE)[number];

/** The assessment as the social worker records it (codes are DfE's). */
export interface AssessmentInput {
  startDate: string;
  factors: readonly string[];
  findings: string;
  primaryNeed: string | null;
}

function checkDay(
  details: ErrorDetail[],
  path: string,
  value: string | null | undefined,
  label: string,
  bounds: { notBefore?: string | undefined; notAfter?: string | undefined },
): void {
  if (value === null || value === undefined || value === '') {
    details.push({ path, message: `Enter ${label.toLowerCase()}` });
    return;
  }
  if (!ISO.test(value)) {
    details.push({ path, message: `${label} must be a real date, like 27 3 2026` });
    return;
  }
  if (bounds.notAfter !== undefined && value > bounds.notAfter)
    details.push({ path, message: `${label} must be today or in the past` });
  else if (bounds.notBefore !== undefined && value < bounds.notBefore)
    details.push({ path, message: `${label} must be on or after ${bounds.notBefore}` });
}

/** The factors' problems: DfE codes only, none twice (8898), "21" on its own (8869). */
export function factorProblems(factors: readonly string[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (factors.some((f) => !isCode(ASSESSMENT_FACTORS, f)))
    details.push({ path: 'factors', message: 'Choose factors from the list' });
  else if (new Set(factors).size !== factors.length)
    details.push({ path: 'factors', message: 'Choose each factor once' });
  else if (factors.includes('21') && factors.length > 1)
    details.push({
      path: 'factors',
      message: 'Choose “No factors identified” on its own, or the factors that were identified',
    });
  return details;
}

/**
 * Problems with an assessment record. `referralOn` is the day the work began (the assessment
 * cannot start before the referral, rule 1103).
 */
export function assessmentProblems(
  input: AssessmentInput,
  at: { today: string; referralOn: string },
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  checkDay(details, 'startDate', input.startDate, 'The date the assessment started', {
    notBefore: at.referralOn,
    notAfter: at.today,
  });
  details.push(...factorProblems(input.factors));
  if (input.findings.length > LONG_TEXT)
    details.push({ path: 'findings', message: 'The findings must be 20,000 characters or fewer' });
  if (input.primaryNeed !== null && !isCode(PRIMARY_NEED, input.primaryNeed))
    details.push({ path: 'primaryNeed', message: 'Choose the primary need from the list' });
  return details;
}

/**
 * Problems with authorising an assessment: it must be complete (started, factors identified, a
 * primary need) and the authorisation on or after its start (8608) and not in the future.
 */
export function authorisationProblems(
  recorded: { startDate: string | null; factors: readonly string[]; primaryNeed: string | null },
  authorisedOn: string,
  today: string,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (recorded.startDate === null)
    details.push({ path: 'startDate', message: 'Record when the assessment started first' });
  if (recorded.factors.length === 0)
    details.push({
      path: 'factors',
      message: 'Record the factors identified (or “No factors identified”) first',
    });
  if (!isCode(PRIMARY_NEED, recorded.primaryNeed))
    details.push({ path: 'primaryNeed', message: 'Record the primary need first' });
  checkDay(details, 'authorisedOn', authorisedOn, 'The date of authorisation', {
    notBefore: recorded.startDate ?? undefined,
    notAfter: today,
  });
  return details;
}

/** One action of a child in need plan: what, who, by when. */
export interface PlanAction {
  action: string;
  owner: string;
  dueDate: string;
}

/** The child in need plan's content. */
export interface CinPlanInput {
  startDate: string;
  needs: readonly string[];
  outcomes: readonly string[];
  nextReviewDate: string | null;
}

/** Problems with a child in need plan (`openedOn`: the day the plan's work began). */
export function cinPlanProblems(
  input: CinPlanInput,
  at: { today: string; openedOn: string },
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  checkDay(details, 'startDate', input.startDate, 'The date the plan started', {
    notBefore: at.openedOn,
    notAfter: at.today,
  });
  if (input.needs.length === 0)
    details.push({ path: 'needs', message: 'Enter the child’s needs the plan meets' });
  if (input.outcomes.length === 0)
    details.push({ path: 'outcomes', message: 'Enter what the plan should achieve' });
  if ([...input.needs, ...input.outcomes].some((x) => x.length > SHORT_TEXT * 4))
    details.push({
      path: 'needs',
      message: 'Each need or outcome must be 2,000 characters or fewer',
    });
  if (input.nextReviewDate !== null)
    checkDay(details, 'nextReviewDate', input.nextReviewDate, 'The next review date', {
      notBefore: input.startDate,
    });
  return details;
}

/** Problems with a plan action. */
export function planActionProblems(input: PlanAction, at: { startDate: string }): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (input.action.trim().length < 5)
    details.push({ path: 'action', message: 'Say specifically what will be done' });
  if (input.action.length > SHORT_TEXT * 4)
    details.push({ path: 'action', message: 'The action must be 2,000 characters or fewer' });
  if (input.owner.trim() === '' || input.owner.length > SHORT_TEXT)
    details.push({ path: 'owner', message: 'Enter who will do it' });
  checkDay(details, 'dueDate', input.dueDate, 'The date it will be done by', {
    notBefore: at.startDate,
  });
  return details;
}

/** A visit to the child, as recorded. */
export interface VisitInput {
  visitedOn: string;
  seen: boolean;
  seenAlone: SeenAlone | null;
  notAloneReason: string;
  seenBy: string;
}

/** Problems with a visit record: seen alone is asked only when the child was seen. */
export function visitProblems(input: VisitInput, at: { today: string }): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  checkDay(details, 'visitedOn', input.visitedOn, 'The date of the visit', { notAfter: at.today });
  if (input.seen && input.seenAlone === null)
    details.push({ path: 'seenAlone', message: 'Say whether the child was seen alone' });
  if (
    input.seen &&
    input.seenAlone !== null &&
    input.seenAlone !== 'yes' &&
    input.notAloneReason.trim() === ''
  )
    details.push({
      path: 'notAloneReason',
      message:
        input.seenAlone === 'no'
          ? 'Say why the child was not seen alone'
          : 'Say why seeing the child alone was not appropriate',
    });
  if (!input.seen && input.notAloneReason.trim() === '')
    details.push({ path: 'notAloneReason', message: 'Say why the child was not seen' });
  if (input.notAloneReason.length > SHORT_TEXT * 4)
    details.push({
      path: 'notAloneReason',
      message: 'The reason must be 2,000 characters or fewer',
    });
  if (input.seenBy.trim() === '' || input.seenBy.length > SHORT_TEXT)
    details.push({ path: 'seenBy', message: 'Enter who visited' });
  return details;
}

/** A latest category of abuse must be a DfE code. */
export function categoryProblems(value: string): ErrorDetail[] {
  return isCode(CATEGORY_OF_ABUSE, value)
    ? []
    : [{ path: 'latestCategory', message: 'Choose the latest category of abuse from the list' }];
}
