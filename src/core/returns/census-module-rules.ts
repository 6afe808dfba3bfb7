/**
 * DfE's census rules on the modules of an episode: Assessments, CINPlanDates, Section47 and
 * ChildProtectionPlans, with DfE's numbers and messages. `check` answers true when the child
 * FAILS the rule.
 */
import {
  any,
  cinPlans,
  cpPlans,
  dupes,
  eps,
  inYear,
  isWeekend,
  openOn,
  overlaps,
  pairs,
  referenceDate,
  rule,
  type CensusRule,
} from './census-rule-kit.js';
import { yearEnded } from './census-model.js';

/** The rules on the modules of each episode, in DfE's number order within each module. */
export const MODULE_RULES: readonly CensusRule[] = [
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
    // Judged at the year's end: while the year is under way an assessment begun before it may
    // still be completed within it (docs/returns.md, "A year still under way").
    (c, p) =>
      yearEnded(p) &&
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
    '4009Q',
    'CINPlanDates',
    'CIN Plan cannot end after the child’s Date of Death',
    (c) =>
      c.deathDate !== null &&
      any(eps(c), (e) =>
        any(e.cinPlans, (p) => p.endDate !== null && p.endDate > (c.deathDate ?? '')),
      ),
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
  rule(
    '4016',
    'CINPlanDates',
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    // A CIN plan starts while a CP plan of the child is open (any episode).
    (c, p) =>
      any(cinPlans(c), (cin) =>
        any(cpPlans(c), (cp) => openOn(cin.startDate, cp.startDate, cp.endDate, p)),
      ),
  ),
  rule(
    '4017',
    'CINPlanDates',
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    // A CP plan starts while a CIN plan of the child is open (any episode).
    (c, p) =>
      any(cpPlans(c), (cp) =>
        any(cinPlans(c), (cin) => openOn(cp.startDate, cin.startDate, cin.endDate, p)),
      ),
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
    // Judged at the year's end, as 8736: an enquiry begun before the year may still reach its
    // ICPC (or be found not to need one) within it.
    (c, p) =>
      yearEnded(p) &&
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
  rule(
    '8890',
    'Section47',
    'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
    // Ongoing: begun, and its ICPC not yet held (on the ICPC day itself too), unless none is
    // required. The same enquiry given twice (same start, same ICPC) is not a second one.
    (c, p) =>
      any(eps(c), (e) =>
        any(e.section47s, (a) =>
          any(e.section47s, (b) => {
            if (a === b) return false;
            if (
              a.actualStartDate === b.actualStartDate &&
              a.dateOfInitialCpc === b.dateOfInitialCpc
            )
              return false;
            if (a.actualStartDate < b.actualStartDate) return false;
            if (b.dateOfInitialCpc !== null) return a.actualStartDate <= b.dateOfInitialCpc;
            return !b.icpcNotRequired && a.actualStartDate <= referenceDate(p);
          }),
        ),
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
    '2885',
    'ChildProtectionPlans',
    'Child protection plan shown as starting a different day to the initial child protection conference.',
    // Each plan starting in the year begins on the day of an ICPC of the same episode.
    (c, p) =>
      any(eps(c), (e) =>
        any(
          e.cpPlans,
          (x) =>
            inYear(x.startDate, p) &&
            !any(e.section47s, (s) => !s.icpcNotRequired && s.dateOfInitialCpc === x.startDate),
        ),
      ),
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
  // Reviews
  rule(
    '4003',
    'Reviews',
    'A CPP review date is shown as being held at the same time as an open CIN Plan.',
    // The review that ends a plan is left out: a CIN plan may begin that day (step down).
    (c) =>
      any(cpPlans(c), (x) =>
        any(
          x.reviewDates,
          (d) =>
            d !== x.endDate &&
            any(
              cinPlans(c),
              (cin) => cin.startDate <= d && (cin.endDate === null || d < cin.endDate),
            ),
        ),
      ),
  ),
];
