import { describe, expect, it } from 'vitest';
import { agencyKinds } from '../access/roles.js';
import {
  ASSESSMENT_FACTORS,
  DISABILITY,
  ETHNICITY,
  REFERRAL_SOURCE,
  UPN_UNKNOWN,
  isCode,
  labelOf,
  referralSourceForAgencyKind,
} from './code-sets.js';

describe('DfE code sets', () => {
  it('hold the sets RETURNS.md lists, with no repeats', () => {
    expect(ETHNICITY).toHaveLength(20);
    expect(DISABILITY.map((c) => c.code)).toContain('NONE');
    expect(UPN_UNKNOWN.map((c) => c.code)).toEqual([
      'UN1',
      'UN2',
      'UN3',
      'UN4',
      'UN5',
      'UN6',
      'UN7',
    ]);
    for (const set of [ETHNICITY, DISABILITY, REFERRAL_SOURCE, ASSESSMENT_FACTORS])
      expect(new Set(set.map((c) => c.code)).size).toBe(set.length);
  });

  it('offers only the B and C forms of factors 18 and 19 (18A and 19A are queried)', () => {
    expect(isCode(ASSESSMENT_FACTORS, '18B')).toBe(true);
    expect(isCode(ASSESSMENT_FACTORS, '18A')).toBe(false);
    expect(isCode(ASSESSMENT_FACTORS, '19A')).toBe(false);
  });

  it('pre-selects a valid referral source for every agency kind', () => {
    for (const kind of agencyKinds)
      expect(isCode(REFERRAL_SOURCE, referralSourceForAgencyKind(kind))).toBe(true);
    expect(referralSourceForAgencyKind('police')).toBe('6');
    expect(referralSourceForAgencyKind('school')).toBe('2A');
    expect(referralSourceForAgencyKind(null)).toBe('10');
  });

  it('labels a code, and falls back to the code itself', () => {
    expect(labelOf(ETHNICITY, 'REFU')).toMatch(/Refused/);
    expect(labelOf(ETHNICITY, 'XXXX')).toBe('XXXX');
  });
});
