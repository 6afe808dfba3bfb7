/**
 * Dates and times as people read them on pages. The words come from the core's one formatter
 * (src/core/calendar/day-text.ts): "7 December 2026", "2 March 2026 at 2:05pm", London time.
 */
import { dateTimeText, dayText, londonDay } from '../../core/calendar/index.js';
import { parseIsoDate } from '../../core/people/identifiers.js';

export { dateTimeText, dayText, londonDay };

/**
 * A calendar day, `2017-05-09`, as "9 May 2017" (the GOV.UK style); null as ''; anything that is
 * not a date comes back as given.
 */
export function longDateText(day: string | null): string {
  if (day === null) return '';
  if (parseIsoDate(day) === null) return day;
  return dayText(day);
}

/** A day as "7 December 2026", an instant as "7 December 2026 at 2:05pm"; null or '' as ''. */
export function whenText(at: string | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  return at.length > 10 ? dateTimeText(at) : dayText(at);
}

/**
 * When a step happened, was recorded and was authorised, naming each only where its day differs
 * (issue 12 §2): "happened 7 December 2026, recorded 9 December 2026, authorised 18 December 2026". One day for
 * all three reads as that day and time.
 */
export function stepTimesText(
  occurredAt: string,
  recordedAt: string,
  authorisedAt: string | null,
  verb = 'happened',
): string {
  const parts = [`${verb} ${dayText(occurredAt)}`];
  if (londonDay(recordedAt) !== londonDay(occurredAt))
    parts.push(`recorded ${dayText(recordedAt)}`);
  if (authorisedAt !== null && londonDay(authorisedAt) !== londonDay(recordedAt))
    parts.push(`authorised ${dayText(authorisedAt)}`);
  if (parts.length === 1)
    return occurredAt.length > 10 ? dateTimeText(occurredAt) : dayText(occurredAt);
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
