import { describe, expect, it } from 'vitest';
import { censusChild } from './census-child.js';
import { censusPeriod, type CensusChild, type CensusPreProceedings } from './census-model.js';
import { validateCensusChild } from './census-rules.js';
import { censusChildXml } from './census-xml.js';
import { deriveEpisodes } from './cin-episodes.js';
import { journey, recordFacts, work } from './census-testing.js';
import { PRE_PROCEEDINGS, parsePreProceedingsDefinitions } from './pre-proceedings-definitions.js';
import { PRE_PROCEEDINGS_RULES } from './pre-proceedings-rules.js';
import {
  censusPreProceedingsOf,
  preProceedingsProblems,
  type PreProceedingsFacts,
} from './pre-proceedings.js';

const Y26 = censusPeriod('2026-27');
const Y25 = censusPeriod('2025-26');

/** A PLO begun in 2026-27 and followed to a court application. */
function plo(over: Partial<PreProceedingsFacts> = {}): PreProceedingsFacts {
  return {
    startedOn: '2026-09-09',
    lbpSentOn: '2026-09-14',
    fgdmOffered: true,
    fgdmFacilitated: true,
    meetings: [
      { kind: 'initial', heldOn: '2026-09-28' },
      { kind: 'review', heldOn: '2026-10-26' },
      { kind: 'review', heldOn: '2026-11-23' },
    ],
    stepDecisionOn: '2026-12-01',
    outcome: 'B',
    courtApplicationOn: '2026-12-18',
    letterInitiatingOn: '2026-12-18',
    ...over,
  };
}

describe('the national pre-proceedings definitions', () => {
  it('name every census item once, in the specification order, each with a citation', () => {
    expect(PRE_PROCEEDINGS.items.map((i) => i.element)).toEqual([
      'PPStartDate',
      'LBPSentDate',
      'FGDMMeetingOffer',
      'FGDMMeetingFac',
      'InitialPPMeetingDate',
      'ReviewMeetingsCount',
      'StepDecisionDate',
      'PPOutcome',
      'CourtAppDate',
      'LetterInitCPDate',
    ]);
    for (const i of PRE_PROCEEDINGS.items) expect(i.citations.length).toBeGreaterThan(0);
    expect(PRE_PROCEEDINGS.outcomes.map((o) => o.code)).toEqual(['A', 'B', 'C']);
  });

  it('refuse a citation of a source they do not list, and an outcome code DfE does not have', () => {
    const bad = structuredClone(PRE_PROCEEDINGS) as unknown as {
      items: { citations: { source: string }[] }[];
      outcomes: { code: string }[];
    };
    const copy = structuredClone(bad);
    const cite = bad.items[0]?.citations[0];
    if (cite) cite.source = 'no-such-source';
    expect(() => parsePreProceedingsDefinitions(bad)).toThrow(/unknown source/);
    const code = copy.outcomes[2];
    if (code) code.code = 'D';
    expect(() => parsePreProceedingsDefinitions(copy)).toThrow();
  });
});

describe('a pre-proceedings record before it is saved', () => {
  const at = { today: '2027-01-10', workOpenedOn: '2026-06-01' };

  it('is accepted when every date follows the one before it', () => {
    expect(preProceedingsProblems(plo(), at)).toEqual([]);
    expect(
      preProceedingsProblems(
        plo({
          lbpSentOn: null,
          fgdmOffered: null,
          fgdmFacilitated: null,
          meetings: [],
          stepDecisionOn: null,
          outcome: null,
          courtApplicationOn: null,
          letterInitiatingOn: null,
        }),
        at,
      ),
    ).toEqual([]);
  });

  it.each([
    ['startedOn', { startedOn: '2026-05-01' }],
    ['startedOn', { startedOn: '2026-02-30' }],
    ['lbpSentOn', { lbpSentOn: '2026-09-01' }],
    ['lbpSentOn', { lbpSentOn: '2027-02-01' }],
    ['fgdmOffered', { fgdmOffered: null }],
    ['meetings.0.heldOn', { meetings: [{ kind: 'initial', heldOn: '2026-09-10' }] }],
    ['meetings', { meetings: [{ kind: 'review', heldOn: '2026-10-10' }] }],
    [
      'meetings.1.heldOn',
      {
        meetings: [
          { kind: 'initial', heldOn: '2026-09-28' },
          { kind: 'review', heldOn: '2026-09-20' },
        ],
      },
    ],
    ['stepDecisionOn', { stepDecisionOn: '2026-09-01' }],
    ['outcome', { outcome: null }],
    [
      'stepDecisionOn',
      { stepDecisionOn: null, courtApplicationOn: null, letterInitiatingOn: null },
    ],
    ['courtApplicationOn', { courtApplicationOn: '2026-11-30' }],
    ['letterInitiatingOn', { letterInitiatingOn: '2026-12-17' }],
    ['letterInitiatingOn', { courtApplicationOn: null }],
  ] as [string, Partial<PreProceedingsFacts>][])('refuses a wrong %s', (path, over) => {
    expect(preProceedingsProblems(plo(over), at).map((d) => d.path)).toContain(path);
  });
});

describe('the census module from a record', () => {
  it('is never returned before 2026-27, nor for pre-proceedings begun before the year', () => {
    expect(censusPreProceedingsOf(plo({ startedOn: '2025-09-09' }), Y25)).toBeNull();
    expect(censusPreProceedingsOf(plo(), Y25)).toBeNull();
    expect(censusPreProceedingsOf(plo({ startedOn: '2026-03-20' }), Y26)).toBeNull();
  });

  it('carries every item, counting the review meetings', () => {
    expect(censusPreProceedingsOf(plo(), Y26)).toEqual({
      startDate: '2026-09-09',
      lbpSentDate: '2026-09-14',
      fgdmMeetingOffered: true,
      fgdmMeetingFacilitated: true,
      initialMeetingDate: '2026-09-28',
      reviewMeetingsCount: 2,
      stepDecisionDate: '2026-12-01',
      outcome: 'B',
      courtApplicationDate: '2026-12-18',
      letterInitiatingProceedingsDate: '2026-12-18',
    } satisfies CensusPreProceedings);
  });

  it('reads the record as it stood on 31 March: later dates and meetings are left out', () => {
    const m = censusPreProceedingsOf(
      plo({
        startedOn: '2027-03-01',
        lbpSentOn: '2027-03-05',
        meetings: [
          { kind: 'initial', heldOn: '2027-03-20' },
          { kind: 'review', heldOn: '2027-04-20' },
        ],
        stepDecisionOn: '2027-05-01',
        courtApplicationOn: '2027-05-10',
        letterInitiatingOn: '2027-05-12',
      }),
      Y26,
    );
    expect(m).toMatchObject({
      lbpSentDate: '2027-03-05',
      initialMeetingDate: '2027-03-20',
      reviewMeetingsCount: 0,
      stepDecisionDate: null,
      outcome: null,
      courtApplicationDate: null,
      letterInitiatingProceedingsDate: null,
    });
  });

  it('belongs to the CIN episode of the work it was recorded on, in 2026-27 only', () => {
    const cin = work('cin', 'cin-plan', '2026-05-10', {
      steppedFromId: 'contact',
      preProceedings: [plo()],
    });
    const contact = work('contact', 'contact', '2026-05-01', {
      closedOn: '2026-05-02',
      referralSource: '2A',
      receivedOn: '2026-05-01',
    });
    const [e] = deriveEpisodes([contact, cin], Y26, null);
    expect(e?.preProceedings).toHaveLength(1);
    const [old] = deriveEpisodes(
      [
        { ...contact, openedOn: '2025-05-01', receivedOn: '2025-05-01' },
        { ...cin, openedOn: '2025-05-10', preProceedings: [plo({ startedOn: '2025-09-09' })] },
      ],
      Y25,
      null,
    );
    expect(old?.preProceedings).toEqual([]);
  });

  it('is written with 1 and 0 for the FGDM answers, in the specification order', () => {
    const c = censusChild(recordFacts(), journey(), Y25);
    if (c === null) throw new Error('expected a census child');
    const m = censusPreProceedingsOf(plo({ fgdmFacilitated: false }), Y26);
    if (m === null || c.episodes[0] === undefined) throw new Error('expected a module');
    c.episodes[0].preProceedings = [m];
    const xml = censusChildXml(c, '2026-27');
    expect(xml).toContain('<FGDMMeetingOffer>1</FGDMMeetingOffer>');
    expect(xml).toContain('<FGDMMeetingFac>0</FGDMMeetingFac>');
    const body = xml.slice(xml.indexOf('<PreProceedingsandFGDM>'));
    const names = [...body.matchAll(/<([A-Za-z]+)>/g)].map((x) => x[1]).slice(1, 11);
    expect(names).toEqual(PRE_PROCEEDINGS.items.map((i) => i.element));
  });
});

/** A 2026-27 census child with one pre-proceedings module. */
function child(): CensusChild {
  const c = censusChild(recordFacts(), journey(), Y25);
  const m = censusPreProceedingsOf(plo(), Y26);
  if (c === null || m === null || c.episodes[0] === undefined) throw new Error('no child');
  c.episodes[0].preProceedings = [m];
  return c;
}
const mod = (c: CensusChild): CensusPreProceedings => {
  const m = c.episodes[0]?.preProceedings[0];
  if (m === undefined) throw new Error('no module');
  return m;
};

const BREAK: Record<string, (m: CensusPreProceedings) => void> = {
  '9005': (m) => (m.startDate = '2026-03-31'),
  '9006': (m) => (m.lbpSentDate = '2026-09-01'),
  '9007': (m) => (m.fgdmMeetingOffered = null),
  '9008': (m) => (m.initialMeetingDate = '2027-04-01'),
  '9009': (m) => (m.stepDecisionDate = '2026-09-08'),
  '9010Q': (m) => (m.fgdmMeetingFacilitated = null),
  // The model holds only A, B or C; a file from elsewhere might not.
  '9011': (m) => (m.outcome = 'D' as 'A'),
  '9012': (m) => (m.courtApplicationDate = '2026-11-30'),
  '9013': (m) => (m.letterInitiatingProceedingsDate = '2026-12-17'),
  '9015Q': (m) => (m.reviewMeetingsCount = null),
};

describe('DfE rules on the pre-proceedings module', () => {
  it('pass a record Baton accepts, and every rule has a failing case', () => {
    const c = child();
    const ids = PRE_PROCEEDINGS_RULES.map((r) => r.id);
    expect(Object.keys(BREAK).sort()).toEqual([...ids].sort());
    for (const r of PRE_PROCEEDINGS_RULES) expect(r.check(c, Y26)).toBe(false);
  });

  it.each(PRE_PROCEEDINGS_RULES.map((r) => [r.id] as const))('%s fails when broken', (id) => {
    const c = child();
    BREAK[id]?.(mod(c));
    const failed = validateCensusChild(c, Y26).filter((f) => f.rule.startsWith('90'));
    expect(failed.map((f) => f.rule)).toEqual([id]);
    expect(failed[0]?.severity).toBe(id.endsWith('Q') ? 'query' : 'error');
  });

  it('also fail dates after the year: 9006, 9009, 9012 and 9013', () => {
    for (const [id, f] of [
      ['9006', (m: CensusPreProceedings) => (m.lbpSentDate = '2027-04-01')],
      ['9009', (m: CensusPreProceedings) => (m.stepDecisionDate = '2027-04-01')],
      ['9012', (m: CensusPreProceedings) => (m.courtApplicationDate = '2027-04-01')],
      ['9013', (m: CensusPreProceedings) => (m.letterInitiatingProceedingsDate = '2027-04-01')],
    ] as const) {
      const c = child();
      f(mod(c));
      expect(validateCensusChild(c, Y26).map((x) => x.rule)).toContain(id);
    }
  });
});
