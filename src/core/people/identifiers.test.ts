import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/error-catalogue.js';
import {
  ageInYears,
  formatNhsNumber,
  isChild,
  isTemporaryUpn,
  isTestRangeNhsNumber,
  nhsCheckDigit,
  normalisePostcode,
  postcodeDistrict,
  upnCheckLetter,
  validateDateOfBirth,
  validateNhsNumber,
  validateUpn,
} from './identifiers.js';

/*
 * NHS numbers, all in the range reserved for testing (they begin 999). Weights 10..2 on the first
 * nine digits; check digit = 11 − (sum mod 11), 11 → 0, 10 → never issued.
 *   999 000 123: 9×10 + 9×9 + 9×8 + 0×7 + 0×6 + 0×5 + 1×4 + 2×3 + 3×2 = 259; 259 mod 11 = 6 → 5
 *   999 000 124: 90 + 81 + 72 + 4 + 6 + 4×2 = 261;                       261 mod 11 = 8 → 3
 *   999 000 005: 90 + 81 + 72 + 5×2 = 253;                               253 mod 11 = 0 → 11 → 0
 *   999 000 000: 90 + 81 + 72 = 243;                                     243 mod 11 = 1 → 10: none
 */
const VALID_A = '9990001235';
const VALID_B = '9990001243';
const VALID_CHECK_ZERO = '9990000050';

describe('validateNhsNumber', () => {
  it('accepts valid numbers and normalises spaces and hyphens', () => {
    expect(validateNhsNumber(VALID_A)).toEqual({ ok: true, value: VALID_A });
    expect(validateNhsNumber('999 000 1235')).toEqual({ ok: true, value: VALID_A });
    expect(validateNhsNumber(' 999-000-1243 ')).toEqual({ ok: true, value: VALID_B });
    expect(validateNhsNumber(VALID_CHECK_ZERO)).toEqual({ ok: true, value: VALID_CHECK_ZERO });
  });

  it('refuses a wrong check digit', () => {
    expect(validateNhsNumber('9990001234')).toEqual({ ok: false, reason: 'check-digit' });
    expect(validateNhsNumber('999 000 1236')).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('refuses nine digits whose check digit would be 10, whatever the last digit', () => {
    expect(nhsCheckDigit('999000000')).toBeNull();
    for (let d = 0; d <= 9; d++) {
      expect(validateNhsNumber(`999000000${d}`)).toEqual({ ok: false, reason: 'check-digit' });
    }
  });

  it('refuses the wrong shape', () => {
    for (const bad of ['', '99900012', '99900012355', '999 000 123A', 'nine', '999.000.1235']) {
      expect(validateNhsNumber(bad)).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('computes check digits as the worked examples show', () => {
    expect([nhsCheckDigit('999000123'), nhsCheckDigit('999000124')]).toEqual([5, 3]);
    expect(nhsCheckDigit('999000005')).toBe(0);
    expect(nhsCheckDigit('12345678')).toBeNull();
  });

  it('catches every single-digit mistake (property)', () => {
    const valid = fc
      .stringMatching(/^\d{9}$/)
      .map((nine) => {
        const check = nhsCheckDigit(nine);
        return check === null ? null : `${nine}${check}`;
      })
      .filter((n): n is string => n !== null);
    fc.assert(
      fc.property(valid, fc.nat(9), fc.integer({ min: 1, max: 9 }), (n, position, delta) => {
        expect(validateNhsNumber(n).ok).toBe(true);
        const digit = (Number(n[position]) + delta) % 10;
        const mistyped = `${n.slice(0, position)}${digit}${n.slice(position + 1)}`;
        expect(validateNhsNumber(mistyped)).toEqual({ ok: false, reason: 'check-digit' });
      }),
    );
  });
});

describe('isTestRangeNhsNumber and formatNhsNumber', () => {
  it('knows the range reserved for testing', () => {
    expect(isTestRangeNhsNumber('999 000 1235')).toBe(true);
    expect(isTestRangeNhsNumber('9990001234')).toBe(false); // begins 999 but not valid
    // 000 000 0000 passes the check (sum 0 → 11 → 0) yet no one is issued it: outside the range.
    expect(validateNhsNumber('0000000000').ok).toBe(true);
    expect(isTestRangeNhsNumber('0000000000')).toBe(false);
  });

  it('formats as 3-3-4 and leaves anything else as typed', () => {
    expect(formatNhsNumber(VALID_A)).toBe('999 000 1235');
    expect(formatNhsNumber('999-000-1235')).toBe('999 000 1235');
    expect(formatNhsNumber('12345')).toBe('12345');
  });
});

/*
 * UPNs built for these tests (LA 999 is not an LA code, so none can belong to a pupil). The check
 * letter is Σ (character × position) over positions 2–13, mod 23, as a letter of
 * ABCDEFGHJKLMNPQRTUVWXYZ (A = 0; no I, O or S).
 *   ?999999925001: 9×(2+3+4+5+6+7+8) + 2×9 + 5×10 + 0×11 + 0×12 + 1×13 = 315 + 18 + 50 + 13 = 396
 *                  396 mod 23 = 5 → F                                         → F999999925001
 *   ?99999992500A: 315 + 18 + 50 + A(0)×13 = 383; 383 mod 23 = 15 → R         → R99999992500A
 *   ?99999992500C: 383 + C(2)×13 = 409;           409 mod 23 = 18 → V         → V99999992500C
 */
describe('validateUpn', () => {
  it('accepts permanent and temporary UPNs and normalises case and spaces', () => {
    expect(validateUpn('F999999925001')).toEqual({ ok: true, value: 'F999999925001' });
    expect(validateUpn(' f999 9999 25 001 ')).toEqual({ ok: true, value: 'F999999925001' });
    expect(validateUpn('R99999992500A')).toEqual({ ok: true, value: 'R99999992500A' });
    expect(validateUpn('V99999992500C')).toEqual({ ok: true, value: 'V99999992500C' });
    expect([isTemporaryUpn('R99999992500A'), isTemporaryUpn('F999999925001')]).toEqual([
      true,
      false,
    ]);
  });

  it('computes the check letter as the worked examples show', () => {
    expect(upnCheckLetter('999999925001')).toBe('F');
    expect(upnCheckLetter('99999992500A')).toBe('R');
    expect(upnCheckLetter('9999999250I1')).toBeNull();
  });

  it('refuses a wrong check letter', () => {
    expect(validateUpn('A999999925001')).toEqual({ ok: false, reason: 'check-digit' });
    expect(validateUpn('F999999925002')).toEqual({ ok: false, reason: 'check-digit' });
    expect(validateUpn('F99999992500A')).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('refuses the wrong shape, including I, O and S where letters go', () => {
    for (const bad of [
      '',
      'F99999992500', // 12 characters
      'F9999999250011', // 14 characters
      '9999999925001', // no check letter
      'I999999925001', // I is never a check letter
      'F99999992500S', // nor the last letter of a temporary UPN
      'F9999999A5001', // letters only first and last
    ]) {
      expect(validateUpn(bad)).toEqual({ ok: false, reason: 'format' });
    }
  });
});

describe('normalisePostcode', () => {
  it('upper-cases and puts one space before the inward code, for every outward shape', () => {
    expect(normalisePostcode('m1 1aa')).toBe('M1 1AA'); // A9
    expect(normalisePostcode('M601NW')).toBe('M60 1NW'); // A99
    expect(normalisePostcode(' cr2   6xh ')).toBe('CR2 6XH'); // AA9
    expect(normalisePostcode('DN55 1PT')).toBe('DN55 1PT'); // AA99
    expect(normalisePostcode('w1a0ax')).toBe('W1A 0AX'); // A9A
    expect(normalisePostcode('EC1A 1BB')).toBe('EC1A 1BB'); // AA9A
    expect(normalisePostcode('gir 0aa')).toBe('GIR 0AA');
  });

  it('returns null for what is not a UK postcode', () => {
    for (const bad of ['', 'SK1', 'hello', '12345', 'Q1 1AA', 'SK1 3CX', 'GIR 1AA', 'SK1 3XXX']) {
      expect(normalisePostcode(bad)).toBeNull();
    }
  });

  it('gives the district (outward code)', () => {
    expect(postcodeDistrict('sk1 3xx')).toBe('SK1');
    expect(postcodeDistrict('nonsense')).toBeNull();
  });

  it('is idempotent and ignores spacing and case (property)', () => {
    const postcode = fc.constantFrom('M1 1AA', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB');
    fc.assert(
      fc.property(postcode, fc.boolean(), fc.nat(3), (p, lower, spaces) => {
        const typed = (lower ? p.toLowerCase() : p).replace(' ', ' '.repeat(spaces));
        expect(normalisePostcode(typed)).toBe(p);
        expect(normalisePostcode(p)).toBe(p);
      }),
    );
  });
});

function batonErrorFrom(f: () => unknown): BatonError {
  try {
    f();
  } catch (e) {
    if (e instanceof BatonError) return e;
  }
  throw new Error('expected a BatonError');
}

describe('ageInYears', () => {
  it('counts a year only once the birthday is reached', () => {
    expect(ageInYears('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageInYears('2010-06-15', '2026-06-15')).toBe(16);
    expect(ageInYears('2010-12-31', '2011-01-01')).toBe(0);
    expect(ageInYears('2026-03-05', '2026-03-05')).toBe(0);
  });

  it('treats a 29 February birthday as reached on 1 March in a common year', () => {
    expect(ageInYears('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageInYears('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageInYears('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageInYears('2008-02-29', '2024-02-29')).toBe(16);
  });

  it('throws BATON_VALIDATION for a malformed date or a birth after today', () => {
    expect(() => ageInYears('2010-02-30', '2026-01-01')).toThrow(BatonError);
    expect(() => ageInYears('15/06/2010', '2026-01-01')).toThrow(BatonError);
    expect(batonErrorFrom(() => ageInYears('2026-01-02', '2026-01-01'))).toMatchObject({
      code: 'BATON_VALIDATION',
      details: [{ path: 'dateOfBirth', message: 'Date of birth must be today or in the past' }],
    });
  });

  it('never falls as today moves on (property)', () => {
    const day = fc
      .date({ min: new Date('1950-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        const [dob, t1, t2] = [a, b, c].sort();
        if (dob === undefined || t1 === undefined || t2 === undefined) return;
        expect(ageInYears(dob, t2)).toBeGreaterThanOrEqual(ageInYears(dob, t1));
      }),
    );
  });
});

describe('isChild', () => {
  const today = '2026-03-05';
  const stockportLike = { underAge: 18, disabledUnderAge: 25, includesUnborn: true };
  const noExtension = { underAge: 18, includesUnborn: false };

  it('counts anyone under the pack age', () => {
    expect(isChild({ dateOfBirth: '2008-03-06', disabled: false }, today, stockportLike)).toBe(
      true,
    );
    expect(isChild({ dateOfBirth: '2008-03-05', disabled: false }, today, stockportLike)).toBe(
      false,
    );
  });

  it('extends the age for disabled young people only where the pack does', () => {
    expect(isChild({ dateOfBirth: '2006-01-01', disabled: true }, today, stockportLike)).toBe(true);
    expect(isChild({ dateOfBirth: '2001-03-05', disabled: true }, today, stockportLike)).toBe(
      false,
    );
    expect(isChild({ dateOfBirth: '2006-01-01', disabled: true }, today, noExtension)).toBe(false);
  });

  it('counts the unborn with an expected date where the pack includes them', () => {
    const unborn = { expectedDate: '2026-07-01', disabled: false };
    expect(isChild(unborn, today, stockportLike)).toBe(true);
    expect(isChild(unborn, today, noExtension)).toBe(false);
  });

  it('cannot show someone is a child without a date', () => {
    expect(isChild({ disabled: false }, today, stockportLike)).toBe(false);
  });
});

describe('validateDateOfBirth', () => {
  const today = '2026-03-05';

  it('accepts a real date from 1 January 1900 up to today', () => {
    expect(validateDateOfBirth('2015-03-27', today)).toEqual({ ok: true, value: '2015-03-27' });
    expect(validateDateOfBirth(' 1900-01-01 ', today)).toEqual({ ok: true, value: '1900-01-01' });
    expect(validateDateOfBirth(today, today)).toEqual({ ok: true, value: today });
  });

  it('says clearly why a date is refused', () => {
    expect(validateDateOfBirth('2026-03-06', today)).toMatchObject({
      ok: false,
      reason: 'future',
      message: 'Date of birth must be today or in the past',
    });
    expect(validateDateOfBirth('1899-12-31', today)).toMatchObject({
      ok: false,
      reason: 'before-1900',
    });
    for (const bad of ['2015-02-29', '27/03/2015', '2015-3-27', '']) {
      expect(validateDateOfBirth(bad, today)).toMatchObject({ ok: false, reason: 'format' });
    }
  });
});
