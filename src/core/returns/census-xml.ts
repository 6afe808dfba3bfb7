/**
 * The census as XML, in the specification's exact element order (DfE CIN census 2025-26 and
 * 2026-27 business and technical specifications, "XML structure"). Pieces, not a whole file:
 * the shell writes the opening, then each child as it is built, then the closing, so a census
 * of any size is never held in memory.
 */
import type {
  CensusChild,
  CensusEpisode,
  CensusHeader,
  CensusPreProceedings,
} from './census-model.js';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Value = string | number | boolean | null;

/** One element, or nothing when the value is absent (every optional item is 0..1). */
const el = (name: string, value: Value, indent: string): string =>
  value === null ? '' : `${indent}<${name}>${escape(String(value))}</${name}>\n`;

const group = (name: string, body: string, indent: string): string =>
  `${indent}<${name}>\n${body}${indent}</${name}>\n`;

/** The XML declaration, Header and the opening of Children. */
export function censusXmlOpening(h: CensusHeader): string {
  const i = '      ';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n' +
    group(
      'CollectionDetails',
      el('Collection', 'CIN', i) +
        el('Year', h.period.collectionYear, i) +
        el('ReferenceDate', h.period.end, i),
      '    ',
    ) +
    group(
      'Source',
      el('SourceLevel', 'L', i) +
        el('LEA', h.lea, i) +
        el('SoftwareCode', h.softwareCode, i) +
        el('Release', h.release, i) +
        el('SerialNo', h.serialNo, i) +
        el('DateTime', h.dateTime.slice(0, 19), i),
      '    ',
    ) +
    '  </Header>\n  <Children>\n'
  );
}

/** The closing of Children and Message. */
export function censusXmlClosing(): string {
  return '  </Children>\n</Message>\n';
}

function preProceedingsXml(p: CensusPreProceedings, i: string): string {
  const j = `${i}  `;
  // xs:boolean; DfE's examples and the validators' query 9010Q read 1 and 0 (definitions' fgdmValues).
  const flag = (b: boolean | null): Value => (b === null ? null : b ? '1' : '0');
  return group(
    'PreProceedingsandFGDM',
    el('PPStartDate', p.startDate, j) +
      el('LBPSentDate', p.lbpSentDate, j) +
      el('FGDMMeetingOffer', flag(p.fgdmMeetingOffered), j) +
      el('FGDMMeetingFac', flag(p.fgdmMeetingFacilitated), j) +
      el('InitialPPMeetingDate', p.initialMeetingDate, j) +
      el('ReviewMeetingsCount', p.reviewMeetingsCount, j) +
      el('StepDecisionDate', p.stepDecisionDate, j) +
      el('PPOutcome', p.outcome, j) +
      el('CourtAppDate', p.courtApplicationDate, j) +
      el('LetterInitCPDate', p.letterInitiatingProceedingsDate, j),
    i,
  );
}

function episodeXml(e: CensusEpisode, withPreProceedings: boolean): string {
  const i = '        ';
  const j = `${i}  `;
  const k = `${j}  `;
  let body =
    el('CINreferralDate', e.referralDate, i) +
    el('ReferralSource', e.referralSource, i) +
    el('PrimaryNeedCode', e.primaryNeed, i) +
    el('CINclosureDate', e.closureDate, i) +
    el('ReasonForClosure', e.closureReason, i);
  // DateOfInitialCPC at this level is only for an ICPC without a Section47 module; Baton always
  // records the ICPC on its s47 enquiry, so it is written there (rule 2884: never both).
  for (const a of e.assessments)
    body += group(
      'Assessments',
      el('AssessmentActualStartDate', a.actualStartDate, j) +
        el('AssessmentInternalReviewDate', a.internalReviewDate, j) +
        el('AssessmentAuthorisationDate', a.authorisationDate, j) +
        (a.factors.length === 0
          ? ''
          : group(
              'FactorsIdentifiedAtAssessment',
              a.factors.map((f) => el('AssessmentFactors', f, k)).join(''),
              j,
            )),
      i,
    );
  for (const p of e.cinPlans)
    body += group(
      'CINPlanDates',
      el('CINPlanStartDate', p.startDate, j) + el('CINPlanEndDate', p.endDate, j),
      i,
    );
  for (const s of e.section47s)
    body += group(
      'Section47',
      el('S47ActualStartDate', s.actualStartDate, j) +
        el('InitialCPCtarget', s.initialCpcTarget, j) +
        el('DateOfInitialCPC', s.dateOfInitialCpc, j) +
        el('ICPCnotRequired', s.icpcNotRequired ? 'true' : 'false', j),
      i,
    );
  body += el('ReferralNFA', e.referralNfa ? 'true' : 'false', i);
  for (const p of e.cpPlans)
    body += group(
      'ChildProtectionPlans',
      el('CPPstartDate', p.startDate, j) +
        el('CPPendDate', p.endDate, j) +
        el('InitialCategoryOfAbuse', p.initialCategory, j) +
        el('LatestCategoryOfAbuse', p.latestCategory, j) +
        el('NumberOfPreviousCPP', p.numberOfPreviousCpp, j) +
        (p.reviewDates.length === 0
          ? ''
          : group('Reviews', p.reviewDates.map((d) => el('CPPreviewDate', d, k)).join(''), j)),
      i,
    );
  if (withPreProceedings) for (const p of e.preProceedings) body += preProceedingsXml(p, i);
  return group('CINdetails', body, '      ');
}

/** One Child element. `year` decides whether the 2026-27 PreProceedingsandFGDM module is written. */
export function censusChildXml(c: CensusChild, year: CensusHeader['period']['year']): string {
  const i = '        ';
  const ids =
    el('LAchildID', c.laChildId, i) +
    el('UPN', c.upn, i) +
    el('FormerUPN', c.formerUpn, i) +
    el('UPNunknown', c.upnUnknown, i) +
    el('PersonBirthDate', c.birthDate, i) +
    el('ExpectedPersonBirthDate', c.expectedBirthDate, i) +
    el('Sex', c.sex, i) +
    el('PersonDeathDate', c.deathDate, i);
  const characteristics =
    el('Ethnicity', c.ethnicity, i) +
    (c.disabilities.length === 0
      ? ''
      : group(
          'Disabilities',
          c.disabilities.map((d) => el('Disability', d, `${i}  `)).join(''),
          i,
        ));
  return group(
    'Child',
    group('ChildIdentifiers', ids, '      ') +
      group('ChildCharacteristics', characteristics, '      ') +
      c.episodes.map((e) => episodeXml(e, year !== '2025-26')).join(''),
    '    ',
  );
}
