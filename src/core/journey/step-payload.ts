/**
 * What a step may carry. A step's payload holds only fields the pack declares for it (`requires`,
 * and the fields its guards read) and the few every step may carry (why, who leads, a review's
 * answers), each a scalar with bounds. Nothing else is accepted, so a payload can never write a
 * column the engine did not choose to write (`{"level": -7}` once lowered a CP plan's level).
 */
import type { Transition } from './workflow-schema.js';

const TEXT = 10_000;
const NAME = 200;

/** Fields any step may carry, with their longest length. */
export const COMMON_STEP_FIELDS: Readonly<Record<string, number>> = {
  rationale: TEXT,
  note: TEXT,
  leadProfessionalName: NAME,
  leadProfessionalAgency: NAME,
  leadProfessionalUserId: NAME,
  newConcerns: 20_000,
  reviewOutcome: NAME,
  reviewDecision: NAME,
  whereToGetHelp: TEXT,
  ifConcernsRise: TEXT,
  // DfE's reason for closure (RC1–RC9), asked on a step that closes a CIN episode (issue 16 §1).
  closureReason: 3,
};

/** The fields a transition declares: what it requires and what its guards read. */
export function declaredStepFields(t: Transition): Set<string> {
  const fields = new Set(t.requires.map((r) => r.field));
  for (const g of t.guards) if (typeof g.params.field === 'string') fields.add(g.params.field);
  return fields;
}

/** Every problem with a step's payload, as `{ path, message }` (empty when it may be taken). */
export function stepPayloadProblems(
  t: Transition,
  payload: Readonly<Record<string, unknown>>,
): { path: string; message: string }[] {
  const declared = declaredStepFields(t);
  const problems: { path: string; message: string }[] = [];
  for (const [field, value] of Object.entries(payload)) {
    const path = `payload.${field}`;
    const max = COMMON_STEP_FIELDS[field] ?? (declared.has(field) ? TEXT : undefined);
    if (max === undefined) {
      problems.push({
        path,
        message: `"${t.name}" does not take "${field}". It takes ${[...declared, ...Object.keys(COMMON_STEP_FIELDS)].join(', ')}.`,
      });
      continue;
    }
    if (value === null) continue;
    if (typeof value === 'number' || typeof value === 'boolean') {
      if (typeof value === 'number' && !Number.isFinite(value))
        problems.push({ path, message: `${field} must be a finite number` });
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ path, message: `${field} must be text, a number or true/false` });
      continue;
    }
    if (value.length > max)
      problems.push({ path, message: `${field} must be ${String(max)} characters or fewer` });
    else if (field === 'closureReason' && !/^RC[1-9]$/.test(value))
      problems.push({ path, message: 'Choose the reason for closure from the list (RC1 to RC9)' });
  }
  return problems;
}
