/**
 * The reason for closure the seed records on an episode that was only an assessment is the one
 * the census would derive from the role (in the pack) of the step that closed it, for every
 * closing step of every shipped pack: never guessed from the name of the state it reached.
 */
import { describe, expect, it } from 'vitest';
import { roleOf } from '../../core/policy/index.js';
import { defaultClosureReason } from '../../core/returns/index.js';
import { work } from '../../core/returns/census-testing.js';
import { loadPacks } from '../policy/pack-files.js';
import { closureReasonOf } from './census-items.js';
import { SeededRandom } from './seeded-random.js';

const packs = loadPacks();

/** Each closing step of the pack's assessment: [the seed's reason, the census's reason]. */
function reasons(packId: string): Record<string, [string, string]> {
  const w = packs.get(packId)?.workflows.get('cf-assessment');
  if (w === undefined) throw new Error(`${packId} has no assessment`);
  const final = new Set(w.states.filter((s) => s.final).map((s) => s.id));
  return Object.fromEntries(
    w.transitions
      .filter((t) => final.has(t.to))
      .map((t) => {
        const role = roleOf(w, t.id);
        const only = work('a', 'cf-assessment', '2025-06-01', {
          closedOn: '2025-07-01',
          steps: [{ on: '2025-07-01', outcome: t.outcome ?? null, role, category: null }],
        });
        return [
          t.id,
          [
            closureReasonOf(new SeededRandom(1), 'cf-assessment', role, true),
            defaultClosureReason([only], '2025-07-01', null),
          ],
        ];
      }),
  );
}

describe('the seed records the reason the census derives for an assessment-only episode', () => {
  it.each([...packs.keys()])('%s', (packId) => {
    const all = Object.entries(reasons(packId));
    expect(all.length).toBeGreaterThan(3);
    for (const [step, [seeded, derived]] of all) expect([step, seeded]).toEqual([step, derived]);
  });

  it('reads the role, not the name of the state reached', () => {
    // Peterborough's referral step-down reaches `referral-stepped-down` (no "early-help" in
    // it) and is declared as into early help; Walsall's advice step reaches `closed-advice`
    // and declares neither, nor does its emergency protection into `looked-after`.
    expect(reasons('peterborough')['referral-step-down-to-early-help']).toEqual(['RC9', 'RC9']);
    expect(reasons('peterborough')['nfa-single-agency']).toEqual(['RC8', 'RC8']);
    expect(reasons('walsall')['no-ongoing-social-work']).toEqual(['RC7', 'RC7']);
    expect(reasons('walsall')['emergency-protection']).toEqual(['RC7', 'RC7']);
    expect(reasons('walsall')['step-down-via-early-help-pathway']).toEqual(['RC9', 'RC9']);
  });

  it('gives RC8 and RC9 only to an assessment-only episode (rule 2990)', () => {
    const rand = new SeededRandom(3);
    for (let i = 0; i < 200; i++) {
      for (const role of ['assessment-no-further-action', 'assessment-to-early-help'] as const) {
        expect(['RC7', 'RC5', 'RC6']).toContain(
          closureReasonOf(rand, 'cf-assessment', role, false),
        );
        expect(['RC7', 'RC5', 'RC6']).toContain(closureReasonOf(rand, 'cin-plan', role, true));
      }
    }
  });
});
