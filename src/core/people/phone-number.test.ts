import { describe, expect, it } from 'vitest';
import {
  PHONE_NUMBER_MAX_LENGTH,
  phoneNumberProblem,
  validatePhoneNumber,
} from './phone-number.js';

// Ofcom's numbers for drama (01632 960xxx, 07700 900xxx, 0808 157 0xxx): never anyone's.
describe('validatePhoneNumber', () => {
  it('takes a number in the formats people know, tidying the spaces', () => {
    expect(validatePhoneNumber('01632 960 001')).toEqual({ ok: true, value: '01632 960 001' });
    expect(validatePhoneNumber('  07700   900982 ')).toEqual({ ok: true, value: '07700 900982' });
    expect(validatePhoneNumber('+44 (0)7700 900 982')).toEqual({
      ok: true,
      value: '+44 (0)7700 900 982',
    });
    expect(validatePhoneNumber('(01632) 960-001')).toEqual({ ok: true, value: '(01632) 960-001' });
  });

  it('refuses letters, a "+" not first, and too few or too many digits', () => {
    for (const wrong of [
      '0161 ABC 0000',
      '07700 900982 ext 4',
      '0161+4960000',
      '999',
      '12345',
      '+1234567890123456789',
    ])
      expect(validatePhoneNumber(wrong), wrong).toEqual({ ok: false, reason: 'format' });
  });

  it('refuses a number longer than the limit, however it is spaced', () => {
    const long = '0'.repeat(10) + '-'.repeat(PHONE_NUMBER_MAX_LENGTH - 9);
    expect(long.length).toBe(PHONE_NUMBER_MAX_LENGTH + 1);
    expect(validatePhoneNumber(long)).toEqual({ ok: false, reason: 'too-long' });
    expect(validatePhoneNumber('0'.repeat(11).padEnd(PHONE_NUMBER_MAX_LENGTH, '-'))).toMatchObject({
      ok: true,
    });
  });

  it('says what to do, in plain English', () => {
    expect(phoneNumberProblem('format')).toMatch(/^Enter a phone number, like 01632 960 001/);
    expect(phoneNumberProblem('too-long')).toBe(
      `Phone number must be ${String(PHONE_NUMBER_MAX_LENGTH)} characters or fewer`,
    );
  });
});
