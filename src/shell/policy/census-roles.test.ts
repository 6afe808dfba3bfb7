/**
 * What each shipped pack's closing steps mean for the CIN census, read from the roles the packs
 * declare (pack contract): an assessment's reason for closure (`assessment-no-further-action`
 * gives RC8, `assessment-to-early-help` RC9) and whether s47 enquiries held an ICPC (`icpc`). The
 * tables are the census's answers before the roles, when it matched the outcomes' names:
 * declaring them changed no pack's return.
 */
import { describe, expect, it } from 'vitest';
import { roleOf } from '../../core/policy/index.js';
import { censusPeriod, defaultClosureReason, deriveEpisodes } from '../../core/returns/index.js';
import { work } from '../../core/returns/census-testing.js';
import { loadPacks } from './pack-files.js';

const packs = loadPacks();

/** Each closing step of the pack's assessment with the reason an assessment-only episode gets. */
function reasons(packId: string): Record<string, string> {
  const w = packs.get(packId)?.workflows.get('cf-assessment');
  if (w === undefined) throw new Error(`${packId} has no assessment`);
  const final = new Set(w.states.filter((s) => s.final).map((s) => s.id));
  return Object.fromEntries(
    w.transitions
      .filter((t) => final.has(t.to))
      .map((t) => {
        const step = { on: '2025-07-01', outcome: t.outcome ?? null, category: null };
        const only = work('a', 'cf-assessment', '2025-06-01', {
          closedOn: '2025-07-01',
          steps: [{ ...step, role: roleOf(w, t.id) ?? null }],
        });
        return [t.id, defaultClosureReason([only], '2025-07-01', null)];
      }),
  );
}

const NATIONAL = {
  'cin-plan': 'RC7',
  's47-strategy-discussion': 'RC7',
  'no-further-action': 'RC8',
  'step-down-to-early-help': 'RC9',
};

describe("the census reads an assessment's closing step by its role", () => {
  it.each([
    ['national', NATIONAL],
    ['stockport', NATIONAL],
    ['worcestershire', NATIONAL],
    [
      'peterborough',
      {
        'cin-plan': 'RC7',
        's47-strategy-discussion': 'RC7',
        'referral-step-down-to-early-help': 'RC9',
        'nfa-single-agency': 'RC8',
        'masg-accepts': 'RC9',
      },
    ],
    [
      'walsall',
      {
        'cin-plan': 'RC7',
        's47-strategy-discussion': 'RC7',
        'emergency-protection': 'RC7',
        // "No ongoing social work, advice on universal or single-agency support" declares no
        // role, as its outcome's name gave RC7 before: whether it is RC8 is Walsall's to say.
        'no-ongoing-social-work': 'RC7',
        'step-down-to-early-help-plan': 'RC9',
        'step-down-via-early-help-pathway': 'RC9',
      },
    ],
  ])('%s', (packId, expected) => {
    expect(reasons(packId)).toEqual(expected);
  });
});

/**
 * Each step that closes the pack's s47 enquiries, with whether the census says an ICPC was held
 * when they closed by it and no CP plan followed.
 */
function icpcHeld(packId: string): Record<string, boolean> {
  const w = packs.get(packId)?.workflows.get('s47');
  if (w === undefined) throw new Error(`${packId} has no s47 enquiries`);
  const final = new Set(w.states.filter((s) => s.final).map((s) => s.id));
  return Object.fromEntries(
    w.transitions
      .filter((t) => final.has(t.to))
      .map((t) => {
        const step = { on: '2025-07-01', outcome: t.outcome ?? null, category: null };
        const only = work('s', 's47', '2025-06-01', {
          closedOn: '2025-07-01',
          steps: [{ ...step, role: roleOf(w, t.id) ?? null }],
        });
        const s47 = deriveEpisodes([only], censusPeriod('2025-26'), null)[0]?.section47s[0];
        return [t.id, s47?.icpcNotRequired === false && s47.dateOfInitialCpc === '2025-07-01'];
      }),
  );
}

describe('the census reads whether s47 enquiries held an ICPC by the role of their closing step', () => {
  it.each(['national', 'stockport', 'worcestershire', 'peterborough', 'walsall'])('%s', (id) => {
    expect(icpcHeld(id)).toEqual({ 'icpc-cp-plan': true, 'icpc-no-plan': true, nfa: false });
  });

  it('agrees in every pack with the outcome names the census matched before (cp-plan, no-cp-plan)', () => {
    let checked = 0;
    for (const pack of packs.values()) {
      const w = pack.workflows.get('s47');
      if (w === undefined) continue;
      const held = icpcHeld(pack.id);
      for (const t of w.transitions.filter((x) => x.id in held)) {
        checked++;
        expect([pack.id, t.id, held[t.id]]).toEqual([
          pack.id,
          t.id,
          t.outcome === 'cp-plan' || t.outcome === 'no-cp-plan',
        ]);
      }
    }
    // Three closing steps in each of the five shipped packs.
    expect(checked).toBe(15);
  });
});
