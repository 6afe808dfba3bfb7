import { describe, expect, it } from 'vitest';
import { dateTimeText, longDateText, stepTimesText, whenText } from './date-text.js';

describe('date text', () => {
  it('shows instants in London time, across the change to summer time', () => {
    expect(dateTimeText('2026-03-02T14:05:00Z')).toBe('2 March 2026 at 2:05pm');
    expect(dateTimeText('2026-07-01T23:30:00Z')).toBe('2 July 2026 at 12:30am');
    expect(dateTimeText('2026-12-31T23:59:00.000Z')).toBe('31 December 2026 at 11:59pm');
  });

  it('shows a day as a day and an instant with its time', () => {
    expect(whenText('2026-03-29')).toBe('29 March 2026'); // the clocks go forward
    expect(whenText('2026-03-29T10:00:00Z')).toBe('29 March 2026 at 11am');
    expect(whenText(null)).toBe('');
  });

  it('shows a calendar day the GOV.UK way, and anything else as given', () => {
    expect(longDateText('2017-05-09')).toBe('9 May 2017');
    expect(longDateText('2026-12-25')).toBe('25 December 2026');
    expect(longDateText('2026-02-31')).toBe('2026-02-31');
    expect(longDateText(null)).toBe('');
  });

  it('names when a step happened, was recorded and authorised, with months in full', () => {
    expect(stepTimesText('2026-12-07', '2026-12-09T10:00:00Z', '2026-12-18T09:00:00Z')).toBe(
      'happened 7 December 2026, recorded 9 December 2026, authorised 18 December 2026',
    );
    expect(stepTimesText('2026-09-07', '2026-09-07T10:00:00Z', null)).toBe('7 September 2026');
  });
});
