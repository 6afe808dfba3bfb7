import { describe, expect, it } from 'vitest';
import { planTransition, type DueDateFn, type TransitionPlan } from './journey-engine.js';
import type { JourneyFacts } from './guards.js';
import {
  appliedStepEffects,
  decisionEffects,
  requestedStepEffects,
  type Effect,
  type StepSetting,
  type WorkSnapshot,
} from './step-effects.js';
import { stepPayloadProblems } from './step-payload.js';
import {
  authorisationScope,
  followOnLead,
  isConsentLive,
  mayAuthorise,
  refusalError,
} from './step-rules.js';
import { timescaleSchema, workflowSchema, type Workflow } from './workflow-schema.js';

const cite = { source: 'doc', section: 'S1' };
const timescales = new Map(
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
const due: DueDateFn = (rule, from) => `${from.slice(0, 10)}+${String(rule.amount)}`;

const cin: Workflow = workflowSchema.parse({
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
const tac: Workflow = workflowSchema.parse({
  id: 'tac',
  name: 'Team around the child',
  initial: 'planning',
  citation: cite,
  states: [{ id: 'planning', name: 'Planning', level: 2 }],
  transitions: [],
});
const workflows = new Map([
  ['cin-plan', cin],
  ['tac', tac],
]);

const work: WorkSnapshot = {
  id: 'w1',
  workflowId: 'cin-plan',
  subjectId: 'c1',
  childIds: ['c1', 'c2'],
  level: 3,
  ownerAgencyId: 'social-care-1',
  leadProfessional: { name: 'Sam', agency: 'Social care', userId: 'u-sam' },
  referrerUserId: 'u-teacher',
};
const at = '2026-12-07T10:00:00.000Z';
const setting: StepSetting = {
  at,
  occurredAt: at,
  agencyOfKind: (kind) => (kind === 'early-help' ? 'early-help-1' : null),
  namedLeadAgencyId: null,
};
const facts = (payload: Record<string, unknown> = {}): JourneyFacts => ({
  today: '2026-12-07',
  level: 3,
  consents: [],
  leadProfessional: { name: 'Sam', agency: 'Social care' },
  events: [],
  payload,
});
const plan = (transitionId: string, payload: Record<string, unknown> = {}) => {
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
const kinds = (effects: readonly Effect[]) => effects.map((e) => e.kind);
const of = <K extends Effect['kind']>(effects: readonly Effect[], kind: K) =>
  effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);

describe('the effects of a step, decided in the core', () => {
  it('a review meets and reopens its deadline, writes the timeline and tells the parties the pack names', () => {
    const effects = appliedStepEffects(cin, plan('review', { summary: 'Held' }), work, {}, setting);
    expect(kinds(effects)).toEqual([
      'set-state',
      'close-deadlines',
      'open-deadlines',
      'timeline',
      'notify',
      'notify',
    ]);
    expect(of(effects, 'close-deadlines')[0]?.timescaleIds).toEqual(['review']);
    // The work stays with its allocated worker.
    expect(of(effects, 'open-deadlines')[0]).toMatchObject({
      ownerAgencyId: 'social-care-1',
      ownerUserId: 'u-sam',
    });
    // "family" is recorded on the timeline only; the referrer is told the outcome.
    expect(of(effects, 'notify').map((n) => n.to)).toEqual([
      { agencyId: 'social-care-1', roles: ['team-manager'] },
      { userId: 'u-teacher' },
    ]);
  });

  it('says on the timeline when a step happened, where it was recorded on another day (issue 12 §2)', () => {
    const same = appliedStepEffects(cin, plan('review', { summary: 'Held' }), work, {}, setting);
    expect(of(same, 'timeline')[0]?.summary).toBe('Review held');
    const late = appliedStepEffects(
      cin,
      plan('review', { summary: 'Held' }),
      work,
      {},
      {
        ...setting,
        occurredAt: '2026-12-03',
      },
    );
    expect(of(late, 'timeline')[0]?.summary).toBe('Review held (happened 3 December 2026)');
  });

  it('entering a final state meets every open deadline and closes the work', () => {
    const effects = appliedStepEffects(cin, plan('close'), work, {}, setting);
    expect(of(effects, 'close-deadlines')[0]?.timescaleIds).toBe('all');
    expect(of(effects, 'set-state')[0]?.closedAt).toBe(at);
  });

  it('a hand-over moves ownership, involves the new team and tells its managers', () => {
    const effects = appliedStepEffects(cin, plan('pass-to-hub'), work, {}, setting);
    expect(of(effects, 'hand-over')[0]?.toAgencyId).toBe('early-help-1');
    expect(of(effects, 'involve')[0]).toMatchObject({
      agencyId: 'early-help-1',
      childIds: ['c1', 'c2'],
      role: 'allocated-team',
      grantedFor: null,
    });
    expect(of(effects, 'notify')[0]?.to).toEqual({
      agencyId: 'early-help-1',
      roles: ['team-manager', 'lead-professional'],
    });
  });

  it('a payload never sets the level; the state entered does', () => {
    const p = plan('review', { summary: 'x' });
    const effects = appliedStepEffects(cin, p, work, { level: -7 }, setting);
    expect(of(effects, 'set-level')).toEqual([]);
    const down = appliedStepEffects(cin, plan('close'), { ...work, level: 4 }, {}, setting);
    expect(of(down, 'set-level')).toEqual([]);
  });

  it('a step-down starts the follow-on work owned by the kind the pack names, led by whom the step names', () => {
    const named = { leadProfessionalName: 'Lee', leadProfessionalAgency: 'Hub' };
    const effects = appliedStepEffects(cin, plan('step-down', named), work, named, setting);
    const start = of(effects, 'start-work')[0];
    expect(start).toMatchObject({
      workflowId: 'tac',
      ownerAgencyId: 'early-help-1',
      lead: { name: 'Lee', agency: 'Hub', userId: null },
      level: 2,
      involvementRole: 'allocated-team',
    });
    expect(start?.deadlines.map((d) => d.timescaleId)).toEqual(['tac']);
    // Without a named lead the social worker does not follow the children into early help.
    const unnamed = of(appliedStepEffects(cin, plan('step-down'), work, {}, setting), 'start-work');
    expect(unnamed[0]?.lead).toBeNull();
  });

  it('follow-on work whose first state has no level takes the level the step down enters, not the old work’s (issue 14 §7)', () => {
    // Stockport: a CIN plan (level 4) steps down into an early help episode's assessment, which
    // has no level until the EHA is complete; the step enters "closed to early help" (level 3).
    const assessing: Workflow = {
      ...tac,
      states: [{ id: 'planning', name: 'Planning', final: false }],
    };
    const p = planTransition(
      cin,
      'active',
      {
        transitionId: 'step-down',
        actorRoles: ['social-worker', 'team-manager'],
        at,
        facts: facts(),
      },
      timescales,
      due,
      new Map([
        ['cin-plan', cin],
        ['tac', assessing],
      ]),
    );
    if (!p.ok) throw new Error(p.message);
    const start = of(appliedStepEffects(cin, p, { ...work, level: 4 }, {}, setting), 'start-work');
    expect(start[0]?.level).toBe(2);
  });

  it('follow-on work carries the social care plan only where the pack says so (issue 14 §3)', () => {
    const held = {
      assessment: {
        startDate: '2026-12-01',
        authorisedOn: '2026-12-03',
        authorisedBy: 'Tom Manager',
        workerName: 'Sam Socialworker',
        factors: [{ code: '16A', label: 'Neglect' }],
        primaryNeed: { code: 'N1', label: 'Abuse or neglect' },
        findings: 'Neglect (food).',
      },
      cinPlan: { needs: ['Food at home'], outcomes: [], actions: [] },
      earlierEha: { strengths: 'Warm parents.' },
    };
    // The fixture's step down carries nothing: the new work starts as before.
    const plain = appliedStepEffects(
      cin,
      plan('step-down'),
      work,
      {},
      {
        ...setting,
        socialCarePlan: held,
      },
    );
    expect(of(plain, 'start-work')[0]?.assessment).toBeNull();
    const carrying: Workflow = {
      ...cin,
      transitions: cin.transitions.map((t) =>
        t.id === 'step-down' && t.starts
          ? {
              ...t,
              starts: {
                ...t.starts,
                carries: { what: 'social-care-plan', text: 'Starts from it', citation: cite },
              },
            }
          : t,
      ),
    };
    const p = planTransition(
      carrying,
      'active',
      {
        transitionId: 'step-down',
        actorRoles: ['social-worker', 'team-manager'],
        at,
        facts: facts(),
      },
      timescales,
      due,
      new Map([...workflows, ['cin-plan', carrying]]),
    );
    if (!p.ok) throw new Error(p.message);
    const start = of(
      appliedStepEffects(carrying, p, work, {}, { ...setting, socialCarePlan: held }),
      'start-work',
    )[0];
    expect(start?.assessment).toMatchObject({
      source: 'cf-assessment',
      strengths: 'Warm parents.',
      needs: 'The assessment found: Neglect (food).\nNeed (child in need plan): Food at home',
    });
  });

  it('naming a Baton user as lead involves them with every child and tells them', () => {
    const named = {
      leadProfessionalName: 'Lee',
      leadProfessionalAgency: 'School',
      leadProfessionalUserId: 'u-lee',
    };
    const effects = appliedStepEffects(
      cin,
      plan('review', { ...named, summary: 's' }),
      work,
      named,
      {
        ...setting,
        namedLeadAgencyId: 'school-1',
      },
    );
    expect(of(effects, 'set-lead-professional')[0]?.lead.userId).toBe('u-lee');
    expect(of(effects, 'involve')[0]).toMatchObject({ userId: 'u-lee', agencyId: 'school-1' });
    expect(of(effects, 'notify').some((n) => 'userId' in n.to && n.to.userId === 'u-lee')).toBe(
      true,
    );
    // Their My work: the open deadlines become theirs, and those the step opens too.
    expect(of(effects, 'assign-deadlines')).toEqual([
      { kind: 'assign-deadlines', workItemId: 'w1', ownerUserId: 'u-lee' },
    ]);
    expect(of(effects, 'open-deadlines')[0]?.ownerUserId).toBe('u-lee');
  });

  it('work a step starts tells its lead when they are a Baton user', () => {
    const named = {
      leadProfessionalName: 'Lee',
      leadProfessionalAgency: 'Hub',
      leadProfessionalUserId: 'u-lee',
    };
    const effects = appliedStepEffects(cin, plan('step-down', named), work, named, {
      ...setting,
      namedLeadAgencyId: 'early-help-1',
    });
    expect(of(effects, 'start-work')[0]?.tellLead).toBe(
      'You are the lead professional: Team around the child',
    );
    const inWords = { leadProfessionalName: 'Lee', leadProfessionalAgency: 'Hub' };
    const untold = appliedStepEffects(cin, plan('step-down', inWords), work, inWords, setting);
    expect(of(untold, 'start-work')[0]?.tellLead).toBeNull();
  });

  it('a request waiting in another agency grants it access bounded by the request, which its decision ends', () => {
    const requested = requestedStepEffects(plan('step-down').transition, work, 'req-1', setting);
    expect(of(requested, 'involve')[0]).toMatchObject({
      agencyId: 'early-help-1',
      role: 'transfer-request',
      grantedFor: 'req-1',
    });
    for (const decision of ['authorise', 'decline'] as const) {
      const decided = decisionEffects(
        decision,
        plan('step-down').transition,
        work,
        { id: 'req-1', requestedBy: 'u-sam', note: 'No' },
        '2026-12-08',
      );
      expect(of(decided, 'end-involvements')).toEqual([
        { kind: 'end-involvements', grantedFor: 'req-1', on: '2026-12-08' },
      ]);
    }
  });
});

describe('one rule each', () => {
  const step = cin.transitions.find((t) => t.id === 'step-down');
  const own = { ...cin.transitions[0], authorisedBy: ['team-manager' as const] } as typeof step;
  it('who may authorise: agencies of the same kind are still different agencies', () => {
    if (!own || !step) throw new Error('fixture');
    const schoolB = {
      roles: ['team-manager' as const],
      agencyId: 'school-b',
      agencyKind: 'school' as const,
    };
    expect(mayAuthorise(own, schoolB, 'school-a')).toBe(false);
    expect(mayAuthorise(own, schoolB, 'school-b')).toBe(true);
    expect(authorisationScope(own, schoolB)).toBe('own-agency');
    const ehManager = {
      roles: ['team-manager' as const],
      agencyId: 'eh-2',
      agencyKind: 'early-help' as const,
    };
    expect(authorisationScope(step, ehManager)).toBe('any-owner');
    expect(mayAuthorise(step, ehManager, 'social-care-1')).toBe(true);
    expect(mayAuthorise(step, { ...ehManager, agencyKind: 'school' }, 'social-care-1')).toBe(false);
  });

  it('consent from a carer without parental responsibility is never live', () => {
    const base = { decision: 'given', expiresOn: null };
    expect(isConsentLive({ ...base, givenBy: 'parent-with-pr' }, '2026-12-07')).toBe(true);
    expect(isConsentLive({ ...base, givenBy: 'carer-without-pr' }, '2026-12-07')).toBe(false);
    expect(
      isConsentLive({ ...base, givenBy: 'young-person', expiresOn: '2026-12-06' }, '2026-12-07'),
    ).toBe(false);
    expect(isConsentLive({ ...base, decision: 'refused', givenBy: null }, '2026-12-07')).toBe(
      false,
    );
  });

  it('who leads follow-on work: the named lead, else the current lead only if the work stays', () => {
    const current = { name: 'Sam', agency: 'SC', userId: 'u-sam' };
    const args = {
      named: null,
      namedLeadAgencyId: null,
      packOwnerAgencyId: null,
      currentOwnerAgencyId: 'sc',
      currentLead: current,
    };
    expect(followOnLead(args)).toEqual({ ownerAgencyId: 'sc', lead: current });
    expect(followOnLead({ ...args, packOwnerAgencyId: 'eh' })).toEqual({
      ownerAgencyId: 'eh',
      lead: null,
    });
    const lee = { name: 'Lee', agency: 'School', userId: 'u-lee' };
    expect(
      followOnLead({ ...args, named: lee, namedLeadAgencyId: 'school', packOwnerAgencyId: 'eh' }),
    ).toEqual({ ownerAgencyId: 'school', lead: lee });
  });

  it('a refusal reads as one error with each missing rule and its citation', () => {
    const e = refusalError({
      code: 'BATON_TRANSITION_REFUSED',
      message: 'no',
      missing: [{ rule: 'requires:summary', message: 'Summary is missing', citation: cite }],
    });
    expect(e.code).toBe('BATON_TRANSITION_REFUSED');
    expect(e.details).toEqual([{ path: 'requires:summary', message: 'Summary is missing' }]);
    expect(e.extra.missing).toHaveLength(1);
  });
});

describe('what a step may carry', () => {
  const review = cin.transitions[0];
  it('refuses fields the pack does not declare, structures and oversized text', () => {
    if (!review) throw new Error('fixture');
    expect(stepPayloadProblems(review, { summary: 'ok', rationale: 'why' })).toEqual([]);
    expect(stepPayloadProblems(review, { level: -7 }).map((p) => p.path)).toEqual([
      'payload.level',
    ]);
    expect(stepPayloadProblems(review, { summary: { a: { b: 1 } } })[0]?.message).toMatch(
      /must be text/,
    );
    expect(stepPayloadProblems(review, { summary: 'x'.repeat(10_001) })[0]?.message).toMatch(
      /10000 characters/,
    );
  });
});
