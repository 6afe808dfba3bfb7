import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nhsCheckDigit } from './identifiers.js';
import {
  isKnownShortForm,
  jaroWinkler,
  rankCandidates,
  scoreCandidate,
  type PersonForMatching,
} from './person-matching.js';

// Synthetic people only; NHS numbers from the range reserved for testing (see identifiers.test.ts
// for the arithmetic): 999 000 1235 and 999 000 1243 are both valid.
const NHS_A = '9990001235';
const NHS_B = '9990001243';

const base: PersonForMatching = {
  givenName: 'Jonathan',
  familyName: 'Smith',
  dateOfBirth: '2015-03-04',
  postcode: 'SK1 3XX',
};

const score = (a: PersonForMatching, b: PersonForMatching): number => scoreCandidate(a, b).score;

describe('scoreCandidate: names', () => {
  it('scores identical records 100 and says why', () => {
    const r = scoreCandidate(base, { ...base });
    expect(r.score).toBe(100);
    expect(r.reasons).toEqual([
      'Same family name (Smith / Smith)',
      'Date of birth matches',
      'Same given name (Jonathan / Jonathan)',
      'Same postcode',
    ]);
    expect(r.evidence.map((e) => e.field)).toEqual([
      'familyName',
      'dateOfBirth',
      'givenName',
      'postcode',
    ]);
  });

  it('hears Smith and Smyth as the same family name', () => {
    const r = scoreCandidate(base, { ...base, familyName: 'Smyth' });
    expect(r.reasons).toContain('Family name sounds the same (Smith / Smyth)');
    expect(r.score).toBe(94);
  });

  it('knows Jon is a short form of Jonathan', () => {
    const r = scoreCandidate(base, { ...base, givenName: 'Jon' });
    expect(r.reasons).toContain('Given name is a known short form (Jonathan / Jon)');
    expect(r.score).toBe(95);
    expect(isKnownShortForm('Bill', 'William')).toBe(true);
    expect(isKnownShortForm('Jon', 'Jack')).toBe(true); // both short forms of John
    expect(isKnownShortForm('Jon', 'Will')).toBe(false);
  });

  it('hears Catherine and Kathryn as the same given name', () => {
    const r = scoreCandidate(
      { givenName: 'Catherine', familyName: 'Pemberton' },
      { givenName: 'Kathryn', familyName: 'Pemberton' },
    );
    expect(r.reasons).toContain('Given name sounds the same (Catherine / Kathryn)');
    expect(r.score).toBeGreaterThanOrEqual(90);
  });

  it('ignores case, accents, apostrophes and hyphen-or-space in names', () => {
    const a = { givenName: 'Zoë', familyName: "O'Neill-Hart" };
    const b = { givenName: 'ZOE', familyName: 'oneill hart' };
    expect(score(a, b)).toBe(100);
  });

  it('links a double-barrelled family name to either part, and to its parts reordered', () => {
    const r = scoreCandidate(
      { givenName: 'Amara', familyName: 'Ashworth-Bell' },
      { givenName: 'Amara', familyName: 'Bell' },
    );
    expect(r.reasons).toContain(
      'Family name is part of a double-barrelled name (Ashworth-Bell / Bell)',
    );
    const reordered = scoreCandidate(
      { givenName: 'Amara', familyName: 'Ashworth-Bell' },
      { givenName: 'Amara', familyName: 'Bell Ashworth' },
    );
    expect(reordered.reasons[0]).toBe(
      'Same family names in another order (Ashworth-Bell / Bell Ashworth)',
    );
    expect(reordered.score).toBeGreaterThan(r.score);
  });

  it('finds a typo in a family name by spelling when it changes the sound', () => {
    const r = scoreCandidate(
      { ...base, familyName: 'Pemberton' },
      { ...base, familyName: 'Pemverton' },
    );
    expect(r.reasons).toContain('Family name is spelt similarly (Pemberton / Pemverton)');
    expect(r.score).toBe(90);
  });

  it('matches through a former family name', () => {
    const r = scoreCandidate(
      { givenName: 'Lena', familyName: 'Marsh', formerFamilyNames: ['Holt'] },
      { givenName: 'Lena', familyName: 'Holt' },
    );
    expect(r.reasons[0]).toBe('Same family name (Holt / Holt), using a former family name');
    expect(r.score).toBe(95);
  });

  it('matches one of several given names, and an initial, with less weight', () => {
    const middle = score(
      { givenName: 'Mary Anne', familyName: 'Kowalski' },
      { givenName: 'Anne', familyName: 'Kowalski' },
    );
    const initial = score(
      { givenName: 'J', familyName: 'Kowalski' },
      { givenName: 'Jonathan', familyName: 'Kowalski' },
    );
    expect(middle).toBe(82);
    expect(initial).toBe(69);
  });
});

describe('scoreCandidate: dates, postcodes and NHS numbers', () => {
  it('spots a day and month swapped', () => {
    const r = scoreCandidate(base, { ...base, dateOfBirth: '2015-04-03' });
    expect(r.reasons).toContain('Day and month of birth swapped (2015-03-04 / 2015-04-03)');
    expect(r.score).toBe(92);
  });

  it('gives part credit when one part of the date differs, and counts a different date against', () => {
    const year = scoreCandidate(base, { ...base, dateOfBirth: '2016-03-04' });
    expect(year.reasons).toContain(
      'Date of birth differs only in the year (2015-03-04 / 2016-03-04)',
    );
    const different = scoreCandidate(base, { ...base, dateOfBirth: '2012-11-21' });
    expect(different.reasons).toContain('Different dates of birth (2015-03-04 / 2012-11-21)');
    const missing = scoreCandidate(base, { ...base, dateOfBirth: undefined });
    expect(missing.reasons).toContain('Date of birth recorded on only one of them');
    expect([year.score, missing.score, different.score]).toEqual([85, 82, 55]);
  });

  it('credits the postcode district', () => {
    const r = scoreCandidate(base, { ...base, postcode: 'sk1 4yy' });
    expect(r.reasons).toContain('Postcode district matches (SK1)');
    expect(r.score).toBe(91);
  });

  it('lets the same NHS number dominate differently spelt names', () => {
    const r = scoreCandidate(
      { givenName: 'Ava', familyName: 'Thornton', nhsNumber: NHS_A },
      { givenName: 'Eva', familyName: 'Thorntone', nhsNumber: '999 000 1235' },
    );
    expect(r.reasons[0]).toBe('Same NHS number');
    expect(r.score).toBeGreaterThanOrEqual(90);
    const unrelatedNames = scoreCandidate(
      { givenName: 'Ava', familyName: 'Thornton', nhsNumber: NHS_A },
      { givenName: 'Priya', familyName: 'Oduya', nhsNumber: NHS_A },
    );
    expect(unrelatedNames.score).toBe(90);
  });

  it('treats different valid NHS numbers as almost certainly two people', () => {
    const r = scoreCandidate({ ...base, nhsNumber: NHS_A }, { ...base, nhsNumber: NHS_B });
    expect(r.reasons[0]).toBe('Different NHS numbers: probably two different people');
    expect(r.score).toBe(40);
  });

  it('does not compare an NHS number that is not valid, and says so', () => {
    const r = scoreCandidate({ ...base, nhsNumber: '9990001234' }, { ...base, nhsNumber: NHS_A });
    expect(r.score).toBe(100);
    expect(r.reasons).toContain('An NHS number is not valid, so NHS numbers were not compared');
  });

  it('scores twins (different given names, all else the same) below a likely match', () => {
    const twin = score(base, { ...base, givenName: 'Zara' });
    expect(twin).toBe(65);
    expect(twin).toBeLessThan(score(base, { ...base, givenName: 'Jon', familyName: 'Smyth' }));
  });
});

describe('rankCandidates', () => {
  const candidates: (PersonForMatching & { id: string })[] = [
    { id: 'p1', givenName: 'Priya', familyName: 'Oduya', dateOfBirth: '2011-07-19' },
    { id: 'p2', givenName: 'Jon', familyName: 'Smyth', dateOfBirth: '2015-04-03' },
    { id: 'p3', ...base },
    { id: 'p4', givenName: 'Zara', familyName: 'Smith', dateOfBirth: '2015-03-04' },
    { id: 'p5', givenName: 'Jonathan', familyName: 'Smith' },
  ];

  it('returns the likeliest first, above the minimum, up to the limit', () => {
    const ranked = rankCandidates(base, candidates, { minimumScore: 50 });
    expect(ranked.map((r) => [r.candidate.id, r.score])).toEqual([
      ['p3', 100],
      ['p2', 71], // 66 of 92.5: ties with p5 but had more fields compared
      ['p5', 71],
      ['p4', 54],
    ]);
    expect(ranked[0]?.index).toBe(2);
    expect(rankCandidates(base, candidates, { limit: 2 }).map((r) => r.candidate.id)).toEqual([
      'p3',
      'p2',
    ]);
  });

  it('breaks ties by input order', () => {
    const twins = [{ ...base }, { ...base }];
    expect(rankCandidates(base, twins).map((r) => r.index)).toEqual([0, 1]);
  });
});

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const name = fc.oneof(
  fc.constantFrom(
    'Smith',
    'Smyth',
    'Jon',
    'Jonathan',
    'Catherine',
    'Kathryn',
    'Ashworth-Bell',
    'Bell',
    "O'Neill",
    'Zoë',
    'Mary Anne',
    'J',
  ),
  fc.stringMatching(/^[A-Za-z][a-z]{0,9}$/),
);
const isoDate = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const nhsNumber = fc
  .stringMatching(/^\d{6}$/)
  .map((six) => {
    const check = nhsCheckDigit(`999${six}`);
    return check === null ? null : `999${six}${check}`;
  })
  .filter((n): n is string => n !== null);
const person: fc.Arbitrary<PersonForMatching> = fc.record(
  {
    givenName: name,
    familyName: name,
    dateOfBirth: fc.oneof(isoDate, fc.constantFrom('2015-03-04', '2015-04-03', '2016-03-04')),
    nhsNumber: fc.oneof(nhsNumber, fc.constantFrom(NHS_A, NHS_B, '9990001234')),
    postcode: fc.constantFrom('SK1 3XX', 'SK1 4YY', 'M1 1AA', 'not a postcode'),
    formerFamilyNames: fc.array(name, { maxLength: 2 }),
  },
  { requiredKeys: ['givenName', 'familyName'] },
);

describe('properties', () => {
  it('scores are symmetric', () => {
    fc.assert(
      fc.property(person, person, (a, b) => {
        expect(score(a, b)).toBe(score(b, a));
      }),
    );
  });

  it('identical records score 100', () => {
    fc.assert(
      fc.property(person, (a) => {
        expect(score(a, structuredClone(a))).toBe(100);
      }),
    );
  });

  it('scores are whole numbers from 0 to 100', () => {
    fc.assert(
      fc.property(person, person, (a, b) => {
        const s = score(a, b);
        expect(Number.isInteger(s) && s >= 0 && s <= 100).toBe(true);
      }),
    );
  });

  it('adding a matching NHS number never lowers the score', () => {
    fc.assert(
      fc.property(person, person, nhsNumber, (a, b, n) => {
        expect(score({ ...a, nhsNumber: n }, { ...b, nhsNumber: n })).toBeGreaterThanOrEqual(
          score(a, b),
        );
      }),
    );
  });

  it('ranking is deterministic and agrees with scoreCandidate', () => {
    fc.assert(
      fc.property(person, fc.array(person, { maxLength: 12 }), (q, cs) => {
        const options = { limit: 5, minimumScore: 20 };
        const first = rankCandidates(q, cs, options);
        expect(rankCandidates(q, cs, options)).toEqual(first);
        expect(rankCandidates(q, [...cs].reverse(), options).map((r) => r.score)).toEqual(
          first.map((r) => r.score),
        );
        for (const r of first) {
          expect(r.score).toBe(score(q, r.candidate));
          expect(r.score).toBeGreaterThanOrEqual(20);
        }
        expect(first.length).toBeLessThanOrEqual(5);
      }),
    );
  });
});
