import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addMonths,
  addWeeks,
  addWorkingDays,
  applyDeadline,
  createWorkingCalendar,
  deadlineStatus,
  isIsoDate,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
  type DeadlineRule,
} from './index.js';

// England & Wales bank holidays 2025–2027, as `englandAndWalesBankHolidays(2025, 2027)` returns
// them (the shell's own test pins the same list against gov.uk). Spelled out so this core test
// needs neither the shell nor date-holidays.
const BANK_HOLIDAYS_2025_2027 = [
  '2025-01-01', // New Year's Day
  '2025-04-18', // Good Friday
  '2025-04-21', // Easter Monday
  '2025-05-05', // Early May bank holiday
  '2025-05-26', // Spring bank holiday
  '2025-08-25', // Summer bank holiday
  '2025-12-25', // Christmas Day
  '2025-12-26', // Boxing Day
  '2026-01-01', // New Year's Day
  '2026-04-03', // Good Friday
  '2026-04-06', // Easter Monday
  '2026-05-04', // Early May bank holiday
  '2026-05-25', // Spring bank holiday
  '2026-08-31', // Summer bank holiday
  '2026-12-25', // Christmas Day
  '2026-12-28', // Boxing Day (substitute day: 26th is a Saturday)
  '2027-01-01', // New Year's Day
  '2027-03-26', // Good Friday
  '2027-03-29', // Easter Monday
  '2027-05-03', // Early May bank holiday
  '2027-05-31', // Spring bank holiday
  '2027-08-30', // Summer bank holiday
  '2027-12-27', // Christmas Day (substitute day: 25th is a Saturday)
  '2027-12-28', // Boxing Day (substitute day: 26th is a Sunday)
] as const;

const COVERS = { from: '2025-01-01', to: '2027-12-31' } as const;
const cal = createWorkingCalendar({ holidays: BANK_HOLIDAYS_2025_2027, covers: COVERS });

// Synthetic closure days of the kind a policy pack lists (the days between Christmas and New Year).
const withClosures = createWorkingCalendar({
  holidays: BANK_HOLIDAYS_2025_2027,
  closures: [
    { date: '2026-12-31', reason: 'Council closure between Christmas and New Year' },
    { date: '2026-12-29', reason: 'Council closure between Christmas and New Year' },
    { date: '2026-12-30', reason: 'Council closure between Christmas and New Year' },
  ],
  covers: COVERS,
});

describe('isWorkingDay', () => {
  it('excludes Saturdays and Sundays', () => {
    expect(isWorkingDay(cal, '2026-01-02')).toBe(true); // Friday
    expect(isWorkingDay(cal, '2026-01-03')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2026-01-04')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2026-01-05')).toBe(true); // Monday
  });

  it('excludes the 2026 England & Wales bank holidays, including the Boxing Day substitute', () => {
    for (const date of [
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
    ]) {
      expect(isWorkingDay(cal, date), date).toBe(false);
    }
    expect(isWorkingDay(cal, '2026-04-02')).toBe(true); // Maundy Thursday is a working day
  });

  it('excludes the 2027 Christmas and Boxing Day substitute days', () => {
    expect(isWorkingDay(cal, '2027-12-24')).toBe(true);
    expect(isWorkingDay(cal, '2027-12-27')).toBe(false);
    expect(isWorkingDay(cal, '2027-12-28')).toBe(false);
    expect(isWorkingDay(cal, '2027-12-29')).toBe(true);
  });

  it('excludes local closure days only in the calendar that has them', () => {
    expect(isWorkingDay(cal, '2026-12-29')).toBe(true);
    expect(isWorkingDay(withClosures, '2026-12-29')).toBe(false);
    expect(withClosures.closures.map((c) => c.date)).toEqual([
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
    ]);
  });

  it('refuses dates outside the years whose bank holidays are loaded', () => {
    expect(() => isWorkingDay(cal, '2028-01-04')).toThrow(/outside the dates.*load more years/);
    expect(() => addWorkingDays(cal, '2027-12-30', 2)).toThrow(RangeError);
    const uncovered = createWorkingCalendar({ holidays: [] });
    expect(isWorkingDay(uncovered, '2030-01-01')).toBe(true);
  });
});

describe('addWorkingDays and nextWorkingDay', () => {
  it('does not count the start day and skips the weekend', () => {
    expect(addWorkingDays(cal, '2026-01-09', 1)).toBe('2026-01-12'); // Friday → Monday
    expect(addWorkingDays(cal, '2026-01-10', 1)).toBe('2026-01-12'); // Saturday → Monday
    expect(addWorkingDays(cal, '2026-01-12', 5)).toBe('2026-01-19'); // Monday → Monday
  });

  it('n = 0 is the start day itself when it is a working day, else the next working day', () => {
    expect(addWorkingDays(cal, '2026-01-12', 0)).toBe('2026-01-12');
    expect(addWorkingDays(cal, '2026-01-10', 0)).toBe('2026-01-12');
    expect(addWorkingDays(cal, '2026-04-03', 0)).toBe('2026-04-07'); // Good Friday
  });

  it('steps over Easter 2026', () => {
    expect(addWorkingDays(cal, '2026-04-02', 1)).toBe('2026-04-07');
    expect(nextWorkingDay(cal, '2026-04-02')).toBe('2026-04-07');
  });

  it('crosses the 2026 year end: Christmas, Boxing Day substitute and New Year', () => {
    expect(addWorkingDays(cal, '2026-12-23', 1)).toBe('2026-12-24');
    expect(addWorkingDays(cal, '2026-12-23', 2)).toBe('2026-12-29');
    expect(addWorkingDays(cal, '2026-12-23', 4)).toBe('2026-12-31');
    expect(addWorkingDays(cal, '2026-12-23', 5)).toBe('2027-01-04');
    expect(nextWorkingDay(cal, '2026-12-31')).toBe('2027-01-04');
  });

  it('crosses the 2027 Christmas substitutes (25th a Saturday, 26th a Sunday)', () => {
    expect(addWorkingDays(cal, '2027-12-24', 1)).toBe('2027-12-29');
  });

  it('skips closure days as well as bank holidays', () => {
    expect(addWorkingDays(withClosures, '2026-12-23', 2)).toBe('2027-01-04');
    expect(nextWorkingDay(withClosures, '2026-12-24')).toBe('2027-01-04');
  });
});

describe('workingDaysBetween', () => {
  it('counts the days after `from` up to and including `to`', () => {
    expect(workingDaysBetween(cal, '2026-01-12', '2026-01-12')).toBe(0);
    expect(workingDaysBetween(cal, '2026-01-09', '2026-01-12')).toBe(1);
    expect(workingDaysBetween(cal, '2026-01-10', '2026-01-11')).toBe(0); // a weekend
    expect(workingDaysBetween(cal, '2026-12-23', '2027-01-04')).toBe(5);
    expect(workingDaysBetween(withClosures, '2026-12-23', '2027-01-04')).toBe(2);
  });

  it('is negative when `to` is before `from`', () => {
    expect(workingDaysBetween(cal, '2027-01-04', '2026-12-23')).toBe(-5);
    expect(workingDaysBetween(cal, '2026-04-07', '2026-04-02')).toBe(-1);
  });
});

describe('calendar arithmetic', () => {
  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('adds weeks: step-down TAC meeting within 4 weeks (Stockport step up / step down protocol)', () => {
    expect(addWeeks('2026-12-14', 4)).toBe('2027-01-11');
  });

  it('adds months, clamped to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-05-31', 0)).toBe('2026-05-31');
  });
});

// Each statutory or local timescale, with a concrete date pair worked out by hand.
describe('statutory timescales', () => {
  const deadline = (start: string, rule: DeadlineRule): string => applyDeadline(cal, start, rule);

  it('referral decision within 1 working day (Working Together 2023, ch. 3)', () => {
    // Thursday before Easter: Good Friday and Easter Monday do not count.
    expect(deadline('2026-04-02', { unit: 'working-days', amount: 1 })).toBe('2026-04-07');
    // Friday before the Spring bank holiday.
    expect(deadline('2026-05-22', { unit: 'working-days', amount: 1 })).toBe('2026-05-26');
  });

  it('EHA completed within 30 working days (Stockport step up / step down protocol, 001)', () => {
    // 30 weekdays from Mon 16 March would be Mon 27 April; Easter adds two days.
    expect(deadline('2026-03-16', { unit: 'working-days', amount: 30 })).toBe('2026-04-29');
  });

  it('ICPC within 15 working days of the strategy discussion (Working Together 2023, ch. 3; Stockport 001)', () => {
    // Christmas Day, the Boxing Day substitute and New Year's Day fall inside the 15 days.
    expect(deadline('2026-12-16', { unit: 'working-days', amount: 15 })).toBe('2027-01-11');
  });

  it('C&F assessment within 45 working days of referral (Working Together 2023, ch. 3)', () => {
    // Nine weeks of weekdays ends Wed 3 June; Easter and both May bank holidays add four days.
    expect(deadline('2026-04-01', { unit: 'working-days', amount: 45 })).toBe('2026-06-09');
  });

  it('first core group within 10 working days of the ICPC (Working Together 2023, ch. 3)', () => {
    // The Summer bank holiday (Mon 31 August) falls inside the 10 days.
    expect(deadline('2026-08-25', { unit: 'working-days', amount: 10 })).toBe('2026-09-09');
  });

  it('first CP review within 3 months of the ICPC, then six-monthly (Working Together 2023, ch. 3)', () => {
    const icpc = '2026-11-30';
    const firstReview = deadline(icpc, { unit: 'months', amount: 3 });
    expect(firstReview).toBe('2027-02-28'); // 30 November + 3 months, clamped to February's end
    expect(deadline(firstReview, { unit: 'months', amount: 6 })).toBe('2027-08-28');
    expect(deadline('2027-11-30', { unit: 'months', amount: 3 })).toBe('2028-02-29'); // leap year
  });

  it('first looked-after review within 20 working days (Care Planning Regulations 2010, reg. 33)', () => {
    expect(deadline('2026-07-31', { unit: 'working-days', amount: 20 })).toBe('2026-08-28');
    expect(deadline('2026-08-03', { unit: 'working-days', amount: 20 })).toBe('2026-09-01');
  });

  it('concern resolution: raise within 1 working day, response within 5 (Walsall guidance, 002)', () => {
    expect(deadline('2026-12-24', { unit: 'working-days', amount: 1 })).toBe('2026-12-29');
    expect(deadline('2026-12-24', { unit: 'working-days', amount: 5 })).toBe('2027-01-05');
  });

  it('early help reviews six-weekly (Walsall guidance, 002) and calendar days are not moved', () => {
    expect(deadline('2026-11-16', { unit: 'weeks', amount: 6 })).toBe('2026-12-28'); // a bank holiday
    expect(deadline('2026-12-23', { unit: 'calendar-days', amount: 3 })).toBe('2026-12-26');
  });
});

describe('deadlineStatus', () => {
  it('is upcoming with more than 2 working days left', () => {
    expect(deadlineStatus(cal, '2026-04-29', '2026-04-22')).toEqual({
      state: 'upcoming',
      workingDaysLeft: 5,
    });
    expect(deadlineStatus(cal, '2026-04-09', '2026-04-02')).toEqual({
      state: 'upcoming',
      workingDaysLeft: 3,
    });
  });

  it('is due soon within 2 working days, counting over a bank holiday weekend', () => {
    expect(deadlineStatus(cal, '2026-04-08', '2026-04-02')).toEqual({
      state: 'due-soon',
      workingDaysLeft: 2,
    });
    expect(deadlineStatus(cal, '2026-04-07', '2026-04-02')).toEqual({
      state: 'due-soon',
      workingDaysLeft: 1,
    });
  });

  it('is due today on the day', () => {
    expect(deadlineStatus(cal, '2026-04-07', '2026-04-07')).toEqual({
      state: 'due-today',
      workingDaysLeft: 0,
    });
  });

  it('is overdue the day after, with the working days missed as a negative count', () => {
    expect(deadlineStatus(cal, '2026-04-02', '2026-04-07')).toEqual({
      state: 'overdue',
      workingDaysLeft: -1,
    });
  });

  it('handles a calendar deadline on a weekend: due soon on the Friday, overdue on the Monday', () => {
    expect(deadlineStatus(cal, '2027-02-28', '2027-02-26')).toEqual({
      state: 'due-soon',
      workingDaysLeft: 0,
    });
    expect(deadlineStatus(cal, '2027-02-28', '2027-03-01')).toEqual({
      state: 'overdue',
      workingDaysLeft: -1,
    });
  });
});

describe('validation', () => {
  it('recognises only real dates written YYYY-MM-DD', () => {
    for (const good of ['2026-01-01', '2028-02-29', '2000-02-29', '0099-06-15']) {
      expect(isIsoDate(good), good).toBe(true);
    }
    for (const bad of [
      '2027-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-4-3',
      ' 2026-01-01',
      '2026-01-01T00:00:00Z',
      '',
      20260101,
      null,
      undefined,
    ]) {
      expect(isIsoDate(bad), String(bad)).toBe(false);
    }
  });

  it('throws a RangeError naming the bad date', () => {
    expect(() => isWorkingDay(cal, '2026-02-30')).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '03/04/2026', 1)).toThrow(/YYYY-MM-DD, not "03\/04\/2026"/);
    expect(() => addMonths('2026-13-01', 1)).toThrow(RangeError);
    expect(() => workingDaysBetween(cal, '2026-01-01', 'today')).toThrow(RangeError);
    expect(() => deadlineStatus(cal, '2026-01-01', '')).toThrow(RangeError);
  });

  it('throws a RangeError for a negative or fractional count', () => {
    expect(() => addWorkingDays(cal, '2026-01-05', -1)).toThrow(/0 or more/);
    expect(() => addWorkingDays(cal, '2026-01-05', 1.5)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-01-05', Number.NaN)).toThrow(RangeError);
    expect(() => applyDeadline(cal, '2026-01-05', { unit: 'months', amount: -3 })).toThrow(
      RangeError,
    );
  });

  it('refuses a calendar built from a bad date or a closure without a reason', () => {
    expect(() => createWorkingCalendar({ holidays: ['2026-12-32'] })).toThrow(/bank holiday/);
    expect(() =>
      createWorkingCalendar({ holidays: [], closures: [{ date: '2026-12-29', reason: ' ' }] }),
    ).toThrow(/needs a reason/);
    expect(() =>
      createWorkingCalendar({ holidays: [], covers: { from: '2027-01-01', to: '2026-12-31' } }),
    ).toThrow(/backwards/);
  });
});

describe('properties', () => {
  // Starts from 2025-01-01 to 2026-11-30 and up to 150 working days keep every answer inside the
  // years the calendar covers.
  const start = fc.integer({ min: 0, max: 698 }).map((d) => addCalendarDays('2025-01-01', d));
  const count = fc.integer({ min: 1, max: 150 });

  it('addWorkingDays always lands on a working day (n ≥ 1)', () => {
    fc.assert(
      fc.property(start, count, (s, n) =>
        isWorkingDay(withClosures, addWorkingDays(withClosures, s, n)),
      ),
    );
  });

  it('workingDaysBetween(start, addWorkingDays(start, n)) === n', () => {
    fc.assert(
      fc.property(start, count, (s, n) => {
        expect(workingDaysBetween(cal, s, addWorkingDays(cal, s, n))).toBe(n);
      }),
    );
  });

  it('addWorkingDays is monotone in n: non-decreasing from 0, strictly increasing from 1', () => {
    fc.assert(
      fc.property(
        start,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (s, n, k) => {
          const [a, b] = [addWorkingDays(cal, s, n), addWorkingDays(cal, s, n + k)];
          expect(n === 0 ? a <= b : a < b).toBe(true);
        },
      ),
    );
  });

  it('workingDaysBetween is antisymmetric', () => {
    fc.assert(
      fc.property(start, start, (a, b) => {
        expect(workingDaysBetween(cal, a, b) + workingDaysBetween(cal, b, a)).toBe(0);
      }),
    );
  });

  it('isWorkingDay agrees with an independent weekday-and-list check', () => {
    const holidays = new Set<string>(BANK_HOLIDAYS_2025_2027);
    fc.assert(
      fc.property(start, (d) => {
        const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
        expect(isWorkingDay(cal, d)).toBe(weekday !== 0 && weekday !== 6 && !holidays.has(d));
      }),
    );
  });

  it('addMonths keeps the day of the month or clamps to the last day', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: -24, max: 24 }), (d, n) => {
        const result = addMonths(d, n);
        const [y0, m0, d0] = d.split('-').map(Number) as [number, number, number];
        const [y1, m1, d1] = result.split('-').map(Number) as [number, number, number];
        expect(y1 * 12 + m1 - (y0 * 12 + m0)).toBe(n);
        expect(d1 === d0 || (d1 < d0 && addCalendarDays(result, 1).endsWith('-01'))).toBe(true);
      }),
    );
  });
});
