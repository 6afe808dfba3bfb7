/**
 * The carries in the shipped packs (what a step's form starts with from an earlier step) load,
 * and a pack whose carry names a step or field it does not have is refused at load with its
 * file, the path and the id (issue 14 §3).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBatonError } from '../../core/errors/error-catalogue.js';
import { DEFAULT_POLICY_DIR, loadPacks } from './pack-files.js';

const stockportText = readFileSync(join(DEFAULT_POLICY_DIR, 'stockport.yaml'), 'utf8');

/** Load Stockport's pack with `from` replaced by `to`, from a file of its own. */
function loadEdited(from: string, to: string): unknown {
  expect(stockportText).toContain(from);
  const dir = mkdtempSync(join(tmpdir(), 'baton-carries-'));
  const file = join(dir, 'stockport-edited.yaml');
  writeFileSync(file, stockportText.replace(from, to));
  try {
    loadPacks([file]);
  } catch (e) {
    return e;
  }
  return null;
}

describe("Stockport's carries", () => {
  it('load: the transfer carries the minutes, the step up the new concerns, closure the transfer', () => {
    const stockport = loadPacks([join(DEFAULT_POLICY_DIR, 'stockport.yaml')]).get('stockport');
    const steps = [...(stockport?.workflows.values() ?? [])].flatMap((w) => w.transitions);
    const carries = (id: string) => steps.find((t) => t.id === id)?.carries ?? [];
    expect(carries('request-step-down-transfer')).toMatchObject([
      {
        field: 'stepDownMeetingMinutes',
        from: { step: 'step-down-tac-meeting', field: 'minutes' },
      },
    ]);
    expect(carries('request-step-down-transfer-partner')).toHaveLength(1);
    expect(carries('request-step-up-to-social-care')).toEqual([
      { field: 'rationale', from: { recorded: 'new-concerns' } },
    ]);
    for (const close of ['close-needs-met', 'close-single-agency', 'close-universal'])
      expect(carries(close).map((c) => c.field)).toEqual([
        'rationale',
        'rationale',
        'ifConcernsRise',
        'ifConcernsRise',
      ]);
    expect(steps.find((t) => t.id === 'request-step-down-transfer')?.starts?.carries?.what).toBe(
      'social-care-plan',
    );
  });

  it('refuse an unknown step at load, with the file, the path and the id', () => {
    const e = loadEdited(
      'from: { step: step-down-tac-meeting, field: minutes }',
      'from: { step: step-down-meeting, field: minutes }',
    );
    expect(isBatonError(e) && e.code).toBe('BATON_INVALID_PACK');
    if (!isBatonError(e)) return;
    expect(e.message).toMatch(
      /^stockport-edited\.yaml: workflows\.\d+\.transitions\.\d+\.carries\.0\.from\.step: workflow "cin-plan" has no step "step-down-meeting"/,
    );
  });

  it('refuse an unknown field at load', () => {
    const e = loadEdited(
      'from: { step: step-down-tac-meeting, field: minutes }',
      'from: { step: step-down-tac-meeting, field: notes }',
    );
    expect(isBatonError(e) && e.message).toMatch(
      /carries\.0\.from\.field: step "step-down-tac-meeting" in workflow "cin-plan" does not carry "notes"/,
    );
  });
});
