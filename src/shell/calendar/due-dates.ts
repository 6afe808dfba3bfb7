/**
 * Due dates for the journey engine: working days from England & Wales bank holidays plus the
 * pack's closure days; hour-based rules ("within 24 hours") count real hours from the moment.
 */
import {
  applyDeadline,
  deadlineStatus,
  type DeadlineStatus,
  londonDay,
  type WorkingCalendar,
} from '../../core/calendar/index.js';
import type { DueDateFn } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { workingCalendarFor } from './bank-holidays.js';

const calendars = new Map<string, WorkingCalendar>();

/**
 * The working calendar for a pack, covering the year before `now` (or the year of `earliest`, a
 * date further back: a deadline long overdue) to five years after.
 */
export function calendarForPack(
  pack: ResolvedPack,
  now: string,
  earliest?: string,
): WorkingCalendar {
  const year = Number(now.slice(0, 4));
  const fromYear = Math.min(year - 1, earliest === undefined ? year : Number(earliest.slice(0, 4)));
  const key = `${pack.id}@${pack.version}:${String(fromYear)}-${String(year)}`;
  let cal = calendars.get(key);
  if (!cal) {
    cal = workingCalendarFor({ fromYear, toYear: year + 5, closures: pack.closures });
    calendars.set(key, cal);
  }
  return cal;
}

/**
 * The engine's due-date function for a pack. `earliest`: the date a step happened, when it is
 * further back than last year (the calendar must reach it).
 */
export function dueDateFor(pack: ResolvedPack, now: string, earliest?: string): DueDateFn {
  const cal = calendarForPack(pack, now, earliest);
  return (rule, from) => {
    if (rule.unit === 'hours')
      return new Date(Date.parse(from) + rule.amount * 3_600_000).toISOString();
    return applyDeadline(cal, from.slice(0, 10), {
      unit: rule.unit,
      amount: rule.amount,
      dueOnClosedDay: rule.dueOnClosedDay,
    });
  };
}

/** Overdue / due today / due soon / upcoming, for a date or an hour-based due time. */
export function statusOf(pack: ResolvedPack, due: string, now: string): DeadlineStatus {
  if (due.length > 10) {
    const hoursLeft = (Date.parse(due) - Date.parse(now)) / 3_600_000;
    const state = hoursLeft < 0 ? 'overdue' : hoursLeft <= 8 ? 'due-today' : 'due-soon';
    return { state, workingDaysLeft: Math.floor(hoursLeft / 24) };
  }
  const today = londonDay(now);
  const key = `${pack.id}@${pack.version}|${due}|${today}`;
  let status = statuses.get(key);
  if (status === undefined) {
    status = Object.freeze(deadlineStatus(calendarForPack(pack, now, due), due, today));
    if (statuses.size >= MAX_STATUSES) statuses.clear();
    statuses.set(key, status);
  }
  return status;
}

// Counting working days walks every day between two dates, and a team's list repeats the same
// due dates for hundreds of deadlines (some years overdue): the answer depends only on the pack,
// the due date and today, so it is kept. Cleared when full; a new day makes new keys.
const statuses = new Map<string, DeadlineStatus>();
const MAX_STATUSES = 20_000;
