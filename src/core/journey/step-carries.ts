/**
 * What a step's form starts with, from what Baton already holds ("tell my story once", issue 14
 * §3): the pack declares, per step, which field carries which earlier step's field (`carries`),
 * checked at pack load; the form shows the carried value for checking, changed only if wrong.
 */
import type { ErrorDetail } from '../errors/error-catalogue.js';
import { COMMON_STEP_FIELDS, declaredStepFields } from './step-payload.js';
import type { Carry, Transition, Workflow } from './workflow-schema.js';

/** A step taken on the work or on the work it came from (oldest first), with its payload. */
export interface CarriedStep {
  workflowId: string;
  transitionId: string;
  payload: Readonly<Record<string, unknown>>;
}

/** What the shell looked up for the carries: earlier steps and recorded new concerns. */
export interface CarryHistory {
  /** Steps on this work and on the work it followed (oldest first; declined steps left out). */
  steps: readonly CarriedStep[];
  /** New concerns recorded on this work, oldest first. */
  newConcerns: readonly string[];
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

/** Does `step` match the carry's source (by step id or by role, in the named workflow)? */
function matches(
  from: Extract<Carry['from'], { field: string }>,
  step: CarriedStep,
  ownWorkflowId: string,
  workflows: ReadonlyMap<string, Workflow>,
): boolean {
  if (step.workflowId !== (from.workflow ?? ownWorkflowId)) return false;
  if ('step' in from) return step.transitionId === from.step;
  const t = workflows.get(step.workflowId)?.transitions.find((x) => x.id === step.transitionId);
  return t?.role === from.role;
}

/**
 * The values a step's form starts with, field by field: for each carry, the latest matching
 * earlier step's field (or the latest new concerns). Fields with nothing to carry are left out.
 */
export function carriedValues(
  t: Pick<Transition, 'carries'>,
  workflowId: string,
  workflows: ReadonlyMap<string, Workflow>,
  history: CarryHistory,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const carry of t.carries) {
    if (values[carry.field] !== undefined) continue;
    const from = carry.from;
    let value: string | null = null;
    if ('recorded' in from) {
      value = text(history.newConcerns.at(-1));
    } else {
      for (const step of [...history.steps].reverse()) {
        if (!matches(from, step, workflowId, workflows)) continue;
        value = text(step.payload[from.field]);
        if (value !== null) break;
      }
    }
    if (value !== null) values[carry.field] = value;
  }
  return values;
}

/** The fields a step may carry: what it declares and the few every step may carry. */
const takes = (t: Transition): Set<string> =>
  new Set([...declaredStepFields(t), ...Object.keys(COMMON_STEP_FIELDS)]);

/**
 * Every carry that names a step, role or field the pack does not have, as `{ path, message }`
 * (the pack loader refuses the pack with its file, the path and the id).
 */
export function carryProblems(
  workflows: ReadonlyMap<string, Workflow>,
  pathOf: (w: Workflow) => string,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const w of workflows.values()) {
    w.transitions.forEach((t, ti) => {
      t.carries.forEach((carry, ci) => {
        const path = `${pathOf(w)}.transitions.${String(ti)}.carries.${String(ci)}`;
        if (!takes(t).has(carry.field))
          details.push({
            path: `${path}.field`,
            message: `step "${t.id}" does not take "${carry.field}"; it takes ${[...takes(t)].join(', ')}`,
          });
        const from = carry.from;
        if ('recorded' in from) return;
        const source = workflows.get(from.workflow ?? w.id);
        if (!source) {
          details.push({
            path: `${path}.from.workflow`,
            message: `unknown workflow "${from.workflow ?? w.id}"`,
          });
          return;
        }
        const steps =
          'step' in from
            ? source.transitions.filter((s) => s.id === from.step)
            : source.transitions.filter((s) => s.role === from.role);
        const named = 'step' in from ? `step "${from.step}"` : `role "${from.role}"`;
        if (steps.length === 0) {
          details.push({
            path: `${path}.from.${'step' in from ? 'step' : 'role'}`,
            message: `workflow "${source.id}" has no ${named}`,
          });
          return;
        }
        if (!steps.some((s) => takes(s).has(from.field)))
          details.push({
            path: `${path}.from.field`,
            message: `${named} in workflow "${source.id}" does not carry "${from.field}"`,
          });
      });
    });
  }
  return details;
}
