/**
 * Issue 14 §1 and §5 in the core: whoever is named is involved, has the deadlines and is told; a
 * step the pack says must follow is asked for at once; who may allocate a worker to what.
 */
import { describe, expect, it } from 'vitest';
import { planTransition, type DueDateFn } from './journey-engine.js';
import {
  allocationEffects,
  disagreementRaisedEffects,
  namedOnPlanEffects,
} from './named-and-told-effects.js';
import type { Effect, StepSetting, WorkSnapshot } from './step-effect-types.js';
import { appliedStepEffects } from './step-effects.js';
import { isStatutoryWork, mayAllocateWorker } from './step-rules.js';
import { workflowSchema, type Workflow } from './workflow-schema.js';

const cite = { source: 'doc', section: 'S1' };
const due: DueDateFn = (rule, from) => `${from.slice(0, 10)}+${String(rule.amount)}`;
const at = '2026-12-07T10:00:00.000Z';
const of = <K extends Effect['kind']>(effects: readonly Effect[], kind: K) =>
  effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);

const episode: Workflow = workflowSchema.parse({
  id: 'early-help-episode',
  name: 'Early help episode',
  initial: 'taf-plan',
  citation: cite,
  states: [
    { id: 'taf-plan', name: 'TAF plan', level: 3 },
    { id: 'step-up-agreed', name: 'Waiting for the social care team manager', level: 3 },
    { id: 'stepped-up', name: 'Stepped up', final: true, level: 4 },
  ],
  transitions: [
    {
      id: 'request-step-up',
      name: 'Request step up',
      from: ['taf-plan'],
      to: 'step-up-agreed',
      requestedBy: ['lead-professional'],
      authorisedBy: ['team-manager'],
      thenRequests: 'authorise-step-up',
      requires: [{ field: 'rationale', label: 'Why', citation: cite }],
      citation: cite,
    },
    {
      id: 'authorise-step-up',
      name: 'Authorise step up',
      from: ['step-up-agreed'],
      to: 'stepped-up',
      requestedBy: ['lead-professional', 'team-manager'],
      authorisedBy: ['team-manager'],
      authorisedIn: 'childrens-social-care',
      requires: [
        { field: 'rationale', label: 'The reasons, for the team manager', citation: cite },
      ],
      citation: cite,
    },
  ],
});
const work: WorkSnapshot = {
  id: 'ep1',
  workflowId: 'early-help-episode',
  subjectId: 'c1',
  childIds: ['c1'],
  level: 3,
  ownerAgencyId: 'early-help-1',
  leadProfessional: { name: 'Lee', agency: 'Early help', userId: 'u-lee' },
  referrerUserId: null,
};
const setting: StepSetting = {
  at,
  occurredAt: at,
  agencyOfKind: (kind) => (kind === 'childrens-social-care' ? 'social-care-1' : null),
  namedLeadAgencyId: null,
  followUp: { id: 'req-2', requestedBy: 'u-lee' },
};
const agreed = () => {
  const p = planTransition(
    episode,
    'taf-plan',
    {
      transitionId: 'request-step-up',
      actorRoles: ['team-manager'],
      at,
      facts: {
        today: '2026-12-07',
        level: 3,
        consents: [],
        leadProfessional: null,
        events: [],
        payload: { rationale: 'Bruising seen.' },
      },
    },
    new Map(),
    due,
  );
  if (!p.ok) throw new Error(p.message);
  return p;
};

describe('nobody left waiting unseen (issue 14 §5)', () => {
  it('a step the pack says must follow is asked for at once, by the same requester, carrying its reasons, and its authorisers are told', () => {
    const effects = appliedStepEffects(
      episode,
      agreed(),
      work,
      { rationale: 'Bruising seen.' },
      setting,
    );
    expect(of(effects, 'request-step')).toEqual([
      expect.objectContaining({
        recordId: 'req-2',
        transitionId: 'authorise-step-up',
        from: 'step-up-agreed',
        to: 'stepped-up',
        requestedBy: 'u-lee',
        payload: { rationale: 'Bruising seen.' },
      }),
    ]);
    expect(of(effects, 'notify').map((n) => [n.to, n.notification])).toEqual([
      [{ agencyId: 'social-care-1', roles: ['team-manager'] }, 'authorisation-requested'],
    ]);
    // The social care team may read the child while the request waits, and only then.
    expect(of(effects, 'involve')).toEqual([
      expect.objectContaining({ agencyId: 'social-care-1', grantedFor: 'req-2' }),
    ]);
  });

  it('asks for nothing when the shell gave no id for the request', () => {
    const without: StepSetting = { ...setting, followUp: undefined };
    const effects = appliedStepEffects(episode, agreed(), work, { rationale: 'x' }, without);
    expect(of(effects, 'request-step')).toEqual([]);
  });

  it('a disagreement tells each Baton user it is with, once', () => {
    const effects = disagreementRaisedEffects('d1', ['u-tom', 'u-tom', 'u-ann'], 'Lee');
    expect(
      effects.map((e) => (e.kind === 'notify' && 'userId' in e.to ? e.to.userId : '')),
    ).toEqual(['u-tom', 'u-ann']);
  });
});

describe('allocating a worker (issue 14 §1, §5)', () => {
  it('makes them the allocated worker, gives them the deadlines and the children, tells them and notes it', () => {
    const effects = allocationEffects(
      { id: 'w1', childIds: ['c1', 'c2'], workflowName: 'Child and family assessment' },
      { name: 'Sam', agency: 'Social care', userId: 'u-sam', agencyId: 'social-care-1' },
      'allocated-worker',
      at,
    );
    expect(effects.map((e) => e.kind)).toEqual([
      'set-lead-professional',
      'assign-deadlines',
      'involve',
      'notify',
      'timeline',
    ]);
    expect(of(effects, 'involve')[0]).toMatchObject({
      childIds: ['c1', 'c2'],
      userId: 'u-sam',
      role: 'allocated-worker',
      grantedFor: null,
      from: '2026-12-07',
    });
    expect(of(effects, 'notify')[0]?.text).toBe(
      'You are the allocated worker: Child and family assessment',
    );
  });

  it('is for a team manager of the team holding open statutory work', () => {
    const manager = { roles: ['team-manager'] as const, agencyId: 'sc' };
    const assessment = {
      workflowId: 'cf-assessment',
      ownerAgencyId: 'sc',
      ownerAgencyKind: 'childrens-social-care' as const,
      closed: false,
    };
    expect(mayAllocateWorker(manager, assessment)).toBe(true);
    expect(mayAllocateWorker({ roles: ['social-worker'], agencyId: 'sc' }, assessment)).toBe(false);
    expect(mayAllocateWorker({ ...manager, agencyId: 'other' }, assessment)).toBe(false);
    expect(mayAllocateWorker(manager, { ...assessment, closed: true })).toBe(false);
    expect(isStatutoryWork({ ...assessment, workflowId: 'contact' })).toBe(false);
    expect(isStatutoryWork({ ...assessment, workflowId: 'disagreement' })).toBe(false);
    expect(isStatutoryWork({ ...assessment, ownerAgencyKind: 'early-help' })).toBe(false);
  });
});

describe('naming Baton users on a plan or a meeting (issue 14 §1)', () => {
  const work = { id: 'w1', childIds: ['c1', 'c2'], workflowName: 'Early help episode' };
  it('involves each named user with every child of the work and tells them, once each, never the one naming them', () => {
    const effects = namedOnPlanEffects(
      work,
      [
        { userId: 'u1', agencyId: 'a1' },
        { userId: 'u1', agencyId: 'a1' },
        { userId: 'me', agencyId: 'a2' },
        { userId: 'u2', agencyId: 'a3' },
      ],
      { as: 'plan-action-owner', text: 'You own an action on the plan' },
      'me',
      at,
    );
    expect(of(effects, 'involve')).toEqual([
      {
        kind: 'involve',
        childIds: ['c1', 'c2'],
        agencyId: 'a1',
        userId: 'u1',
        role: 'plan-action-owner',
        from: '2026-12-07',
        grantedFor: null,
      },
      {
        kind: 'involve',
        childIds: ['c1', 'c2'],
        agencyId: 'a3',
        userId: 'u2',
        role: 'plan-action-owner',
        from: '2026-12-07',
        grantedFor: null,
      },
    ]);
    expect(of(effects, 'notify').map((n) => [n.to, n.notification, n.text])).toEqual([
      [{ userId: 'u1' }, 'plan-action-owner', 'You own an action on the plan: Early help episode'],
      [{ userId: 'u2' }, 'plan-action-owner', 'You own an action on the plan: Early help episode'],
    ]);
  });
  it('names nobody when nobody from Baton was picked', () => {
    expect(namedOnPlanEffects(work, [], { as: 'meeting-attendee', text: 'x' }, 'me', at)).toEqual(
      [],
    );
  });
});
