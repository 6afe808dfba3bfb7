/**
 * Choosing steps from a pack's own workflows (issue 12 §1): the demo data and the every-pack
 * journey never name a transition id. They ask what a step does — where it leads (`to` and that
 * state's level), what it `starts`, whom it `handsTo` — and fill what it `requires` from the
 * declarations, so a new authority's pack gets working demo families with no TypeScript.
 * Pure functions over pack data.
 */
import type { Role } from '../../core/access/index.js';
import { purposesParam, type Transition, type Workflow } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';

/** The workflows the shell itself starts by id (a contact, an early help episode). */
export const CONTACT_WORKFLOW = 'contact';
export const EARLY_HELP_WORKFLOW = 'early-help-episode';
/** Statutory plans the demo families show (their timescales drive "My work"). */
export const CP_PLAN_WORKFLOW = 'cp-plan';
export const CIN_PLAN_WORKFLOW = 'cin-plan';

/** What a route must end with. */
export type Goal = (t: Transition, workflow: Workflow) => boolean;

export interface PlannedStep {
  workflowId: string;
  transition: Transition;
}

const stateOf = (w: Workflow | undefined, id: string | undefined) =>
  w?.states.find((s) => s.id === (id ?? w.initial));

/** The level of need the child is at after the step: the started work's, else the target state's. */
export function levelAfter(
  pack: ResolvedPack,
  workflow: Workflow,
  t: Transition,
): number | undefined {
  if (t.starts) {
    const next = pack.workflows.get(t.starts.workflow);
    return stateOf(next, t.starts.state ?? next?.initial)?.level;
  }
  return stateOf(workflow, t.to)?.level;
}

/** A step that begins early help: it starts an episode, or hands the work to an early help hub. */
export const toEarlyHelp: Goal = (t) =>
  t.starts?.workflow === EARLY_HELP_WORKFLOW || t.handsTo === 'early-help';

/** A step that starts an early help episode from other work (a step down). */
export const startsEarlyHelp: Goal = (t) => t.starts?.workflow === EARLY_HELP_WORKFLOW;

/** A step that starts this workflow. */
export const startsWorkflow =
  (workflowId: string): Goal =>
  (t) =>
    t.starts?.workflow === workflowId;

/** A step that takes the child to level 4: it starts statutory work or ends in a level 4 state. */
export const toSocialCare =
  (pack: ResolvedPack): Goal =>
  (t, w) =>
    t.starts?.workflow !== EARLY_HELP_WORKFLOW && levelAfter(pack, w, t) === 4;

/** A front-door decision that closes the contact without social care (e.g. "threshold not met"). */
export const closesBelowSocialCare =
  (pack: ResolvedPack): Goal =>
  (t, w) =>
    t.starts === undefined && stateOf(w, t.to)?.final === true && levelAfter(pack, w, t) !== 4;

const SATISFIABLE = new Set([
  'consentRecorded',
  'consentOrReasonNotSought',
  'consentNotRefused',
  'dateWithin',
  'leadProfessionalNamed',
  'fieldOneOf',
  'fieldAtMost',
  'eventHappened',
  'levelIn',
]);

/** Can the demo users take this step, and can its guards be met by what the demo records? */
export function usable(
  t: Transition,
  workflow: Workflow,
  roles: readonly Role[],
  level: number | null,
): boolean {
  const actors = [...t.requestedBy, ...(t.authorisedBy ?? [])];
  if (!actors.some((r) => roles.includes(r))) return false;
  return t.guards.every((g) => {
    if (!SATISFIABLE.has(g.guard)) return false;
    if (g.guard === 'levelIn') {
      const levels = g.params.levels;
      const allowed = Array.isArray(levels) ? levels.map(Number) : [Number(levels)];
      return level !== null && allowed.includes(level);
    }
    if (g.guard === 'eventHappened')
      return workflow.transitions.some((x) => x.id === g.params.event);
    return true;
  });
}

/**
 * The shortest route of steps from a state to a step meeting the goal, following work that a step
 * starts into its own workflow. Steps that stay in the same state are left out: they are only
 * taken as another step's prerequisite (`eventHappened`). Steps that `avoid` matches are never
 * taken on the way (the front door's route to early help does not pass through social care).
 */
export function planRoute(
  pack: ResolvedPack,
  from: { workflowId: string; state: string; level: number | null },
  goal: Goal,
  roles: readonly Role[],
  avoid: Goal = () => false,
  maxSteps = 6,
): PlannedStep[] | null {
  interface Node {
    workflowId: string;
    state: string;
    level: number | null;
    path: PlannedStep[];
  }
  const queue: Node[] = [{ ...from, path: [] }];
  const seen = new Set<string>([`${from.workflowId}:${from.state}`]);
  for (let node = queue.shift(); node; node = queue.shift()) {
    const workflow = pack.workflows.get(node.workflowId);
    if (!workflow || node.path.length >= maxSteps) continue;
    for (const t of workflow.transitions) {
      if (!t.from.includes(node.state) || !usable(t, workflow, roles, node.level)) continue;
      const path = [...node.path, { workflowId: workflow.id, transition: t }];
      if (goal(t, workflow)) return path;
      if (avoid(t, workflow)) continue;
      const next = t.starts
        ? { workflowId: t.starts.workflow, state: t.starts.state ?? '' }
        : { workflowId: workflow.id, state: t.to };
      const nextWorkflow = pack.workflows.get(next.workflowId);
      const state = stateOf(nextWorkflow, next.state || undefined);
      if (!state || state.final) continue;
      const key = `${next.workflowId}:${state.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push({
        workflowId: next.workflowId,
        state: state.id,
        level: state.level ?? node.level,
        path,
      });
    }
  }
  return null;
}

/**
 * Of the workflows the demo users may start on a child's record, the one with the shortest route
 * to the goal, and that route.
 */
export function startableRoute(
  pack: ResolvedPack,
  goal: Goal,
  roles: readonly Role[],
): { workflow: Workflow; route: PlannedStep[] } | null {
  let best: { workflow: Workflow; route: PlannedStep[] } | null = null;
  for (const workflow of pack.workflows.values()) {
    if (!workflow.startedBy.some((r) => roles.includes(r))) continue;
    const state = stateOf(workflow, workflow.initial);
    const route = planRoute(
      pack,
      { workflowId: workflow.id, state: workflow.initial, level: state?.level ?? null },
      goal,
      roles,
    );
    if (route && (!best || route.length < best.route.length)) best = { workflow, route };
  }
  return best;
}

/** The consent purposes a step's guards look for. */
export function consentPurposes(t: Transition): string[] {
  return (
    t.guards
      .filter((g) => g.guard === 'consentRecorded' || g.guard === 'consentOrReasonNotSought')
      // A guard content with any of several purposes is met by the first.
      .flatMap((g) => purposesParam(g.params).slice(0, 1))
  );
}

/** Steps on the same work that must have happened first (`eventHappened`). */
export function prerequisites(t: Transition, workflow: Workflow): Transition[] {
  return t.guards
    .filter((g) => g.guard === 'eventHappened')
    .map((g) => workflow.transitions.find((x) => x.id === g.params.event))
    .filter((x): x is Transition => x !== undefined);
}

// Plain words for the fields most packs ask for; any other field gets its pack label.
const WORDS: Readonly<Record<string, string>> = {
  rationale: 'Synthetic demo record: the reasons for this step, agreed with the team manager.',
  decision: 'Synthetic demo record: the plan continues and is reviewed at the next meeting.',
  attendees: 'Police, health visitor, school (referrer), children’s social care',
  minutes: 'Synthetic demo minutes: parents, school and social worker attended.',
  chairIro: 'Independent chair (demo)',
  adviceGiven: 'Advice on local family support services, given to the family by phone.',
  ifConcernsRise: 'Call the front door the same day.',
  whereToGetHelp: 'The family hub and the school’s pastoral team.',
};

/** What a step carries: every `requires` field, and what its field guards look for. */
export function payloadFor(
  t: Transition,
  leadProfessional: { name: string; agency: string },
  today: string,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const r of t.requires)
    payload[r.field] =
      WORDS[r.field] ?? (/(Date|On)$/.test(r.field) ? today : `Synthetic demo record: ${r.label}.`);
  for (const g of t.guards) {
    const field = String(g.params.field);
    if (g.guard === 'fieldOneOf' && Array.isArray(g.params.values))
      payload[field] = String(g.params.values[0]);
    if (g.guard === 'fieldAtMost') payload[field] = Number(g.params.max);
    if (g.guard === 'dateWithin') payload[field] = today;
    if (g.guard === 'leadProfessionalNamed') {
      payload.leadProfessionalName = leadProfessional.name;
      payload.leadProfessionalAgency = leadProfessional.agency;
    }
  }
  return payload;
}
