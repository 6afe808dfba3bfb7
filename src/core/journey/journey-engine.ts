/**
 * The journey engine: pure and clock-free (pattern: XState's `transition(machine, snapshot,
 * event)`). Given a workflow from a policy pack, where the work is now, who is asking and what
 * they carry, it answers either the plan to apply after commit (next state, deadlines opened and
 * closed, notifications, whether it must wait for authorisation) or a refusal listing every
 * missing thing with its citation.
 */
import type { AgencyKind, Role } from '../access/roles.js';
import { GUARDS, type JourneyFacts } from './guards.js';
import { mayAskFor, mayAuthorise, type AgencyRef } from './step-rules.js';
import type {
  DeadlineRuleData,
  Party,
  Timescale,
  Transition,
  Workflow,
} from './workflow-schema.js';

export interface Citation {
  source: string;
  section: string;
  quote?: string | undefined;
}

/** One thing a transition lacks. */
export interface Missing {
  rule: string;
  message: string;
  citation: Citation;
}

/**
 * A rule a decision was made under: the step itself, or a guard it passed. Stored with every
 * recorded decision and returned with it (issue 12 §4), so a decision can be traced to the
 * document and section it followed.
 */
export interface RuleCitation {
  /** `step` for the step itself, otherwise the guard's name (e.g. `consentRecorded`). */
  rule: string;
  /** The rule in words: the step's name, or the guard's text. */
  text: string;
  citation: Citation;
}

/** The citations of a step and of each of its guards (all passed, on a plan that is ok). */
export function citationsOf(t: Transition): RuleCitation[] {
  return [
    { rule: 'step', text: t.name, citation: t.citation },
    ...t.guards.map((g) => ({ rule: g.guard, text: g.text, citation: g.citation })),
  ];
}

export interface DeadlinePlan {
  timescaleId: string;
  name: string;
  due: string;
  citation: Citation;
}

export type TransitionPlan =
  | {
      ok: true;
      transition: Transition;
      from: string;
      to: string;
      outcome: string | null;
      /** True when the actor may only request: the change waits for one of `authorisedBy`. */
      awaitsAuthorisation: boolean;
      /** The rules the step was planned under: the step's own citation and each guard it passed. */
      citations: RuleCitation[];
      opens: DeadlinePlan[];
      closes: string[];
      notify: Party[];
      handsTo: Transition['handsTo'] | null;
      /** The follow-on work to begin with this step, its deadlines counted from `at`. */
      starts: {
        workflow: Workflow;
        state: string;
        opens: DeadlinePlan[];
        ownedBy: AgencyKind | null;
      } | null;
    }
  | {
      ok: false;
      code: 'BATON_TRANSITION_REFUSED' | 'BATON_TRANSITION_NOT_ALLOWED';
      message: string;
      missing: Missing[];
    };

export interface TransitionRequest {
  transitionId: string;
  actorRoles: readonly Role[];
  /**
   * The actor's agency and the agency owning the work. When given, authorising also needs the
   * right agency (see `mayAuthorise`): one of the step's `authorisedIn` kind, else the owner itself.
   */
  agencies?: { actor: AgencyRef; owner: AgencyRef } | undefined;
  /**
   * When the step happened (ISO date, or date-time where a rule is in hours), not when it was
   * recorded or authorised: deadlines count from here (see `whenItHappened`).
   */
  at: string;
  facts: JourneyFacts;
}

/** How due dates are computed: the shell passes a working-day calendar in. */
export type DueDateFn = (rule: DeadlineRuleData, from: string) => string;

/** Plan a transition (or refuse it). Pure: nothing is written. */
export function planTransition(
  workflow: Workflow,
  currentState: string,
  request: TransitionRequest,
  timescales: ReadonlyMap<string, Timescale>,
  dueDate: DueDateFn,
  workflows: ReadonlyMap<string, Workflow> = new Map(),
): TransitionPlan {
  const t = workflow.transitions.find((x) => x.id === request.transitionId);
  if (!t) {
    return {
      ok: false,
      code: 'BATON_TRANSITION_NOT_ALLOWED',
      message: `"${request.transitionId}" is not a step of ${workflow.name}.`,
      missing: [],
    };
  }
  if (!t.from.includes(currentState)) {
    return {
      ok: false,
      code: 'BATON_TRANSITION_NOT_ALLOWED',
      message: `"${t.name}" cannot be taken from "${stateName(workflow, currentState)}"; it is for ${t.from.map((s) => `"${stateName(workflow, s)}"`).join(' or ')}.`,
      missing: [],
    };
  }
  const canRequest = t.requestedBy.some((r) => request.actorRoles.includes(r));
  // Without agencies (a plan asked in the abstract) the role alone decides.
  const canAuthorise = request.agencies
    ? mayAuthorise(
        t,
        {
          roles: request.actorRoles,
          agencyId: request.agencies.actor.id,
          agencyKind: request.agencies.actor.kind,
        },
        request.agencies.owner.id,
      )
    : (t.authorisedBy ?? []).some((r) => request.actorRoles.includes(r));
  if (!canRequest && !canAuthorise) {
    return {
      ok: false,
      code: 'BATON_TRANSITION_NOT_ALLOWED',
      message: `"${t.name}" can be asked for by ${t.requestedBy.join(', ')}${t.authorisedBy ? ` and authorised by ${t.authorisedBy.join(', ')}` : ''}.`,
      missing: [],
    };
  }

  const missing: Missing[] = [];
  for (const f of t.requires) {
    const v = request.facts.payload[f.field];
    if (
      v === undefined ||
      v === null ||
      (typeof v === 'string' && v.trim() === '') ||
      (Array.isArray(v) && v.length === 0)
    ) {
      missing.push({
        rule: `requires:${f.field}`,
        message: `${f.label} is missing`,
        citation: f.citation,
      });
    }
  }
  // A step that starts new work (a step-down transfer) names who will lead that work: the current
  // work's lead (often the social worker) does not count.
  const guardFacts: JourneyFacts = t.starts
    ? { ...request.facts, leadProfessional: null }
    : request.facts;
  for (const g of t.guards) {
    const fn = GUARDS[g.guard];
    const problem = fn ? fn(guardFacts, g.params) : `unknown guard ${g.guard}`;
    if (problem !== null)
      missing.push({ rule: g.guard, message: `${g.text} (${problem})`, citation: g.citation });
  }
  if (missing.length > 0) {
    return {
      ok: false,
      code: 'BATON_TRANSITION_REFUSED',
      message: `"${t.name}" cannot go ahead yet: ${missing.length === 1 ? 'one thing is' : `${missing.length} things are`} missing.`,
      missing,
    };
  }

  const opens = t.opensDeadlines.map((id) => deadlineFor(id, timescales, request.at, dueDate));
  let starts: Extract<TransitionPlan, { ok: true }>['starts'] = null;
  if (t.starts) {
    const next = workflows.get(t.starts.workflow);
    // The pack resolver checks every `starts` reference, so a missing one is a programming error.
    if (!next) throw new Error(`workflow ${t.starts.workflow} is not defined`);
    starts = {
      workflow: next,
      state: t.starts.state ?? next.initial,
      opens: [...next.opensDeadlines, ...t.starts.opensDeadlines].map((id) =>
        deadlineFor(id, timescales, request.at, dueDate),
      ),
      ownedBy: t.starts.ownedBy ?? null,
    };
  }
  return {
    ok: true,
    transition: t,
    from: currentState,
    to: t.to,
    outcome: t.outcome ?? null,
    awaitsAuthorisation: t.authorisedBy !== undefined && !canAuthorise,
    citations: citationsOf(t),
    opens,
    closes: t.closesDeadlines,
    notify: t.notify,
    handsTo: t.handsTo ?? null,
    starts,
  };
}

/** Deadlines opened when a piece of work starts. */
export function initialDeadlines(
  workflow: Workflow,
  at: string,
  timescales: ReadonlyMap<string, Timescale>,
  dueDate: DueDateFn,
): DeadlinePlan[] {
  return workflow.opensDeadlines.map((id) => deadlineFor(id, timescales, at, dueDate));
}

/** The transitions an actor could take from a state (for pages and the API's "next steps"). */
export function availableTransitions(
  workflow: Workflow,
  state: string,
  actorRoles: readonly Role[],
): Transition[] {
  return workflow.transitions.filter((t) => t.from.includes(state) && mayAskFor(t, actorRoles));
}

function deadlineFor(
  id: string,
  timescales: ReadonlyMap<string, Timescale>,
  at: string,
  dueDate: DueDateFn,
): DeadlinePlan {
  const ts = timescales.get(id);
  // The pack resolver checks every timescale reference, so a missing one is a programming error.
  if (!ts) throw new Error(`timescale ${id} is not defined`);
  return { timescaleId: id, name: ts.name, due: dueDate(ts.rule, at), citation: ts.citation };
}

function stateName(workflow: Workflow, id: string): string {
  return workflow.states.find((s) => s.id === id)?.name ?? id;
}
