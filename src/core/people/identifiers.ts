/**
 * People's identifiers and dates: NHS number, Unique Pupil Number, postcode, date of birth, age
 * and "is this person a child?". Pure and clock-free: every function that needs the date takes
 * `today` as an ISO date (YYYY-MM-DD).
 */
import { BatonError } from '../errors/error-catalogue.js';
import type { PackDocument } from '../policy/index.js';

/** The outcome of checking an identifier: the normalised value, or why it is not valid. */
export type IdentifierResult =
  | { ok: true; value: string }
  | {
      ok: false;
      /** `format`: wrong length or characters. `check-digit`: the check digit (or letter) is wrong. */
      reason: 'format' | 'check-digit';
    };

const SEPARATORS = /[\s-]+/g;

// ---------------------------------------------------------------------------------------------
// NHS number
// ---------------------------------------------------------------------------------------------

/**
 * The NHS number check digit for the first nine digits (modulus 11, weights 10 down to 2), or
 * null when no check digit exists: a remainder giving 10 means the nine digits are never issued.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Check an NHS number typed with or without spaces or hyphens ("999 000 1235"). */
export function validateNhsNumber(input: string): IdentifierResult {
  const digits = input.trim().replace(SEPARATORS, '');
  if (!/^\d{10}$/.test(digits)) return { ok: false, reason: 'format' };
  const check = nhsCheckDigit(digits.slice(0, 9));
  if (check === null || check !== Number(digits[9])) return { ok: false, reason: 'check-digit' };
  return { ok: true, value: digits };
}

/**
 * True for a valid NHS number in the range reserved for testing (it begins 999). Baton's demo
 * data and fixtures use only these.
 */
export function isTestRangeNhsNumber(input: string): boolean {
  const result = validateNhsNumber(input);
  return result.ok && result.value.startsWith('999');
}

/** Display an NHS number as "999 000 1235"; anything that is not ten digits comes back as given. */
export function formatNhsNumber(input: string): string {
  const digits = input.trim().replace(SEPARATORS, '');
  if (!/^\d{10}$/.test(digits)) return input;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

// ---------------------------------------------------------------------------------------------
// Unique Pupil Number (DfE)
// ---------------------------------------------------------------------------------------------

/**
 * The 23 letters the UPN uses for its check letter and a temporary UPN's last character, in value
 * order (A = 0 … Z = 22); I, O and S are never used. Source: the DfE Unique Pupil Number data
 * standard (UK Government Data Standards Catalogue, "Unique Pupil Number" v2.0, validations 1–6)
 * and the CIN census validation rules 1510 and 1550.
 */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * The check letter for the last twelve characters of a UPN: each character times its position
 * (2 to 13), summed, modulo 23, as a letter from UPN_LETTERS. The twelfth may be a letter (a
 * temporary UPN), counted at its UPN_LETTERS value. Null when the twelve are not well formed.
 */
export function upnCheckLetter(lastTwelve: string): string | null {
  if (!/^\d{11}[0-9A-HJ-NP-RT-Z]$/.test(lastTwelve)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = lastTwelve.charAt(i);
    const value = i === 11 && /[A-Z]/.test(c) ? UPN_LETTERS.indexOf(c) : Number(c);
    sum += value * (i + 2);
  }
  return UPN_LETTERS.charAt(sum % 23);
}

/**
 * Check a Unique Pupil Number: a check letter, then the LA number (3 digits), establishment number
 * (4), year of allocation (2) and serial (3 digits, or 2 digits and a letter for a temporary UPN).
 *
 * Not checked: that characters 2–4 are a recognised LA code (CIN census rule 1530). That list
 * changes with local government reorganisation, so it belongs in data, not in this function.
 */
export function validateUpn(input: string): IdentifierResult {
  const upn = input.trim().replace(SEPARATORS, '').toUpperCase();
  if (!/^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/.test(upn)) return { ok: false, reason: 'format' };
  if (upnCheckLetter(upn.slice(1)) !== upn.charAt(0)) return { ok: false, reason: 'check-digit' };
  return { ok: true, value: upn };
}

/** True for a temporary UPN: one whose last character is a letter. */
export function isTemporaryUpn(upn: string): boolean {
  return /[A-Z]$/i.test(upn.trim());
}

// ---------------------------------------------------------------------------------------------
// Postcode
// ---------------------------------------------------------------------------------------------

// The outward code (area + district) in the shapes Royal Mail issues: A9, A99, AA9, AA99, A9A and
// AA9A, with the letters each position never uses left out; then the inward code 9AA. GIR 0AA is
// the one historic exception. Stricter checks (does the postcode exist?) need the address file.
const POSTCODE =
  /^(GIR|[A-PR-UWYZ]\d{1,2}|[A-PR-UWYZ][A-HK-Y]\d{1,2}|[A-PR-UWYZ]\d[A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY])(\d[ABD-HJLNP-UW-Z]{2})$/;

/** "sk1 3xx" → "SK1 3XX"; null when the text is not a UK postcode. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  const match = POSTCODE.exec(compact);
  if (match === null) return null;
  const [, outward, inward] = match;
  if (outward === undefined || inward === undefined) return null;
  if (outward === 'GIR' && inward !== '0AA') return null;
  return `${outward} ${inward}`;
}

/** The outward code (postcode district) of a postcode, e.g. "SK1"; null when not a postcode. */
export function postcodeDistrict(input: string): string | null {
  return normalisePostcode(input)?.split(' ')[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Dates, age and who is a child
// ---------------------------------------------------------------------------------------------

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A real calendar date from "YYYY-MM-DD", or null. */
export function parseIsoDate(input: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function requireDate(input: string, path: string): CalendarDate {
  const date = parseIsoDate(input);
  if (date === null) {
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path, message: 'Enter a real date in the form YYYY-MM-DD, like 2015-03-27' }],
    });
  }
  return date;
}

/**
 * Whole years completed between a date of birth and `today`. Someone born on 29 February
 * completes a year on 1 March in a common year, as English law treats it (the anniversary falls
 * when 28 February is over). Throws BATON_VALIDATION for a malformed date or a birth after today.
 */
export function ageInYears(dateOfBirth: string, today: string): number {
  const born = requireDate(dateOfBirth, 'dateOfBirth');
  const now = requireDate(today, 'today');
  const hadBirthday = now.month > born.month || (now.month === born.month && now.day >= born.day);
  const age = now.year - born.year - (hadBirthday ? 0 : 1);
  if (age < 0) {
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'dateOfBirth', message: 'Date of birth must be today or in the past' }],
    });
  }
  return age;
}

/** The policy pack's definition of a child (the `child` section of pack-schema.ts). */
export type ChildDefinition = Pick<
  NonNullable<PackDocument['child']>,
  'underAge' | 'disabledUnderAge' | 'includesUnborn'
>;

/** What isChild needs to know about a person. */
export interface ChildFacts {
  dateOfBirth?: string | undefined;
  /** Expected date of delivery, for an unborn child. */
  expectedDate?: string | undefined;
  disabled: boolean;
}

/**
 * True when the person is a child under the pack's definition: under `underAge` (or
 * `disabledUnderAge` if disabled and the pack extends the age), or unborn with an expected date
 * where the pack includes the unborn. False when neither date is known, because Baton cannot then
 * show that the person is a child: ask for the date of birth.
 */
export function isChild(person: ChildFacts, today: string, definition: ChildDefinition): boolean {
  if (person.dateOfBirth !== undefined) {
    const limit =
      person.disabled && definition.disabledUnderAge !== undefined
        ? Math.max(definition.disabledUnderAge, definition.underAge)
        : definition.underAge;
    return ageInYears(person.dateOfBirth, today) < limit;
  }
  if (person.expectedDate !== undefined) {
    requireDate(person.expectedDate, 'expectedDate');
    return definition.includesUnborn;
  }
  return false;
}

/** Why a date of birth is refused, with a message to show beside the field. */
export type DateOfBirthResult =
  | { ok: true; value: string }
  | { ok: false; reason: 'format' | 'future' | 'before-1900'; message: string };

const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/** Check a date of birth: a real date, not after `today`, not before 1 January 1900. */
export function validateDateOfBirth(dateOfBirth: string, today: string): DateOfBirthResult {
  requireDate(today, 'today');
  const value = dateOfBirth.trim();
  if (parseIsoDate(value) === null) {
    return {
      ok: false,
      reason: 'format',
      message: 'Date of birth must be a real date in the form YYYY-MM-DD, like 2015-03-27',
    };
  }
  // ISO dates of the same shape compare correctly as strings.
  if (value > today.trim()) {
    return { ok: false, reason: 'future', message: 'Date of birth must be today or in the past' };
  }
  if (value < EARLIEST_DATE_OF_BIRTH) {
    return {
      ok: false,
      reason: 'before-1900',
      message: 'Date of birth must be on or after 1 January 1900',
    };
  }
  return { ok: true, value };
}
