import { describe, expect, it } from 'vitest';
import { stepPayloadProblems } from './step-payload.js';
import { cin } from './step-effects-testing.js';

describe('what a step may carry', () => {
  const review = cin.transitions[0];
  it('refuses fields the pack does not declare, structures and oversized text', () => {
    if (!review) throw new Error('fixture');
    expect(stepPayloadProblems(review, { summary: 'ok', rationale: 'why' })).toEqual([]);
    expect(stepPayloadProblems(review, { level: -7 }).map((p) => p.path)).toEqual([
      'payload.level',
    ]);
    expect(stepPayloadProblems(review, { summary: { a: { b: 1 } } })[0]?.message).toMatch(
      /must be text/,
    );
    expect(stepPayloadProblems(review, { summary: 'x'.repeat(10_001) })[0]?.message).toMatch(
      /10000 characters/,
    );
  });
});
