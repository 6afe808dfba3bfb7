import { describe, expect, it } from 'vitest';
import { censusPeriod } from './census-model.js';
import { censusChild, laChildIdOf } from './census-child.js';
import { defaultClosureReason, deriveEpisodes, type CensusWork } from './cin-episodes.js';
import { journey, recordFacts, work } from './census-testing.js';

const Y = censusPeriod('2025-26');

describe('CIN episodes from Baton work', () => {
  it('makes one episode of a referral and everything that followed it', () => {
    const [e, ...more] = deriveEpisodes(journey(), Y, null);
    expect(more).toHaveLength(0);
    expect(e).toMatchObject({
      referralDate: '2025-05-01',
      referralSource: '2A',
      primaryNeed: 'N1',
      closureDate: null,
      closureReason: null,
      referralNfa: false,
      assessments: [
        { actualStartDate: '2025-05-02', authorisationDate: '2025-06-10', factors: ['3A', '4A'] },
      ],
      section47s: [
        {
          actualStartDate: '2025-06-11',
          initialCpcTarget: '2025-07-02',
          dateOfInitialCpc: '2025-06-30',
          icpcNotRequired: false,
        },
      ],
      cpPlans: [
        {
          startDate: '2025-06-30',
          endDate: '2026-01-15',
          initialCategory: 'NEG',
          latestCategory: 'NEG',
          numberOfPreviousCpp: 0,
          reviewDates: ['2025-09-25', '2026-01-15'],
        },
      ],
      cinPlans: [{ startDate: '2026-01-15', endDate: null }],
      preProceedings: [],
    });
  });

  it('reads what the recording pages record: the assessment start and authorisation, the plan start, the ICPC date', () => {
    const recorded = journey().map((w) =>
      w.id === 'assess'
        ? { ...w, census: { ...w.census, startDate: '2025-05-06', authorisedOn: '2025-06-09' } }
        : w.id === 'cin'
          ? { ...w, census: { ...w.census, startDate: '2026-01-19' } }
          : w.id === 's47'
            ? {
                ...w,
                steps: w.steps.map((x, i, all) =>
                  i === all.length - 1 ? { ...x, occurredOn: '2025-06-27' } : x,
                ),
              }
            : w,
    );
    const [e] = deriveEpisodes(recorded, Y, null);
    expect(e?.assessments[0]).toMatchObject({
      actualStartDate: '2025-05-06',
      authorisationDate: '2025-06-09',
      factors: ['3A', '4A'],
    });
    expect(e?.cinPlans[0]?.startDate).toBe('2026-01-19');
    expect(e?.section47s[0]?.dateOfInitialCpc).toBe('2025-06-27');
  });

  it('returns no authorisation (and so no factors) recorded after the census day', () => {
    const open = journey().map((w) =>
      w.id === 'assess'
        ? { ...w, closedOn: null, census: { ...w.census, authorisedOn: '2026-04-02' } }
        : w,
    );
    const [e] = deriveEpisodes(open, Y, null);
    expect(e?.assessments[0]).toMatchObject({ authorisationDate: null, factors: [] });
  });

  it('sees the work as it stood on 31 March: later closings are open, later work is left out', () => {
    const later = journey().map((w) => (w.id === 'cin' ? { ...w, closedOn: '2026-04-20' } : w));
    later.push(work('late', 'cf-assessment', '2026-04-02'));
    const [e] = deriveEpisodes(later, Y, null);
    expect(e?.closureDate).toBeNull();
    expect(e?.cinPlans).toEqual([{ startDate: '2026-01-15', endDate: null }]);
    expect(e?.assessments).toHaveLength(1);
  });

  it('leaves out an episode that closed before the year began', () => {
    const old = [
      work('a', 'cf-assessment', '2024-06-01', {
        closedOn: '2024-07-01',
        steps: [{ on: '2024-07-01', outcome: 'no-further-action', category: null }],
      }),
    ];
    expect(deriveEpisodes(old, Y, null)).toEqual([]);
  });

  it('closes an assessment-only episode with RC8 (no further action) or RC9 (early help)', () => {
    const nfa = work('a', 'cf-assessment', '2025-06-01', {
      closedOn: '2025-07-01',
      steps: [
        {
          on: '2025-07-01',
          outcome: 'closed',
          role: 'assessment-no-further-action',
          category: null,
        },
      ],
    });
    const eh = {
      ...nfa,
      steps: [
        { on: '2025-07-01', outcome: 'closed', role: 'assessment-to-early-help', category: null },
      ],
    } satisfies CensusWork;
    expect(deriveEpisodes([nfa], Y, null)[0]?.closureReason).toBe('RC8');
    expect(deriveEpisodes([eh], Y, null)[0]?.closureReason).toBe('RC9');
    expect(defaultClosureReason([nfa], '2025-07-01', '2025-06-30')).toBe('RC2');
  });

  it("reads what an assessment's closing step meant from its role, never from the outcome's name", () => {
    const named = (outcome: string): CensusWork =>
      work('a', 'cf-assessment', '2025-06-01', {
        closedOn: '2025-07-01',
        steps: [{ on: '2025-07-01', outcome, role: null, category: null }],
      });
    for (const outcome of ['no-further-action', 'nfa', 'step-down-to-early-help'])
      expect(deriveEpisodes([named(outcome)], Y, null)[0]?.closureReason).toBe('RC7');
  });

  /** S47 enquiries closed by one step, with no CP plan after them. */
  const enquiries = (step: CensusWork['steps'][number]): CensusWork =>
    work('s47', 's47', '2025-06-10', {
      closedOn: '2025-07-01',
      steps: [{ on: '2025-06-11', outcome: 's47-enquiries', category: null }, step],
      deadlines: [
        { timescaleId: 'icpc', openedOn: '2025-06-11', due: '2025-07-02', metOn: '2025-07-01' },
      ],
    });
  const s47Of = (w: CensusWork) => deriveEpisodes([w], Y, null)[0]?.section47s[0];

  it('holds the ICPC when the enquiries closed at a step with the icpc role, whatever it decided', () => {
    const noPlan = enquiries({ on: '2025-07-01', outcome: 'x', role: 'icpc', category: null });
    expect(s47Of(noPlan)).toEqual({
      actualStartDate: '2025-06-11',
      initialCpcTarget: '2025-07-02',
      dateOfInitialCpc: '2025-07-01',
      icpcNotRequired: false,
    });
    const recordedLater = enquiries({
      on: '2025-07-01',
      outcome: 'x',
      role: 'icpc',
      category: null,
      occurredOn: '2025-06-27',
    });
    expect(s47Of(recordedLater)?.dateOfInitialCpc).toBe('2025-06-27');
  });

  it("reads whether an ICPC was held from the step's role, never from the outcome's name", () => {
    for (const outcome of ['cp-plan', 'no-cp-plan', 'no-further-action']) {
      const closed = enquiries({ on: '2025-07-01', outcome, role: null, category: null });
      expect(s47Of(closed)).toMatchObject({ dateOfInitialCpc: null, icpcNotRequired: true });
    }
    const nfa = enquiries({
      on: '2025-07-01',
      outcome: 'cp-plan',
      role: 'strategy-discussion',
      category: null,
    });
    expect(s47Of(nfa)).toMatchObject({ dateOfInitialCpc: null, icpcNotRequired: true });
  });

  it('holds the ICPC when a CP plan followed the enquiries, even by a step without the role', () => {
    const s47 = enquiries({ on: '2025-07-01', outcome: 'plan', role: null, category: null });
    const cpp = work('cpp', 'cp-plan', '2025-07-01', { steppedFromId: 's47' });
    const [e] = deriveEpisodes([s47, cpp], Y, null);
    expect(e?.section47s[0]).toMatchObject({
      dateOfInitialCpc: '2025-07-01',
      icpcNotRequired: false,
    });
  });

  it('takes the date of the conference step when a later step closed the enquiries', () => {
    const w = enquiries({ on: '2025-06-25', outcome: 'x', role: 'icpc', category: null });
    const later = { ...w, steps: [...w.steps, { on: '2025-07-01', outcome: 'y', category: null }] };
    expect(s47Of(later)).toMatchObject({ dateOfInitialCpc: '2025-06-25', icpcNotRequired: false });
    expect(s47Of({ ...later, closedOn: null })).toMatchObject({
      dateOfInitialCpc: null,
      icpcNotRequired: false,
    });
  });

  it('keeps a closure reason the practitioner recorded', () => {
    const moved = work('a', 'cin-plan', '2025-06-01', {
      closedOn: '2025-09-01',
      census: { closureReason: 'RC5' },
    });
    expect(deriveEpisodes([moved], Y, null)[0]?.closureReason).toBe('RC5');
  });

  it('joins work that overlaps into one episode (DfE allows no overlapping episodes)', () => {
    const a = work('a', 'cin-plan', '2025-05-01', { closedOn: '2025-10-01' });
    const b = work('b', 'cf-assessment', '2025-08-01', { closedOn: '2025-09-01' });
    const c = work('c', 'cf-assessment', '2025-12-01', { closedOn: '2026-01-05' });
    const episodes = deriveEpisodes([a, b, c], Y, null);
    expect(episodes.map((e) => [e.referralDate, e.closureDate])).toEqual([
      ['2025-05-01', '2025-10-01'],
      ['2025-12-01', '2026-01-05'],
    ]);
  });

  it('counts a step up from early help as a referral from early help (5D)', () => {
    const eh = work('eh', 'early-help-episode', '2025-04-10');
    const a = work('a', 'cf-assessment', '2025-05-01', { steppedFromId: 'eh' });
    expect(deriveEpisodes([eh, a], Y, null)[0]?.referralSource).toBe('5D');
  });
});

describe('the census child', () => {
  it('uses a local id DfE accepts, else one made from the record id', () => {
    expect(laChildIdOf({ id: 'x', localId: 'STK00123' })).toBe('STK00123');
    const made = laChildIdOf({ id: '0f3c2a1e-7b6d-4c5e-9a8b-1d2e3f4a5b6c', localId: 'has space' });
    expect(made).toMatch(/^B[0-9a-f]{19}$/);
  });

  it('is null for a child with no episode in the year, and carries the record otherwise', () => {
    expect(censusChild(recordFacts(), [], Y)).toBeNull();
    const c = censusChild(recordFacts({ upn: 'A123', upnUnknownReason: 'UN1' }), journey(), Y);
    expect(c?.upnUnknown).toBeNull();
    expect(c?.sex).toBe('F');
    expect(c?.episodes).toHaveLength(1);
  });
});
