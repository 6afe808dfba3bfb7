/** The rules over the whole return: 1520 (UPN unique) and 8510 (LA child id unique). */
import { describe, expect, it } from 'vitest';
import { censusChild } from './census-child.js';
import { censusPeriod, type CensusChild } from './census-model.js';
import {
  CENSUS_RETURN_RULES,
  returnRuleCheck,
  validateCensusReturn,
} from './census-return-rules.js';
import { journey, recordFacts } from './census-testing.js';

const P = censusPeriod('2025-26');

/** A census child with its own record id, and the UPN and local id given. */
function child(n: number, upn: string | null, localId: string | null = null): CensusChild {
  const id = `${String(n).padStart(8, '0')}-7b6d-4c5e-9a8b-1d2e3f4a5b6c`;
  const c = censusChild(
    recordFacts({ id, localId, upn, upnUnknownReason: upn === null ? 'UN1' : null }),
    journey(),
    P,
  );
  if (c === null) throw new Error('the journey should make a census child');
  return c;
}

describe('DfE census rules over the whole return', () => {
  it('pass a return whose children hold different UPNs and LA child ids (and some none)', () => {
    const children = [
      child(1, 'A801200001001'),
      child(2, 'A801200001002'),
      child(3, null),
      child(4, null),
    ];
    expect(validateCensusReturn(children)).toEqual([]);
  });

  it('1520 fails every record that shares a UPN, whatever its case', () => {
    const children = [child(1, 'A801200001001'), child(2, 'a801200001001'), child(3, null)];
    const failed = validateCensusReturn(children);
    expect(failed.map((f) => [f.rule, f.severity, f.recordId])).toEqual([
      ['1520', 'error', children[0]?.recordId],
      ['1520', 'error', children[1]?.recordId],
    ]);
    expect(failed[0]?.message).toBe('More than one record with the same UPN.');
  });

  it('8510 fails every record that shares an LA child id', () => {
    const children = [child(1, null, 'STK0001'), child(2, null, 'STK0001'), child(3, null)];
    const failed = validateCensusReturn(children);
    expect(failed.map((f) => [f.rule, f.laChildId])).toEqual([
      ['8510', 'STK0001'],
      ['8510', 'STK0001'],
    ]);
  });

  it('checks children added one at a time, as the census streams', () => {
    const check = returnRuleCheck();
    check.add(child(1, 'A801200001001'));
    expect(check.failures()).toEqual([]);
    check.add(child(2, 'A801200001001'));
    expect(check.failures()).toHaveLength(2);
    expect(CENSUS_RETURN_RULES.map((r) => r.id)).toEqual(['1520', '8510']);
  });
});
