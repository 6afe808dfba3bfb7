/**
 * Dates as people read them, the GOV.UK way: "7 December 2026" (GOV.UK style guide, "Dates").
 * The one day formatter: the core's timeline words, its messages and every page use it. Pure: the
 * day of an instant is its day in London, worked out by Intl's time-zone data, not by any clock.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

// Made on first use: building an Intl formatter takes milliseconds (locale data).
let londonDayFormat: Intl.DateTimeFormat | undefined;
let londonTimeFormat: Intl.DateTimeFormat | undefined;

/** The London calendar day (`YYYY-MM-DD`) of an instant, or the day itself when given a day. */
export function londonDay(at: string): string {
  if (at.length <= 10) return at;
  londonDayFormat ??= new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'Europe/London',
  });
  return londonDayFormat.format(new Date(at));
}

/** A day (`2026-12-07`) or an instant as its London day: "7 December 2026". */
export function dayText(at: string): string {
  const [y = '', m = '', d = ''] = londonDay(at).split('-');
  return `${String(Number(d))} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/**
 * The London time of day of an instant the GOV.UK way: "9am", "2:05pm", "midday", "midnight"
 * (GOV.UK style guide, "Times": 12-hour clock, no leading zero, "midday" and "midnight" for 12).
 */
export function timeText(at: string): string {
  londonTimeFormat ??= new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/London',
  });
  const [hh = '0', mm = '00'] = londonTimeFormat.format(new Date(at)).split(':');
  const hour = Number(hh);
  if (mm === '00' && hour === 0) return 'midnight';
  if (mm === '00' && hour === 12) return 'midday';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${String(h12)}${mm === '00' ? '' : `:${mm}`}${hour < 12 ? 'am' : 'pm'}`;
}

/** An instant as its London day and time: "2 March 2026 at 2:05pm". */
export function dateTimeText(at: string): string {
  return `${dayText(at)} at ${timeText(at)}`;
}
