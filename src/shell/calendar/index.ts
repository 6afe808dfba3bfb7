export { englandAndWalesBankHolidays, workingCalendarFor } from './bank-holidays.js';
export type { WorkingCalendarOptions } from './bank-holidays.js';
export * from './due-dates.js';
