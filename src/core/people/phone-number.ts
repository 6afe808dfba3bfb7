/**
 * A person's telephone number as a referrer types it (issue 14: "the contact asks for the
 * family's address and phone"). GOV.UK's telephone number pattern: let people type the number in
 * the format they know, with spaces, brackets, hyphens and an international "+", and check only
 * that it could be a number. Baton never dials it, so it keeps the number as typed, tidied.
 */

/** The longest telephone number kept, in characters as typed (spaces and brackets included). */
export const PHONE_NUMBER_MAX_LENGTH = 30;

// E.164 numbers have at most 15 digits; "+44 (0)…" adds the trunk 0. UK numbers have 10 or 11
// digits, and no one's own number is shorter than 7 anywhere (999 and 101 are not people's).
const MIN_DIGITS = 7;
const MAX_DIGITS = 16;

export type PhoneNumberReading =
  { ok: true; value: string } | { ok: false; reason: 'too-long' | 'format' };

/**
 * Check a telephone number: digits, spaces, brackets and hyphens, with "+" only first, and 7 to
 * 16 digits. The value is trimmed with runs of spaces made one.
 */
export function validatePhoneNumber(input: string): PhoneNumberReading {
  const value = input.trim().replace(/\s+/g, ' ');
  if (value.length > PHONE_NUMBER_MAX_LENGTH) return { ok: false, reason: 'too-long' };
  if (!/^\+?[0-9 ()-]+$/.test(value)) return { ok: false, reason: 'format' };
  const digits = value.replace(/\D/g, '').length;
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) return { ok: false, reason: 'format' };
  return { ok: true, value };
}

/** What to do about a number `validatePhoneNumber` refused, in GOV.UK's words. */
export function phoneNumberProblem(reason: 'too-long' | 'format'): string {
  return reason === 'too-long'
    ? `Phone number must be ${String(PHONE_NUMBER_MAX_LENGTH)} characters or fewer`
    : 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192';
}
