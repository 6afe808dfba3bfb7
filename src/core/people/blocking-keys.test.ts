import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockingKeys, phoneticKeys, searchKeys } from './blocking-keys.js';
import type { PersonForMatching } from './person-matching.js';

// Synthetic people only; NHS numbers from the range reserved for testing (999…).

/** True when a search for `query` reads `record` at all (they share a key). */
const reaches = (query: PersonForMatching, record: PersonForMatching): boolean => {
  const stored = new Set(blockingKeys(record));
  return searchKeys(query).keys.some((k) => stored.has(k));
};

/** True when a search for `query` reads `record` before the others. */
const prefers = (query: PersonForMatching, record: PersonForMatching): boolean => {
  const stored = new Set(blockingKeys(record));
  return searchKeys(query).preferred.some((k) => stored.has(k));
};

describe('phoneticKeys and blockingKeys', () => {
  it('gives the Double Metaphone codes of each part of a name', () => {
    expect(phoneticKeys('Smith')).toEqual(['SM0', 'XMT']);
    expect(phoneticKeys('Smyth')).toEqual(phoneticKeys('Smith'));
    expect(phoneticKeys('Mac Donald')).toEqual(['MK', 'MKTNLT', 'TNLT']);
    expect(phoneticKeys('MacDonald')).toEqual(['MKTNLT']);
    expect(phoneticKeys("'-")).toEqual([]);
  });

  it('lists the keys a record is found by, skipping values that are not valid', () => {
    expect(
      blockingKeys({
        givenName: 'Lena',
        familyName: 'Marsh',
        formerFamilyNames: ['Holt'],
        dateOfBirth: '2016-01-02',
        postcode: 'sk1 3xx',
        nhsNumber: '999 000 1235',
      }),
    ).toEqual([
      'dob:2016-01-02',
      'dob:2016-02-01',
      'family-day:HLT:01-02',
      'family-day:MRX:01-02',
      'family-given:HLT:L',
      'family-given:MRX:L',
      'family-year:HLT:2016',
      'family-year:MRX:2016',
      'family:HLT',
      'family:MRX',
      'nhs:9990001235',
      'postcode:SK1 3XX',
    ]);
    expect(
      blockingKeys({
        givenName: 'Lena',
        familyName: '',
        dateOfBirth: '2016-13-02',
        postcode: 'nowhere',
        nhsNumber: '9990001234',
      }),
    ).toEqual([]);
  });

  it('files a record with no date of birth as undated, and a given name by letter and sound', () => {
    expect(blockingKeys({ givenName: 'Catherine Mary', familyName: 'Smith' })).toEqual([
      'family-given:SM0:C',
      'family-given:SM0:K',
      'family-given:SM0:M',
      'family-given:XMT:C',
      'family-given:XMT:K',
      'family-given:XMT:M',
      'family-undated:SM0',
      'family-undated:XMT',
      'family:SM0',
      'family:XMT',
    ]);
  });

  it('lets a query find the records that the examples above match', () => {
    const bare = { givenName: 'Jonathan' };
    expect(reaches({ ...bare, familyName: 'Smith' }, { ...bare, familyName: 'Smyth' })).toBe(true);
    expect(reaches({ ...bare, familyName: 'Bell' }, { ...bare, familyName: 'Ashworth-Bell' })).toBe(
      true,
    );
    expect(
      reaches(
        { ...bare, familyName: 'Oduya', dateOfBirth: '2015-03-04' },
        { ...bare, familyName: 'Kowalski', dateOfBirth: '2015-04-03' },
      ),
    ).toBe(true);
  });
});

describe('searchKeys with a date of birth', () => {
  const record = { givenName: 'Lena', familyName: 'Marsh', dateOfBirth: '2016-01-02' };

  it('asks for the family name joined with the year and with the day, never the bare sound', () => {
    expect(
      searchKeys({ givenName: 'Lena', familyName: 'Marsh', dateOfBirth: '2016-01-02' }),
    ).toEqual({
      keys: [
        'dob:2016-01-02',
        'dob:2016-02-01',
        'family-day:MRX:01-02',
        'family-undated:MRX',
        'family-year:MRX:2016',
      ],
      preferred: [],
    });
  });

  it('still finds the record when one part of the date or the family name is misspelt', () => {
    const query = (change: Partial<PersonForMatching>) => ({ ...record, ...change });
    expect(reaches(query({}), record)).toBe(true);
    expect(reaches(query({ dateOfBirth: '2061-01-02' }), record)).toBe(true); // year
    expect(reaches(query({ dateOfBirth: '2016-01-20' }), record)).toBe(true); // day
    expect(reaches(query({ dateOfBirth: '2016-11-02' }), record)).toBe(true); // month
    expect(reaches(query({ dateOfBirth: '2016-02-01' }), record)).toBe(true); // swapped
    expect(reaches(query({ familyName: 'Norsh' }), record)).toBe(true); // by date of birth
    expect(reaches(query({ familyName: 'Mersh', dateOfBirth: '2017-01-02' }), record)).toBe(true);
  });

  it('finds a record with no date of birth by the family name', () => {
    expect(reaches(record, { givenName: 'Lena', familyName: 'Marsh' })).toBe(true);
  });

  it('leaves out people of the same family name born in another year on another day', () => {
    expect(reaches(record, { ...record, dateOfBirth: '1984-06-30' })).toBe(false);
    expect(reaches(record, { ...record, dateOfBirth: '2016-06-30' })).toBe(true);
    expect(reaches(record, { ...record, dateOfBirth: '1984-01-02' })).toBe(true);
  });
});

describe('searchKeys without a date of birth', () => {
  it('asks for the bare family name sound, and prefers the same given-name letter or sound', () => {
    const query = { givenName: 'Kathryn', familyName: 'Smyth', postcode: 'sk1 3xx' };
    expect(searchKeys(query)).toEqual({
      keys: ['family:SM0', 'family:XMT', 'postcode:SK1 3XX'],
      preferred: [
        'family-given:SM0:C',
        'family-given:SM0:K',
        'family-given:XMT:C',
        'family-given:XMT:K',
        'postcode:SK1 3XX',
      ],
    });
    const smith = (givenName: string, more: Partial<PersonForMatching> = {}) => ({
      givenName,
      familyName: 'Smith',
      dateOfBirth: '2015-03-04',
      ...more,
    });
    expect(prefers(query, smith('Catherine'))).toBe(true); // the same sound
    expect(prefers(query, smith('Christine'))).toBe(true); // the same letter as a short form
    expect(prefers(query, smith('Kate'))).toBe(true); // the same letter
    expect(prefers(query, smith('K'))).toBe(true); // an initial
    expect(prefers(query, smith('Zoe', { postcode: 'SK1 3XX' }))).toBe(true); // same postcode
    expect(prefers(query, smith('Zoe'))).toBe(false);
    expect(reaches(query, smith('Zoe'))).toBe(true);
  });

  it('prefers a known short form that shares neither letter nor sound (Bill / William)', () => {
    expect(
      prefers(
        { givenName: 'Bill', familyName: 'Marsh' },
        { givenName: 'William', familyName: 'Marsh' },
      ),
    ).toBe(true);
    expect(
      prefers(
        { givenName: 'William', familyName: 'Marsh' },
        { givenName: 'Bill', familyName: 'Marsh' },
      ),
    ).toBe(true);
    expect(
      prefers(
        { givenName: 'Peggy', familyName: 'Marsh' },
        { givenName: 'Ann Margaret', familyName: 'Marsh' },
      ),
    ).toBe(true);
  });

  it('prefers nothing when there is no family name to join with', () => {
    expect(searchKeys({ givenName: 'Lena', familyName: '', nhsNumber: '9990001235' })).toEqual({
      keys: ['nhs:9990001235'],
      preferred: [],
    });
  });
});

const name = fc.stringMatching(/^[A-Za-z][a-z]{0,9}( [A-Za-z][a-z]{0,9})?$/);
const person = fc.record(
  {
    givenName: name,
    familyName: name,
    dateOfBirth: fc
      .date({ min: new Date('1950-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    postcode: fc.constantFrom('SK1 3XX', 'SK4 1AA', 'M1 1AE'),
  },
  { requiredKeys: ['givenName', 'familyName'] },
);

describe('properties', () => {
  it('a search for a record reaches it, and every preferred holder is also reached', () => {
    fc.assert(
      fc.property(person, person, (q, r) => {
        expect(reaches(q, q)).toBe(true);
        if (prefers(q, r)) expect(reaches(q, r)).toBe(true);
      }),
    );
  });

  it('a search without a date of birth prefers the same person (when the name has a sound)', () => {
    fc.assert(
      fc.property(person, (p) => {
        const query = { ...p, dateOfBirth: undefined };
        if (phoneticKeys(p.familyName).length > 0) expect(prefers(query, p)).toBe(true);
      }),
    );
  });

  it('a date of birth mistyped in one part, with the family name right, still reaches', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 0, max: 2 }), (p, part) => {
        // As above: the keys join a date with the family name's sound, so a name with none
        // (fast-check found "h") has nothing to join with.
        if (p.dateOfBirth === undefined || phoneticKeys(p.familyName).length === 0) return;
        const [y, m, d] = p.dateOfBirth.split('-');
        const other = [
          `${String(Number(y) - 1)}-${m ?? ''}-${d ?? ''}`,
          `${y ?? ''}-${m === '12' ? '11' : '12'}-${d ?? ''}`,
          `${y ?? ''}-${m ?? ''}-${d === '01' ? '02' : '01'}`,
        ][part];
        expect(reaches({ ...p, dateOfBirth: other }, p)).toBe(true);
      }),
    );
  });
});
