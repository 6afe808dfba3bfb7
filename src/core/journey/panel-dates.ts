/**
 * Meeting dates of a multi-agency panel from its cadence in a policy pack: Stockport's Early Help
 * Hub meets weekly, Walsall's locality panels every 4 weeks, Peterborough's MASG monthly. Pure:
 * the caller passes the date to count from; no clock.
 *
 * The anchor is the first meeting: it fixes the weekday (weeks) or the day of the month (months)
 * and the phase of the cadence, and no meeting is generated before it. Monthly dates are counted
 * from the anchor each time (never from the previous meeting), so an anchor on the 31st gives the
 * last day of shorter months and returns to the 31st afterwards.
 */
import { addMonths, addWeeks, isIsoDate, type IsoDate } from '../calendar/index.js';
import type { Panel } from './workflow-schema.js';

export type PanelCadence = Panel['cadence'];

const MS_PER_DAY = 86_400_000;

function dayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a date in the form YYYY-MM-DD: ${String(date)}`);
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

/** The k-th meeting (k = 0 is the anchor). */
function meetingNumber(cadence: PanelCadence, k: number): IsoDate {
  return cadence.unit === 'weeks'
    ? addWeeks(cadence.anchor, k * cadence.every)
    : addMonths(cadence.anchor, k * cadence.every);
}

/** The index of the first meeting on or after `from` (0 when `from` is on or before the anchor). */
function firstIndexFrom(cadence: PanelCadence, from: IsoDate): number {
  const start = dayNumber(from);
  const anchor = dayNumber(cadence.anchor);
  if (start <= anchor) return 0;
  let k: number;
  if (cadence.unit === 'weeks') {
    k = Math.ceil((start - anchor) / (7 * cadence.every));
  } else {
    const [fy, fm] = from.split('-').map(Number) as [number, number];
    const [ay, am] = cadence.anchor.split('-').map(Number) as [number, number];
    // A whole-month estimate, then step forward: clamping at month ends moves a date by days only.
    k = Math.max(0, Math.floor(((fy - ay) * 12 + (fm - am)) / cadence.every) - 1);
  }
  while (dayNumber(meetingNumber(cadence, k)) < start) k += 1;
  return k;
}

/** The next `count` meeting dates on or after `from`, in order. */
export function nextMeetingDates(cadence: PanelCadence, from: IsoDate, count: number): IsoDate[] {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number of 0 or more, not ${String(count)}`);
  const first = firstIndexFrom(cadence, from);
  return Array.from({ length: count }, (_, i) => meetingNumber(cadence, first + i));
}

/** True when the panel meets on `date` under its cadence. */
export function isMeetingDate(cadence: PanelCadence, date: IsoDate): boolean {
  if (!isIsoDate(date)) return false;
  return nextMeetingDates(cadence, date, 1)[0] === date;
}
