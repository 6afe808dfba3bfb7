/** Builders for census tests: one child's record and work, every name and id invented. */
import type { CensusWork } from './cin-episodes.js';
import type { CensusRecordFacts } from './census-child.js';

/** A child with every census item recorded. */
export function recordFacts(over: Partial<CensusRecordFacts> = {}): CensusRecordFacts {
  return {
    id: '0f3c2a1e-7b6d-4c5e-9a8b-1d2e3f4a5b6c',
    localId: null,
    upn: null,
    formerUpn: null,
    upnUnknownReason: 'UN1',
    dateOfBirth: '2021-09-14',
    expectedDate: null,
    sex: 'F',
    ethnicity: 'WBRI',
    disabilities: ['NONE'],
    dateOfDeath: null,
    ...over,
  };
}

/** A piece of work with defaults: open, no steps, no deadlines. */
export function work(
  id: string,
  workflowId: string,
  openedOn: string,
  over: Partial<CensusWork> = {},
): CensusWork {
  return {
    id,
    workflowId,
    openedOn,
    closedOn: null,
    steppedFromId: null,
    referralSource: null,
    receivedOn: null,
    census: {},
    steps: [],
    deadlines: [],
    ...over,
  };
}

/**
 * A whole journey in 2025-26: a school's contact, an assessment that finds significant harm,
 * s47 enquiries and an ICPC, a CP plan reviewed once and discharged to a CIN plan still open.
 */
export function journey(): CensusWork[] {
  return [
    work('contact', 'contact', '2025-05-01', {
      closedOn: '2025-05-02',
      referralSource: '2A',
      receivedOn: '2025-05-01',
    }),
    work('assess', 'cf-assessment', '2025-05-02', {
      steppedFromId: 'contact',
      closedOn: '2025-06-10',
      census: { primaryNeed: 'N1', factors: ['3A', '4A'] },
      steps: [{ on: '2025-06-10', outcome: 's47-strategy-discussion', category: null }],
    }),
    work('s47', 's47', '2025-06-10', {
      steppedFromId: 'assess',
      closedOn: '2025-06-30',
      steps: [
        { on: '2025-06-11', outcome: 's47-enquiries', category: null },
        { on: '2025-06-20', outcome: 'icpc', category: null },
        { on: '2025-06-30', outcome: 'cp-plan', role: 'icpc', category: 'neglect' },
      ],
      deadlines: [
        { timescaleId: 'icpc', openedOn: '2025-06-11', due: '2025-07-02', metOn: '2025-06-30' },
      ],
    }),
    work('cpp', 'cp-plan', '2025-06-30', {
      steppedFromId: 's47',
      closedOn: '2026-01-15',
      deadlines: [
        {
          timescaleId: 'first-cp-review',
          openedOn: '2025-06-30',
          due: '2025-09-30',
          metOn: '2025-09-25',
        },
        {
          timescaleId: 'cp-review',
          openedOn: '2025-09-25',
          due: '2026-03-25',
          metOn: '2026-01-15',
        },
      ],
    }),
    work('cin', 'cin-plan', '2026-01-15', { steppedFromId: 'cpp' }),
  ];
}
