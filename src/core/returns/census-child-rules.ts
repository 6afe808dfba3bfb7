/**
 * DfE's census rules on the child (ChildIdentifiers, ChildCharacteristics) and on each CIN
 * episode (CINdetails), with DfE's numbers and messages. `check` answers true when the child
 * FAILS the rule.
 */
import { upnCheckLetter } from '../people/identifiers.js';
import {
  addDays,
  addMonths,
  addYears,
  afterAssessment,
  any,
  dupes,
  eps,
  inYear,
  isOpen,
  overlaps,
  pairs,
  referenceDate,
  rule,
  unborn,
  type CensusRule,
} from './census-rule-kit.js';

/** The rules on the child and their episodes, in DfE's number order within each module. */
export const CHILD_RULES: readonly CensusRule[] = [
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
    '8530Q',
    'ChildIdentifiers',
    'Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)',
    // DfE: between the reference date less 30 days and the reference date plus 9 months.
    (c, p) => {
      const d = c.expectedBirthDate;
      const ref = referenceDate(p);
      return d !== null && (d <= addDays(ref, -30) || d >= addMonths(ref, 9));
    },
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
    '8565',
    'CINdetails',
    'Activity shown after a case has been closed',
    // The closure date is on or after every date of the episode's modules that is present.
    (c) =>
      any(eps(c), (e) => {
        const closed = e.closureDate;
        if (closed === null) return false;
        const dates = [
          ...e.assessments.flatMap((a) => [a.actualStartDate, a.authorisationDate]),
          ...e.section47s.flatMap((s) => [s.actualStartDate, s.dateOfInitialCpc]),
          ...e.cpPlans.map((x) => x.endDate),
          ...e.cinPlans.flatMap((x) => [x.startDate, x.endDate]),
        ];
        return any(dates, (d) => d !== null && d > closed);
      }),
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
];
