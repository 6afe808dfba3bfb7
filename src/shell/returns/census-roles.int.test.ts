/**
 * The census reads what an assessment's closing step meant from the role the pack gives that
 * step (pack contract), on both databases: an assessment-only episode closed by the national
 * pack's step down to early help is RC9 and by its no further action RC8; a step the pack does
 * not know gives RC7 whatever its outcome is called. S47 enquiries held an ICPC when a step with
 * the `icpc` role closed them, not when a step merely has the outcome's old name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { censusPeriod, type CensusChild } from '../../core/returns/index.js';
import { recordFacts, work } from '../../core/returns/census-testing.js';
import { loadPacks } from '../policy/pack-files.js';
import { censusChildren } from '../repositories/census-repository.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { insertCensusJourney } from './census-test-rows.js';

const dialects = await testDialects();

/** An assessment-only episode closed by the step `transitionId` (rows: stockport's pack). */
const closedBy = (transitionId: string) => [
  work('contact', 'contact', '2025-05-01', {
    closedOn: '2025-05-02',
    referralSource: '2A',
    receivedOn: '2025-05-01',
  }),
  work('assess', 'cf-assessment', '2025-05-02', {
    steppedFromId: 'contact',
    closedOn: '2025-06-10',
    // The test rows write the outcome as the step's id too.
    steps: [{ on: '2025-06-10', outcome: transitionId, category: null }],
  }),
];

/** S47 enquiries, after an assessment, closed by the step `transitionId` with no plan after. */
const enquiriesClosedBy = (transitionId: string) => [
  ...closedBy('s47-strategy-discussion'),
  work('s47', 's47', '2025-06-10', {
    steppedFromId: 'assess',
    closedOn: '2025-07-01',
    steps: [
      { on: '2025-06-11', outcome: 'hold-strategy-discussion', category: null },
      { on: '2025-07-01', outcome: transitionId, category: null },
    ],
    deadlines: [
      { timescaleId: 'icpc', openedOn: '2025-06-11', due: '2025-07-02', metOn: '2025-07-01' },
    ],
  }),
];

describe.each(dialects)('the census reads closing steps by their role on %s', (dialect) => {
  let database: TestDatabase;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    for (const step of ['no-further-action', 'step-down-to-early-help', 'referral-to-early-help'])
      ids[step] = await insertCensusJourney(database.db, recordFacts(), closedBy(step));
    for (const step of ['icpc-no-plan', 'no-cp-plan', 'nfa'])
      ids[step] = await insertCensusJourney(database.db, recordFacts(), enquiriesClosedBy(step));
  });
  afterAll(async () => {
    await database.drop();
  });

  it('gives RC8 and RC9 by the role of the step that closed the assessment', async () => {
    const children: CensusChild[] = [];
    for await (const c of censusChildren(database.db, censusPeriod('2025-26'), loadPacks()))
      children.push(c);
    const reason = (step: string) =>
      children.find((c) => c.recordId === ids[step])?.episodes[0]?.closureReason;
    expect(reason('no-further-action')).toBe('RC8');
    expect(reason('step-down-to-early-help')).toBe('RC9');
    // Peterborough's outcome name, on a step Stockport's pack does not have: no role, so RC7.
    expect(reason('referral-to-early-help')).toBe('RC7');
  });

  it('holds an ICPC when a step with the icpc role closed the enquiries', async () => {
    const children: CensusChild[] = [];
    for await (const c of censusChildren(database.db, censusPeriod('2025-26'), loadPacks()))
      children.push(c);
    const s47 = (step: string) =>
      children.find((c) => c.recordId === ids[step])?.episodes[0]?.section47s[0];
    expect(s47('icpc-no-plan')).toEqual({
      actualStartDate: '2025-06-11',
      initialCpcTarget: '2025-07-02',
      dateOfInitialCpc: '2025-07-01',
      icpcNotRequired: false,
    });
    // The outcome's name on a step Stockport's pack does not have: no role, so no ICPC.
    expect(s47('no-cp-plan')).toMatchObject({ dateOfInitialCpc: null, icpcNotRequired: true });
    expect(s47('nfa')).toMatchObject({ dateOfInitialCpc: null, icpcNotRequired: true });
  });

  it('derives no meaning from a pack that is not loaded', async () => {
    const children: CensusChild[] = [];
    for await (const c of censusChildren(database.db, censusPeriod('2025-26'), new Map()))
      children.push(c);
    const assessed = children.filter((c) => c.episodes[0]?.section47s.length === 0);
    expect(assessed.map((c) => c.episodes[0]?.closureReason)).toEqual(['RC7', 'RC7', 'RC7']);
    const enquired = children.flatMap((c) => c.episodes[0]?.section47s ?? []);
    expect(enquired.map((s) => s.icpcNotRequired)).toEqual([true, true, true]);
  });
});
