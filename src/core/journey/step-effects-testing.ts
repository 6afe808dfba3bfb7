/**
 * Fixtures for the tests of a step's effects and rules: two workflows and one piece of work, every
 * name and id invented.
 */
import { planTransition, type DueDateFn, type TransitionPlan } from './journey-engine.js';
import type { JourneyFacts } from './guards.js';
import type { Effect, StepSetting, WorkSnapshot } from './step-effect-types.js';
import { timescaleSchema, workflowSchema, type Workflow } from './workflow-schema.js';

/** A citation for every rule in the fixtures. */
export const cite = { source: 'doc', section: 'S1' };
/** The fixtures' timescales, each five working days. */
export const timescales = new Map(
  ['decision', 'review', 'tac'].map(
    (id) =>
      [
        id,
        timescaleSchema.parse({
          id,
          name: id,
          rule: { unit: 'working-days', amount: 5 },
          text: id,
          citation: cite,
        }),
      ] as const,
  ),
);
/** A due date that shows what it was counted from, without a calendar. */
export const due: DueDateFn = (rule, from) => `${from.slice(0, 10)}+${String(rule.amount)}`;

/** A child in need plan: a review, a hand-over, a close and a step-down needing authorisation. */
export const cin: Workflow = workflowSchema.parse({
  id: 'cin-plan',
  name: 'Child in need plan',
  initial: 'active',
  citation: cite,
  states: [
    { id: 'active', name: 'Active', level: 3 },
    { id: 'hub', name: 'With the hub' },
    { id: 'stepped-down', name: 'Stepped down', level: 2 },
    { id: 'closed', name: 'Closed', final: true },
  ],
  transitions: [
    {
      id: 'review',
      name: 'Review held',
      from: ['active'],
      to: 'active',
      requestedBy: ['social-worker'],
      requires: [{ field: 'summary', label: 'Summary', citation: cite }],
      closesDeadlines: ['review'],
      opensDeadlines: ['review'],
      notify: ['team-manager', 'referrer', 'family'],
      citation: cite,
    },
    {
      id: 'pass-to-hub',
      name: 'Pass to the hub',
      from: ['active'],
      to: 'hub',
      requestedBy: ['social-worker'],
      handsTo: 'early-help',
      citation: cite,
    },
    {
      id: 'close',
      name: 'Close',
      from: ['active'],
      to: 'closed',
      requestedBy: ['team-manager'],
      citation: cite,
    },
    {
      id: 'step-down',
      name: 'Step down to early help',
      from: ['active'],
      to: 'stepped-down',
      requestedBy: ['social-worker'],
      authorisedBy: ['team-manager'],
      authorisedIn: 'early-help',
      starts: { workflow: 'tac', ownedBy: 'early-help', opensDeadlines: ['tac'] },
      citation: cite,
    },
  ],
});
/** The team around the child the step-down starts. */
export const tac: Workflow = workflowSchema.parse({
  id: 'tac',
  name: 'Team around the child',
  initial: 'planning',
  citation: cite,
  states: [{ id: 'planning', name: 'Planning', level: 2 }],
  transitions: [],
});
/** Both workflows, by id. */
export const workflows = new Map([
  ['cin-plan', cin],
  ['tac', tac],
]);

/** Two children on one CIN plan, led by a Baton user, referred by another. */
export const work: WorkSnapshot = {
  id: 'w1',
  workflowId: 'cin-plan',
  subjectId: 'c1',
  childIds: ['c1', 'c2'],
  level: 3,
  ownerAgencyId: 'social-care-1',
  leadProfessional: { name: 'Sam', agency: 'Social care', userId: 'u-sam' },
  referrerUserId: 'u-teacher',
};
/** When the fixture steps are recorded. */
export const at = '2026-12-07T10:00:00.000Z';
/** What the shell looked up: one early help agency, no named lead. */
export const setting: StepSetting = {
  at,
  occurredAt: at,
  agencyOfKind: (kind) => (kind === 'early-help' ? 'early-help-1' : null),
  namedLeadAgencyId: null,
};
/** The facts the guards see, with the payload given. */
export const facts = (payload: Record<string, unknown> = {}): JourneyFacts => ({
  today: '2026-12-07',
  level: 3,
  consents: [],
  leadProfessional: { name: 'Sam', agency: 'Social care' },
  events: [],
  payload,
});
/** A planned step on the CIN plan, taken by someone who may. */
export const plan = (transitionId: string, payload: Record<string, unknown> = {}) => {
  const p: TransitionPlan = planTransition(
    cin,
    'active',
    { transitionId, actorRoles: ['social-worker', 'team-manager'], at, facts: facts(payload) },
    timescales,
    due,
    workflows,
  );
  if (!p.ok) throw new Error(p.message);
  return p;
};
/** The kinds of the effects, in order. */
export const kinds = (effects: readonly Effect[]) => effects.map((e) => e.kind);
/** The effects of one kind, typed. */
export const of = <K extends Effect['kind']>(effects: readonly Effect[], kind: K) =>
  effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
