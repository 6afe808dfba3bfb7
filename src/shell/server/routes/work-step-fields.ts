/**
 * The form for one workflow step, derived from the pack: a box for each thing the step must carry
 * (`requires`), a number for a `fieldAtMost` rule, radios for a `fieldOneOf` rule, the lead
 * professional's name and agency where the step must name one, and the rules (guards) listed with
 * their citations so the practitioner knows what the step needs before pressing the button.
 */
import type { GuardRef, Transition, Workflow } from '../../../core/journey/index.js';
import { roleOf } from '../../../core/policy/index.js';
import {
  CLOSURE_REASON,
  SOCIAL_CARE_WORKFLOWS,
  defaultClosureReason,
} from '../../../core/returns/index.js';

export interface StepField {
  field: string;
  label: string;
  kind: 'textarea' | 'text' | 'number' | 'radios' | 'user';
  options: string[];
  /** Plain-English words for radio options, where the option is a code. */
  labels?: Record<string, string>;
  citation: { source: string; section: string; quote?: string | undefined };
}

export interface StepForm {
  fields: StepField[];
  /** Rules the step checks that are not boxes on the form (consent, a meeting held…). */
  rules: GuardRef[];
}

const isList = (v: unknown): v is readonly (string | number)[] => Array.isArray(v);

/** Build a step's form from its pack entry. */
export function stepForm(t: Transition): StepForm {
  const fields: StepField[] = t.requires.map((r) => ({
    field: r.field,
    label: r.label,
    kind: 'textarea',
    options: [],
    citation: r.citation,
  }));
  const has = (field: string) => fields.find((f) => f.field === field);
  const rules: GuardRef[] = [];
  for (const g of t.guards) {
    const field = typeof g.params.field === 'string' ? g.params.field : null;
    if (g.guard === 'fieldOneOf' && field !== null) {
      const options = isList(g.params.values) ? g.params.values.map(String) : [];
      const existing = has(field);
      if (existing) Object.assign(existing, { kind: 'radios', options });
      else fields.push({ field, label: g.text, kind: 'radios', options, citation: g.citation });
    } else if (g.guard === 'fieldAtMost' && field !== null) {
      const existing = has(field);
      if (existing) existing.kind = 'number';
      else
        fields.push({
          field,
          label: typeof g.params.label === 'string' ? g.params.label : g.text,
          kind: 'number',
          options: [],
          citation: g.citation,
        });
    } else if (g.guard === 'dateWithin' && field !== null) {
      // A date box; the rule (within so many weeks) is listed with the step's rules too.
      if (!has(field))
        fields.push({
          field,
          label: `${typeof g.params.label === 'string' ? g.params.label : field} (a date like 2026-03-23)`,
          kind: 'text',
          options: [],
          citation: g.citation,
        });
      rules.push(g);
    } else if (g.guard === 'leadProfessionalNamed') {
      // A Baton user (their agency follows), or a name and agency typed in.
      fields.push(
        {
          field: 'leadProfessionalUserId',
          label: 'Lead professional (a Baton user)',
          kind: 'user',
          options: [],
          citation: g.citation,
        },
        {
          field: 'leadProfessionalName',
          label: 'Or: the lead professional’s name',
          kind: 'text',
          options: [],
          citation: g.citation,
        },
        {
          field: 'leadProfessionalAgency',
          label: 'and their agency',
          kind: 'text',
          options: [],
          citation: g.citation,
        },
      );
      rules.push(g);
    } else {
      rules.push(g);
    }
  }
  return { fields, rules };
}

const socialCare = (id: string | undefined): boolean =>
  id !== undefined && (SOCIAL_CARE_WORKFLOWS as readonly string[]).includes(id);

/**
 * The reason for closure (DfE N00103, RC1–RC9), asked on a step that ends social care work
 * without starting more of it: the step that closes the child's CIN episode. Null for any other
 * step. The answer the census would derive is chosen until changed.
 */
export function closureReasonField(
  workflow: Workflow | undefined,
  t: Transition,
): { field: StepField; suggested: string } | null {
  if (workflow === undefined || !socialCare(workflow.id)) return null;
  const to = workflow.states.find((s) => s.id === t.to);
  if (to?.final !== true || socialCare(t.starts?.workflow)) return null;
  const suggested = defaultClosureReason(
    [
      {
        id: '',
        workflowId: workflow.id,
        openedOn: '',
        closedOn: null,
        steppedFromId: null,
        referralSource: null,
        receivedOn: null,
        census: {},
        steps: [
          {
            on: '',
            outcome: t.outcome ?? null,
            role: roleOf(workflow, t.id) ?? null,
            category: null,
          },
        ],
        deadlines: [],
      },
    ],
    '',
    null,
  );
  return {
    suggested,
    field: {
      field: 'closureReason',
      label: 'Reason the child in need episode closes',
      kind: 'radios',
      options: CLOSURE_REASON.map((c) => c.code),
      labels: Object.fromEntries(CLOSURE_REASON.map((c) => [c.code, c.label])),
      citation: {
        source: 'DfE Children in need census specification',
        section: 'Reason for closure (N00103)',
      },
    },
  };
}
