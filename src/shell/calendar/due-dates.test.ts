import { describe, expect, it } from 'vitest';
import type { ResolvedPack } from '../../core/policy/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { statusOf } from './index.js';

const pack = loadPacks().get('stockport') as ResolvedPack;

describe('statusOf', () => {
  it('counts working days back to a deadline more than a year overdue', () => {
    // Monday 23 November 2026; the deadline was Thursday 17 October 2024, before the calendar
    // for "now" begins (the year before): 2 years of working days, bank holidays aside.
    const status = statusOf(pack, '2024-10-17', '2026-11-23T09:00:00.000Z');
    expect(status.state).toBe('overdue');
    expect(status.workingDaysLeft).toBeLessThan(-500);
    expect(status.workingDaysLeft).toBeGreaterThan(-540);
  });

  it('tells due today, due soon and upcoming apart around a weekend', () => {
    const now = '2026-11-20T09:00:00.000Z'; // a Friday
    expect(statusOf(pack, '2026-11-19', now).state).toBe('overdue');
    expect(statusOf(pack, '2026-11-20', now).state).toBe('due-today');
    expect(statusOf(pack, '2026-11-24', now).state).toBe('due-soon');
    expect(statusOf(pack, '2026-11-25', now).state).toBe('upcoming');
  });
});
