import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/error-catalogue.js';
import { fixtureLocalPack } from '../testing/fixture-packs.js';
import { evaluateThreshold, openToValues } from './threshold-evaluator.js';
import { recordJudgement } from './practitioner-judgement.js';

const pack = fixtureLocalPack();
const ids = pack.indicators.map((i) => i.id);

describe('evaluateThreshold', () => {
  it('says level 1 plainly when no indicator is chosen', () => {
    const r = evaluateThreshold(pack, { indicatorIds: [] });
    expect(r.suggestedLevel).toBe(1);
    expect(r.summary).toMatch(/No indicators were chosen/);
    expect(r.reasons).toEqual([]);
    expect(r.whyNotLower).toBeNull();
    expect(r.whyNotHigher).toMatch(/Level 2/);
  });

  it('suggests the highest level among the indicators and cites each reason', () => {
    const r = evaluateThreshold(pack, { indicatorIds: ['l2-a', 'l3-b'] });
    expect(r.suggestedLevel).toBe(3);
    expect(r.levelName).toBe('Level 3 name');
    expect(r.reasons.map((x) => [x.indicatorId, x.drivesLevel])).toEqual([
      ['l3-b', true],
      ['l2-a', false],
    ]);
    expect(r.reasons[0]?.citation).toEqual({ source: 'local-doc', section: 'App 1 L3' });
    expect(r.whyNotLower).toContain('Indicator 3b');
    expect(r.whyNotHigher).toContain('Level 4');
  });

  it('records the pack id and version, and its base pack', () => {
    const r = evaluateThreshold(pack, { indicatorIds: ['l2-a'] });
    expect([r.packId, r.packVersion, r.basePack]).toEqual([
      'local',
      '2.1.0',
      { id: 'base', version: '1.0.0' },
    ]);
  });

  it('puts 999 first, then the front door, when the child is in immediate danger', () => {
    const r = evaluateThreshold(pack, { indicatorIds: ['l2-a'], immediateDanger: true });
    expect(r.suggestedLevel).toBe(4);
    expect(r.nextSteps.slice(0, 2).map((s) => s.id)).toEqual(['call-999', 'phone-front']);
    expect(r.nextSteps[0]?.contact?.phones[0]?.number).toBe('999');
    expect(r.whyNotLower).toMatch(/immediate danger/);
  });

  it('notes an accumulation without raising the level unless the pack says so', () => {
    const r = evaluateThreshold(pack, { indicatorIds: ['l2-a', 'l2-b'] });
    expect(r.suggestedLevel).toBe(2);
    expect(r.accumulation).toMatchObject({ applies: true, count: 2, raisedLevel: false });
    const raising = evaluateThreshold(fixtureLocalPack({ raisesLevel: true }), {
      indicatorIds: ['l2-a', 'l2-b'],
    });
    expect(raising.suggestedLevel).toBe(3);
    expect(raising.accumulation?.raisedLevel).toBe(true);
  });

  it('refuses unknown indicators with the closest valid ids', () => {
    try {
      evaluateThreshold(pack, { indicatorIds: ['l2-c'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BatonError);
      const err = e as BatonError;
      expect(err.code).toBe('BATON_UNKNOWN_INDICATOR');
      expect((err.extra.suggestions as Record<string, string[]>)['l2-c']).toContain('l2-a');
    }
  });

  it('adds open-case guidance for a child who already has a social worker', () => {
    const r = evaluateThreshold(pack, { indicatorIds: ['l3-a'], openTo: 'social-care' });
    expect(r.nextSteps[0]?.id).toBe('tell-sw');
  });

  it('gives consent guidance, including when not to seek it, above level 1', () => {
    const r = evaluateThreshold(pack, { indicatorIds: ['l4-a'] });
    expect(r.consent.guidance.map((g) => g.id)).toEqual(['ask']);
    expect(r.consent.doNotSeekWhen.map((g) => g.id)).toEqual(['harm']);
    expect(evaluateThreshold(pack, { indicatorIds: [] }).consent.doNotSeekWhen).toEqual([]);
  });

  it('warns when the person is over the age of a child', () => {
    const r = evaluateThreshold(pack, { indicatorIds: [], ageYears: 19 });
    expect(r.warnings[0]).toMatch(/not a child/);
    expect(r.nextSteps.some((s) => s.kind === 'not-a-child')).toBe(true);
    expect(evaluateThreshold(pack, { indicatorIds: [], ageYears: 17 }).warnings).toEqual([]);
    expect(evaluateThreshold(pack, { indicatorIds: [], unborn: true }).warnings).toEqual([]);
  });
});

describe('evaluateThreshold properties', () => {
  const inputArb = fc.record({
    indicatorIds: fc.subarray(ids),
    immediateDanger: fc.boolean(),
    openTo: fc.constantFrom(...openToValues),
    ageYears: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  });

  it('never lowers the suggestion when an indicator is added', () => {
    for (const p of [pack, fixtureLocalPack({ raisesLevel: true })]) {
      fc.assert(
        fc.property(inputArb, fc.constantFrom(...ids), (input, extra) => {
          const before = evaluateThreshold(p, input).suggestedLevel;
          const after = evaluateThreshold(p, {
            ...input,
            indicatorIds: [...input.indicatorIds, extra],
          }).suggestedLevel;
          return after >= before;
        }),
      );
    }
  });

  it('gives the same output for the same input, whatever the order of indicators', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = evaluateThreshold(pack, input);
        const b = evaluateThreshold(pack, {
          ...input,
          indicatorIds: [...input.indicatorIds].reverse(),
        });
        expect(b).toEqual(a);
      }),
    );
  });

  it('always puts the emergency steps first when the child is in immediate danger', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = evaluateThreshold(pack, { ...input, immediateDanger: true });
        return r.suggestedLevel === 4 && r.nextSteps[0]?.id === 'call-999';
      }),
    );
  });
});

describe('recordJudgement', () => {
  it('needs a reason only when the practitioner differs from the suggestion', () => {
    expect(recordJudgement(2, 2)).toEqual({ level: 2, reason: null, differsFromSuggestion: false });
    expect(() => recordJudgement(2, 3, '  ')).toThrow(/differs from the suggested level 2/);
    expect(recordJudgement(2, 3, 'Father disclosed more at the meeting')).toMatchObject({
      differsFromSuggestion: true,
    });
  });
});
