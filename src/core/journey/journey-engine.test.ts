import { describe, expect, it } from 'vitest';
import {
  availableTransitions,
  initialDeadlines,
  planTransition,
  type DueDateFn,
} from './journey-engine.js';
import type { ConsentFact, JourneyFacts } from './guards.js';
import { timescaleSchema, workflowSchema, type WorkflowInput } from './workflow-schema.js';

const cite = { source: 'doc', section: 'S1' };
const timescales = new Map(
  [
    {
      id: 'decision',
      name: 'Decision',
      rule: { unit: 'working-days', amount: 1 },
      text: 'Decide within 1 working day',
      citation: cite,
    },
    {
      id: 'hub-review',
      name: 'Hub review',
      rule: { unit: 'hours', amount: 24 },
      text: 'Reviewed within 24 hours',
      citation: cite,
    },
  ].map((t) => [t.id, timescaleSchema.parse(t)] as const),
);
// A stand-in calendar: the real working-day calendar is tested on its own.
const due: DueDateFn = (rule, from) => `${from.slice(0, 10)}+${rule.amount}${rule.unit}`;

const contactWorkflow: WorkflowInput = {
  id: 'contact',
  name: 'Front door contact',
  initial: 'received',
  opensDeadlines: ['decision'],
  citation: cite,
  states: [
    { id: 'received', name: 'Received' },
    { id: 'reassigned', name: 'Reassigned to the hub' },
    { id: 'closed', name: 'Closed', final: true },
  ],
  transitions: [
    {
      id: 'reassign-to-hub',
      name: 'Reassign to the Early Help Hub',
      from: ['received'],
      to: 'reassigned',
      outcome: 'reassigned-ehh',
      requestedBy: ['front-door-worker'],
      authorisedBy: ['team-manager'],
      requires: [{ field: 'rationale', label: 'The rationale', citation: cite }],
      guards: [
        {
          guard: 'consentRecorded',
          params: { purpose: 'early-help' },
          text: "Only with the family's consent",
          citation: cite,
        },
      ],
      opensDeadlines: ['hub-review'],
      closesDeadlines: ['decision'],
      notify: ['referrer'],
      citation: cite,
    },
    {
      id: 'close-nfa',
      name: 'Close, no further action',
      from: ['received'],
      to: 'closed',
      requestedBy: ['team-manager'],
      citation: cite,
    },
  ],
};
const workflow = workflowSchema.parse(contactWorkflow);

const consent = (over: Partial<ConsentFact> = {}): ConsentFact => ({
  purpose: 'early-help',
  decision: 'given',
  givenBy: 'parent-with-pr',
  recordedOn: '2026-11-20',
  expiresOn: null,
  notSoughtReason: null,
  consulted: null,
  ...over,
});
const facts = (over: Partial<JourneyFacts> = {}): JourneyFacts => ({
  today: '2026-11-23',
  level: 2,
  consents: [consent()],
  leadProfessional: null,
  events: [],
  payload: {
    rationale: 'Needs are below the threshold for social care; the family agreed to early help.',
  },
  ...over,
});
const at = '2026-11-23T10:00:00.000Z';

describe('planTransition', () => {
  it('plans the change: next state, outcome, deadlines opened and closed, whom to notify', () => {
    const plan = planTransition(
      workflow,
      'received',
      { transitionId: 'reassign-to-hub', actorRoles: ['team-manager'], at, facts: facts() },
      timescales,
      due,
    );
    expect(plan).toMatchObject({
      ok: true,
      to: 'reassigned',
      outcome: 'reassigned-ehh',
      awaitsAuthorisation: false,
      closes: ['decision'],
      notify: ['referrer'],
      opens: [{ timescaleId: 'hub-review', due: '2026-11-23+24hours' }],
    });
  });

  it('sends a request by someone who may only ask to the authorisation tray', () => {
    const plan = planTransition(
      workflow,
      'received',
      { transitionId: 'reassign-to-hub', actorRoles: ['front-door-worker'], at, facts: facts() },
      timescales,
      due,
    );
    expect(plan.ok && plan.awaitsAuthorisation).toBe(true);
  });

  it('refuses with every missing thing and its citation', () => {
    const plan = planTransition(
      workflow,
      'received',
      {
        transitionId: 'reassign-to-hub',
        actorRoles: ['team-manager'],
        at,
        facts: facts({ consents: [consent({ decision: 'refused' })], payload: {} }),
      },
      timescales,
      due,
    );
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.code).toBe('BATON_TRANSITION_REFUSED');
    expect(plan.missing.map((m) => m.rule)).toEqual(['requires:rationale', 'consentRecorded']);
    expect(plan.missing[1]?.message).toMatch(
      /Only with the family's consent \(consent for early-help was refused\)/,
    );
    expect(plan.missing.every((m) => m.citation.section === 'S1')).toBe(true);
  });

  it('does not accept consent from a carer without parental responsibility, or expired consent', () => {
    for (const c of [
      consent({ givenBy: 'carer-without-pr' }),
      consent({ expiresOn: '2026-11-01' }),
    ]) {
      const plan = planTransition(
        workflow,
        'received',
        {
          transitionId: 'reassign-to-hub',
          actorRoles: ['team-manager'],
          at,
          facts: facts({ consents: [c] }),
        },
        timescales,
        due,
      );
      expect(plan.ok).toBe(false);
    }
  });

  it('refuses a step from the wrong state, an unknown step, and a role that may not ask', () => {
    const wrongState = planTransition(
      workflow,
      'closed',
      { transitionId: 'close-nfa', actorRoles: ['team-manager'], at, facts: facts() },
      timescales,
      due,
    );
    expect(wrongState).toMatchObject({ ok: false, code: 'BATON_TRANSITION_NOT_ALLOWED' });
    const unknown = planTransition(
      workflow,
      'received',
      { transitionId: 'teleport', actorRoles: ['team-manager'], at, facts: facts() },
      timescales,
      due,
    );
    expect(unknown).toMatchObject({ ok: false, code: 'BATON_TRANSITION_NOT_ALLOWED' });
    const role = planTransition(
      workflow,
      'received',
      { transitionId: 'close-nfa', actorRoles: ['practitioner'], at, facts: facts() },
      timescales,
      due,
    );
    expect(role).toMatchObject({ ok: false, code: 'BATON_TRANSITION_NOT_ALLOWED' });
  });
});

describe('initialDeadlines and availableTransitions', () => {
  it('opens the workflow’s starting deadlines', () => {
    expect(initialDeadlines(workflow, at, timescales, due)).toEqual([
      {
        timescaleId: 'decision',
        name: 'Decision',
        due: '2026-11-23+1working-days',
        citation: cite,
      },
    ]);
  });
  it('lists what an actor can do from a state', () => {
    expect(availableTransitions(workflow, 'received', ['team-manager']).map((t) => t.id)).toEqual([
      'reassign-to-hub',
      'close-nfa',
    ]);
    expect(
      availableTransitions(workflow, 'received', ['front-door-worker']).map((t) => t.id),
    ).toEqual(['reassign-to-hub']);
    expect(availableTransitions(workflow, 'closed', ['team-manager'])).toEqual([]);
  });
});

describe('steps that start the next piece of work', () => {
  const stepDown = workflowSchema.parse({
    id: 'cin-plan',
    name: 'Child in need plan',
    initial: 'active',
    citation: cite,
    states: [
      { id: 'active', name: 'Active', level: 4 },
      { id: 'closed', name: 'Closed', final: true },
    ],
    transitions: [
      {
        id: 'transfer',
        name: 'Transfer to early help',
        from: ['active'],
        to: 'closed',
        requestedBy: ['social-worker'],
        authorisedBy: ['team-manager'],
        authorisedIn: 'early-help',
        guards: [{ guard: 'leadProfessionalNamed', text: 'A lead professional', citation: cite }],
        starts: { workflow: 'contact', state: 'reassigned', opensDeadlines: ['hub-review'] },
        citation: cite,
      },
    ],
  });
  const workflows = new Map([
    ['contact', workflow],
    ['cin-plan', stepDown],
  ]);
  const socialWorkerLead = { name: 'A Social Worker', agency: 'Children’s social care' };
  const run = (
    f: JourneyFacts,
    roles: ('social-worker' | 'team-manager')[],
    actor: 'early-help' | 'childrens-social-care',
  ) =>
    planTransition(
      stepDown,
      'active',
      {
        transitionId: 'transfer',
        actorRoles: roles,
        agencies: {
          actor: { id: actor, kind: actor },
          owner: { id: 'childrens-social-care', kind: 'childrens-social-care' },
        },
        at,
        facts: f,
      },
      timescales,
      due,
      workflows,
    );

  it('needs the new lead professional in the step: the current one (the social worker) does not count', () => {
    const refused = run(
      facts({ leadProfessional: socialWorkerLead, payload: {} }),
      ['social-worker'],
      'childrens-social-care',
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.missing.map((m) => m.rule)).toEqual(['leadProfessionalNamed']);
  });

  it('plans the new work with its state and deadlines, and authorisation only in the named agency', () => {
    const f = facts({
      payload: { leadProfessionalName: 'Lee Lead', leadProfessionalAgency: 'School' },
    });
    expect(run(f, ['social-worker'], 'childrens-social-care')).toMatchObject({
      ok: true,
      awaitsAuthorisation: true,
    });
    // A manager in the wrong agency may neither ask (not a requester) nor authorise.
    expect(run(f, ['team-manager'], 'childrens-social-care')).toMatchObject({
      ok: false,
      code: 'BATON_TRANSITION_NOT_ALLOWED',
    });
    const byEarlyHelpManager = run(f, ['team-manager'], 'early-help');
    expect(byEarlyHelpManager).toMatchObject({
      ok: true,
      awaitsAuthorisation: false,
      starts: {
        state: 'reassigned',
        ownedBy: null,
        opens: [
          { timescaleId: 'decision', due: '2026-11-23+1working-days' },
          { timescaleId: 'hub-review', due: '2026-11-23+24hours' },
        ],
      },
    });
  });
});
