import { describe, expect, it } from 'vitest';
import { censusPeriod, type CensusHeader } from './census-model.js';
import { censusChild } from './census-child.js';
import { censusChildXml, censusXmlClosing, censusXmlOpening } from './census-xml.js';
import { journey, recordFacts } from './census-testing.js';

const header = (year: '2025-26' | '2026-27'): CensusHeader => ({
  period: censusPeriod(year),
  lea: '356',
  softwareCode: 'Baton',
  release: '0.1.0',
  serialNo: '1',
  dateTime: '2026-04-02T09:30:00.000Z',
});

/** The element names in the order they open. */
const order = (xml: string): string[] =>
  [...xml.matchAll(/<([A-Za-z0-9]+)>/g)].map((m) => m[1] ?? '');

describe('census XML', () => {
  it('writes the header in the specification’s order', () => {
    const xml = censusXmlOpening(header('2025-26'));
    expect(order(xml)).toEqual([
      'Message',
      'Header',
      'CollectionDetails',
      'Collection',
      'Year',
      'ReferenceDate',
      'Source',
      'SourceLevel',
      'LEA',
      'SoftwareCode',
      'Release',
      'SerialNo',
      'DateTime',
      'Children',
    ]);
    expect(xml).toContain('<Year>2026</Year>');
    expect(xml).toContain('<ReferenceDate>2026-03-31</ReferenceDate>');
    expect(xml).toContain('<DateTime>2026-04-02T09:30:00</DateTime>');
  });

  it('writes a child in the specification’s element order', () => {
    const c = censusChild(recordFacts(), journey(), censusPeriod('2025-26'));
    if (c === null) throw new Error('expected a census child');
    expect(order(censusChildXml(c, '2025-26'))).toEqual([
      'Child',
      'ChildIdentifiers',
      'LAchildID',
      'UPNunknown',
      'PersonBirthDate',
      'Sex',
      'ChildCharacteristics',
      'Ethnicity',
      'Disabilities',
      'Disability',
      'CINdetails',
      'CINreferralDate',
      'ReferralSource',
      'PrimaryNeedCode',
      'Assessments',
      'AssessmentActualStartDate',
      'AssessmentAuthorisationDate',
      'FactorsIdentifiedAtAssessment',
      'AssessmentFactors',
      'AssessmentFactors',
      'CINPlanDates',
      'CINPlanStartDate',
      'Section47',
      'S47ActualStartDate',
      'InitialCPCtarget',
      'DateOfInitialCPC',
      'ICPCnotRequired',
      'ReferralNFA',
      'ChildProtectionPlans',
      'CPPstartDate',
      'CPPendDate',
      'InitialCategoryOfAbuse',
      'LatestCategoryOfAbuse',
      'NumberOfPreviousCPP',
      'Reviews',
      'CPPreviewDate',
      'CPPreviewDate',
    ]);
  });

  it('writes PreProceedingsandFGDM only in 2026-27, after ChildProtectionPlans', () => {
    const c = censusChild(recordFacts(), journey(), censusPeriod('2025-26'));
    if (c === null) throw new Error('expected a census child');
    const first = c.episodes[0];
    if (first === undefined) throw new Error('expected an episode');
    first.preProceedings = [
      {
        startDate: '2025-11-01',
        lbpSentDate: '2025-11-03',
        fgdmMeetingOffered: true,
        fgdmMeetingFacilitated: false,
        initialMeetingDate: null,
        reviewMeetingsCount: 1,
        stepDecisionDate: null,
        outcome: 'A',
        courtApplicationDate: null,
        letterInitiatingProceedingsDate: null,
      },
    ];
    expect(censusChildXml(c, '2025-26')).not.toContain('PreProceedingsandFGDM');
    const xml = censusChildXml(c, '2026-27');
    expect(xml.indexOf('<PreProceedingsandFGDM>')).toBeGreaterThan(
      xml.lastIndexOf('</ChildProtectionPlans>'),
    );
    expect(order(xml).slice(-7)).toEqual([
      'PreProceedingsandFGDM',
      'PPStartDate',
      'LBPSentDate',
      'FGDMMeetingOffer',
      'FGDMMeetingFac',
      'ReviewMeetingsCount',
      'PPOutcome',
    ]);
  });

  it('escapes text and closes what it opens', () => {
    const c = censusChild(recordFacts({ localId: null }), journey(), censusPeriod('2025-26'));
    if (c === null) throw new Error('expected a census child');
    c.laChildId = 'A&B<1>';
    const xml =
      censusXmlOpening(header('2025-26')) + censusChildXml(c, '2025-26') + censusXmlClosing();
    expect(xml).toContain('<LAchildID>A&amp;B&lt;1&gt;</LAchildID>');
    // Every element closes in the reverse order it opened (well-formed, no stray tags).
    const stack: string[] = [];
    for (const m of xml.matchAll(/<(\/?)([A-Za-z0-9]+)>/g)) {
      if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2] ?? '');
    }
    expect(stack).toEqual([]);
  });
});
