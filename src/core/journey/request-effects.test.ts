import { describe, expect, it } from 'vitest';
import { decisionEffects, requestedStepEffects } from './request-effects.js';
import { of, plan, setting, work } from './step-effects-testing.js';

describe('the effects of asking for a step and of deciding it', () => {
  it('a request waiting in another agency grants it access bounded by the request, which its decision ends', () => {
    const requested = requestedStepEffects(plan('step-down').transition, work, 'req-1', setting);
    expect(of(requested, 'involve')[0]).toMatchObject({
      agencyId: 'early-help-1',
      role: 'transfer-request',
      grantedFor: 'req-1',
    });
    for (const decision of ['authorise', 'decline'] as const) {
      const decided = decisionEffects(
        decision,
        plan('step-down').transition,
        work,
        { id: 'req-1', requestedBy: 'u-sam', note: 'No' },
        '2026-12-08',
      );
      expect(of(decided, 'end-involvements')).toEqual([
        { kind: 'end-involvements', grantedFor: 'req-1', on: '2026-12-08' },
      ]);
    }
  });
});
