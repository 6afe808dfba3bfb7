/**
 * Runs one piece of work (a contact, an early help episode, a C&F assessment, s47 enquiries, a
 * CP or CIN plan, a looked-after episode) through its workflow in the pack, step by step in
 * time, and queues what the real application would have written: the work item, its children,
 * each step as a decision record, deadlines opened and met, timeline entries, notifications and
 * audit events. Work whose next step would fall after "as of" stays open where it is, so open
 * deadlines fall both in the past (overdue) and in the future.
 */
import type { Transition, Workflow } from '../../core/journey/index.js';
import type { Insertable } from 'kysely';
import type { DeadlineTable, WorkItemTable } from '../db/index.js';
import {
  DAY,
  dateAt,
  isoAt,
  type SeedAgency,
  type SeedUser,
  type SeedWorld,
} from './seed-world.js';

/** How likely each step is, among the steps open from a state (unlisted steps: 0.05). */
export const WEIGHTS: Readonly<Record<string, number>> = {
  // contact (front door): about a third go on to social care, a quarter to early help.
  'start-mash-enquiry': 0.3,
  'decide-advice-and-signposting': 0.2,
  'decide-early-help': 0.25,
  'decide-cf-assessment': 0.22,
  'decide-strategy-discussion': 0.04,
  'decide-no-further-action': 0.2,
  // early help episode
  'open-episode': 0.95,
  'close-consent-declined': 0.03,
  'complete-eha-single-agency': 0.45,
  'complete-eha-taf': 0.55,
  'review-continue-single-agency': 0.45,
  'review-continue-taf': 0.45,
  'step-up-to-taf': 0.06,
  'step-down-to-single-agency': 0.06,
  reassess: 0.03,
  'close-needs-met': 0.25,
  'close-single-agency': 0.05,
  'close-universal': 0.05,
  // C&F assessment
  'cin-plan': 0.28,
  's47-strategy-discussion': 0.07,
  'no-further-action': 0.42,
  'step-down-to-early-help': 0.23,
  // s47
  'hold-strategy-discussion': 0.9,
  'complete-enquiry-icpc': 0.45,
  nfa: 0.35,
  'icpc-cp-plan': 0.8,
  'icpc-no-plan': 0.2,
  // CP plan
  'core-group-held': 3,
  'review-conference-continue': 0.55,
  'discharge-to-cin': 0.35,
  // CIN plan
  'cin-review': 0.55,
  'close-to-early-help': 0.13,
  'close-to-universal': 0.27,
  'escalate-to-s47': 0.04,
  // looked after
  'accommodate-s20': 0.6,
  'care-order-made': 0.4,
  'care-order-made-while-s20': 0.05,
  'parent-withdraws-s20': 0.02,
  'return-home-s20': 0.08,
  discharge: 0.04,
  'first-review-s20': 2,
  'second-review-s20': 2,
  'review-s20': 0.8,
  'first-review-s31': 2,
  'second-review-s31': 2,
  'review-s31': 0.9,
};

/** Days from one step to the next, by the step taken: [shortest, longest]. */
export const STEP_DAYS: Readonly<Record<string, readonly [number, number]>> = {
  'start-mash-enquiry': [0, 1],
  'decide-advice-and-signposting': [0, 2],
  'decide-early-help': [0, 3],
  'decide-cf-assessment': [0, 2],
  'decide-strategy-discussion': [0, 1],
  'decide-no-further-action': [0, 2],
  'open-episode': [1, 10],
  'complete-eha-single-agency': [20, 70],
  'complete-eha-taf': [20, 70],
  'cin-plan': [15, 70],
  's47-strategy-discussion': [5, 40],
  'no-further-action': [10, 65],
  'step-down-to-early-help': [15, 65],
  'hold-strategy-discussion': [0, 3],
  'complete-enquiry-icpc': [5, 15],
  nfa: [5, 20],
  'icpc-cp-plan': [8, 22],
  'icpc-no-plan': [8, 22],
  'core-group-held': [5, 14],
  'review-conference-continue': [85, 185],
  'discharge-to-cin': [150, 400],
  'accommodate-s20': [0, 5],
  'care-order-made': [0, 30],
  'first-review-s20': [15, 30],
  'first-review-s31': [15, 30],
  'second-review-s20': [80, 100],
  'second-review-s31': [80, 100],
  'review-s20': [170, 190],
  'review-s31': [170, 190],
};
export const DEFAULT_DAYS: readonly [number, number] = [40, 120];

export const RATIONALES = [
  'Discussed with the family and the team around the child',
  'Information from school and health considered',
  'Agreed at supervision',
  'The family’s views recorded and taken into account',
  'Risks and strengths weighed with partner agencies',
];

export interface WorkPlan {
  workflowId: string;
  childIds: readonly string[];
  subjectType: 'contact' | 'child';
  subjectId: string;
  at: number;
  owner: SeedAgency;
  /** Who does the work and requests its steps. */
  worker: SeedUser;
  /** Who authorises steps that need it. */
  manager: SeedUser;
  level: number | null;
  lead: SeedUser | null;
  data: Record<string, unknown>;
  /** Receives the "referrer" notifications (a contact's referrer). */
  referrer?: SeedUser | null;
  /** Others who read the record around each step. */
  readers?: readonly SeedUser[];
  /** Called after each step, for the rows a workflow keeps besides its state. */
  onStep?: (step: AppliedStep) => void;
  /** Step weights for this piece of work, over WEIGHTS (0 rules a step out). */
  weights?: Readonly<Record<string, number>>;
  /** What a step records besides its rationale (an ICPC's category of abuse). */
  payloadFor?: (step: Transition) => Record<string, unknown>;
}

export interface AppliedStep {
  transition: Transition;
  at: number;
  transitionRecordId: string;
  workItemId: string;
}

export interface WorkOutcome {
  workItemId: string;
  /** The final state reached, or null while the work is still open. */
  finalState: string | null;
  /** When the work closed, or the last step while it is open. */
  endedAt: number;
  state: string;
  /** The last step applied, if any: what work that follows it links back to. */
  lastStep: { transitionId: string; outcome: string | null } | null;
  /** Merge items into the work item's data (`followedBy`) before it is written. */
  setData: (patch: Record<string, unknown>) => void;
  /** Merge census items into `data.census` (primary need, factors, closure reason…). */
  setCensus: (patch: Record<string, unknown>) => void;
}

/** Queue one piece of work and its history; returns where it ended. */
export function simulateWork(world: SeedWorld, plan: WorkPlan): WorkOutcome {
  const { rand, writer, pack } = world;
  const workflow = pack.workflows.get(plan.workflowId);
  if (!workflow) throw new Error(`the pack has no workflow ${plan.workflowId}`);
  const id = world.ids.next();
  const events: { id: string; on: string }[] = [];
  const item: Insertable<WorkItemTable> = writer.add('work_items', {
    id,
    workflow_id: workflow.id,
    pack_id: pack.id,
    pack_version: pack.version,
    subject_type: plan.subjectType,
    subject_id: plan.subjectId,
    state: workflow.initial,
    level: plan.level,
    lead_professional_name: plan.lead?.displayName ?? null,
    lead_professional_agency: plan.lead?.agency.name ?? null,
    lead_professional_user_id: plan.lead?.id ?? null,
    owner_agency_id: plan.owner.id,
    events: '[]',
    data: JSON.stringify(plan.data),
    opened_at: isoAt(plan.at),
    opened_by: plan.worker.id,
    closed_at: null,
    version: 1,
  });
  for (const childId of plan.childIds)
    writer.add('work_item_children', { work_item_id: id, child_id: childId });

  const open = new Map<string, { met_at?: string | null }>();
  const openDeadlines = (timescaleIds: readonly string[], from: number): void => {
    for (const tsId of timescaleIds) {
      const row = queueDeadline(world, id, tsId, from, {
        agencyId: plan.owner.id,
        userId: plan.lead?.id ?? plan.worker.id,
      });
      if (row) open.set(tsId, row);
    }
  };
  openDeadlines(workflow.opensDeadlines, plan.at);
  for (const childId of plan.childIds)
    world.timeline(
      childId,
      plan.at,
      `${workflow.id}.started`,
      `${workflow.name} started`,
      'work-item',
      id,
      plan.worker,
    );
  world.audit(plan.at, plan.worker, `${workflow.id}.start`, 'work-item', id);
  const readers = [plan.worker, plan.manager, ...(plan.readers ?? [])];
  world.reads(plan.at, plan.childIds, id, readers);

  let state = workflow.initial;
  let at = plan.at;
  let finalState: string | null = null;
  let lastStep: WorkOutcome['lastStep'] = null;
  for (let guard = 0; guard < 60; guard++) {
    const here = workflow.states.find((s) => s.id === state);
    if (!here || here.final) {
      finalState = here?.final === true ? state : null;
      break;
    }
    const step = chooseStep(world, workflow, state, plan.weights);
    if (!step) break;
    const [min, max] = STEP_DAYS[step.id] ?? DEFAULT_DAYS;
    const next = world.workingMoment(at + rand.int(min, max) * DAY);
    if (next > world.asOf) {
      // Still open at "as of"; now and then a request waits in a manager's tray.
      if (step.authorisedBy !== undefined && rand.chance(0.2))
        queueTransition(
          world,
          plan,
          id,
          step,
          state,
          Math.max(at, world.asOf - rand.int(1, 5) * DAY),
          'awaiting-authorisation',
        );
      break;
    }
    at = next;
    const recordId = queueTransition(world, plan, id, step, state, at, 'applied');
    events.push({ id: step.id, on: dateAt(at) });
    lastStep = { transitionId: step.id, outcome: step.outcome ?? null };
    const stamp = isoAt(at);
    for (const tsId of step.closesDeadlines) {
      const d = open.get(tsId);
      if (d && d.met_at == null) d.met_at = stamp;
      open.delete(tsId);
    }
    const entersFinal = workflow.states.find((s) => s.id === step.to)?.final === true;
    if (entersFinal) {
      for (const d of open.values()) if (d.met_at == null) d.met_at = stamp;
      open.clear();
      item.closed_at = stamp;
    } else openDeadlines(step.opensDeadlines, at);
    const summary = `${step.name}: ${rand.pick(RATIONALES)}`;
    for (const childId of plan.childIds)
      world.timeline(childId, at, 'transition', summary, 'work-item', id, plan.worker);
    for (const party of step.notify) {
      if (party === 'team-manager')
        world.notify(at, { agency: plan.owner, role: 'team-manager' }, 'team', summary, id);
      else if ((party === 'lead-professional' || party === 'allocated-worker') && plan.lead)
        world.notify(at, { user: plan.lead }, 'allocation', summary, id);
      else if (party === 'referrer' && plan.referrer)
        world.notify(
          at,
          { user: plan.referrer },
          'referral-outcome',
          `Outcome of your contact: ${summary}`,
          id,
        );
    }
    world.audit(at, plan.worker, 'work-item.transition', 'work-item', id, step.id);
    world.reads(at, plan.childIds, id, readers);
    plan.onStep?.({ transition: step, at, transitionRecordId: recordId, workItemId: id });
    state = step.to;
  }
  item.state = state;
  item.events = JSON.stringify(events);
  item.version = 1 + events.length;
  if (finalState === null) {
    const here = workflow.states.find((s) => s.id === state);
    if (here?.final === true) finalState = state;
  }
  const setData = (patch: Record<string, unknown>): void => {
    item.data = JSON.stringify({ ...(JSON.parse(item.data) as Record<string, unknown>), ...patch });
  };
  const setCensus = (patch: Record<string, unknown>): void => {
    const data = JSON.parse(item.data) as Record<string, unknown>;
    const census = (data['census'] ?? {}) as Record<string, unknown>;
    item.data = JSON.stringify({ ...data, census: { ...census, ...patch } });
  };
  return { workItemId: id, finalState, endedAt: at, state, lastStep, setData, setCensus };
}

/**
 * Queue the deadline of one of the pack's timescales for a work item, due from `from`; returns the
 * queued row (set its `met_at` when it is met), or null when the pack has no such timescale.
 */
export function queueDeadline(
  world: SeedWorld,
  workItemId: string,
  timescaleId: string,
  from: number,
  owner: { agencyId: string; userId: string },
): Insertable<DeadlineTable> | null {
  const ts = world.pack.timescales.get(timescaleId);
  if (!ts) return null;
  return world.writer.add('deadlines', {
    id: world.ids.next(),
    work_item_id: workItemId,
    timescale_id: ts.id,
    name: ts.name,
    due: world.due(ts, from),
    citation: JSON.stringify(ts.citation),
    owner_agency_id: owner.agencyId,
    owner_user_id: owner.userId,
    opened_at: isoAt(from),
    met_at: null,
  });
}

function chooseStep(
  world: SeedWorld,
  workflow: Workflow,
  state: string,
  weights: Readonly<Record<string, number>> | undefined,
): Transition | null {
  const choices = workflow.transitions.filter(
    (t) => t.from.includes(state) && weights?.[t.id] !== 0,
  );
  if (choices.length === 0) return null;
  const id = world.rand.weighted(
    choices.map((t) => [t.id, weights?.[t.id] ?? WEIGHTS[t.id] ?? 0.05] as const),
  );
  return choices.find((t) => t.id === id) ?? null;
}

function queueTransition(
  world: SeedWorld,
  plan: WorkPlan,
  workItemId: string,
  step: Transition,
  from: string,
  at: number,
  status: 'applied' | 'awaiting-authorisation',
): string {
  const id = world.ids.next();
  const authorised = status === 'applied' && step.authorisedBy !== undefined;
  const decidedAt = authorised
    ? Math.min(world.asOf, at + world.rand.int(1, 30) * 3_600_000)
    : null;
  world.writer.add('transitions', {
    id,
    work_item_id: workItemId,
    transition_id: step.id,
    from_state: from,
    to_state: step.to,
    outcome: step.outcome ?? null,
    status,
    payload: JSON.stringify({
      rationale: world.rand.pick(RATIONALES),
      ...plan.payloadFor?.(step),
    }),
    pack_id: world.pack.id,
    pack_version: world.pack.version,
    requested_by: plan.worker.id,
    requested_at: isoAt(at),
    decided_by: authorised ? plan.manager.id : null,
    decided_at: decidedAt === null ? null : isoAt(decidedAt),
    decision_note: authorised ? 'Agreed' : null,
  });
  if (authorised && decidedAt !== null)
    world.audit(decidedAt, plan.manager, 'work-item.authorise', 'work-item', workItemId, step.id);
  return id;
}
