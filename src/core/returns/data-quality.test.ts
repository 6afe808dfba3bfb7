import { describe, expect, it } from 'vitest';
import type { CensusFailure } from './census-rules.js';
import { failuresByTeam } from './data-quality.js';

const fail = (
  recordId: string,
  rule: string,
  severity: 'error' | 'query' = 'error',
): CensusFailure => ({
  rule,
  severity,
  message: `message of ${rule}`,
  laChildId: `LA${recordId}`,
  recordId,
});

describe('failuresByTeam', () => {
  it('groups failing children by team with counts by rule, most failing team first, no team last', () => {
    const teams: Record<string, string | null> = {
      a: 'North',
      b: 'North',
      c: 'South',
      d: null,
      e: 'South',
      f: 'South',
    };
    const out = failuresByTeam(
      [
        fail('a', '4220'),
        fail('a', '4180'),
        fail('b', '4220'),
        fail('c', '2886Q', 'query'),
        fail('d', '4220'),
        fail('e', '4220'),
        fail('f', '4180'),
        fail('f', '4180'),
      ],
      (id) => teams[id] ?? null,
    );
    expect(out.map((t) => t.team)).toEqual(['South', 'North', null]);
    const north = out[1];
    expect(north?.children.map((c) => [c.laChildId, c.rules])).toEqual([
      ['LAa', ['4220', '4180']],
      ['LAb', ['4220']],
    ]);
    expect(north?.byRule.map((r) => [r.rule, r.children])).toEqual([
      ['4220', 2],
      ['4180', 1],
    ]);
    // A rule counted once per child, however often it fails.
    expect(out[0]?.byRule.find((r) => r.rule === '4180')?.children).toBe(1);
    expect(out[0]?.byRule.find((r) => r.rule === '2886Q')?.severity).toBe('query');
  });

  it('is empty when nothing fails', () => {
    expect(failuresByTeam([], () => 'North')).toEqual([]);
  });
});
