import { describe, expect, it } from 'vitest';
import { startingAssessment, type SocialCarePlanHeld } from './starting-assessment.js';

const carries = {
  what: 'social-care-plan' as const,
  text: 'Starts from the social care record',
  citation: { source: 'doc', section: 'Step down' },
};

const held: SocialCarePlanHeld = {
  assessment: {
    startDate: '2026-12-01',
    authorisedOn: '2026-12-03',
    authorisedBy: 'Tom Manager (demo)',
    workerName: 'Sam Socialworker (demo)',
    factors: [
      { code: '16A', label: 'Neglect' },
      { code: '17A', label: 'Physical abuse' },
    ],
    primaryNeed: { code: 'N1', label: 'Abuse or neglect' },
    findings: ' Neglect (food) and unexplained bruising; parents engage. ',
  },
  cinPlan: {
    needs: ['Food at home every day'],
    outcomes: ['Maisie eats breakfast before school'],
    actions: [{ action: 'Breakfast club', owner: 'Larkfield Primary', dueDate: '2027-01-08' }],
  },
  earlierEha: { strengths: 'Warm parents who asked for help.' },
};

describe('startingAssessment: where a stepped-down episode starts', () => {
  it('starts from the C&F assessment, the CIN plan and the earlier EHA’s strengths', () => {
    expect(startingAssessment(carries, held)).toEqual({
      source: 'cf-assessment',
      sourceNote: [
        'Child and Family Assessment by Sam Socialworker (demo), started 1 December 2026, authorised 3 December 2026 by Tom Manager (demo).',
        'Factors identified: Neglect (16A); Physical abuse (17A).',
        'Primary need: Abuse or neglect (N1).',
      ].join('\n'),
      strengths: 'Warm parents who asked for help.',
      needs: [
        'The assessment found: Neglect (food) and unexplained bruising; parents engage.',
        'Need (child in need plan): Food at home every day',
      ].join('\n'),
      analysis: [
        'Outcome (child in need plan): Maisie eats breakfast before school',
        'Action (child in need plan): Breakfast club, Larkfield Primary, by 8 January 2027',
      ].join('\n'),
    });
  });

  it('starts from the CIN plan alone when there was no assessment (an EHA, not a stand-in)', () => {
    const a = startingAssessment(carries, { ...held, assessment: null, earlierEha: null });
    expect(a).toMatchObject({ source: 'eha', sourceNote: '', strengths: '' });
    expect(a?.needs).toBe('Need (child in need plan): Food at home every day');
  });

  it('carries nothing where the pack does not say so, or social care recorded nothing', () => {
    expect(startingAssessment(undefined, held)).toBeNull();
    expect(startingAssessment(carries, undefined)).toBeNull();
    expect(
      startingAssessment(carries, { assessment: null, cinPlan: null, earlierEha: held.earlierEha }),
    ).toBeNull();
  });
});
