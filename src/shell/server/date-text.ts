/**
 * Dates and times as people read them (en-GB, London time). One Intl formatter per format, made on
 * first use: building one takes milliseconds (locale data), so not per call, and not at start-up
 * for a server that may not show a date for a while.
 */
import { parseIsoDate } from '../../core/people/identifiers.js';

let dateTimeFormat: Intl.DateTimeFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;

/** An instant, such as `2026-03-02T14:05:00Z`, as "2 Mar 2026, 14:05". */
export function dateTimeText(iso: string): string {
  dateTimeFormat ??= new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });
  return dateTimeFormat.format(new Date(iso));
}

/** A calendar day, `2026-03-02`, as "Mon, 2 Mar 2026". */
export function dayOnlyText(day: string): string {
  dayFormat ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  // Noon UTC is the same calendar day in London whatever the season.
  return dayFormat.format(new Date(`${day}T12:00:00Z`));
}

let longDayFormat: Intl.DateTimeFormat | undefined;

/**
 * A calendar day, `2017-05-09`, as "9 May 2017" (the GOV.UK style); null as ''; anything that is
 * not a date comes back as given.
 */
export function longDateText(day: string | null): string {
  if (day === null) return '';
  if (parseIsoDate(day) === null) return day;
  longDayFormat ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  return longDayFormat.format(new Date(`${day}T12:00:00Z`));
}
