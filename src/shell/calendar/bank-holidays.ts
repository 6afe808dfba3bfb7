/**
 * England & Wales bank holidays from the `date-holidays` package, and working calendars built on
 * them for the core.
 *
 * What date-holidays 3.37.0 returns for `new Holidays('GB', 'ENG')` (checked against
 * https://www.gov.uk/bank-holidays for 2022–2027):
 * - Types are only `public` and `observance`; GB uses no `bank` type. The observances (Mother's
 *   Day, Easter Sunday, Father's Day) are not days off, so only `public` is kept.
 * - When a holiday falls at a weekend it returns BOTH the weekend date (as a plain `public`
 *   holiday) and the weekday it moves to (`substitute: true`), e.g. 2026 has Sat 26 December and
 *   Mon 28 December. gov.uk lists only the substitute, so weekend dates are dropped: that gives
 *   exactly 8 days for 2026 and for 2027 (27 and 28 December 2027 both substitutes).
 * - One-off days are in its data (2020-05-08 VE Day moving Early May, 2022-06-02/03 Jubilee,
 *   2022-09-19 State Funeral, 2023-05-08 Coronation), but a future one-off appears only once the
 *   package is updated, so later years are the rule-based list.
 * - `start` is a Date at midnight Europe/London, which is 23:00 UTC the day before in summer;
 *   the date is taken from the `date` string ("YYYY-MM-DD 00:00:00") instead.
 * - England and Wales give the same list (checked 2000–2060); Scotland's 2 January and
 *   St Andrew's Day belong to the `SCT` state and never appear here.
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import {
  createWorkingCalendar,
  type Closure,
  type IsoDate,
  type WorkingCalendar,
} from '../../core/calendar/index.js';

// Data before 2000 is incomplete in date-holidays (no 1999-12-31 Millennium holiday, for one).
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

// date-holidays takes about 250 ms to load, so it is required on first use, not at start-up.
let englandHolidays: Holidays | undefined;
function england(): Holidays {
  if (!englandHolidays) {
    const HolidaysClass = createRequire(import.meta.url)('date-holidays') as typeof Holidays;
    englandHolidays = new HolidaysClass('GB', 'ENG');
  }
  return englandHolidays;
}

const byRange = new Map<string, readonly IsoDate[]>();

function checkYears(fromYear: number, toYear: number): void {
  for (const year of [fromYear, toYear]) {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
      throw new RangeError(
        `Bank holidays are available for the years ${FIRST_YEAR} to ${LAST_YEAR}, not ${String(year)}`,
      );
    }
  }
  if (fromYear > toYear) throw new RangeError(`The years run backwards: ${fromYear} to ${toYear}`);
}

function isWeekend(date: IsoDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** England & Wales bank holidays from 1 January `fromYear` to 31 December `toYear`, ascending. */
export function englandAndWalesBankHolidays(fromYear: number, toYear: number): IsoDate[] {
  checkYears(fromYear, toYear);
  const key = `${fromYear}-${toYear}`;
  let dates = byRange.get(key);
  if (!dates) {
    const found = new Set<IsoDate>();
    for (let year = fromYear; year <= toYear; year += 1) {
      for (const holiday of england().getHolidays(year)) {
        const date = holiday.date.slice(0, 10);
        if (holiday.type === 'public' && !isWeekend(date)) found.add(date);
      }
    }
    dates = [...found].sort();
    byRange.set(key, dates);
  }
  return [...dates];
}

export interface WorkingCalendarOptions {
  readonly fromYear: number;
  readonly toYear: number;
  /** Local-authority closure days, usually from the policy pack's `closures`. */
  readonly closures?: readonly Closure[];
}

/**
 * A working calendar for whole years: England & Wales bank holidays plus local closures. It covers
 * only those years, so a deadline reaching past them throws instead of missing a bank holiday.
 */
export function workingCalendarFor(options: WorkingCalendarOptions): WorkingCalendar {
  const { fromYear, toYear, closures = [] } = options;
  return createWorkingCalendar({
    holidays: englandAndWalesBankHolidays(fromYear, toYear),
    closures,
    covers: { from: `${fromYear}-01-01`, to: `${toYear}-12-31` },
  });
}
