/**
 * The pack contract: every workflow, state, timescale and step the code relies on, declared in
 * one place and checked when a pack is loaded. Packs name their steps as they like (Worcestershire
 * has `new-concerns-taf`, Walsall does not have it at all); the code never matches an id or a
 * prefix, it asks for the step with a `role` from the current state (`transitionFor`).
 * docs/policy-packs.md ("What Baton relies on") lists the same table for pack authors.
 */
import type { ErrorDetail } from '../errors/error-catalogue.js';
import type { Transition, Workflow } from '../journey/workflow-schema.js';

/** Workflow ids the code starts or recognises. A pack may leave any out; the feature is then off. */
export const WORKFLOW_IDS = {
  /** A contact at the front door: created by the contact form and the triage tray. */
  contact: 'contact',
  /** An early help episode: opened, assessed, planned, reviewed and closed by the early help pages. */
  earlyHelpEpisode: 'early-help-episode',
  /** A professional disagreement under the escalation policy. */
  disagreement: 'disagreement',
  /** A Child and Family Assessment: its recording page (factors, findings, authorisation). */
  cfAssessment: 'cf-assessment',
  /** Section 47 enquiries: their page shows the strategy discussion and the ICPC. */
  s47: 's47',
  /** A child in need plan: its page records needs, outcomes, actions and lists its reviews. */
  cinPlan: 'cin-plan',
  /** A child protection plan: its page records the category of abuse and lists its reviews. */
  cpPlan: 'cp-plan',
  /** Looked after: counted in the child in need census with the four above. */
  lookedAfter: 'looked-after',
} as const;

/** State ids the code relies on, by workflow. */
export const STATE_IDS = {
  /** The early help episode's initial state: proposed, not open yet (nothing can be recorded). */
  episodeProposed: 'proposed',
  /** The early help state where the EHA is written; completing it chooses the plan. */
  episodeAssessment: 'assessment',
} as const;

/** Timescale ids the code reads due dates from. Optional: absent, the page shows no due date. */
export const TIMESCALE_IDS = {
  /** The front door's decision on a contact: the triage tray sorts by it. */
  referralDecision: 'referral-decision',
  /** The EHA's completion date on an episode. */
  ehaCompletion: 'eha-completion',
  /** The next early help review: plans and reviews schedule it. */
  ehReview: 'eh-review',
  /** The initial child protection conference: the s47 page's target date; the census reads it. */
  icpc: 'icpc',
  /** The first child protection review: the census counts it as a review held. */
  firstCpReview: 'first-cp-review',
  /** Every later child protection review: the census counts it as a review held. */
  cpReview: 'cp-review',
} as const;

/** What a step role requires of a pack that has the role's workflow. */
export interface StepRoleRule {
  workflow: string;
  /** The workflow must have a step with this role. */
  required: boolean;
  /** The step must leave this state; `initial` stands for the workflow's initial state. */
  from?: string;
  /**
   * At most one step with the role may leave a state (`state`), or one per state and level of
   * the state it leads to (`state-and-level`: the code picks by the plan level chosen), or any
   * number (`any`: the code reads which of them was taken, never picks one to take).
   */
  onePer: 'state' | 'state-and-level' | 'any';
  /**
   * The step ends the work: it leads to a final state and starts `starts` next (null: no work).
   * `every`: each step of the workflow that ends the work that way must carry the role, so no
   * such step goes uncounted.
   */
  ends?: { starts: string | null; every: boolean };
  /** What the step does, as a verb phrase ("opens the episode…"), for docs and errors. */
  usedFor: string;
}

const EPISODE = WORKFLOW_IDS.earlyHelpEpisode;
const S47 = WORKFLOW_IDS.s47;
const ASSESSMENT = WORKFLOW_IDS.cfAssessment;

/** Every step role: the `role:` a transition may carry in the YAML. */
export const STEP_ROLES = {
  'open-episode': {
    workflow: EPISODE,
    required: true,
    from: 'initial',
    onePer: 'state',
    usedFor: 'opens the episode, with consent and a named lead professional',
  },
  'complete-assessment': {
    workflow: EPISODE,
    required: true,
    from: STATE_IDS.episodeAssessment,
    onePer: 'state-and-level',
    usedFor:
      'completes the EHA into the plan the practitioner chose (by the level of the state it leads to)',
  },
  'review-continue': {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'continues or amends the plan at a review',
  },
  'close-needs-met': {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'ends the plan at a review or closure because needs are met',
  },
  'close-single-agency': {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'ends the plan because a single agency will meet the need',
  },
  'close-universal': {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'ends the plan with universal services only',
  },
  'close-consent-declined': {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'closes the episode because the family declined or withdrew consent',
  },
  'step-up-in-early-help': {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'steps up from a single-agency plan to a Team Around the Family plan',
  },
  'step-down-in-early-help': {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'steps down from a Team Around the Family plan to a single-agency plan',
  },
  reassess: {
    workflow: EPISODE,
    required: true,
    onePer: 'state',
    usedFor: 'returns to the assessment when a review decides to update it',
  },
  'new-concerns': {
    workflow: EPISODE,
    required: false,
    onePer: 'state',
    usedFor:
      'records new concerns on an open plan and opens the meeting deadline; without it Baton says to bring the review forward',
  },
  'strategy-discussion': {
    workflow: S47,
    required: true,
    from: 'initial',
    onePer: 'state',
    usedFor: 'records the strategy discussion (the s47 page shows its date)',
  },
  icpc: {
    workflow: S47,
    required: true,
    onePer: 'any',
    usedFor:
      'records the initial child protection conference, whatever it decided (its date is the census ICPC date)',
  },
  // What an assessment's closing step means for the CIN census reason for closure (DfE CIN
  // census specification, N00103): RC8 "case closed after assessment, no further action", RC9
  // "case closed after assessment, referred to early help". The census reads the role, never the
  // step's outcome or id (src/core/returns/cin-episodes.ts).
  'assessment-no-further-action': {
    workflow: ASSESSMENT,
    required: false,
    onePer: 'any',
    ends: { starts: null, every: false },
    usedFor:
      'closes the assessment with no further action (the census gives an episode that was only this assessment reason RC8)',
  },
  'assessment-to-early-help': {
    workflow: ASSESSMENT,
    required: false,
    onePer: 'any',
    ends: { starts: EPISODE, every: true },
    usedFor:
      'closes the assessment into early help (the census gives an episode that was only this assessment reason RC9)',
  },
  'cin-plan-review': {
    workflow: WORKFLOW_IDS.cinPlan,
    required: true,
    onePer: 'any',
    usedFor: 'records a child in need review (the CIN plan page lists them)',
  },
  'cp-plan-review': {
    workflow: WORKFLOW_IDS.cpPlan,
    required: true,
    onePer: 'any',
    usedFor:
      'records a child protection review conference that continues the plan (the CP plan page lists them)',
  },
} as const satisfies Record<string, StepRoleRule>;

export type StepRole = keyof typeof STEP_ROLES;

const roleNames = Object.keys(STEP_ROLES) as StepRole[];

/** True when `role` is one the contract declares. */
export function isStepRole(role: string): role is StepRole {
  return Object.hasOwn(STEP_ROLES, role);
}

/** The step with `role` that leaves `state`, if the workflow has one. */
export function transitionFor(
  workflow: Workflow,
  state: string,
  role: StepRole,
): Transition | undefined {
  return workflow.transitions.find((t) => t.role === role && t.from.includes(state));
}

/** Every step with `role`, in the pack's order. */
export function transitionsWithRole(workflow: Workflow, role: StepRole): Transition[] {
  return workflow.transitions.filter((t) => t.role === role);
}

/** True when the step `transitionId` of `workflow` carries `role` (a step taken, read back). */
export function hasRole(
  workflow: Workflow | undefined,
  transitionId: string,
  role: StepRole,
): boolean {
  return workflow?.transitions.some((t) => t.id === transitionId && t.role === role) ?? false;
}

/** The role of the step `transitionId` of `workflow`, if it has one (a step taken, read back). */
export function roleOf(workflow: Workflow | undefined, transitionId: string): StepRole | undefined {
  const role = workflow?.transitions.find((t) => t.id === transitionId)?.role;
  return role !== undefined && isStepRole(role) ? role : undefined;
}

/**
 * The id to ask the journey for: the step with `role` from `state`, else any step with the role
 * (so the journey refuses it from this state with its usual reason), else the role itself (so it
 * says the pack has no such step). Callers that do not branch on absence use this.
 */
export function stepIdFor(workflow: Workflow, state: string, role: StepRole): string {
  return (
    transitionFor(workflow, state, role)?.id ?? transitionsWithRole(workflow, role)[0]?.id ?? role
  );
}

/**
 * Check a pack's own workflows against the contract. `pathOf` gives the dotted path of each
 * workflow in the file. Returns one detail per problem, naming the role or state that is missing
 * or doubled.
 */
export function checkPackContract(
  workflows: readonly Workflow[],
  pathOf: (w: Workflow) => string,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const w of workflows) {
    const path = pathOf(w);
    checkRolesNamed(w, path, details);
    if (w.id === EPISODE) checkEpisodeStates(w, path, details);
    for (const role of roleNames) {
      const rule: StepRoleRule = STEP_ROLES[role];
      if (rule.workflow !== w.id) continue;
      checkRole(w, path, role, rule, details);
    }
  }
  return details;
}

function checkRolesNamed(w: Workflow, path: string, details: ErrorDetail[]): void {
  w.transitions.forEach((t, ti) => {
    if (t.role === undefined) return;
    const p = `${path}.transitions.${ti}.role`;
    if (!isStepRole(t.role))
      details.push({
        path: p,
        message: `unknown role "${t.role}" on step "${t.id}"; roles are ${roleNames.join(', ')}`,
      });
    else if (STEP_ROLES[t.role].workflow !== w.id)
      details.push({
        path: p,
        message: `role "${t.role}" belongs to the "${STEP_ROLES[t.role].workflow}" workflow, not "${w.id}"`,
      });
  });
}

function checkEpisodeStates(w: Workflow, path: string, details: ErrorDetail[]): void {
  for (const id of Object.values(STATE_IDS))
    if (!w.states.some((s) => s.id === id))
      details.push({
        path: `${path}.states`,
        message: `missing state "${id}": Baton relies on it (docs/policy-packs.md)`,
      });
  if (w.initial !== STATE_IDS.episodeProposed)
    details.push({
      path: `${path}.initial`,
      message: `the initial state must be "${STATE_IDS.episodeProposed}": Baton treats an episode there as not open yet`,
    });
}

function checkRole(
  w: Workflow,
  path: string,
  role: StepRole,
  rule: StepRoleRule,
  details: ErrorDetail[],
): void {
  if (rule.ends !== undefined) checkEnds(w, path, role, rule.ends, details);
  const steps = w.transitions.flatMap((t, ti) => (t.role === role ? [{ t, ti }] : []));
  if (steps.length === 0) {
    if (rule.required)
      details.push({
        path: `${path}.transitions`,
        message: `missing role "${role}": no step of "${w.id}" has \`role: ${role}\` (the step that ${rule.usedFor})`,
      });
    return;
  }
  const from = rule.from === 'initial' ? w.initial : rule.from;
  if (from !== undefined && !steps.some(({ t }) => t.from.includes(from)))
    details.push({
      path: `${path}.transitions`,
      message: `missing role "${role}" from state "${from}": no step with it leaves that state (the step that ${rule.usedFor})`,
    });
  if (rule.onePer === 'any') return;
  const levelOf = (state: string) => w.states.find((s) => s.id === state)?.level;
  const seen = new Map<string, string>();
  for (const { t, ti } of steps) {
    for (const state of t.from) {
      const key = rule.onePer === 'state-and-level' ? `${state}|${String(levelOf(t.to))}` : state;
      const other = seen.get(key);
      if (other !== undefined)
        details.push({
          path: `${path}.transitions.${ti}.role`,
          message: `role "${role}" is named twice from state "${state}" (steps "${other}" and "${t.id}"${rule.onePer === 'state-and-level' ? ', same plan level' : ''}); only one is allowed`,
        });
      else seen.set(key, t.id);
    }
  }
}

/**
 * A role that says how the work ends: each step with it must end the work as the role says, and
 * (`every`) each step that ends the work that way must carry it.
 */
function checkEnds(
  w: Workflow,
  path: string,
  role: StepRole,
  ends: NonNullable<StepRoleRule['ends']>,
  details: ErrorDetail[],
): void {
  const isFinal = (state: string) => w.states.some((s) => s.id === state && s.final);
  const what = ends.starts === null ? 'no further work' : `the "${ends.starts}" workflow`;
  w.transitions.forEach((t, ti) => {
    const endsSo = isFinal(t.to) && (t.starts?.workflow ?? null) === ends.starts;
    if (t.role === role && !endsSo)
      details.push({
        path: `${path}.transitions.${ti}.role`,
        message: `role "${role}" is on step "${t.id}", which must lead to a final state and start ${what} (the step that ${STEP_ROLES[role].usedFor})`,
      });
    else if (ends.every && endsSo && t.role !== role)
      details.push({
        path: `${path}.transitions.${ti}`,
        message: `step "${t.id}" leads to a final state and starts ${what} but has no \`role: ${role}\` (the step that ${STEP_ROLES[role].usedFor})`,
      });
  });
}
