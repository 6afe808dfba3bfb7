/**
 * DfE's validation rules for the Children in Need census, as pure checks of one census child.
 * Each rule carries DfE's number and message (DfE, *Children in need census 2025 to 2026:
 * validation rules*; numbers ending Q are queries, to be checked and explained, the rest errors
 * that must be fixed). `check` answers true when the child FAILS the rule. Rules that compare
 * across the whole return (8510 duplicate LA child ids, 1520 duplicate UPNs, 2886Q, 2887Q) are
 * in census-return-rules.ts.
 */
import { upnCheckLetter } from '../people/identifiers.js';
import type { CensusChild, CensusCpPlan, CensusEpisode, CensusPeriod } from './census-model.js';
import { PRE_PROCEEDINGS_RULES } from './pre-proceedings-rules.js';

export type RuleSeverity = 'error' | 'query';

/** One DfE rule over one child. */
export interface CensusRule {
  /** DfE's rule number, with Q for a query. */
  id: string;
  severity: RuleSeverity;
  /** DfE's message. */
  message: string;
  /** The census module the rule reads (DfE's "module" column). */
  module:
    | 'ChildIdentifiers'
    | 'ChildCharacteristics'
    | 'CINdetails'
    | 'Assessments'
    | 'CINPlanDates'
    | 'Section47'
    | 'ChildProtectionPlans'
    | 'PreProceedingsandFGDM';
  check: (child: CensusChild, period: CensusPeriod) => boolean;
}

const eps = (c: CensusChild): CensusEpisode[] => c.episodes;
const any = <T>(list: readonly T[], f: (x: T) => boolean): boolean => list.some(f);
const inYear = (d: string, p: CensusPeriod): boolean => d >= p.start && d <= p.end;
/** Two date ranges overlap (an open end runs on; touching ends do not overlap). */
const overlaps = (
  a: { s: string; e: string | null },
  b: { s: string; e: string | null },
): boolean => a.s < (b.e ?? '9999-12-31') && b.s < (a.e ?? '9999-12-31');
const pairs = <T>(list: readonly T[]): [T, T][] =>
  list.flatMap((a, i) => list.slice(i + 1).map((b): [T, T] => [a, b]));
const dupes = (list: readonly string[]): boolean => new Set(list).size !== list.length;
const isWeekend = (d: string): boolean => {
  const day = new Date(`${d}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};
const addDays = (d: string, n: number): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const addYears = (d: string, n: number): string =>
  `${String(Number(d.slice(0, 4)) + n)}${d.slice(4)}`;
const cpPlans = (c: CensusChild): CensusCpPlan[] => eps(c).flatMap((e) => e.cpPlans);
const unborn = (c: CensusChild): boolean => c.birthDate === null && c.expectedBirthDate !== null;
const isOpen = (e: CensusEpisode): boolean => e.closureDate === null;
const afterAssessment = (e: CensusEpisode): boolean =>
  e.closureReason === 'RC8' || e.closureReason === 'RC9';

const rule = (
  id: string,
  module: CensusRule['module'],
  message: string,
  check: CensusRule['check'],
): CensusRule => ({ id, severity: id.endsWith('Q') ? 'query' : 'error', module, message, check });

/** Every per-child rule Baton checks, by module, in DfE's number order within each. */
export const CENSUS_RULES: readonly CensusRule[] = [
  // ChildIdentifiers
  rule(
    '1510',
    'ChildIdentifiers',
    'UPN invalid (wrong check letter at character 1)',
    (c) =>
      c.upn !== null &&
      /^.\d{11}.$/.test(c.upn) &&
      upnCheckLetter(c.upn.slice(1)) !== c.upn.charAt(0),
  ),
  rule(
    '1540',
    'ChildIdentifiers',
    'UPN invalid (characters 5-12 not all numeric)',
    (c) => c.upn !== null && !/^\d{8}$/.test(c.upn.slice(4, 12)),
  ),
  rule(
    '1550',
    'ChildIdentifiers',
    'UPN invalid (character 13 not a recognised value)',
    (c) => c.upn !== null && !/^[0-9A-HJ-NP-RT-Z]$/.test(c.upn.charAt(12)),
  ),
  rule(
    '1560Q',
    'ChildIdentifiers',
    'Please check and either amend or provide a reason: Former UPN wrongly formatted',
    (c) => c.formerUpn !== null && !/^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/.test(c.formerUpn),
  ),
  rule(
    '1570',
    'ChildIdentifiers',
    'LA Child ID must not be longer than 20 characters',
    (c) => c.laChildId.length > 20,
  ),
  rule(
    '1580',
    'ChildIdentifiers',
    'LA Child ID must not contain any non-alphanumeric characters',
    (c) => !/^[A-Za-z0-9]*$/.test(c.laChildId),
  ),
  rule(
    '4180',
    'ChildIdentifiers',
    'Sex must be provided and equal M, F, or U',
    (c) => c.sex === null,
  ),
  rule('8500', 'ChildIdentifiers', 'LA Child ID missing', (c) => c.laChildId.trim() === ''),
  rule(
    '8520',
    'ChildIdentifiers',
    'Date of Birth is after data collection period (must be on or before the end of the census period)',
    (c, p) => c.birthDate !== null && c.birthDate > p.end,
  ),
  rule(
    '8525Q',
    'ChildIdentifiers',
    'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    (c) => (c.birthDate === null) === (c.expectedBirthDate === null),
  ),
  rule(
    '8535Q',
    'ChildIdentifiers',
    'Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth',
    (c) => c.deathDate !== null && c.birthDate !== null && c.deathDate < c.birthDate,
  ),
  rule(
    '8545Q',
    'ChildIdentifiers',
    "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
    (c, p) => c.deathDate !== null && !inYear(c.deathDate, p),
  ),
  rule(
    '8750',
    'ChildIdentifiers',
    'Sex must equal U for an unborn child',
    (c) => unborn(c) && c.sex !== null && c.sex !== 'U',
  ),
  rule(
    '8770Q',
    'ChildIdentifiers',
    'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.',
    (c, p) =>
      // School age: 6 or over at the reference date (UN1 is "under 6 and not yet in school").
      c.upn === null &&
      c.birthDate !== null &&
      addYears(c.birthDate, 6) <= p.end &&
      (c.upnUnknown === null || c.upnUnknown === 'UN1'),
  ),
  rule(
    '8772',
    'ChildIdentifiers',
    'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
    (c) => c.upnUnknown === 'UN7' && any(eps(c), (e) => !e.referralNfa),
  ),
  rule(
    '8775Q',
    'ChildIdentifiers',
    'Please check and either amend data or provide a reason: Child is over 25 years old',
    (c, p) => c.birthDate !== null && addYears(c.birthDate, 25) <= p.end,
  ),
  // ChildCharacteristics
  rule(
    '4220',
    'ChildCharacteristics',
    'Ethnicity is missing or invalid (see Ethnicity table)',
    (c) => c.ethnicity === null,
  ),
  rule(
    '8540',
    'ChildCharacteristics',
    'Child’s disability is missing or invalid (see Disability table)',
    (c) => c.disabilities.length === 0,
  ),
  rule(
    '8790',
    'ChildCharacteristics',
    'Disability information includes both None and other values',
    (c) => c.disabilities.includes('NONE') && c.disabilities.length > 1,
  ),
  rule(
    '8794',
    'ChildCharacteristics',
    'Child has two or more disabilities with the same code',
    (c) => dupes(c.disabilities),
  ),
  // CINdetails
  rule(
    '8555Q',
    'CINdetails',
    'Child cannot be referred after its recorded date of death',
    (c) => c.deathDate !== null && any(eps(c), (e) => e.referralDate > (c.deathDate ?? '')),
  ),
  rule(
    '8585Q',
    'CINdetails',
    'Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
    (c) => c.deathDate === null && any(eps(c), (e) => e.closureReason === 'RC2'),
  ),
  rule(
    '8590',
    'CINdetails',
    'Child does not have a recorded CIN episode.',
    (c) => eps(c).length === 0,
  ),
  rule(
    '8600',
    'CINdetails',
    'Child referral date missing or after data collection period',
    (c, p) => any(eps(c), (e) => e.referralDate === '' || e.referralDate > p.end),
  ),
  rule(
    '8606',
    'CINdetails',
    'Child referral date is more than 40 weeks before DOB or expected DOB',
    (c) => {
      const born = c.birthDate ?? c.expectedBirthDate;
      return born !== null && any(eps(c), (e) => e.referralDate < addDays(born, -280));
    },
  ),
  rule(
    '8610',
    'CINdetails',
    'Primary Need code is missing for a referral which led to further action.',
    (c) => any(eps(c), (e) => !e.referralNfa && e.primaryNeed === null),
  ),
  rule(
    '8620',
    'CINdetails',
    'CIN Closure Date present and does not fall within the Census year',
    (c, p) => any(eps(c), (e) => e.closureDate !== null && !inYear(e.closureDate, p)),
  ),
  rule(
    '8630',
    'CINdetails',
    'CIN Closure Date is before CIN Referral Date for the same CIN episode',
    (c) => any(eps(c), (e) => e.closureDate !== null && e.closureDate < e.referralDate),
  ),
  rule(
    '8805',
    'CINdetails',
    'A CIN case cannot have a CIN closure date without a Reason for Closure',
    (c) => any(eps(c), (e) => e.closureDate !== null && e.closureReason === null),
  ),
  rule(
    '8810',
    'CINdetails',
    'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
    (c) => any(eps(c), (e) => e.closureDate === null && e.closureReason !== null),
  ),
  rule(
    '8815',
    'CINdetails',
    'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    (c) => eps(c).filter((e) => isOpen(e) && !e.referralNfa).length > 1,
  ),
  rule(
    '8816',
    'CINdetails',
    'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
    (c) => {
      const latest = eps(c).reduce((a, e) => (e.referralDate > a ? e.referralDate : a), '');
      return any(eps(c), (e) => isOpen(e) && !e.referralNfa && e.referralDate < latest);
    },
  ),
  rule('8820', 'CINdetails', 'The dates on the CIN episodes for this child overlap', (c) =>
    any(pairs(eps(c)), ([a, b]) =>
      overlaps({ s: a.referralDate, e: a.closureDate }, { s: b.referralDate, e: b.closureDate }),
    ),
  ),
  rule(
    '8825Q',
    'CINdetails',
    'Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.',
    (c) => any(eps(c), (e) => afterAssessment(e) && e.assessments.length === 0),
  ),
  rule('8866', 'CINdetails', 'Source of Referral is missing or an invalid code', (c) =>
    any(eps(c), (e) => e.referralSource === null),
  ),
  rule(
    '2990',
    'CINdetails',
    "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
    (c) =>
      any(
        eps(c),
        (e) =>
          afterAssessment(e) &&
          (e.cinPlans.length > 0 || e.section47s.length > 0 || e.cpPlans.length > 0),
      ),
  ),
  rule(
    '2991Q',
    'CINdetails',
    'Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode',
    (c) => any(eps(c), (e) => e.section47s.length > 0 && e.assessments.length === 0),
  ),
  rule(
    '8831',
    'CINdetails',
    'Activity is recorded against a case marked as a referral with no further action',
    (c) =>
      any(eps(c), (e) => e.referralNfa && (e.assessments.length > 0 || e.section47s.length > 0)),
  ),
  rule(
    '4000',
    'CINdetails',
    'CIN Plan details provided for a referral with no further action',
    (c) => any(eps(c), (e) => e.referralNfa && e.cinPlans.length > 0),
  ),
  rule(
    '8832',
    'CINdetails',
    'Child Protection details provided for a referral with no further action.',
    (c) => any(eps(c), (e) => e.referralNfa && e.cpPlans.length > 0),
  ),
  rule(
    '8867',
    'CINdetails',
    'CIN episode is shown as closed, however Assessment is not shown as completed',
    (c) =>
      any(eps(c), (e) => !isOpen(e) && any(e.assessments, (a) => a.authorisationDate === null)),
  ),
  rule(
    '8868',
    'CINdetails',
    'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
    (c) =>
      any(
        eps(c),
        (e) =>
          !isOpen(e) && any(e.section47s, (s) => s.dateOfInitialCpc === null && !s.icpcNotRequired),
      ),
  ),
  rule(
    '8873Q',
    'CINdetails',
    "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
    (c) =>
      any(eps(c), (e) => {
        const only = e.assessments.length === 1 ? e.assessments[0] : undefined;
        return (
          only !== undefined &&
          only.authorisationDate !== null &&
          only.factors.includes('21') &&
          e.closureDate !== null &&
          !afterAssessment(e)
        );
      }),
  ),
  // Assessments
  rule('1103', 'Assessments', 'The assessment start date cannot be before the referral date', (c) =>
    any(eps(c), (e) => any(e.assessments, (a) => a.actualStartDate < e.referralDate)),
  ),
  rule('8608', 'Assessments', 'Assessment Start Date cannot be later than its End Date', (c) =>
    any(eps(c), (e) =>
      any(
        e.assessments,
        (a) => a.authorisationDate !== null && a.actualStartDate > a.authorisationDate,
      ),
    ),
  ),
  rule(
    '8614',
    'Assessments',
    'Parental or child factors at assessment should only be present for a completed assessment.',
    (c) =>
      any(eps(c), (e) =>
        any(e.assessments, (a) => a.authorisationDate === null && a.factors.length > 0),
      ),
  ),
  rule('8696', 'Assessments', 'Assessment end date must fall within the census year', (c, p) =>
    any(eps(c), (e) =>
      any(e.assessments, (a) => a.authorisationDate !== null && !inYear(a.authorisationDate, p)),
    ),
  ),
  rule(
    '8736',
    'Assessments',
    'For an Assessment that has not been completed, the start date must fall within the census year',
    (c, p) =>
      any(eps(c), (e) =>
        any(e.assessments, (a) => a.authorisationDate === null && !inYear(a.actualStartDate, p)),
      ),
  ),
  rule(
    '8863Q',
    'Assessments',
    'An Assessment is shown as starting when there is another Assessment ongoing.',
    (c) =>
      any(eps(c), (e) =>
        any(pairs(e.assessments), ([a, b]) =>
          overlaps(
            { s: a.actualStartDate, e: a.authorisationDate },
            { s: b.actualStartDate, e: b.authorisationDate },
          ),
        ),
      ),
  ),
  rule(
    '8869',
    'Assessments',
    'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
    (c) =>
      any(eps(c), (e) =>
        any(e.assessments, (a) => a.factors.includes('21') && a.factors.length > 1),
      ),
  ),
  rule(
    '8896',
    'Assessments',
    'Within one CINDetails group there are 2 or more open Assessments groups',
    (c) => any(eps(c), (e) => e.assessments.filter((a) => a.authorisationDate === null).length > 1),
  ),
  rule(
    '8897Q',
    'Assessments',
    'Parental or child factors at assessment information is missing from a completed assessment',
    (c, p) =>
      any(eps(c), (e) =>
        any(
          e.assessments,
          (a) =>
            a.authorisationDate !== null &&
            a.authorisationDate >= p.start &&
            a.factors.length === 0,
        ),
      ),
  ),
  rule(
    '8898',
    'Assessments',
    ' The assessment has more than one parental or child factors with the same code',
    (c) => any(eps(c), (e) => any(e.assessments, (a) => dupes(a.factors))),
  ),
  // CINPlanDates
  rule(
    '4001',
    'CINPlanDates',
    'A CIN Plan cannot run concurrently with a Child Protection Plan',
    (c) =>
      any(eps(c), (e) =>
        any(e.cinPlans, (cin) =>
          any(e.cpPlans, (cp) =>
            overlaps({ s: cin.startDate, e: cin.endDate }, { s: cp.startDate, e: cp.endDate }),
          ),
        ),
      ),
  ),
  rule(
    '4004',
    'CINPlanDates',
    'This child is showing more than one open CIN Plan, i.e. with no End Date',
    (c) =>
      eps(c)
        .flatMap((e) => e.cinPlans)
        .filter((p) => p.endDate === null).length > 1,
  ),
  rule(
    '4008',
    'CINPlanDates',
    'CIN Plan shown as starting after the child’s Date of Death.',
    (c) =>
      c.deathDate !== null &&
      any(eps(c), (e) => any(e.cinPlans, (p) => p.startDate > (c.deathDate ?? ''))),
  ),
  rule(
    '4010',
    'CINPlanDates',
    'CIN Plan start date is missing or out of data collection period',
    (c, p) => any(eps(c), (e) => any(e.cinPlans, (x) => x.startDate === '' || x.startDate > p.end)),
  ),
  rule('4011', 'CINPlanDates', 'CIN Plan End Date earlier than Start Date', (c) =>
    any(eps(c), (e) => any(e.cinPlans, (x) => x.endDate !== null && x.endDate < x.startDate)),
  ),
  rule(
    '4012Q',
    'CINPlanDates',
    'Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day',
    (c) => any(eps(c), (e) => any(e.cinPlans, (x) => x.endDate === x.startDate)),
  ),
  rule('4013', 'CINPlanDates', 'CIN Plan end date must fall within the census year', (c, p) =>
    any(eps(c), (e) => any(e.cinPlans, (x) => x.endDate !== null && !inYear(x.endDate, p))),
  ),
  rule('4014', 'CINPlanDates', 'CIN Plan data contains overlapping dates', (c) =>
    any(eps(c), (e) =>
      any(pairs(e.cinPlans), ([a, b]) =>
        overlaps({ s: a.startDate, e: a.endDate }, { s: b.startDate, e: b.endDate }),
      ),
    ),
  ),
  rule('4015', 'CINPlanDates', 'The CIN Plan start date cannot be before the referral date', (c) =>
    any(eps(c), (e) => any(e.cinPlans, (x) => x.startDate < e.referralDate)),
  ),
  // Section47
  rule(
    '1104',
    'Section47',
    'The date of the initial child protection conference cannot be before the referral date',
    (c) =>
      any(eps(c), (e) =>
        any(
          e.section47s,
          (s) => s.dateOfInitialCpc !== null && s.dateOfInitialCpc < e.referralDate,
        ),
      ),
  ),
  rule('2889', 'Section47', 'The S47 start date cannot be before the referral date.', (c) =>
    any(eps(c), (e) => any(e.section47s, (s) => s.actualStartDate < e.referralDate)),
  ),
  rule(
    '8615',
    'Section47',
    'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
    (c) =>
      any(eps(c), (e) =>
        any(
          e.section47s,
          (s) =>
            s.actualStartDate === '' ||
            (s.dateOfInitialCpc !== null && s.actualStartDate > s.dateOfInitialCpc),
        ),
      ),
  ),
  rule(
    '8715',
    'Section47',
    'Date of Initial Child Protection Conference must fall within the census year',
    (c, p) =>
      any(eps(c), (e) =>
        any(e.section47s, (s) => s.dateOfInitialCpc !== null && !inYear(s.dateOfInitialCpc, p)),
      ),
  ),
  rule(
    '8740',
    'Section47',
    'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
    (c, p) =>
      any(eps(c), (e) =>
        any(
          e.section47s,
          (s) => s.dateOfInitialCpc === null && !s.icpcNotRequired && !inYear(s.actualStartDate, p),
        ),
      ),
  ),
  rule(
    '8839',
    'Section47',
    'Within one CINDetails group there are 2 or more open S47 Assessments',
    (c) =>
      any(
        eps(c),
        (e) =>
          e.section47s.filter((s) => s.dateOfInitialCpc === null && !s.icpcNotRequired).length > 1,
      ),
  ),
  rule(
    '8870Q',
    'Section47',
    'Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend',
    (c) =>
      any(eps(c), (e) =>
        any(e.section47s, (s) => s.initialCpcTarget !== null && isWeekend(s.initialCpcTarget)),
      ),
  ),
  rule(
    '8875',
    'Section47',
    'The Date of Initial Child Protection Conference cannot be a weekend',
    (c) =>
      any(eps(c), (e) =>
        any(e.section47s, (s) => s.dateOfInitialCpc !== null && isWeekend(s.dateOfInitialCpc)),
      ),
  ),
  // ChildProtectionPlans
  rule(
    '1105',
    'ChildProtectionPlans',
    'The child protection plan start date cannot be before the referral date',
    (c) => any(eps(c), (e) => any(e.cpPlans, (p) => p.startDate < e.referralDate)),
  ),
  rule(
    '8720',
    'ChildProtectionPlans',
    'Child Protection Plan Start Date missing or out of data collection period',
    (c, p) => any(cpPlans(c), (x) => x.startDate === '' || x.startDate > p.end),
  ),
  rule(
    '8840',
    'ChildProtectionPlans',
    'Child Protection Plan cannot start and end on the same day',
    (c) => any(cpPlans(c), (x) => x.endDate === x.startDate),
  ),
  rule(
    '8841',
    'ChildProtectionPlans',
    'The review date cannot be on the same day or before the Child protection Plan start date.',
    (c) => any(cpPlans(c), (x) => any(x.reviewDates, (d) => d <= x.startDate)),
  ),
  rule(
    '8905',
    'ChildProtectionPlans',
    'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    (c) => any(cpPlans(c), (x) => x.initialCategory === null),
  ),
  rule(
    '8910',
    'ChildProtectionPlans',
    'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    (c) => any(cpPlans(c), (x) => x.latestCategory === null),
  ),
  rule(
    '8915',
    'ChildProtectionPlans',
    'Child Protection Plan shown as starting after the child’s Date of Death',
    (c) => c.deathDate !== null && any(cpPlans(c), (x) => x.startDate > (c.deathDate ?? '')),
  ),
  rule(
    '8920',
    'ChildProtectionPlans',
    'Child Protection Plan cannot end after the child’s Date of Death',
    (c) =>
      c.deathDate !== null &&
      any(cpPlans(c), (x) => x.endDate !== null && x.endDate > (c.deathDate ?? '')),
  ),
  rule(
    '8925',
    'ChildProtectionPlans',
    'Child Protection Plan End Date earlier than Start Date',
    (c) => any(cpPlans(c), (x) => x.endDate !== null && x.endDate < x.startDate),
  ),
  rule(
    '8930',
    'ChildProtectionPlans',
    'Child Protection Plan End Date must fall within the census year',
    (c, p) => any(cpPlans(c), (x) => x.endDate !== null && !inYear(x.endDate, p)),
  ),
  rule(
    '8935',
    'ChildProtectionPlans',
    'This child is showing more than one open Child Protection plan, i.e. with no End Date',
    (c) => cpPlans(c).filter((x) => x.endDate === null).length > 1,
  ),
  rule(
    '8940',
    'ChildProtectionPlans',
    'Child Protection Plan data contains overlapping dates',
    (c) =>
      any(pairs(cpPlans(c)), ([a, b]) =>
        overlaps({ s: a.startDate, e: a.endDate }, { s: b.startDate, e: b.endDate }),
      ),
  ),
];

/** One rule a child fails. */
export interface CensusFailure {
  rule: string;
  severity: RuleSeverity;
  message: string;
  laChildId: string;
  recordId: string;
}

/** Every per-child rule: the modules of both years, then the 2026-27 pre-proceedings module. */
export const ALL_CENSUS_RULES: readonly CensusRule[] = [...CENSUS_RULES, ...PRE_PROCEEDINGS_RULES];

/** The rules `child` fails, in the order of ALL_CENSUS_RULES. */
export function validateCensusChild(child: CensusChild, period: CensusPeriod): CensusFailure[] {
  return ALL_CENSUS_RULES.filter((r) => r.check(child, period)).map((r) => ({
    rule: r.id,
    severity: r.severity,
    message: r.message,
    laChildId: child.laChildId,
    recordId: child.recordId,
  }));
}
