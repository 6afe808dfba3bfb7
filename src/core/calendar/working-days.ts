/**
 * The working-day calendar: pure date arithmetic over ISO dates (`YYYY-MM-DD`).
 *
 * No clock and no time zone: a date is a whole day, counted as days since 1970-01-01 and worked
 * out in UTC, so the answer never depends on where or when the code runs. Callers pass `today`
 * and the holiday list in; the shell supplies England & Wales bank holidays.
 */

/** A calendar date in the form `YYYY-MM-DD`, with no time and no zone. */
export type IsoDate = string;

/** A day the local authority is closed besides weekends and bank holidays (from a policy pack). */
export interface Closure {
  readonly date: IsoDate;
  readonly reason: string;
}

/** Bank holidays and closures, ready for O(1) look-ups. Build it with `createWorkingCalendar`. */
export interface WorkingCalendar {
  /** Bank holidays, ascending, without duplicates. */
  readonly holidays: readonly IsoDate[];
  /** Local-authority closure days, ascending by date. */
  readonly closures: readonly Closure[];
  /** The dates the holiday list is known to be complete for; outside them look-ups throw. */
  readonly covers: { readonly from: IsoDate; readonly to: IsoDate } | undefined;
  /** Holidays and closures as day numbers (days since 1970-01-01), for O(1) look-ups. */
  readonly closedDays: ReadonlySet<number>;
  /** `covers` as day numbers; unbounded when `covers` is undefined. */
  readonly coveredDays: { readonly first: number; readonly last: number };
}

export interface WorkingCalendarInput {
  readonly holidays: readonly IsoDate[];
  readonly closures?: readonly Closure[];
  /**
   * The range the holiday list is complete for. When given, working-day arithmetic that reaches
   * outside it throws rather than silently treating an unknown bank holiday as a working day.
   */
  readonly covers?: { readonly from: IsoDate; readonly to: IsoDate };
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of a year, month (1–12) and day; rolls over like Date. */
function dayNumberFromParts(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() / MS_PER_DAY;
}

/** Day number of a valid ISO date, or undefined if it is not one (2026-02-30 is not). */
function dayNumberOf(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumberFromParts(year, month, day);
}

function toDay(value: IsoDate, what: string): number {
  const day = dayNumberOf(value);
  if (day === undefined) {
    const shown = JSON.stringify(value);
    throw new RangeError(`${what} must be a real date in the form YYYY-MM-DD, not ${shown}`);
  }
  return day;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function toIso(day: number): IsoDate {
  const date = new Date(day * MS_PER_DAY);
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError('The date falls outside the years 0000–9999');
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function checkCount(n: number, what: string, allowNegative: boolean): void {
  if (!Number.isSafeInteger(n) || (!allowNegative && n < 0)) {
    const kind = allowNegative ? 'a whole number' : 'a whole number of 0 or more';
    throw new RangeError(`${what} must be ${kind}, not ${String(n)}`);
  }
}

/** True if the value is a real calendar date written `YYYY-MM-DD` (so not 2026-02-30). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && dayNumberOf(value) !== undefined;
}

/** Build a calendar from bank holidays and local closures; throws RangeError on a bad date. */
export function createWorkingCalendar(input: WorkingCalendarInput): WorkingCalendar {
  const holidayDays = [...new Set(input.holidays.map((d) => toDay(d, 'A bank holiday')))];
  holidayDays.sort((a, b) => a - b);
  const closureDays = (input.closures ?? []).map((c) => {
    if (c.reason.trim() === '') throw new RangeError(`The closure on ${c.date} needs a reason`);
    return toDay(c.date, 'A closure date');
  });
  const closures = (input.closures ?? []).map((c) => ({ date: c.date, reason: c.reason }));
  closures.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let covers: WorkingCalendar['covers'];
  let coveredDays = { first: -Infinity, last: Infinity };
  if (input.covers) {
    const { from, to } = input.covers;
    coveredDays = {
      first: toDay(from, 'The first day covered'),
      last: toDay(to, 'The last day covered'),
    };
    if (coveredDays.first > coveredDays.last) {
      throw new RangeError(`The range covered runs backwards: ${from} to ${to}`);
    }
    covers = { from, to };
  }
  return {
    holidays: holidayDays.map(toIso),
    closures,
    covers,
    closedDays: new Set([...holidayDays, ...closureDays]),
    coveredDays,
  };
}

function isWorkingDayNumber(cal: WorkingCalendar, day: number): boolean {
  if (day < cal.coveredDays.first || day > cal.coveredDays.last) {
    const range = cal.covers ? `${cal.covers.from} to ${cal.covers.to}` : 'none';
    throw new RangeError(
      `${toIso(day)} is outside the dates the bank holidays are loaded for (${range}); load more years`,
    );
  }
  // 1970-01-01 was a Thursday: (day + 4) % 7 gives 0 for Sunday … 6 for Saturday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6 && !cal.closedDays.has(day);
}

/** True unless the date is a Saturday, Sunday, bank holiday or closure day. O(1). */
export function isWorkingDay(cal: WorkingCalendar, date: IsoDate): boolean {
  return isWorkingDayNumber(cal, toDay(date, 'The date'));
}

/** The first working day strictly after the date. */
export function nextWorkingDay(cal: WorkingCalendar, date: IsoDate): IsoDate {
  let day = toDay(date, 'The date') + 1;
  while (!isWorkingDayNumber(cal, day)) day += 1;
  return toIso(day);
}

/**
 * The n-th working day after `start`, for statutory timescales. O(n).
 *
 * Convention: Working Together to Safeguard Children 2023 (ch. 3) sets timescales as "within N
 * working days of" an event: a referral decision within 1 working day of the referral, an
 * assessment within 45 working days of it, an ICPC within 15 working days of the strategy
 * discussion. The day of the event is day 0 and is not counted, whatever time it happened; the
 * deadline is the N-th working day after it, so "within 1 working day" of a Friday referral is
 * the Monday (bank holidays aside). n = 0 means "the same day": `start` itself if it is a working
 * day, otherwise the next working day.
 */
export function addWorkingDays(cal: WorkingCalendar, start: IsoDate, n: number): IsoDate {
  checkCount(n, 'The number of working days', false);
  let day = toDay(start, 'The start date');
  if (n === 0) {
    while (!isWorkingDayNumber(cal, day)) day += 1;
    return toIso(day);
  }
  for (let left = n; left > 0;) {
    day += 1;
    if (isWorkingDayNumber(cal, day)) left -= 1;
  }
  return toIso(day);
}

/**
 * Working days after `from` up to and including `to` (so `from` itself never counts), the inverse
 * of `addWorkingDays`. Negative, by the same count the other way, when `to` is before `from`.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: IsoDate, to: IsoDate): number {
  const [a, b] = [toDay(from, 'The start date'), toDay(to, 'The end date')];
  const [low, high, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) {
    if (isWorkingDayNumber(cal, day)) count += 1;
  }
  return count === 0 ? 0 : sign * count;
}

/** The date n calendar days later (earlier when n is negative). */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  checkCount(n, 'The number of days', true);
  return toIso(toDay(date, 'The date') + n);
}

/** The date n weeks later (earlier when n is negative): the same weekday. */
export function addWeeks(date: IsoDate, n: number): IsoDate {
  checkCount(n, 'The number of weeks', true);
  return addCalendarDays(date, n * 7);
}

/**
 * The same day of the month n calendar months later (earlier when n is negative), clamped to the
 * month's end: 31 January + 1 month is 28 (or 29) February. Used for "within 3 months" and
 * "six-monthly". Not associative at month ends, so always count from the original anchor date.
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  checkCount(n, 'The number of months', true);
  toDay(date, 'The date');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + n;
  const [toYear, toMonth] = [Math.floor(index / 12), (((index % 12) + 12) % 12) + 1];
  return toIso(dayNumberFromParts(toYear, toMonth, Math.min(day, daysInMonth(toYear, toMonth))));
}

/** How close a deadline is: "due soon" means at most this many working days left. */
export const DUE_SOON_WORKING_DAYS = 2;

export type DeadlineState = 'overdue' | 'due-today' | 'due-soon' | 'upcoming';

export interface DeadlineStatus {
  readonly state: DeadlineState;
  /** `workingDaysBetween(today, due)`: 0 on the day, negative once overdue. */
  readonly workingDaysLeft: number;
}

/**
 * Where a deadline stands on `today`. Overdue and due-today compare calendar dates (a deadline on
 * a Saturday is overdue on the Sunday); due-soon means at most 2 working days left.
 */
export function deadlineStatus(cal: WorkingCalendar, due: IsoDate, today: IsoDate): DeadlineStatus {
  const [dueDay, todayDay] = [toDay(due, 'The due date'), toDay(today, 'Today')];
  const workingDaysLeft = workingDaysBetween(cal, today, due);
  if (todayDay > dueDay) return { state: 'overdue', workingDaysLeft };
  if (todayDay === dueDay) return { state: 'due-today', workingDaysLeft };
  if (workingDaysLeft <= DUE_SOON_WORKING_DAYS) return { state: 'due-soon', workingDaysLeft };
  return { state: 'upcoming', workingDaysLeft };
}

/** The units a policy pack may state a timescale in. */
export const DEADLINE_UNITS = ['working-days', 'calendar-days', 'weeks', 'months'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/**
 * What happens to a calendar-counted due date (days, weeks, months) that falls on a weekend, bank
 * holiday or closure day: `next-working-day` moves it to the next working day (a seed that says
 * "within three days" of a meeting no one can hold on a Sunday); `as-counted` keeps the date (a
 * statutory limit such as "not more than 6 months", which moving later would extend).
 */
export const CLOSED_DAY_RULES = ['next-working-day', 'as-counted'] as const;
export type ClosedDayRule = (typeof CLOSED_DAY_RULES)[number];

/** A timescale as data, e.g. `{ unit: 'working-days', amount: 45 }`; tagged by `unit`. */
export type DeadlineRule = {
  readonly [U in DeadlineUnit]: {
    readonly unit: U;
    readonly amount: number;
    /** Calendar-based units only; absent means `as-counted`. */
    readonly dueOnClosedDay?: ClosedDayRule | undefined;
  };
}[DeadlineUnit];

/**
 * The deadline a rule sets from `start`. Calendar-based units keep the date they count to unless
 * the rule says `dueOnClosedDay: next-working-day`, when a weekend, bank holiday or closure day
 * moves it to the next working day. Working days are working days already.
 */
export function applyDeadline(cal: WorkingCalendar, start: IsoDate, rule: DeadlineRule): IsoDate {
  checkCount(rule.amount, 'A timescale amount', false);
  const counted = countedDue(cal, start, rule);
  if (rule.unit === 'working-days' || rule.dueOnClosedDay !== 'next-working-day') return counted;
  return isWorkingDay(cal, counted) ? counted : nextWorkingDay(cal, counted);
}

function countedDue(cal: WorkingCalendar, start: IsoDate, rule: DeadlineRule): IsoDate {
  switch (rule.unit) {
    case 'working-days':
      return addWorkingDays(cal, start, rule.amount);
    case 'calendar-days':
      return addCalendarDays(start, rule.amount);
    case 'weeks':
      return addWeeks(start, rule.amount);
    case 'months':
      return addMonths(start, rule.amount);
  }
}
