/**
 * Rules the packs missed or broke (issue 12 §3), each run through the journey engine on the
 * shipped pack itself and checked against the seed passage it comes from.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/access/roles.js';
import {
  appliedStepEffects,
  planTransition,
  refusalError,
  type ConsentFact,
  type DueDateFn,
  type JourneyFacts,
  type TransitionPlan,
  type Workflow,
} from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { DEFAULT_POLICY_DIR, loadPacks } from './pack-files.js';

const PACK_IDS = ['national', 'stockport', 'walsall', 'peterborough', 'worcestershire'] as const;
type PackId = (typeof PACK_IDS)[number];
const packs = loadPacks(PACK_IDS.map((id) => join(DEFAULT_POLICY_DIR, `${id}.yaml`)));

function pack(id: PackId): ResolvedPack {
  const p = packs.get(id);
  if (!p) throw new Error(`pack ${id} did not load`);
  return p;
}
function workflow(id: PackId, workflowId: string): Workflow {
  const w = pack(id).workflows.get(workflowId);
  if (!w) throw new Error(`${id} has no workflow ${workflowId}`);
  return w;
}

const due: DueDateFn = (rule, from) => `${from.slice(0, 10)}+${rule.amount}${rule.unit}`;
const at = '2026-03-02T10:00:00.000Z';
const manager: readonly Role[] = ['team-manager'];

const facts = (over: Partial<JourneyFacts> = {}): JourneyFacts => ({
  today: '2026-03-02',
  level: 3,
  consents: [],
  leadProfessional: null,
  events: [],
  payload: {},
  ...over,
});
const consent = (
  purpose: ConsentFact['purpose'],
  decision: ConsentFact['decision'],
  recordedOn = '2026-02-27',
): ConsentFact => ({
  purpose,
  decision,
  givenBy: 'parent-with-pr',
  recordedOn,
  expiresOn: null,
  notSoughtReason: null,
  consulted: null,
});

function plan(
  id: PackId,
  workflowId: string,
  state: string,
  transitionId: string,
  f: JourneyFacts,
  roles: readonly Role[] = manager,
): TransitionPlan {
  return planTransition(
    workflow(id, workflowId),
    state,
    { transitionId, actorRoles: roles, at, facts: f },
    pack(id).timescales,
    due,
    pack(id).workflows,
  );
}

/** The refused rules, each with the seed it cites. */
function refusedBy(result: TransitionPlan): { rule: string; source: string; section: string }[] {
  expect(result.ok).toBe(false);
  return result.ok
    ? []
    : result.missing.map((m) => ({
        rule: m.rule,
        source: m.citation.source,
        section: m.citation.section,
      }));
}

describe('Stockport: no early help outcome at the MASSH against the family’s refusal', () => {
  // 001 "Step up from universal to early help": "Consent must be obtained from the parent/s ... to
  // begin an Early Help Episode or make a referral to the MASSH or Early help Hub"; 000 Annex (iii)
  // "Step up to more help": the mother declined an EHA and "The absence of the parents' consent
  // the MASSH social worker could not intervene further."
  const lead = { leadProfessionalName: 'Lee Lead', leadProfessionalAgency: 'School Age Plus' };
  const payload = { ...lead, rationale: 'Needs at level 3; a school-led TAF is best placed.' };

  it.each(['identify-lead-professional', 'refer-to-early-help-hub'])(
    '%s is refused when consent to early help was refused or withdrawn (001; 000 Annex iii)',
    (step) => {
      for (const decision of ['refused', 'withdrawn'] as const) {
        const result = plan(
          'stockport',
          'contact',
          'mash-enquiry',
          step,
          facts({ consents: [consent('early-help', decision)], payload }),
        );
        expect(refusedBy(result)).toEqual([
          {
            rule: 'consentNotRefused',
            source: 'stk-step-up-step-down',
            section: 'Step up from universal to early help',
          },
        ]);
        if (!result.ok) {
          expect(result.missing[0]?.message).toContain(
            decision === 'refused'
              ? 'the family refused consent for early-help'
              : 'the family withdrew consent for early-help',
          );
          expect(refusalError(result).code).toBe('BATON_TRANSITION_REFUSED');
        }
      }
    },
  );

  it('goes ahead when consent was given, or not yet asked (the lead professional then asks)', () => {
    for (const step of ['identify-lead-professional', 'refer-to-early-help-hub']) {
      expect(plan('stockport', 'contact', 'received', step, facts({ payload })).ok, step).toBe(
        true,
      );
      expect(
        plan(
          'stockport',
          'contact',
          'received',
          step,
          facts({
            // Refused first, given a week later: the newest decision stands.
            consents: [
              consent('early-help', 'given', '2026-02-27'),
              consent('early-help', 'refused', '2026-02-20'),
            ],
            payload,
          }),
        ).ok,
        step,
      ).toBe(true);
    }
  });

  it('a refusal of early help does not stop a level 4 outcome (Annex iii: risk or harm is another matter)', () => {
    const result = plan(
      'stockport',
      'contact',
      'received',
      'decide-cf-assessment',
      facts({ level: 4, consents: [consent('early-help', 'refused')], payload }),
    );
    expect(result.ok).toBe(true);
  });
});

describe('Peterborough 003 §1: the hub takes a contact with consent to the referral and/or to early help', () => {
  // "Contacts / Referrals / MASH Enquiry requests should only be sent to the EHH where the family
  // consented to the safeguarding referral and /or have consented to Early Help support as an
  // outcome of the contact."
  const steps = [
    ['received', 'reassign-to-early-help-hub'],
    ['mash-enquiry', 'mash-enquiry-step-down-to-early-help'],
  ] as const;
  const payload = { rationale: 'Below threshold; early help needs identified.' };

  it.each(steps)(
    'from %s, %s accepts consent to the safeguarding referral alone',
    (state, step) => {
      const referralOnly = facts({ consents: [consent('front-door-referral', 'given')], payload });
      expect(plan('peterborough', 'contact', state, step, referralOnly).ok).toBe(true);
      const earlyHelpOnly = facts({ consents: [consent('early-help', 'given')], payload });
      expect(plan('peterborough', 'contact', state, step, earlyHelpOnly).ok).toBe(true);
    },
  );

  it.each(steps)('from %s, %s is refused with neither consent, citing §1', (state, step) => {
    for (const consents of [
      [],
      [consent('front-door-referral', 'refused'), consent('early-help', 'refused')],
      // Consent for another purpose is not consent to the referral or to early help.
      [consent('information-sharing', 'given')],
    ]) {
      expect(
        refusedBy(plan('peterborough', 'contact', state, step, facts({ consents, payload }))),
      ).toEqual([
        {
          rule: 'consentRecorded',
          source: 'pet-stepping-down',
          section:
            "1. Contacts made to Children's Social Care not meeting Threshold for Social Care Services",
        },
      ]);
    }
  });
});

describe('Walsall 002: at least one CIN review on every route from the CIN plan to early help', () => {
  // "How we support children in stepping down from a Child Protection Plan": "A child can only be
  // stepped down to Early Help once the ongoing positive change for the child has been confirmed
  // through at least one Child in Need review meeting."
  const cin = workflow('walsall', 'cin-plan');
  // A route ends in early help when it starts an early help episode or closes the plan into the
  // state that says so.
  const toEarlyHelp = cin.transitions.filter(
    (t) => t.starts?.workflow === 'early-help-episode' || t.to === 'closed-to-early-help',
  );

  it('finds the four routes: new lead professional, pathway, Edge of Care, Buddy package', () => {
    expect(toEarlyHelp.map((t) => t.id).sort()).toEqual([
      'close-to-early-help',
      'close-to-early-help-from-edge-of-care',
      'close-to-early-help-pathway',
      'step-down-to-buddy-package',
    ]);
  });

  const everything = {
    consents: [consent('step-down-transfer', 'given')],
    payload: {
      leadProfessionalName: 'Pat Family Support',
      leadProfessionalAgency: '0-19 Family Support Team',
      rationale: 'Positive change sustained.',
      interventionPlans: 'Edge of Care intervention plans shared.',
      buddyHoursPerWeek: 6,
      panelAgreement: 'Complex need and short break panel, 3 February 2026.',
    },
  };

  it.each(toEarlyHelp.map((t) => t.id))(
    '%s is refused before a CIN review and goes ahead after one',
    (step) => {
      expect(
        refusedBy(plan('walsall', 'cin-plan', 'active', step, facts({ level: 4, ...everything }))),
      ).toEqual([
        {
          rule: 'eventHappened',
          source: 'wal-step-up-step-down',
          section: 'How we support children in stepping down from a Child Protection Plan',
        },
      ]);
      const reviewed = facts({
        level: 4,
        ...everything,
        events: [{ id: 'cin-review', on: '2026-02-16' }],
      });
      expect(plan('walsall', 'cin-plan', 'active', step, reviewed).ok).toBe(true);
    },
  );

  it('closing to universal services needs no CIN review (it is not a step down to early help)', () => {
    const result = plan(
      'walsall',
      'cin-plan',
      'active',
      'close-to-universal',
      facts({ level: 4, payload: { singleAgencySupport: 'None', ifNeedRises: 'Call MASH.' } }),
    );
    expect(result.ok).toBe(true);
  });
});

describe('Stockport 001: step down from a CP plan, the TAC meeting and its lead', () => {
  // "Step Down from a Child Protection Plan": "The allocated social worker who will lead the TAC
  // plan and a date for the next TAC meeting will be arranged during the Child Protection Review
  // and will take place within 4 weeks of the Child Protection Plan being discharged".
  const payload = {
    reviewConference: 'Review conference, 2 March 2026',
    leadProfessionalName: 'Sam Social Worker',
    leadProfessionalAgency: 'Locality social work team',
  };
  const discharge = (nextTacMeeting: string) =>
    plan(
      'stockport',
      'cp-plan',
      'active',
      'discharge-to-cin',
      facts({ level: 4, payload: { ...payload, nextTacMeeting } }),
    );

  it('takes a next TAC meeting up to 4 weeks after the discharge, and refuses a later one', () => {
    expect(discharge('2026-03-02').ok).toBe(true);
    expect(discharge('2026-03-30').ok).toBe(true);
    for (const late of ['2026-03-31', '2026-06-01']) {
      const result = discharge(late);
      expect(refusedBy(result)).toEqual([
        {
          rule: 'dateWithin',
          source: 'stk-step-up-step-down',
          section: 'Step Down from a Child Protection Plan',
        },
      ]);
      if (!result.ok) {
        expect(result.missing[0]?.message).toContain(`(${late}) is after 2026-03-30`);
        expect(refusalError(result).code).toBe('BATON_TRANSITION_REFUSED');
      }
    }
    // Before the discharge, or not a date, is no TAC meeting date either.
    expect(refusedBy(discharge('2026-02-27')).map((m) => m.rule)).toEqual(['dateWithin']);
    expect(refusedBy(discharge('soon')).map((m) => m.rule)).toEqual(['dateWithin']);
  });

  it('the social worker named to lead the TAC leads the CIN / TAC plan, not whoever began the s47', () => {
    const w = workflow('stockport', 'cp-plan');
    const result = plan(
      'stockport',
      'cp-plan',
      'active',
      'discharge-to-cin',
      facts({
        level: 4,
        // The CP plan's lead is the social worker who began the s47 enquiries.
        leadProfessional: { name: 'Ida Initial', agency: 'Locality social work team' },
        payload: { ...payload, nextTacMeeting: '2026-03-23' },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const effects = appliedStepEffects(
      w,
      result,
      {
        id: 'cp-1',
        workflowId: 'cp-plan',
        subjectId: 'c1',
        childIds: ['c1'],
        level: 4,
        ownerAgencyId: 'social-care-1',
        leadProfessional: {
          name: 'Ida Initial',
          agency: 'Locality social work team',
          userId: 'u-ida',
        },
        referrerUserId: null,
      },
      { ...payload, nextTacMeeting: '2026-03-23' },
      { at, occurredAt: at, agencyOfKind: () => null, namedLeadAgencyId: null },
    );
    const started = effects.find((e) => e.kind === 'start-work');
    expect(started).toMatchObject({
      kind: 'start-work',
      workflowId: 'cin-plan',
      ownerAgencyId: 'social-care-1',
      lead: { name: 'Sam Social Worker', agency: 'Locality social work team', userId: null },
    });
    // Without a named social worker the discharge is refused (it no longer inherits the lead).
    const unnamed = plan(
      'stockport',
      'cp-plan',
      'active',
      'discharge-to-cin',
      facts({
        level: 4,
        leadProfessional: { name: 'Ida Initial', agency: 'Locality social work team' },
        payload: { reviewConference: 'RCPC', nextTacMeeting: '2026-03-23' },
      }),
    );
    expect(refusedBy(unnamed)).toEqual([
      {
        rule: 'leadProfessionalNamed',
        source: 'stk-step-up-step-down',
        section: 'Step Down from a Child Protection Plan',
      },
    ]);
  });
});

describe('Peterborough 003 §2: "Referral to Early Help" goes to the MASG, whose decision is a step', () => {
  // "In order to step the case down to MASG, the outcome of the Child and Family Assessments must
  // be 'Referral to Early Help' ... the case will first be heard at the Multi-Agency Support Group
  // [MASG], which will identify an appropriate the lead professional".
  const section =
    '2. Stepping-down Assessment/Family Safeguarding following Child and Family Assessment';
  const cf = workflow('peterborough', 'cf-assessment');

  it('the outcome leads to a state the MASG decides, and the MASG is a panel of the pack', () => {
    const result = plan(
      'peterborough',
      'cf-assessment',
      'in-progress',
      'referral-to-early-help-via-masg',
      facts({
        level: 4,
        consents: [consent('information-sharing', 'given')],
        payload: {
          masgNarrative: 'To be stepped down via the MASG.',
          earlyHelpDiscussion: 'Discussed with EH.',
        },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.outcome).toBe('referral-to-early-help');
    const decisions = cf.transitions.filter(
      (t) => t.from.includes(result.to) && t.panel !== undefined,
    );
    expect(decisions.map((t) => [t.id, t.panel])).toEqual([['masg-accepts', 'pet-masg']]);
    expect(pack('peterborough').panels.map((p) => p.id)).toContain('pet-masg');
    expect(decisions[0]?.citation).toMatchObject({ source: 'pet-stepping-down', section });
  });

  it('the MASG’s acceptance names the lead professional, who leads the early help episode', () => {
    const refused = plan(
      'peterborough',
      'cf-assessment',
      'awaiting-masg',
      'masg-accepts',
      facts({ level: 4, payload: { masgDecision: 'MASG 2 March 2026 accepted the case.' } }),
    );
    expect(refusedBy(refused)).toEqual([
      { rule: 'leadProfessionalNamed', source: 'pet-stepping-down', section },
    ]);
    const payload = {
      masgDecision: 'MASG 2 March 2026 accepted the case.',
      leadProfessionalName: 'Max Mentor',
      leadProfessionalAgency: 'Family Support (Early Help)',
    };
    const accepted = plan(
      'peterborough',
      'cf-assessment',
      'awaiting-masg',
      'masg-accepts',
      facts({ level: 4, payload }),
    );
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    const effects = appliedStepEffects(
      cf,
      accepted,
      {
        id: 'cf-1',
        workflowId: 'cf-assessment',
        subjectId: 'c1',
        childIds: ['c1'],
        level: 4,
        ownerAgencyId: 'social-care-1',
        leadProfessional: null,
        referrerUserId: null,
      },
      payload,
      {
        at,
        occurredAt: at,
        agencyOfKind: (k) => (k === 'early-help' ? 'early-help-1' : null),
        namedLeadAgencyId: null,
      },
    );
    expect(effects.find((e) => e.kind === 'start-work')).toMatchObject({
      workflowId: 'early-help-episode',
      ownerAgencyId: 'early-help-1',
      lead: { name: 'Max Mentor', agency: 'Family Support (Early Help)' },
    });
  });

  it('every step a shipped pack records as a panel decision names a panel of that pack', () => {
    for (const id of PACK_IDS) {
      const panelIds = new Set(pack(id).panels.map((p) => p.id));
      for (const w of pack(id).workflows.values())
        for (const t of w.transitions)
          if (t.panel !== undefined)
            expect(panelIds.has(t.panel), `${id} ${w.id} ${t.id}`).toBe(true);
    }
  });
});
