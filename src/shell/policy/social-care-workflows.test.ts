/**
 * Statutory statuses as policy data (issue 4): the Child and Family Assessment, s47 enquiries,
 * the child protection plan, the child in need plan and the looked-after child, in the national
 * pack and as Walsall and Stockport vary them. The journey engine is run on each rule; each test
 * names the statute, guidance or seed passage it checks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/access/roles.js';
import {
  planTransition,
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

// A stand-in calendar: the working-day calendar is tested on its own.
const due: DueDateFn = (rule, from) => `${from.slice(0, 10)}+${rule.amount}${rule.unit}`;
const at = '2026-03-02T10:00:00.000Z';
const socialWorker: readonly Role[] = ['social-worker'];
const manager: readonly Role[] = ['team-manager'];

const facts = (over: Partial<JourneyFacts> = {}): JourneyFacts => ({
  today: '2026-03-02',
  level: 4,
  consents: [],
  leadProfessional: null,
  events: [],
  payload: {},
  ...over,
});

function plan(
  id: PackId,
  workflowId: string,
  state: string,
  transitionId: string,
  actorRoles: readonly Role[],
  f: JourneyFacts,
): TransitionPlan {
  return planTransition(
    workflow(id, workflowId),
    state,
    { transitionId, actorRoles, at, facts: f },
    pack(id).timescales,
    due,
    pack(id).workflows,
  );
}

function missingRules(result: TransitionPlan): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.missing.map((m) => m.rule);
}

const WORKFLOWS = ['cf-assessment', 's47', 'cp-plan', 'cin-plan', 'looked-after'] as const;

describe('statutory workflows in every pack', () => {
  it.each(PACK_IDS)('%s has each workflow, its initial state and its citations', (id) => {
    for (const wId of WORKFLOWS) {
      const w = workflow(id, wId);
      expect(
        w.states.map((s) => s.id),
        `${id} ${wId}`,
      ).toContain(w.initial);
      for (const t of w.transitions) {
        expect(t.citation.section.length, `${id} ${wId} ${t.id}`).toBeGreaterThan(0);
        expect(t.requestedBy.length, `${id} ${wId} ${t.id}`).toBeGreaterThan(0);
      }
    }
  });
});

// Working Together 2023 chapter 3: the Child and Family Assessment within 45 working days.
describe('national: Child and Family Assessment', () => {
  const w = workflow('national', 'cf-assessment');

  it('opens the 45-working-day deadline when the assessment starts (Working Together 2023)', () => {
    expect(w.initial).toBe('in-progress');
    expect(w.opensDeadlines).toEqual(['cf-assessment']);
  });

  it('needs the reasons and the advice given for no further action; a manager authorises', () => {
    expect(
      missingRules(
        plan('national', 'cf-assessment', 'in-progress', 'no-further-action', manager, facts()),
      ),
    ).toEqual(['requires:rationale', 'requires:adviceGiven']);
    const ok = plan(
      'national',
      'cf-assessment',
      'in-progress',
      'no-further-action',
      socialWorker,
      facts({ payload: { rationale: 'Needs met.', adviceGiven: 'GP and school nurse.' } }),
    );
    expect(ok.ok && ok.awaitsAuthorisation).toBe(true);
    if (ok.ok) expect(ok.closes).toEqual(['cf-assessment']);
  });
});

// Stockport 001 "Step up from Sec 17 ... to Sec 47": "The Initial Child Protection Conference
// will be convened and take place in 15 working days of the strategy discussion taking place";
// Working Together 2023 chapter 3, initial child protection conferences.
describe('national: s47 enquiries', () => {
  it('opens the ICPC deadline (15 working days) on the strategy discussion (001; Working Together 2023)', () => {
    const refused = plan(
      'national',
      's47',
      'strategy-discussion-due',
      'hold-strategy-discussion',
      manager,
      facts(),
    );
    expect(missingRules(refused)).toEqual(['requires:attendees', 'requires:decision']);

    const result = plan(
      'national',
      's47',
      'strategy-discussion-due',
      'hold-strategy-discussion',
      manager,
      facts({
        payload: {
          attendees: ['police', 'health', 'children-social-care', 'referrer'],
          decision: 'Section 47 enquiries.',
        },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.to).toBe('enquiries');
    expect(result.opens).toEqual([
      expect.objectContaining({ timescaleId: 'icpc', due: '2026-03-02+15working-days' }),
    ]);
  });

  it('makes a child protection plan only with the category of abuse and an IRO chair (Working Together 2023)', () => {
    const refused = plan('national', 's47', 'icpc-due', 'icpc-cp-plan', manager, facts());
    expect(missingRules(refused)).toEqual(['requires:chairIro', 'requires:category', 'fieldOneOf']);
    const noCategory = plan(
      'national',
      's47',
      'icpc-due',
      'icpc-cp-plan',
      manager,
      facts({ payload: { chairIro: 'A. Chair' } }),
    );
    expect(missingRules(noCategory)).toEqual(['requires:category', 'fieldOneOf']);
    const notACategory = plan(
      'national',
      's47',
      'icpc-due',
      'icpc-cp-plan',
      manager,
      facts({ payload: { chairIro: 'A. Chair', category: 'bruising' } }),
    );
    expect(missingRules(notACategory)).toEqual(['fieldOneOf']);

    const result = plan(
      'national',
      's47',
      'icpc-due',
      'icpc-cp-plan',
      manager,
      facts({ payload: { chairIro: 'A. Chair', category: 'neglect' } }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.to).toBe('cp-plan-made');
      expect(result.closes).toEqual(['icpc']);
      // The plan starts with the decision: first core group and first review counted from the ICPC.
      expect(result.starts?.workflow.id).toBe('cp-plan');
      expect(result.starts?.opens.map((d) => d.timescaleId)).toEqual([
        'first-core-group',
        'first-cp-review',
      ]);
    }
    expect(workflow('national', 's47').states.find((s) => s.id === 'cp-plan-made')?.final).toBe(
      true,
    );
  });
});

// Working Together 2023 chapter 3: the first core group within 10 working days, the first review
// conference within 3 months, then at most 6-monthly.
describe('national: child protection plan', () => {
  it('opens the core group and first review deadlines, and a continuing review opens the next (Working Together 2023)', () => {
    const w = workflow('national', 'cp-plan');
    expect(w.opensDeadlines).toEqual(['first-core-group', 'first-cp-review']);
    const review = plan(
      'national',
      'cp-plan',
      'active',
      'review-conference-continue',
      manager,
      facts({ payload: { decision: 'Continue.' } }),
    );
    expect(review.ok).toBe(true);
    if (!review.ok) return;
    expect(review.closes).toEqual(['first-cp-review', 'cp-review']);
    expect(review.opens.map((d) => d.timescaleId)).toEqual(['cp-review']);
  });
});

// Children Act 1989 s47(1)(b); Stockport 001: step up to s47 "can occur at any point".
describe('national: child in need plan', () => {
  it('steps up to s47 at any time, with the reasons (Children Act 1989 s47)', () => {
    const result = plan(
      'national',
      'cin-plan',
      'active',
      'escalate-to-s47',
      manager,
      facts({ payload: { rationale: 'Disclosure at school.' } }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.to).toBe('stepped-up-to-s47');
  });
});

// Walsall 002 "How we support children in stepping down from a Child Protection Plan": "A child
// can only be stepped down to Early Help once the ongoing positive change for the child has been
// confirmed through at least one Child in Need review meeting."
describe('walsall: CP plan -> CIN -> early help', () => {
  const lead = { name: 'Sam Taylor', agency: 'Bentley Children\u2019s Centre' };
  const stepDown = {
    rationale: 'Change sustained.',
    leadProfessionalName: lead.name,
    leadProfessionalAgency: lead.agency,
  };
  const stepDownConsent = {
    purpose: 'step-down-transfer',
    decision: 'given',
    givenBy: 'parent-with-pr',
    recordedOn: '2026-02-20',
    expiresOn: null,
    notSoughtReason: null,
    consulted: null,
  } as const;

  it('discharges a CP plan to a CiN plan, not to early help (002)', () => {
    const w = workflow('walsall', 'cp-plan');
    expect(w.transitions.map((t) => t.to)).not.toContain('closed-to-early-help');
    const result = plan(
      'walsall',
      'cp-plan',
      'active',
      'discharge-to-cin',
      manager,
      facts({ payload: { reviewConference: 'RCPC 2 March 2026' } }),
    );
    expect(result.ok && result.to).toBe('discharged-to-cin');
    expect(result.ok && result.starts?.workflow.id).toBe('cin-plan');
  });

  it('refuses the step down to early help before a CIN review, citing 002', () => {
    const result = plan(
      'walsall',
      'cin-plan',
      'active',
      'close-to-early-help',
      manager,
      facts({ leadProfessional: lead, payload: stepDown }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const guard = result.missing.find((m) => m.rule === 'eventHappened');
    expect(guard?.message).toMatch(/At least one CIN review has not happened/);
    expect(guard?.citation.source).toBe('wal-step-up-step-down');
    expect(guard?.citation.quote).toMatch(/at least one Child in Need review meeting/);
  });

  it('allows it after a CIN review (the `cin-review` step, recorded as an event) (002)', () => {
    const review = plan(
      'walsall',
      'cin-plan',
      'active',
      'cin-review',
      socialWorker,
      facts({ payload: { decision: 'Positive change confirmed.' } }),
    );
    expect(review.ok && review.to).toBe('active');
    const result = plan(
      'walsall',
      'cin-plan',
      'active',
      'close-to-early-help',
      manager,
      facts({
        leadProfessional: lead,
        events: [{ id: 'cin-review', on: '2026-02-20' }],
        consents: [stepDownConsent],
        payload: stepDown,
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.to).toBe('closed-to-early-help');
      // Early help starts in the same step, in a level 3 plan with six-weekly reviews.
      expect(result.starts).toMatchObject({
        state: 'taf-plan',
        ownedBy: 'early-help',
        opens: [{ timescaleId: 'eh-review', due: '2026-03-02+6weeks' }],
      });
    }
  });
});

// Children Act 1989 s20 and s31/s39; Stockport 001 "Step down from care order or interim care
// order": orders "can only be discharged with the agreement of the court"; "A parent can withdraw
// agreement for a child to be looked after at any time".
describe('national: looked-after child', () => {
  it('discharges a care order only with the court order discharging it (Children Act 1989 s39; 001)', () => {
    const refused = plan('national', 'looked-after', 's31', 'discharge', manager, facts());
    expect(missingRules(refused)).toEqual(['requires:courtOrderDischarged']);
    const result = plan(
      'national',
      'looked-after',
      's31',
      'discharge',
      manager,
      facts({ payload: { courtOrderDischarged: 'Order of 2 March 2026' } }),
    );
    expect(result.ok && result.to).toBe('order-discharged');
    const fromS20 = plan('national', 'looked-after', 's20', 'discharge', manager, facts());
    expect(fromS20.ok).toBe(false);
    if (!fromS20.ok) expect(fromS20.code).toBe('BATON_TRANSITION_NOT_ALLOWED');
  });

  it('lets a parent withdraw s20 agreement at any time, with no authorisation (Children Act 1989 s20(8); 001)', () => {
    const result = plan(
      'national',
      'looked-after',
      's20',
      'parent-withdraws-s20',
      socialWorker,
      facts(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.awaitsAuthorisation).toBe(false);
    expect(result.to).toBe('returned-home');
    expect(
      workflow('national', 'looked-after').states.find((s) => s.id === 'returned-home')?.final,
    ).toBe(true);
  });

  it('opens and closes the reviews in sequence (Care Planning Regulations 2010, reg. 33)', () => {
    const s20 = plan(
      'national',
      'looked-after',
      'becoming-looked-after',
      'accommodate-s20',
      manager,
      facts({ payload: { parentalAgreement: 'Mother, 2 March 2026' } }),
    );
    expect(s20.ok && s20.opens.map((d) => d.timescaleId)).toEqual(['lac-first-review']);
    const sequence = [
      ['first-review-s31', 'lac-first-review', 'lac-second-review'],
      ['second-review-s31', 'lac-second-review', 'lac-review'],
      ['review-s31', 'lac-review', 'lac-review'],
    ] as const;
    for (const [tId, closes, opens] of sequence) {
      const r = plan(
        'national',
        'looked-after',
        's31',
        tId,
        socialWorker,
        facts({ payload: { decision: 'Care plan agreed.' } }),
      );
      expect(r.ok, tId).toBe(true);
      if (!r.ok) continue;
      expect(r.closes, tId).toEqual([closes]);
      expect(
        r.opens.map((d) => d.timescaleId),
        tId,
      ).toEqual([opens]);
    }
  });
});

// Stockport 001 "Step Down from a Child Protection Plan": the social worker leads the TAC plan
// and the next TAC meeting takes place "within 4 weeks of the Child Protection Plan being
// discharged".
describe('stockport: CP plan discharge to a CIN / TAC plan', () => {
  it('opens the 4-week TAC meeting deadline on discharge (001)', () => {
    const ts = pack('stockport').timescales.get('tac-meeting-after-cp');
    expect(ts?.rule).toEqual({ unit: 'weeks', amount: 4, dueOnClosedDay: 'as-counted' });
    expect(ts?.citation.source).toBe('stk-step-up-step-down');

    const refused = plan('stockport', 'cp-plan', 'active', 'discharge-to-cin', manager, facts());
    expect(missingRules(refused)).toEqual([
      'requires:reviewConference',
      'leadProfessionalNamed',
      'dateWithin',
    ]);
    const result = plan(
      'stockport',
      'cp-plan',
      'active',
      'discharge-to-cin',
      manager,
      facts({
        payload: {
          reviewConference: 'RCPC 2 March 2026',
          leadProfessionalName: 'Jo Smith',
          leadProfessionalAgency: 'Locality social work team',
          nextTacMeeting: '2026-03-23',
        },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.to).toBe('discharged-to-cin');
    // The CIN / TAC plan starts with the discharge and carries the 4-week TAC meeting deadline,
    // which its first TAC meeting (the `cin-review` step) meets.
    expect(result.starts?.workflow.id).toBe('cin-plan');
    expect(result.starts?.opens).toEqual([
      expect.objectContaining({ timescaleId: 'tac-meeting-after-cp', due: '2026-03-02+4weeks' }),
    ]);
    expect(
      workflow('stockport', 'cin-plan').transitions.find((t) => t.id === 'cin-review')
        ?.closesDeadlines,
    ).toEqual(['tac-meeting-after-cp']);
    expect(result.closes).toEqual(['first-core-group', 'first-cp-review', 'cp-review']);
  });
});
