import { describe, expect, it } from 'vitest';
import { dateTimeText, dayOnlyText, longDateText } from './date-text.js';

describe('date text', () => {
  it('shows instants in London time, across the change to summer time', () => {
    expect(dateTimeText('2026-03-02T14:05:00Z')).toBe('2 Mar 2026, 14:05');
    expect(dateTimeText('2026-07-01T23:30:00Z')).toBe('2 Jul 2026, 00:30');
    expect(dateTimeText('2026-12-31T23:59:00.000Z')).toBe('31 Dec 2026, 23:59');
  });

  it('shows a calendar day as that day, with its weekday', () => {
    expect(dayOnlyText('2026-03-02')).toBe('Mon, 2 Mar 2026');
    expect(dayOnlyText('2026-03-29')).toBe('Sun, 29 Mar 2026'); // the clocks go forward
    expect(dayOnlyText('2027-01-01')).toBe('Fri, 1 Jan 2027');
  });

  it('shows a calendar day the GOV.UK way, and anything else as given', () => {
    expect(longDateText('2017-05-09')).toBe('9 May 2017');
    expect(longDateText('2026-12-25')).toBe('25 December 2026');
    expect(longDateText('2026-02-31')).toBe('2026-02-31');
    expect(longDateText(null)).toBe('');
  });
});
