import { describe, expect, it } from 'vitest';
import { planTransition } from './journey-engine.js';
import { appliedStepEffects } from './step-effects.js';
import {
  at,
  cin,
  cite,
  due,
  facts,
  kinds,
  of,
  plan,
  setting,
  tac,
  timescales,
  work,
  workflows,
} from './step-effects-testing.js';
import type { Workflow } from './workflow-schema.js';

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
});
