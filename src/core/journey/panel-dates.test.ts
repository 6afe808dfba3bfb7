import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMeetingDate, nextMeetingDates, type PanelCadence } from './panel-dates.js';

// Cadences as the shipped packs give them (policy-packs/*.yaml, `panels`).
const stockportHub: PanelCadence = { every: 1, unit: 'weeks', anchor: '2026-01-05' };
const walsallLocality: PanelCadence = { every: 4, unit: 'weeks', anchor: '2026-01-05' };
const peterboroughMasg: PanelCadence = { every: 1, unit: 'months', anchor: '2026-01-05' };

describe('nextMeetingDates', () => {
  it('Stockport Early Help Hub meets weekly (001 "How levels of need are met": "meets weekly")', () => {
    expect(nextMeetingDates(stockportHub, '2026-11-23', 3)).toEqual([
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
    ]);
    expect(nextMeetingDates(stockportHub, '2026-11-24', 1)).toEqual(['2026-11-30']);
  });

  it('Walsall locality panel sits every 4 weeks (002 "Locality Panels process")', () => {
    expect(nextMeetingDates(walsallLocality, '2026-01-06', 3)).toEqual([
      '2026-02-02',
      '2026-03-02',
      '2026-03-30',
    ]);
    // On a meeting day, that day is the next meeting.
    expect(nextMeetingDates(walsallLocality, '2026-03-02', 1)).toEqual(['2026-03-02']);
  });

  it('Peterborough MASG (monthly placeholder) keeps the day of the month', () => {
    expect(nextMeetingDates(peterboroughMasg, '2026-02-06', 3)).toEqual([
      '2026-03-05',
      '2026-04-05',
      '2026-05-05',
    ]);
  });

  it('counts months from the anchor each time, so the 31st comes back after short months', () => {
    const endOfMonth: PanelCadence = { every: 1, unit: 'months', anchor: '2026-01-31' };
    expect(nextMeetingDates(endOfMonth, '2026-02-01', 4)).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
    const quarterly: PanelCadence = { every: 3, unit: 'months', anchor: '2025-11-30' };
    expect(nextMeetingDates(quarterly, '2026-01-01', 2)).toEqual(['2026-02-28', '2026-05-30']);
  });

  it('starts at the anchor (the first meeting) when asked for dates before it', () => {
    expect(nextMeetingDates(walsallLocality, '2025-06-01', 2)).toEqual([
      '2026-01-05',
      '2026-02-02',
    ]);
  });

  it('crosses year ends and leap days', () => {
    const leap: PanelCadence = { every: 2, unit: 'weeks', anchor: '2027-12-20' };
    expect(nextMeetingDates(leap, '2027-12-21', 6)).toEqual([
      '2028-01-03',
      '2028-01-17',
      '2028-01-31',
      '2028-02-14',
      '2028-02-28',
      '2028-03-13',
    ]);
  });

  it('refuses a bad date or count', () => {
    expect(() => nextMeetingDates(stockportHub, '2026-02-30', 1)).toThrow(RangeError);
    expect(() => nextMeetingDates(stockportHub, '2026-02-01', -1)).toThrow(RangeError);
    expect(nextMeetingDates(stockportHub, '2026-02-01', 0)).toEqual([]);
  });

  it('property: dates are ascending, on or after the start, evenly spaced, and each is a meeting date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('weeks' as const, 'months' as const),
        fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 2000 }),
        (every, unit, anchorDate, offset) => {
          const anchor = anchorDate.toISOString().slice(0, 10);
          const cadence: PanelCadence = { every, unit, anchor };
          const from = new Date(anchorDate.getTime() + offset * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const dates = nextMeetingDates(cadence, from, 5);
          expect(dates).toHaveLength(5);
          expect(dates[0] !== undefined && dates[0] >= from).toBe(true);
          for (let i = 1; i < dates.length; i += 1)
            expect((dates[i] ?? '') > (dates[i - 1] ?? '')).toBe(true);
          for (const d of dates) expect(isMeetingDate(cadence, d)).toBe(true);
          if (unit === 'weeks') {
            const gap = (Date.parse(dates[1] ?? '') - Date.parse(dates[0] ?? '')) / 86_400_000;
            expect(gap).toBe(7 * every);
          }
          // Nothing is skipped: the day before the first date is not a later meeting.
          const previous = nextMeetingDates(cadence, anchor, 1)[0];
          expect(previous).toBe(anchor);
        },
      ),
    );
  });
});

describe('isMeetingDate', () => {
  it('knows the weekly hub meets on Mondays from the anchor, and not on other days', () => {
    expect(isMeetingDate(stockportHub, '2026-11-23')).toBe(true);
    expect(isMeetingDate(stockportHub, '2026-11-24')).toBe(false);
    expect(isMeetingDate(stockportHub, '2025-12-29')).toBe(false); // before the first meeting
    expect(isMeetingDate(walsallLocality, '2026-01-12')).toBe(false);
    expect(isMeetingDate(walsallLocality, 'not-a-date')).toBe(false);
  });
});
