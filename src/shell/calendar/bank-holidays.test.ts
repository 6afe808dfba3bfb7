import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from '../../core/calendar/index.js';
import { englandAndWalesBankHolidays, workingCalendarFor } from './index.js';

// The official lists, from https://www.gov.uk/bank-holidays (England and Wales).
const OFFICIAL_2025 = [
  '2025-01-01', // New Year's Day
  '2025-04-18', // Good Friday
  '2025-04-21', // Easter Monday
  '2025-05-05', // Early May bank holiday
  '2025-05-26', // Spring bank holiday
  '2025-08-25', // Summer bank holiday
  '2025-12-25', // Christmas Day
  '2025-12-26', // Boxing Day
];
const OFFICIAL_2026 = [
  '2026-01-01', // New Year's Day
  '2026-04-03', // Good Friday
  '2026-04-06', // Easter Monday
  '2026-05-04', // Early May bank holiday
  '2026-05-25', // Spring bank holiday
  '2026-08-31', // Summer bank holiday
  '2026-12-25', // Christmas Day
  '2026-12-28', // Boxing Day (substitute day)
];
const OFFICIAL_2027 = [
  '2027-01-01', // New Year's Day
  '2027-03-26', // Good Friday
  '2027-03-29', // Easter Monday
  '2027-05-03', // Early May bank holiday
  '2027-05-31', // Spring bank holiday
  '2027-08-30', // Summer bank holiday
  '2027-12-27', // Christmas Day (substitute day)
  '2027-12-28', // Boxing Day (substitute day)
];

describe('englandAndWalesBankHolidays', () => {
  it('returns exactly the official 2026 list', () => {
    expect(englandAndWalesBankHolidays(2026, 2026)).toEqual(OFFICIAL_2026);
  });

  it('returns exactly the official 2027 list, with both Christmas substitutes', () => {
    expect(englandAndWalesBankHolidays(2027, 2027)).toEqual(OFFICIAL_2027);
  });

  it('returns 2025–2027 in order: the list the core tests spell out', () => {
    expect(englandAndWalesBankHolidays(2025, 2027)).toEqual([
      ...OFFICIAL_2025,
      ...OFFICIAL_2026,
      ...OFFICIAL_2027,
    ]);
  });

  it('leaves out the weekend dates that substitute days replace', () => {
    const days = englandAndWalesBankHolidays(2026, 2027);
    expect(days).not.toContain('2026-12-26'); // Saturday
    expect(days).not.toContain('2027-12-25'); // Saturday
    expect(days).not.toContain('2027-12-26'); // Sunday
  });

  it('leaves out observances and Scotland-only days', () => {
    const days = englandAndWalesBankHolidays(2026, 2027);
    for (const notAHoliday of [
      '2026-01-02', // 2 January (Scotland)
      '2026-08-03', // Summer bank holiday (Scotland)
      '2026-11-30', // St Andrew's Day (Scotland)
      '2027-01-04', // 2 January substitute (Scotland)
      '2027-11-30', // St Andrew's Day (Scotland)
      '2026-03-15', // Mother's Day (observance)
      '2026-04-05', // Easter Sunday (observance)
    ]) {
      expect(days, notAHoliday).not.toContain(notAHoliday);
    }
  });

  it('includes one-off bank holidays the package knows about', () => {
    expect(englandAndWalesBankHolidays(2022, 2023)).toEqual(
      expect.arrayContaining(['2022-06-03', '2022-09-19', '2023-05-08']),
    );
  });

  it('hands back a copy, so the cached list cannot be changed', () => {
    englandAndWalesBankHolidays(2026, 2026).pop();
    expect(englandAndWalesBankHolidays(2026, 2026)).toHaveLength(8);
  });

  it('refuses years outside 2000–2100, fractional years and a backwards range', () => {
    expect(() => englandAndWalesBankHolidays(1999, 2026)).toThrow(RangeError);
    expect(() => englandAndWalesBankHolidays(2026, 2101)).toThrow(RangeError);
    expect(() => englandAndWalesBankHolidays(2026.5, 2027)).toThrow(RangeError);
    expect(() => englandAndWalesBankHolidays(2027, 2026)).toThrow(/backwards/);
  });
});

describe('workingCalendarFor', () => {
  const cal = workingCalendarFor({
    fromYear: 2026,
    toYear: 2027,
    closures: [{ date: '2026-12-29', reason: 'Council closure (synthetic)' }],
  });

  it('combines bank holidays and closures', () => {
    expect(cal.holidays).toEqual([...OFFICIAL_2026, ...OFFICIAL_2027]);
    expect(isWorkingDay(cal, '2026-12-28')).toBe(false);
    expect(isWorkingDay(cal, '2026-12-29')).toBe(false);
    expect(addWorkingDays(cal, '2026-12-24', 1)).toBe('2026-12-30');
  });

  it('covers only the years asked for', () => {
    expect(cal.covers).toEqual({ from: '2026-01-01', to: '2027-12-31' });
    expect(() => addWorkingDays(cal, '2027-12-31', 1)).toThrow(/load more years/);
  });
});
