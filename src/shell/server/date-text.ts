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

let londonDayFormat: Intl.DateTimeFormat | undefined;
let shortDayFormat: Intl.DateTimeFormat | undefined;

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

/** A day or an instant as "7 Dec 2026". */
function shortDay(at: string): string {
  shortDayFormat ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return shortDayFormat.format(new Date(`${londonDay(at)}T12:00:00Z`));
}

/**
 * When a step happened, was recorded and was authorised, naming each only where its day differs
 * (issue 12 §2): "happened 7 Dec 2026, recorded 9 Dec 2026, authorised 18 Dec 2026". One day for
 * all three reads as that day and time.
 */
export function stepTimesText(
  occurredAt: string,
  recordedAt: string,
  authorisedAt: string | null,
  verb = 'happened',
): string {
  const parts = [`${verb} ${shortDay(occurredAt)}`];
  if (londonDay(recordedAt) !== londonDay(occurredAt))
    parts.push(`recorded ${shortDay(recordedAt)}`);
  if (authorisedAt !== null && londonDay(authorisedAt) !== londonDay(recordedAt))
    parts.push(`authorised ${shortDay(authorisedAt)}`);
  if (parts.length === 1)
    return occurredAt.length > 10 ? dateTimeText(occurredAt) : shortDay(occurredAt);
  return parts.join(', ');
}

/** Whole calendar days between when a step happened and when it was recorded (0: the same day). */
export function daysRecordedLate(occurredAt: string, recordedAt: string): number {
  const days =
    (Date.parse(`${londonDay(recordedAt)}T00:00:00Z`) -
      Date.parse(`${londonDay(occurredAt)}T00:00:00Z`)) /
    86_400_000;
  return Math.max(0, Math.round(days));
}
