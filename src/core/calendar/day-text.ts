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

// An instant's London day and time never change: pages show the same instants request after
// request (a timeline, a list of notifications), and Intl's format costs microseconds each call.
// Bounded, so that a long-running server holds at most 20,000 of each (a few MB).
const MEMO_LIMIT = 20_000;
const londonDays = new Map<string, string>();
const londonTimes = new Map<string, string>();

function remember(memo: Map<string, string>, at: string, text: string): string {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(at, text);
  return text;
}

/** The London calendar day (`YYYY-MM-DD`) of an instant, or the day itself when given a day. */
export function londonDay(at: string): string {
  if (at.length <= 10) return at;
  const known = londonDays.get(at);
  if (known !== undefined) return known;
  londonDayFormat ??= new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'Europe/London',
  });
  return remember(londonDays, at, londonDayFormat.format(new Date(at)));
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
  const known = londonTimes.get(at);
  if (known !== undefined) return known;
  londonTimeFormat ??= new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/London',
  });
  const [hh = '0', mm = '00'] = londonTimeFormat.format(new Date(at)).split(':');
  const hour = Number(hh);
  if (mm === '00' && hour === 0) return remember(londonTimes, at, 'midnight');
  if (mm === '00' && hour === 12) return remember(londonTimes, at, 'midday');
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return remember(
    londonTimes,
    at,
    `${String(h12)}${mm === '00' ? '' : `:${mm}`}${hour < 12 ? 'am' : 'pm'}`,
  );
}

/** An instant as its London day and time: "2 March 2026 at 2:05pm". */
export function dateTimeText(at: string): string {
  return `${dayText(at)} at ${timeText(at)}`;
}
