export { dateTimeText, dayText, londonDay, timeText } from './day-text.js';
export {
  CLOSED_DAY_RULES,
  DEADLINE_UNITS,
  DUE_SOON_WORKING_DAYS,
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
} from './working-days.js';
export type {
  ClosedDayRule,
  Closure,
  DeadlineRule,
  DeadlineState,
  DeadlineStatus,
  DeadlineUnit,
  IsoDate,
  WorkingCalendar,
  WorkingCalendarInput,
} from './working-days.js';
