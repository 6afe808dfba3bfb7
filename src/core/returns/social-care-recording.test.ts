import { describe, expect, it } from 'vitest';
import {
  assessmentProblems,
  authorisationProblems,
  categoryProblems,
  cinPlanProblems,
  factorProblems,
  planActionProblems,
  visitProblems,
} from './social-care-recording.js';

const paths = (d: readonly { path: string }[]) => d.map((x) => x.path);
const at = { today: '2026-05-11', referralOn: '2026-04-06' };

describe('assessment recording', () => {
  const good = { startDate: '2026-04-07', factors: ['4A', '3A'], findings: 'x', primaryNeed: 'N1' };
  it('accepts an assessment started after the referral with DfE factors', () => {
    expect(assessmentProblems(good, at)).toEqual([]);
  });
  it('refuses a start before the referral (1103) or in the future', () => {
    expect(paths(assessmentProblems({ ...good, startDate: '2026-04-05' }, at))).toEqual([
      'startDate',
    ]);
    expect(paths(assessmentProblems({ ...good, startDate: '2026-05-12' }, at))).toEqual([
      'startDate',
    ]);
  });
  it('refuses "21" with another factor (8869), a factor twice (8898) and unknown codes', () => {
    expect(paths(factorProblems(['21', '4A']))).toEqual(['factors']);
    expect(paths(factorProblems(['4A', '4A']))).toEqual(['factors']);
    expect(paths(factorProblems(['18A']))).toEqual(['factors']);
    expect(factorProblems(['21'])).toEqual([]);
  });
  it('refuses a primary need that is not N0–N9', () => {
    expect(paths(assessmentProblems({ ...good, primaryNeed: 'N10' }, at))).toEqual(['primaryNeed']);
  });
  it('authorises only a complete assessment, on or after its start and not in the future', () => {
    const done = { startDate: '2026-04-07', factors: ['21'], primaryNeed: 'N9' };
    expect(authorisationProblems(done, '2026-05-11', at.today)).toEqual([]);
    expect(paths(authorisationProblems(done, '2026-04-06', at.today))).toEqual(['authorisedOn']);
    expect(paths(authorisationProblems(done, '2026-05-12', at.today))).toEqual(['authorisedOn']);
    expect(
      paths(
        authorisationProblems(
          { startDate: null, factors: [], primaryNeed: null },
          '2026-05-11',
          at.today,
        ),
      ),
    ).toEqual(['startDate', 'factors', 'primaryNeed']);
  });
});

describe('child in need plan recording', () => {
  const plan = {
    startDate: '2026-05-11',
    needs: ['a'],
    outcomes: ['b'],
    nextReviewDate: '2026-07-06',
  };
  it('accepts a plan with needs, outcomes and a later review', () => {
    expect(cinPlanProblems(plan, { today: '2026-05-11', openedOn: '2026-05-11' })).toEqual([]);
  });
  it('refuses a plan with no needs or outcomes, a start before the work, a review before the start', () => {
    expect(
      paths(
        cinPlanProblems(
          { startDate: '2026-05-10', needs: [], outcomes: [], nextReviewDate: '2026-05-01' },
          { today: '2026-05-11', openedOn: '2026-05-11' },
        ),
      ),
    ).toEqual(['startDate', 'needs', 'outcomes', 'nextReviewDate']);
  });
  it('asks each action for what, who and a date on or after the plan started', () => {
    expect(
      planActionProblems(
        { action: 'Referral to CAMHS', owner: 'GP', dueDate: '2026-05-25' },
        { startDate: '2026-05-11' },
      ),
    ).toEqual([]);
    expect(
      paths(
        planActionProblems(
          { action: 'do', owner: ' ', dueDate: '2026-05-01' },
          { startDate: '2026-05-11' },
        ),
      ),
    ).toEqual(['action', 'owner', 'dueDate']);
  });
});

describe('visit recording', () => {
  const today = { today: '2026-05-11' };
  const v = {
    visitedOn: '2026-05-11',
    seen: true,
    seenAlone: 'yes' as const,
    notAloneReason: '',
    seenBy: 'A social worker',
  };
  it('accepts a child seen alone', () => {
    expect(visitProblems(v, today)).toEqual([]);
  });
  it('asks whether seen alone, and why not', () => {
    expect(paths(visitProblems({ ...v, seenAlone: null }, today))).toEqual(['seenAlone']);
    expect(paths(visitProblems({ ...v, seenAlone: 'no' }, today))).toEqual(['notAloneReason']);
    expect(paths(visitProblems({ ...v, seenAlone: 'not-appropriate' }, today))).toEqual([
      'notAloneReason',
    ]);
    expect(
      visitProblems({ ...v, seenAlone: 'no', notAloneReason: 'Baby, 6 weeks' }, today),
    ).toEqual([]);
  });
  it('asks why a child was not seen, and refuses a visit in the future', () => {
    expect(paths(visitProblems({ ...v, seen: false, seenAlone: null }, today))).toEqual([
      'notAloneReason',
    ]);
    expect(paths(visitProblems({ ...v, visitedOn: '2026-05-12' }, today))).toEqual(['visitedOn']);
  });
});

describe('category of abuse', () => {
  it('accepts DfE codes only', () => {
    expect(categoryProblems('NEG')).toEqual([]);
    expect(paths(categoryProblems('neglect'))).toEqual(['latestCategory']);
  });
});
