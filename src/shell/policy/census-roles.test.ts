/**
 * What each shipped pack's assessment outcomes mean for the CIN census reason for closure, read
 * from the roles the packs declare (pack contract: `assessment-no-further-action` gives RC8,
 * `assessment-to-early-help` RC9). The table is the census's answer before the roles, when it
 * matched the outcomes' names: declaring them changed no pack's return.
 */
import { describe, expect, it } from 'vitest';
import { roleOf } from '../../core/policy/index.js';
import { defaultClosureReason } from '../../core/returns/index.js';
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
