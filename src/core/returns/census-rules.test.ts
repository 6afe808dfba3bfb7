/**
 * Every DfE rule with a passing case (a child whose journey is recorded in full passes them all)
 * and a failing case (the same child with one thing wrong, named by the rule it should break).
 */
import { describe, expect, it } from 'vitest';
import { censusChild } from './census-child.js';
import {
  censusPeriod,
  censusPeriodOn,
  type CensusChild,
  type CensusEpisode,
} from './census-model.js';
import { CENSUS_RULES, validateCensusChild } from './census-rules.js';
import { journey, recordFacts } from './census-testing.js';

const P = censusPeriod('2025-26');

function base(): CensusChild {
  const c = censusChild(recordFacts(), journey(), P);
  if (c === null) throw new Error('the journey should make a census child');
  return c;
}
const ep = (c: CensusChild): CensusEpisode => {
  const e = c.episodes[0];
  if (e === undefined) throw new Error('no episode');
  return e;
};
const first = <T>(list: T[]): T => {
  const x = list[0];
  if (x === undefined) throw new Error('empty');
  return x;
};
/** A closed episode with only an assessment, closed after assessment with RC8. */
const assessmentOnly = (c: CensusChild): CensusEpisode => {
  const e = ep(c);
  e.section47s = [];
  e.cpPlans = [];
  e.cinPlans = [];
  e.closureDate = '2025-06-10';
  e.closureReason = 'RC8';
  return e;
};
const secondEpisode = (c: CensusChild, over: Partial<CensusEpisode>): void => {
  c.episodes.push({
    ...ep(c),
    assessments: [],
    section47s: [],
    cpPlans: [],
    cinPlans: [],
    ...over,
  });
};

/** For each rule, how to break it. */
const BREAK: Record<string, (c: CensusChild) => void> = {
  '1510': (c) => (c.upn = 'B801200001001'),
  '1540': (c) => (c.upn = 'A8012000X1001'),
  '1550': (c) => (c.upn = 'A80120000100I'),
  '1560Q': (c) => (c.formerUpn = 'not-a-upn'),
  '1570': (c) => (c.laChildId = 'A'.repeat(21)),
  '1580': (c) => (c.laChildId = 'STK-001'),
  '4180': (c) => (c.sex = null),
  '8500': (c) => (c.laChildId = ''),
  '8520': (c) => (c.birthDate = '2026-04-02'),
  '8525Q': (c) => (c.expectedBirthDate = '2021-09-10'),
  '8530Q': (c) => {
    c.birthDate = null;
    c.expectedBirthDate = '2025-01-10';
  },
  '8535Q': (c) => (c.deathDate = '2020-01-01'),
  '8545Q': (c) => (c.deathDate = '2026-05-01'),
  '8750': (c) => {
    c.birthDate = null;
    c.expectedBirthDate = '2026-06-01';
    ep(c).referralDate = '2026-01-10';
  },
  '8770Q': (c) => (c.birthDate = '2015-01-01'),
  '8772': (c) => (c.upnUnknown = 'UN7'),
  '8775Q': (c) => (c.birthDate = '2000-01-01'),
  '4220': (c) => (c.ethnicity = null),
  '8540': (c) => (c.disabilities = []),
  '8790': (c) => (c.disabilities = ['NONE', 'VIS']),
  '8794': (c) => (c.disabilities = ['VIS', 'VIS']),
  '8555Q': (c) => (c.deathDate = '2025-04-20'),
  '8565': (c) => {
    ep(c).closureDate = '2026-03-01';
    ep(c).closureReason = 'RC7';
    first(ep(c).cinPlans).endDate = '2026-03-10';
  },
  '8585Q': (c) => {
    ep(c).closureDate = '2026-03-01';
    ep(c).closureReason = 'RC2';
  },
  '8590': (c) => (c.episodes = []),
  '8600': (c) => (ep(c).referralDate = '2026-04-05'),
  '8606': (c) => (c.birthDate = '2026-03-01'),
  '8610': (c) => (ep(c).primaryNeed = null),
  '8620': (c) => {
    ep(c).closureDate = '2026-04-02';
    ep(c).closureReason = 'RC7';
  },
  '8630': (c) => {
    ep(c).closureDate = '2025-04-20';
    ep(c).closureReason = 'RC7';
  },
  '8805': (c) => (ep(c).closureDate = '2026-03-01'),
  '8810': (c) => (ep(c).closureReason = 'RC7'),
  '8815': (c) => {
    secondEpisode(c, { referralDate: '2025-04-02' });
  },
  '8816': (c) => {
    secondEpisode(c, {
      referralDate: '2026-03-01',
      closureDate: '2026-03-10',
      closureReason: 'RC7',
    });
  },
  '8820': (c) => {
    secondEpisode(c, {
      referralDate: '2025-06-01',
      closureDate: '2025-07-01',
      closureReason: 'RC7',
    });
  },
  '8825Q': (c) => {
    assessmentOnly(c).assessments = [];
  },
  '8866': (c) => (ep(c).referralSource = null),
  '2990': (c) => {
    ep(c).closureDate = '2026-03-01';
    ep(c).closureReason = 'RC8';
  },
  '2991Q': (c) => (ep(c).assessments = []),
  '8831': (c) => (ep(c).referralNfa = true),
  '4000': (c) => {
    ep(c).referralNfa = true;
    ep(c).assessments = [];
    ep(c).section47s = [];
  },
  '8832': (c) => {
    ep(c).referralNfa = true;
    ep(c).assessments = [];
    ep(c).section47s = [];
  },
  '8867': (c) => {
    const e = assessmentOnly(c);
    first(e.assessments).authorisationDate = null;
    first(e.assessments).factors = [];
  },
  '8868': (c) => {
    ep(c).closureDate = '2026-03-01';
    ep(c).closureReason = 'RC7';
    first(ep(c).section47s).dateOfInitialCpc = null;
  },
  '8873Q': (c) => {
    const e = assessmentOnly(c);
    e.closureReason = 'RC7';
    first(e.assessments).factors = ['21'];
  },
  '1103': (c) => (first(ep(c).assessments).actualStartDate = '2025-04-20'),
  '8608': (c) => (first(ep(c).assessments).actualStartDate = '2025-06-20'),
  '8614': (c) => (first(ep(c).assessments).authorisationDate = null),
  '8696': (c) => (first(ep(c).assessments).authorisationDate = '2026-04-02'),
  '8736': (c) => {
    ep(c).referralDate = '2025-02-01';
    Object.assign(first(ep(c).assessments), {
      actualStartDate: '2025-03-01',
      authorisationDate: null,
      factors: [],
    });
  },
  '8863Q': (c) =>
    ep(c).assessments.push({ ...first(ep(c).assessments), actualStartDate: '2025-05-20' }),
  '8869': (c) => (first(ep(c).assessments).factors = ['21', '3A']),
  '8896': (c) => {
    const a = {
      actualStartDate: '2025-07-01',
      internalReviewDate: null,
      authorisationDate: null,
      factors: [],
    };
    ep(c).assessments.push(a, { ...a, actualStartDate: '2025-08-01' });
  },
  '8897Q': (c) => (first(ep(c).assessments).factors = []),
  '8898': (c) => (first(ep(c).assessments).factors = ['3A', '3A']),
  '4001': (c) => (first(ep(c).cinPlans).startDate = '2025-12-01'),
  '4004': (c) => ep(c).cinPlans.push({ startDate: '2026-02-01', endDate: null }),
  '4008': (c) => (c.deathDate = '2025-12-01'),
  '4009Q': (c) => {
    c.deathDate = '2026-02-01';
    first(ep(c).cinPlans).endDate = '2026-03-01';
  },
  '4010': (c) => ep(c).cinPlans.push({ startDate: '2026-04-05', endDate: '2026-04-06' }),
  '4011': (c) => (first(ep(c).cinPlans).endDate = '2026-01-10'),
  '4012Q': (c) => (first(ep(c).cinPlans).endDate = '2026-01-15'),
  '4013': (c) => (first(ep(c).cinPlans).endDate = '2026-04-10'),
  '4014': (c) => ep(c).cinPlans.push({ startDate: '2026-02-01', endDate: '2026-02-20' }),
  '4015': (c) => ep(c).cinPlans.push({ startDate: '2025-04-10', endDate: '2025-04-20' }),
  '4016': (c) => ep(c).cinPlans.push({ startDate: '2025-08-01', endDate: '2025-09-01' }),
  '4017': (c) =>
    ep(c).cpPlans.push({ ...first(ep(c).cpPlans), startDate: '2026-02-01', endDate: '2026-03-01' }),
  '1104': (c) => (first(ep(c).section47s).dateOfInitialCpc = '2025-04-28'),
  '2889': (c) => (first(ep(c).section47s).actualStartDate = '2025-04-20'),
  '8615': (c) => (first(ep(c).section47s).actualStartDate = '2025-07-01'),
  '8715': (c) => (first(ep(c).section47s).dateOfInitialCpc = '2026-04-01'),
  '8740': (c) => {
    ep(c).referralDate = '2025-02-01';
    Object.assign(first(ep(c).section47s), {
      actualStartDate: '2025-03-03',
      dateOfInitialCpc: null,
    });
  },
  '8839': (c) => {
    const s = {
      actualStartDate: '2025-08-01',
      initialCpcTarget: null,
      dateOfInitialCpc: null,
      icpcNotRequired: false,
    };
    ep(c).section47s.push(s, { ...s, actualStartDate: '2025-09-01' });
  },
  '8870Q': (c) => (first(ep(c).section47s).initialCpcTarget = '2025-07-05'),
  '8875': (c) => (first(ep(c).section47s).dateOfInitialCpc = '2025-06-29'),
  '8890': (c) =>
    ep(c).section47s.push({
      ...first(ep(c).section47s),
      actualStartDate: '2025-06-15',
      dateOfInitialCpc: '2025-06-25',
    }),
  '1105': (c) => (first(ep(c).cpPlans).startDate = '2025-04-20'),
  '2885': (c) => (first(ep(c).cpPlans).startDate = '2025-07-01'),
  '8720': (c) => (first(ep(c).cpPlans).startDate = '2026-04-02'),
  '8840': (c) => (first(ep(c).cpPlans).endDate = '2025-06-30'),
  '8841': (c) => first(ep(c).cpPlans).reviewDates.push('2025-06-30'),
  '8905': (c) => (first(ep(c).cpPlans).initialCategory = null),
  '8910': (c) => (first(ep(c).cpPlans).latestCategory = null),
  '8915': (c) => (c.deathDate = '2025-06-01'),
  '8920': (c) => (c.deathDate = '2025-12-01'),
  '8925': (c) => (first(ep(c).cpPlans).endDate = '2025-06-01'),
  '8930': (c) => (first(ep(c).cpPlans).endDate = '2026-04-10'),
  '8935': (c) => {
    first(ep(c).cpPlans).endDate = null;
    ep(c).cpPlans.push({ ...first(ep(c).cpPlans), startDate: '2025-10-01' });
  },
  '8940': (c) =>
    ep(c).cpPlans.push({ ...first(ep(c).cpPlans), startDate: '2025-08-01', endDate: '2025-09-01' }),
  '4003': (c) => first(ep(c).cpPlans).reviewDates.push('2026-02-01'),
};

describe('DfE census rules', () => {
  it('pass a child whose journey Baton recorded in full', () => {
    expect(validateCensusChild(base(), P)).toEqual([]);
  });

  it('each have a failing case, and every rule number is DfE-shaped and unique', () => {
    const ids = CENSUS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d{3,4}Q?$/);
    expect(Object.keys(BREAK).sort()).toEqual([...ids].sort());
  });

  it.each(CENSUS_RULES.map((r) => [r.id, r] as const))('%s fails when broken', (id, r) => {
    const child = base();
    expect(r.check(child, P)).toBe(false);
    BREAK[id]?.(child);
    const failed = validateCensusChild(child, P);
    expect(failed.map((f) => f.rule)).toContain(id);
    const f = failed.find((x) => x.rule === id);
    expect(f?.severity).toBe(id.endsWith('Q') ? 'query' : 'error');
    expect(f?.laChildId).toBe(child.laChildId);
  });
});

describe('a census year still under way (8736, 8740)', () => {
  /** An assessment and s47 enquiries begun in March 2025 and still open: into 2025-26. */
  const openSinceMarch = (c: CensusChild): void => {
    BREAK['8736']?.(c);
    BREAK['8740']?.(c);
  };

  it('fails both once the year has ended', () => {
    const child = base();
    openSinceMarch(child);
    const ended = censusPeriodOn('2025-26', '2026-04-15');
    expect(ended.asOf).toBeUndefined();
    const rules = validateCensusChild(child, ended).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['8736', '8740']));
  });

  it('waits for the year to end: work begun before it may still finish within it', () => {
    const child = base();
    openSinceMarch(child);
    const underWay = censusPeriodOn('2025-26', '2025-12-07');
    expect(underWay).toMatchObject({ asOf: '2025-12-07', end: '2026-03-31' });
    const rules = validateCensusChild(child, underWay).map((f) => f.rule);
    expect(rules).not.toContain('8736');
    expect(rules).not.toContain('8740');
    // Rules not about the year's end still apply while it is under way.
    child.sex = null;
    expect(validateCensusChild(child, underWay).map((f) => f.rule)).toContain('4180');
  });
});

describe('8520 and 8530Q: unborn children and births after the reference date', () => {
  it('passes an unborn child expected after 31 March, within nine months of it', () => {
    const child = base();
    child.birthDate = null;
    child.expectedBirthDate = '2026-06-01';
    child.sex = 'U';
    ep(child).referralDate = '2026-01-10';
    const rules = validateCensusChild(child, P).map((f) => f.rule);
    expect(rules).not.toContain('8520');
    expect(rules).not.toContain('8530Q');
    expect(rules).not.toContain('8750');
  });

  it('queries an expected date long past (an unborn record never updated) or too far ahead', () => {
    const child = base();
    child.birthDate = null;
    child.sex = 'U';
    for (const [expected, fails] of [
      ['2026-03-01', true],
      ['2026-03-02', false],
      ['2026-12-30', false],
      ['2026-12-31', true],
    ] as const) {
      child.expectedBirthDate = expected;
      expect(
        validateCensusChild(child, P).some((f) => f.rule === '8530Q'),
        expected,
      ).toBe(fails);
    }
  });

  it('returns a child born after 31 March as unborn on it, so 8520 and 8750 pass', () => {
    const facts = recordFacts({ dateOfBirth: '2026-04-10', expectedDate: '2026-04-20', sex: 'M' });
    const work = journey();
    const child = censusChild(facts, work, P);
    expect(child).toMatchObject({
      birthDate: null,
      expectedBirthDate: '2026-04-20',
      sex: 'U',
    });
    if (child === null) throw new Error('the journey should make a census child');
    const rules = validateCensusChild(child, P).map((f) => f.rule);
    expect(rules).not.toContain('8520');
    expect(rules).not.toContain('8750');
    // In the next year's census the child is born, with the sex recorded.
    const next = censusChild(facts, work, censusPeriod('2026-27'));
    expect(next).toMatchObject({ birthDate: '2026-04-10', expectedBirthDate: null, sex: 'M' });
  });
});
