import { describe, expect, it } from 'vitest';
import { dateTimeText, dayText, londonDay, timeText } from './day-text.js';

describe('day text', () => {
  it('shows a day the GOV.UK way, with the month in full', () => {
    expect(dayText('2026-12-07')).toBe('7 December 2026');
    expect(dayText('2026-09-01')).toBe('1 September 2026');
    expect(dayText('2017-05-09')).toBe('9 May 2017');
  });

  it('shows an instant as its day in London, across the clocks changing', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    expect(londonDay('2026-06-30T23:30:00Z')).toBe('2026-07-01');
    expect(dayText('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    // In winter London is on UTC.
    expect(dayText('2026-12-31T23:59:00.000Z')).toBe('31 December 2026');
    expect(dayText('2027-03-29T08:00:00.000Z')).toBe('29 March 2027');
  });

  it('shows times on the 12-hour clock, with midday and midnight', () => {
    expect(timeText('2026-03-02T14:05:00Z')).toBe('2:05pm');
    expect(timeText('2026-03-02T09:00:00Z')).toBe('9am');
    expect(timeText('2026-03-02T12:00:00Z')).toBe('midday');
    expect(timeText('2026-03-02T00:00:00Z')).toBe('midnight');
    expect(timeText('2026-07-01T23:30:00Z')).toBe('12:30am'); // 00:30 in London
    expect(dateTimeText('2026-03-02T14:05:00Z')).toBe('2 March 2026 at 2:05pm');
  });

  it("gives the same words from its memo, past the memo's bound, as from Intl", () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    // 25,000 distinct instants, an hour apart across the clocks changing: more than the memo holds.
    for (let i = 0; i < 25_000; i += 1) {
      const at = new Date(Date.UTC(2026, 2, 1) + i * 3_600_000).toISOString();
      expect(londonDay(at)).toBe(day.format(new Date(at)));
    }
    // Read again (from the memo now) the words are the same.
    expect(dateTimeText('2026-06-30T23:30:00Z')).toBe('1 July 2026 at 12:30am');
    expect(dateTimeText('2026-06-30T23:30:00Z')).toBe('1 July 2026 at 12:30am');
    expect(timeText('2026-03-02T12:00:00Z')).toBe('midday');
    expect(timeText('2026-03-02T12:00:00Z')).toBe('midday');
  });
});
