/**
 * Timescales, workflows and panels in the shipped packs: the contract the application relies on
 * (workflow ids and initial states, timescale ids and amounts, panels), and the journey engine run
 * on the seeds' own rules. Each test names the seed passage it checks. The tables below are
 * written out by hand from the seeds and Working Together, not read from the packs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/access/roles.js';
import {
  consentPurposes,
  planTransition,
  type ConsentFact,
  type ConsentPurpose,
  type DueDateFn,
  type JourneyFacts,
  type Transition,
  type TransitionPlan,
  type Workflow,
} from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { DEFAULT_POLICY_DIR, loadPacks } from './pack-files.js';

const PACK_IDS = ['national', 'stockport', 'walsall', 'peterborough', 'worcestershire'] as const;
type PackId = (typeof PACK_IDS)[number];
const LOCAL_IDS = ['stockport', 'walsall', 'peterborough', 'worcestershire'] as const;

const packs = loadPacks(PACK_IDS.map((id) => join(DEFAULT_POLICY_DIR, `${id}.yaml`)));

/** Each local pack's own seed source. */
const OWN_SOURCE: Record<(typeof LOCAL_IDS)[number], readonly string[]> = {
  stockport: ['stk-step-up-step-down', 'stk-response-to-need'],
  walsall: ['wal-step-up-step-down'],
  peterborough: ['pet-stepping-down'],
  worcestershire: ['wor-levels-of-need-2019'],
};

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

function transition(w: Workflow, id: string): Transition {
  const t = w.transitions.find((x) => x.id === id);
  if (!t) throw new Error(`${w.id} has no transition ${id}`);
  return t;
}

// A stand-in calendar: the working-day calendar is tested on its own.
const due: DueDateFn = (rule, from) => `${from.slice(0, 10)}+${rule.amount}${rule.unit}`;
const at = '2026-03-02T10:00:00.000Z';

const consent = (purpose: ConsentPurpose, over: Partial<ConsentFact> = {}): ConsentFact => ({
  purpose,
  decision: 'given',
  givenBy: 'parent-with-pr',
  recordedOn: '2026-02-27',
  expiresOn: null,
  notSoughtReason: null,
  consulted: null,
  ...over,
});

const facts = (over: Partial<JourneyFacts> = {}): JourneyFacts => ({
  today: '2026-03-02',
  level: 2,
  consents: [],
  leadProfessional: null,
  events: [],
  payload: {},
  ...over,
});

const namedLeadProfessional = { name: 'Sam Taylor', agency: 'Greenbank Primary School' };

/** Facts that meet every guard and requirement of a transition. */
function factsMeeting(t: Transition): JourneyFacts {
  const levelGuard = t.guards.find((g) => g.guard === 'levelIn');
  const levels = levelGuard?.params.levels;
  const level = Array.isArray(levels) ? Number(levels[0]) : 2;
  return facts({
    level: level === 1 || level === 2 || level === 3 || level === 4 ? level : 2,
    consents: consentPurposes.map((p) => consent(p)),
    leadProfessional: namedLeadProfessional,
    events: t.guards
      .filter((g) => g.guard === 'eventHappened')
      .map((g) => ({ id: String(g.params.event), on: '2026-02-20' })),
    payload: {
      ...Object.fromEntries(t.requires.map((r) => [r.field, `Recorded ${r.field}.`])),
      // A step that starts new work names its lead professional in the step itself.
      ...(t.starts
        ? {
            leadProfessionalName: namedLeadProfessional.name,
            leadProfessionalAgency: namedLeadProfessional.agency,
          }
        : {}),
    },
  });
}

function plan(
  id: PackId,
  workflowId: string,
  state: string,
  transitionId: string,
  actorRoles: readonly Role[],
  f: JourneyFacts,
): TransitionPlan {
  const p = pack(id);
  return planTransition(
    workflow(id, workflowId),
    state,
    { transitionId, actorRoles, at, facts: f },
    p.timescales,
    due,
    p.workflows,
  );
}

function missingRules(result: TransitionPlan): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.missing.map((m) => m.rule);
}

// --------------------------------------------------------------------------------------------
// Timescales: [pack, id, unit, amount, cited source], written out from the documents.
// --------------------------------------------------------------------------------------------
const TIMESCALES = [
  // Working Together to Safeguard Children 2023, chapter 3: a decision on a referral within one
  // working day; the Child and Family Assessment within 45 working days of referral; the ICPC
  // within 15 working days of the strategy discussion; the first core group within 10 working
  // days of the ICPC; the first review conference within 3 months, then at most 6-monthly.
  ['national', 'referral-decision', 'working-days', 1, 'wt2023'],
  ['national', 'cf-assessment', 'working-days', 45, 'wt2023'],
  ['national', 'icpc', 'working-days', 15, 'wt2023'],
  ['national', 'first-core-group', 'working-days', 10, 'wt2023'],
  ['national', 'first-cp-review', 'months', 3, 'wt2023'],
  ['national', 'cp-review', 'months', 6, 'wt2023'],
  // Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33: first
  // review within 20 working days, second within 3 months, then every 6 months.
  ['national', 'lac-first-review', 'working-days', 20, 'cppcr-regs-2010'],
  ['national', 'lac-second-review', 'months', 3, 'cppcr-regs-2010'],
  ['national', 'lac-review', 'months', 6, 'cppcr-regs-2010'],
  // Stockport 001 "Step up from universal to early help": "It is necessary for the EHA to be
  // completed in 30 working days". No review interval in 000 or 001: six weeks, Baton's default.
  ['stockport', 'eha-completion', 'working-days', 30, 'stk-step-up-step-down'],
  ['stockport', 'eh-review', 'weeks', 6, 'stk-step-up-step-down'],
  // Walsall 002: no EHA timescale (Stockport's, borrowed); "review the support plan at six weekly
  // intervals" (How we support children in stepping down from a Child and Family Assessment).
  ['walsall', 'eha-completion', 'working-days', 30, 'stk-step-up-step-down'],
  ['walsall', 'eh-review', 'weeks', 6, 'wal-step-up-step-down'],
  // Peterborough 003 section 1: the EHH "will review these within 24 hours of receipt". No EHA
  // timescale (Stockport's, borrowed); no review interval (six weeks, Baton's default).
  ['peterborough', 'ehh-review', 'hours', 24, 'pet-stepping-down'],
  ['peterborough', 'eha-completion', 'working-days', 30, 'stk-step-up-step-down'],
  ['peterborough', 'eh-review', 'weeks', 6, 'pet-stepping-down'],
  // Worcestershire 004: no EHA timescale (Stockport's, borrowed); Appendix 3 reviews "every 6-12
  // weeks" (12, the outer limit); Appendix 6 a meeting "within three days" (no "working": calendar
  // days, a due date on a closed day moved to the next working day, issue 12 §2); Appendix 4 the
  // step up conversation "within 24 hrs".
  ['worcestershire', 'eha-completion', 'working-days', 30, 'stk-step-up-step-down'],
  ['worcestershire', 'eh-review', 'weeks', 12, 'wor-levels-of-need-2019'],
  ['worcestershire', 'new-concerns-meeting', 'calendar-days', 3, 'wor-levels-of-need-2019'],
  ['worcestershire', 'step-up-conversation', 'hours', 24, 'wor-levels-of-need-2019'],
] as const;

describe('timescales', () => {
  it.each(TIMESCALES)('%s %s is %s %s, citing %s', (id, tsId, unit, amount, source) => {
    const ts = pack(id).timescales.get(tsId);
    expect(ts?.rule).toMatchObject({ unit, amount });
    // Where a seed says "days" without "working" the due date moves off a closed day; weeks,
    // months and statutory limits are kept as counted (issue 12 §2).
    const calendarCounted = unit !== 'working-days' && unit !== 'hours';
    expect(ts?.rule.dueOnClosedDay, `${id} ${tsId}`).toBe(
      !calendarCounted ? undefined : unit === 'calendar-days' ? 'next-working-day' : 'as-counted',
    );
    expect(ts?.citation.source).toBe(source);
    expect(ts?.citation.section.length).toBeGreaterThan(0);
  });

  it('gives every local pack the national statutory timescales', () => {
    const national = TIMESCALES.filter(([id]) => id === 'national');
    for (const id of LOCAL_IDS) {
      for (const [, tsId, unit, amount] of national) {
        expect(pack(id).timescales.get(tsId)?.rule, `${id} ${tsId}`).toEqual(
          pack('national').timescales.get(tsId)?.rule,
        );
        expect(pack(id).timescales.get(tsId)?.rule, `${id} ${tsId}`).toMatchObject({
          unit,
          amount,
        });
      }
    }
  });

  // A borrowed rule says so where practitioners read it.
  it("says so wherever a pack borrows Stockport's rules", () => {
    for (const id of ['walsall', 'peterborough', 'worcestershire'] as const) {
      const p = pack(id);
      const eha = p.timescales.get('eha-completion');
      expect(eha?.text).toMatch(/Stockport/);
      for (const w of p.workflows.values()) {
        for (const t of w.transitions) {
          for (const r of t.requires) {
            if (r.citation.source === 'stk-step-up-step-down')
              expect(r.label, `${id} ${t.id} ${r.field}`).toMatch(/Stockport/);
          }
        }
      }
    }
  });
});

// --------------------------------------------------------------------------------------------
// The contact workflow: each pack's outcomes, as transition -> [state, outcome code].
// --------------------------------------------------------------------------------------------
const CONTACT_OUTCOMES: Record<PackId, Record<string, readonly [string, string]>> = {
  // Working Together 2023 chapter 3: what the referral decision determines.
  national: {
    'start-mash-enquiry': ['mash-enquiry', 'mash-enquiry'],
    'decide-advice-and-signposting': ['closed', 'advice-and-signposting'],
    'decide-early-help': ['referred-to-early-help', 'early-help'],
    'decide-cf-assessment': ['referred-to-social-care', 'cf-assessment'],
    'decide-strategy-discussion': ['strategy-discussion', 'strategy-discussion'],
    'decide-no-further-action': ['closed', 'no-further-action'],
  },
  // Stockport 001 "Step up from universal to early help" (levels 2-3: a lead professional
  // identified and contacted), "Step Up to Social care: Option 1" (the First Response Team manager
  // decides on a C&F assessment), "Step up from Sec 17 ... to Sec 47" (s47 from triage), "How
  // levels of need are met" (the Early Help Hub); 000 Chapter 7 (advice and signposting).
  stockport: {
    'start-mash-enquiry': ['mash-enquiry', 'triage'],
    'identify-lead-professional': ['lead-professional-identified', 'lead-professional-identified'],
    'refer-to-early-help-hub': ['referred-to-early-help-hub', 'early-help-hub'],
    'decide-cf-assessment': ['referred-to-social-care', 'children-and-family-assessment'],
    'decide-strategy-discussion': ['strategy-discussion', 'section-47-enquiries'],
    'decide-advice-and-signposting': ['closed', 'advice-and-signposting'],
    'close-nfa': ['closed', 'nfa'],
  },
  // Walsall 002 "What do we do ... 'Step Up'?": "Outcomes of the contact to MASH include".
  walsall: {
    'start-mash-enquiry': ['mash-enquiry', 'mash-screening'],
    'decide-advice-only': ['closed', 'advice-only'],
    'decide-early-help-via-ehh': ['referred-to-early-help-hub', 'early-help-assessment-and-plan'],
    'decide-cf-assessment': ['referred-to-social-care', 'child-and-family-assessment'],
    'decide-emergency-response': ['emergency-response', 'immediate-emergency-response'],
  },
  // Peterborough 003 section 1: the recommendation "can be: Accepted and a MASH Enquiry
  // completed / Accepted and progressed to a referral within LCS / ... reassigned to EHH ... /
  // Closed as No Further Action"; MASH Enquiries "with an outcome of step down to Early Help";
  // the EHH links to an existing episode, starts an EHH Enquiry or progresses to an EHA.
  peterborough: {
    'start-mash-enquiry': ['mash-enquiry', 'accepted-mash-enquiry'],
    'accept-as-referral': ['referred-to-social-care', 'accepted-referral'],
    'reassign-to-early-help-hub': ['reassigned-to-early-help-hub', 'reassigned-to-ehh'],
    'mash-enquiry-step-down-to-early-help': [
      'reassigned-to-early-help-hub',
      'step-down-to-early-help',
    ],
    'close-nfa': ['closed', 'nfa'],
    'ehh-link-to-episode': ['early-help-linked', 'linked-to-early-help-episode'],
    'ehh-start-enquiry': ['ehh-enquiry', 'ehh-enquiry'],
    'ehh-start-eha': ['eha-to-start', 'start-early-help-assessment'],
    'ehh-close-nfa': ['closed', 'nfa'],
  },
  // Worcestershire 004 Appendix 2 ("If the threshold is not met ... informed and signposted";
  // "If the threshold is met ... referred to the appropriate social care team"); Appendix 4 (a
  // MASH case discussion).
  worcestershire: {
    'start-mash-enquiry': ['mash-enquiry', 'mash-case-discussion'],
    'decide-threshold-met': ['referred-to-social-care', 'threshold-met'],
    'decide-threshold-not-met': ['closed', 'threshold-not-met'],
  },
};

/** The front door's decisions: every step taken from a received contact or a MASH enquiry. */
const frontDoorDecisions = (w: Workflow): Transition[] =>
  w.transitions.filter((t) => t.from.includes('received') || t.from.includes('mash-enquiry'));

describe.each(PACK_IDS)('%s: contact workflow', (id) => {
  const w = workflow(id, 'contact');

  it('starts each contact received, with the one-working-day decision deadline open', () => {
    expect(w.initial).toBe('received');
    expect(w.opensDeadlines).toEqual(['referral-decision']);
    const states = new Map(w.states.map((s) => [s.id, s]));
    expect(states.has('received')).toBe(true);
    expect(states.has('mash-enquiry')).toBe(true);
    expect(states.get('closed')?.final).toBe(true);
    expect(states.get('received')?.final).toBe(false);
  });

  it('has the outcomes of its own guidance, each to its state with its outcome code', () => {
    const expected = CONTACT_OUTCOMES[id];
    expect(Object.fromEntries(w.transitions.map((t) => [t.id, [t.to, t.outcome]]))).toEqual(
      expected,
    );
    if (id !== 'national')
      for (const t of w.transitions)
        expect(OWN_SOURCE[id], `${t.id} cites its seed`).toContain(t.citation.source);
  });

  it('marks the social care outcomes as level 4', () => {
    for (const s of w.states.filter((x) => x.id === 'referred-to-social-care'))
      expect(s.level).toBe(4);
  });

  // "Decisions need a manager", and the referrer is told the outcome and why (Working Together
  // 2023 chapter 3, feedback to the referrer; Stockport 001 Option 1, "a decision will be made by
  // the First Response Team manager"; Peterborough 003 section 1, "reviewed by a Team Manager").
  it('sends every front-door decision by a front-door worker to a team manager', () => {
    const decisions = frontDoorDecisions(w);
    expect(decisions.length).toBeGreaterThan(1);
    for (const t of decisions) {
      expect(t.requestedBy, t.id).toEqual(
        expect.arrayContaining<Role>(['front-door-worker', 'team-manager']),
      );
      expect(t.authorisedBy, t.id).toEqual(['team-manager']);
      expect(
        t.requires.map((r) => r.field),
        t.id,
      ).toContain('rationale');
      expect(t.closesDeadlines, t.id).toContain('referral-decision');
      expect(t.notify, t.id).toContain('referrer');
      expect(t.outcome, t.id).toBeDefined();

      const state = t.from[0] ?? 'received';
      const byWorker = plan(id, 'contact', state, t.id, ['front-door-worker'], factsMeeting(t));
      expect(byWorker.ok && byWorker.awaitsAuthorisation, `${t.id} by a worker`).toBe(true);
      const byManager = plan(id, 'contact', state, t.id, ['team-manager'], factsMeeting(t));
      expect(byManager.ok && !byManager.awaitsAuthorisation, `${t.id} by a manager`).toBe(true);
      if (byManager.ok) expect(byManager.closes).toContain('referral-decision');
    }
  });

  it('refuses a front-door decision without its rationale', () => {
    for (const t of frontDoorDecisions(w)) {
      const f = factsMeeting(t);
      const result = plan(id, 'contact', t.from[0] ?? 'received', t.id, ['team-manager'], {
        ...f,
        payload: { ...f.payload, rationale: '  ' },
      });
      expect(missingRules(result), t.id).toContain('requires:rationale');
    }
  });
});

// Peterborough 003 section 1, "Contacts not meeting Children's Social Care Thresholds": "Review
// the contact and record a rationale as to why the contact should be reassigned to the EHH";
// "The EHH Team Manager / Senior Practitioner will review these within 24 hours of receipt"; and
// the Note: contacts go to the EHH only "where the family consented".
describe('Peterborough: reassigning a contact to the Early Help Hub', () => {
  const reassign = (f: JourneyFacts, roles: readonly Role[] = ['team-manager']) =>
    plan('peterborough', 'contact', 'received', 'reassign-to-early-help-hub', roles, f);
  const rationale = { rationale: 'Below the social care threshold; the family want early help.' };

  it('is refused without consent and without a rationale, listing both with citations', () => {
    const result = reassign(facts());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('BATON_TRANSITION_REFUSED');
    expect(result.missing.map((m) => m.rule)).toEqual(['requires:rationale', 'consentRecorded']);
    for (const m of result.missing) {
      expect(m.citation.source).toBe('pet-stepping-down');
      expect(m.citation.section).toMatch(/^1\. Contacts made to Children's Social Care/);
    }
    expect(result.missing[0]?.citation.quote).toMatch(/record a rationale/);
    expect(result.missing[1]?.citation.quote).toMatch(/where the family consented/);
  });

  it('is refused with a rationale but consent refused, and with consent but no rationale', () => {
    expect(
      missingRules(
        reassign(
          facts({
            payload: rationale,
            consents: [consent('early-help', { decision: 'refused' })],
          }),
        ),
      ),
    ).toEqual(['consentRecorded']);
    expect(missingRules(reassign(facts({ consents: [consent('early-help')] })))).toEqual([
      'requires:rationale',
    ]);
  });

  it('goes ahead with both, opening the 24-hour hub review and telling the referrer', () => {
    const result = reassign(facts({ payload: rationale, consents: [consent('early-help')] }));
    expect(result).toMatchObject({
      ok: true,
      to: 'reassigned-to-early-help-hub',
      outcome: 'reassigned-to-ehh',
      awaitsAuthorisation: false,
      closes: ['referral-decision'],
      opens: [{ timescaleId: 'ehh-review', due: '2026-03-02+24hours' }],
    });
    if (result.ok) expect(result.notify).toEqual(['referrer', 'early-help-hub']);
  });

  it('waits for a team manager when a front-door worker asks (reviewed by a Team Manager)', () => {
    const result = reassign(facts({ payload: rationale, consents: [consent('early-help')] }), [
      'front-door-worker',
    ]);
    expect(result.ok && result.awaitsAuthorisation).toBe(true);
  });

  // "this may include linking to an existing Early Help Episode, starting an Early Help Hub
  // Enquiry or progressing to start an Early Help Assessment".
  it("meets the 24-hour review with each of the hub's outcomes", () => {
    const w = workflow('peterborough', 'contact');
    for (const id of [
      'ehh-link-to-episode',
      'ehh-start-enquiry',
      'ehh-start-eha',
      'ehh-close-nfa',
    ]) {
      const t = transition(w, id);
      expect(t.from).toEqual(['reassigned-to-early-help-hub']);
      expect(t.closesDeadlines).toEqual(['ehh-review']);
      expect(t.requestedBy).toEqual(expect.arrayContaining<Role>(['team-manager']));
      expect(t.requestedBy).not.toContain('front-door-worker');
      const result = plan(
        'peterborough',
        'contact',
        'reassigned-to-early-help-hub',
        id,
        ['lead-professional'],
        factsMeeting(t),
      );
      expect(result.ok && result.awaitsAuthorisation, id).toBe(true);
    }
  });
});

// Stockport 001 "Step up from universal to early help": "When a referral to the MASSH is made the
// triage by a first response Social Worker may assess the level of need as Levels 2 or 3. In such
// an event a lead professional will be identified and contacted about this recommendation."
describe('Stockport: the lead professional route from the MASSH', () => {
  const route = (f: JourneyFacts) =>
    plan('stockport', 'contact', 'mash-enquiry', 'identify-lead-professional', ['team-manager'], f);
  const rationale = { rationale: 'Level 2 needs; the school will lead an EHA.' };

  it('is refused at level 4', () => {
    const result = route(
      facts({ level: 4, leadProfessional: namedLeadProfessional, payload: rationale }),
    );
    expect(missingRules(result)).toEqual(['levelIn']);
    if (!result.ok) expect(result.missing[0]?.message).toMatch(/level 2 or 3/);
  });

  it('is refused without a named lead professional', () => {
    expect(missingRules(route(facts({ level: 3, payload: rationale })))).toEqual([
      'leadProfessionalNamed',
    ]);
  });

  it('goes ahead at level 2 with a named lead professional, who is contacted', () => {
    const result = route(
      facts({ level: 2, leadProfessional: namedLeadProfessional, payload: rationale }),
    );
    expect(result).toMatchObject({
      ok: true,
      to: 'lead-professional-identified',
      outcome: 'lead-professional-identified',
    });
    if (result.ok) expect(result.notify).toEqual(['referrer', 'lead-professional']);
  });

  // 001 "How levels of need are met": a Children and Family assessment is level 4.
  it('keeps the Children and Family Assessment and s47 for level 4', () => {
    for (const id of ['decide-cf-assessment', 'decide-strategy-discussion']) {
      const t = transition(workflow('stockport', 'contact'), id);
      const f = factsMeeting(t);
      expect(
        missingRules(
          plan('stockport', 'contact', 'received', id, ['team-manager'], {
            ...f,
            level: 2,
          }),
        ),
      ).toEqual(['levelIn']);
      expect(plan('stockport', 'contact', 'received', id, ['team-manager'], f).ok).toBe(true);
    }
  });
});

// --------------------------------------------------------------------------------------------
// The early help episode.
// --------------------------------------------------------------------------------------------
const EH_TRANSITIONS = [
  'open-episode',
  'complete-eha-single-agency',
  'complete-eha-taf',
  'review-continue-single-agency',
  'review-continue-taf',
  'step-up-to-taf',
  'step-down-to-single-agency',
  'reassess',
  'close-needs-met',
  'close-single-agency',
  'close-universal',
] as const;
const CLOSURES = ['close-needs-met', 'close-single-agency', 'close-universal'] as const;
const PLAN_ROLES: readonly Role[] = [
  'lead-professional',
  'practitioner',
  'designated-safeguarding-lead',
  'team-manager',
];

describe.each(PACK_IDS)('%s: early help episode workflow', (id) => {
  const w = workflow(id, 'early-help-episode');

  it('starts proposed and moves through assessment to a level 2 or level 3 plan', () => {
    expect(w.initial).toBe('proposed');
    const states = new Map(w.states.map((s) => [s.id, s]));
    expect(states.get('single-agency-plan')?.level).toBe(2);
    expect(states.get('taf-plan')?.level).toBe(3);
    expect(states.get('closed')?.final).toBe(true);
    expect(states.has('assessment')).toBe(true);
    const ids = w.transitions.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([...EH_TRANSITIONS]));
  });

  it('lets early help roles take the plan steps', () => {
    for (const tid of EH_TRANSITIONS.filter((x) => x !== 'open-episode'))
      expect(transition(w, tid).requestedBy, tid).toEqual(PLAN_ROLES);
    expect(transition(w, 'open-episode').requestedBy).toEqual(
      expect.arrayContaining<Role>(['practitioner', 'lead-professional', 'social-worker']),
    );
  });

  it('needs consent and a named lead professional to open', () => {
    expect(transition(w, 'open-episode').guards.map((g) => [g.guard, g.params])).toEqual([
      ['consentRecorded', { purpose: 'early-help' }],
      ['leadProfessionalNamed', {}],
    ]);
  });
});

// Working Together 2023 sets no timescale for an early help assessment or review: the generic
// episode opens none; each local pack replaces it with its own.
describe('national: the generic early help episode', () => {
  it('opens no deadlines, and every local pack replaces it', () => {
    const w = workflow('national', 'early-help-episode');
    expect(w.transitions.flatMap((t) => t.opensDeadlines)).toEqual([]);
    for (const id of LOCAL_IDS) expect(workflow(id, 'early-help-episode')).not.toBe(w);
  });
});

// Stockport 001 "Process/Practice Step Up: Consent": "Consent from the parent/s is required prior
// to beginning of an Early Help Episode or Early Help Assessment" (one parent with parental
// responsibility suffices); "Step up from universal to early help": "It is necessary for the EHA
// to be completed in 30 working days" (borrowed by the other local packs).
describe.each(LOCAL_IDS)('%s: opening and closing an early help episode', (id) => {
  const open = (f: JourneyFacts) =>
    plan(id, 'early-help-episode', 'proposed', 'open-episode', ['practitioner'], f);

  it('refuses to open without consent, citing its own guidance', () => {
    const result = open(facts({ leadProfessional: namedLeadProfessional }));
    expect(missingRules(result)).toEqual(['consentRecorded']);
    if (!result.ok) expect(OWN_SOURCE[id]).toContain(result.missing[0]?.citation.source);
  });

  it('refuses consent from a carer without parental responsibility', () => {
    const result = open(
      facts({
        leadProfessional: namedLeadProfessional,
        consents: [consent('early-help', { givenBy: 'carer-without-pr' })],
      }),
    );
    expect(missingRules(result)).toEqual(['consentRecorded']);
  });

  it('refuses to open without a named lead professional', () => {
    expect(missingRules(open(facts({ consents: [consent('early-help')] })))).toEqual([
      'leadProfessionalNamed',
    ]);
  });

  it('opens with consent and a lead professional, starting the 30-working-day EHA deadline', () => {
    const result = open(
      facts({ consents: [consent('early-help')], leadProfessional: namedLeadProfessional }),
    );
    expect(result).toMatchObject({
      ok: true,
      to: 'assessment',
      awaitsAuthorisation: false,
      opens: [{ timescaleId: 'eha-completion', due: '2026-03-02+30working-days' }],
    });
  });

  it('closes the EHA deadline and opens the review when the plan is agreed', () => {
    for (const tid of ['complete-eha-single-agency', 'complete-eha-taf']) {
      const t = transition(workflow(id, 'early-help-episode'), tid);
      const result = plan(id, 'early-help-episode', 'assessment', tid, ['lead-professional'], {
        ...factsMeeting(t),
      });
      expect(result.ok, tid).toBe(true);
      if (!result.ok) continue;
      expect(result.closes).toEqual(['eha-completion']);
      expect(result.opens.map((o) => o.timescaleId)).toEqual(['eh-review']);
    }
  });

  // Worcestershire 004 Appendix 3 "Review progress": positive change / no change / deterioration;
  // continue as is or amend.
  it('records what a review found and decided, and sets the next review', () => {
    const t = transition(workflow(id, 'early-help-episode'), 'review-continue-taf');
    expect(t.requires.map((r) => r.field)).toEqual(['reviewOutcome', 'reviewDecision']);
    expect(t.closesDeadlines).toContain('eh-review');
    expect(t.opensDeadlines).toEqual(['eh-review']);
    const refused = plan(id, 'early-help-episode', 'taf-plan', t.id, ['lead-professional'], {
      ...factsMeeting(t),
      payload: {},
    });
    expect(missingRules(refused)).toEqual(['requires:reviewOutcome', 'requires:reviewDecision']);
  });

  // Stockport 001 "Step Down for Early Help Episode to Universal Services" and "Step Down from
  // Social care to Universal Services"; Worcestershire 004 Appendix 3 "End of the plan": "clear
  // information about where they can access support moving forward or if their needs ...".
  it('refuses to close without where the family can get help, or what to do if concerns rise', () => {
    for (const tid of CLOSURES) {
      const t = transition(workflow(id, 'early-help-episode'), tid);
      const f = factsMeeting(t);
      const noWhere = plan(id, 'early-help-episode', 'taf-plan', tid, ['lead-professional'], {
        ...f,
        payload: { ifConcernsRise: 'Call the school or the front door.' },
      });
      expect(missingRules(noWhere), tid).toEqual(['requires:whereToGetHelp']);
      const neither = plan(id, 'early-help-episode', 'single-agency-plan', tid, ['practitioner'], {
        ...f,
        payload: {},
      });
      expect(missingRules(neither), tid).toEqual([
        'requires:whereToGetHelp',
        'requires:ifConcernsRise',
      ]);
      const done = plan(id, 'early-help-episode', 'taf-plan', tid, ['lead-professional'], f);
      expect(done, tid).toMatchObject({ ok: true, to: 'closed' });
      if (done.ok) expect(done.closes, tid).toContain('eh-review');
    }
  });
});

// Stockport 001 "Step Down from Social care to Early Help support": "If consent is not given by
// the parent or the necessary information is not provided the transfer request will be refused";
// the assessment is "completed within 30 working days of the step down".
describe('Stockport: a step-down transfer from social care', () => {
  it('is refused without the step-down TAC meeting, consent, the lead professional, the plan and the minutes', () => {
    const result = plan(
      'stockport',
      'cin-plan',
      'active',
      'request-step-down-transfer',
      ['social-worker'],
      facts(),
    );
    expect(missingRules(result)).toEqual([
      'requires:stepDownPlan',
      'requires:ifConcernsRise',
      'requires:stepDownMeetingMinutes',
      'requires:closureSummary',
      'eventHappened',
      'consentRecorded',
      'leadProfessionalNamed',
    ]);
    if (!result.ok) {
      for (const m of result.missing) expect(m.citation.source).toBe('stk-step-up-step-down');
    }
  });

  it("waits for the lead professional's manager (internal) or the MASSH operational lead (partner)", () => {
    const internal = transition(workflow('stockport', 'cin-plan'), 'request-step-down-transfer');
    expect(internal.authorisedIn).toBe('early-help');
    const partner = transition(
      workflow('stockport', 'cin-plan'),
      'request-step-down-transfer-partner',
    );
    expect(partner.authorisedIn).toBe('childrens-social-care');
    const bySocialWorker = planTransition(
      workflow('stockport', 'cin-plan'),
      'active',
      {
        transitionId: internal.id,
        actorRoles: ['social-worker'],
        agencies: {
          actor: { id: 'childrens-social-care', kind: 'childrens-social-care' },
          owner: { id: 'childrens-social-care', kind: 'childrens-social-care' },
        },
        at,
        facts: factsMeeting(internal),
      },
      pack('stockport').timescales,
      due,
      pack('stockport').workflows,
    );
    expect(bySocialWorker).toMatchObject({ ok: true, awaitsAuthorisation: true });
    // A social care team manager is not the lead professional's manager: it still waits.
    const bySocialCareManager = planTransition(
      workflow('stockport', 'cin-plan'),
      'active',
      {
        transitionId: internal.id,
        actorRoles: ['team-manager'],
        agencies: {
          actor: { id: 'childrens-social-care', kind: 'childrens-social-care' },
          owner: { id: 'childrens-social-care', kind: 'childrens-social-care' },
        },
        at,
        facts: factsMeeting(internal),
      },
      pack('stockport').timescales,
      due,
      pack('stockport').workflows,
    );
    expect(bySocialCareManager).toMatchObject({ ok: true, awaitsAuthorisation: true });
  });

  it('starts the early help episode in its assessment, due 30 working days from the step down', () => {
    const t = transition(workflow('stockport', 'cin-plan'), 'request-step-down-transfer');
    const result = plan('stockport', 'cin-plan', 'active', t.id, ['team-manager'], factsMeeting(t));
    expect(result).toMatchObject({
      ok: true,
      to: 'closed-to-early-help',
      starts: {
        state: 'assessment',
        ownedBy: 'early-help',
        opens: [{ timescaleId: 'eha-completion', due: '2026-03-02+30working-days' }],
      },
    });
  });

  it('closes to universal services when the parents do not consent, with what continues and what if need rises', () => {
    const result = plan(
      'stockport',
      'cin-plan',
      'active',
      'close-to-universal',
      ['team-manager'],
      facts(),
    );
    expect(missingRules(result)).toEqual(['requires:singleAgencySupport', 'requires:ifNeedRises']);
  });
});

// Stockport 001 "Step Up to Social care: Option 2": the delegated person in the organisation
// agrees, then the Locality Social Work team manager authorises from the managers' tray.
describe('Stockport: step up route 2 (EHA outcome "Request step up to social care")', () => {
  it('needs the delegated person first, then a social care team manager, then starts the C&F assessment', () => {
    const w = workflow('stockport', 'early-help-episode');
    const first = transition(w, 'request-step-up-to-social-care');
    const asked = planTransition(
      w,
      'taf-plan',
      {
        transitionId: first.id,
        actorRoles: ['lead-professional'],
        agencies: {
          actor: { id: 'early-help', kind: 'early-help' },
          owner: { id: 'early-help', kind: 'early-help' },
        },
        at,
        facts: factsMeeting(first),
      },
      pack('stockport').timescales,
      due,
      pack('stockport').workflows,
    );
    expect(asked).toMatchObject({ ok: true, awaitsAuthorisation: true, to: 'step-up-agreed' });
    const second = transition(w, 'authorise-step-up-to-social-care');
    expect(second.authorisedIn).toBe('childrens-social-care');
    const byEarlyHelpManager = planTransition(
      w,
      'step-up-agreed',
      {
        transitionId: second.id,
        actorRoles: ['team-manager'],
        agencies: {
          actor: { id: 'early-help', kind: 'early-help' },
          owner: { id: 'early-help', kind: 'early-help' },
        },
        at,
        facts: factsMeeting(second),
      },
      pack('stockport').timescales,
      due,
      pack('stockport').workflows,
    );
    expect(byEarlyHelpManager).toMatchObject({ ok: true, awaitsAuthorisation: true });
    const bySocialCareManager = planTransition(
      w,
      'step-up-agreed',
      {
        transitionId: second.id,
        actorRoles: ['team-manager'],
        agencies: {
          actor: { id: 'childrens-social-care', kind: 'childrens-social-care' },
          owner: { id: 'early-help', kind: 'early-help' },
        },
        at,
        facts: factsMeeting(second),
      },
      pack('stockport').timescales,
      due,
      pack('stockport').workflows,
    );
    expect(bySocialCareManager).toMatchObject({
      ok: true,
      awaitsAuthorisation: false,
      to: 'stepped-up-to-social-care',
      starts: { ownedBy: 'childrens-social-care', opens: [{ timescaleId: 'cf-assessment' }] },
    });
    if (bySocialCareManager.ok)
      expect(bySocialCareManager.starts?.workflow.id).toBe('cf-assessment');
  });
});

// Walsall 002 "How we support children in stepping down from a Child Protection Plan": "A child
// can only be stepped down to Early Help once the ongoing positive change for the child has been
// confirmed through at least one Child in Need review meeting."
describe('Walsall: stepping down from a Child in Need plan', () => {
  it('needs a Child in Need review meeting', () => {
    const t = transition(workflow('walsall', 'early-help-episode'), 'open-after-cin-step-down');
    const f = factsMeeting(t);
    expect(
      missingRules(
        plan('walsall', 'early-help-episode', 'proposed', t.id, ['social-worker'], {
          ...f,
          payload: {},
        }),
      ),
    ).toEqual(['requires:cinReviewMeeting']);
    expect(
      plan('walsall', 'early-help-episode', 'proposed', t.id, ['social-worker'], f),
    ).toMatchObject({
      ok: true,
      to: 'taf-plan',
      opens: [{ timescaleId: 'eh-review', due: '2026-03-02+6weeks' }],
    });
  });
});

// Peterborough 003 section 3: "Outcome selected on Liquid Logic is 'Referral to Early Help ' and
// NOT 'NFA'", with the agreement and lead professional "clearly recorded in the notes of the
// Child in Need Meeting".
describe('Peterborough: stepping down from a Child in Need plan to TAF', () => {
  it('records "Referral to Early Help", needs the CiN meeting notes and starts the TAF plan without the MASG', () => {
    const t = transition(workflow('peterborough', 'cin-plan'), 'step-down-to-taf');
    expect(t.outcome).toBe('referral-to-early-help');
    const f = factsMeeting(t);
    expect(
      missingRules(
        plan('peterborough', 'cin-plan', 'active', t.id, ['team-manager'], { ...f, payload: {} }),
      ),
    ).toEqual(['requires:cinMeetingNotes', 'leadProfessionalNamed']);
    expect(plan('peterborough', 'cin-plan', 'active', t.id, ['team-manager'], f)).toMatchObject({
      ok: true,
      outcome: 'referral-to-early-help',
      starts: { state: 'taf-plan', opens: [{ timescaleId: 'eh-review' }] },
    });
  });
});

// Peterborough 003 section 2: single-agency support is "NFA"; a multi-agency plan is "Referral to
// Early Help" and NOT NFA, heard at the MASG; "The case can be closed to Children's Social Care
// once the case has been accepted for discussion at the MASG." Section 1: a referral not going on
// to assessment steps down to early help with the family's consent.
describe('Peterborough: Child and Family Assessment outcome codes', () => {
  const w = () => workflow('peterborough', 'cf-assessment');
  it('gives each route its outcome code', () => {
    const codes = Object.fromEntries(w().transitions.map((t) => [t.id, t.outcome]));
    expect(codes).toMatchObject({
      'nfa-single-agency': 'nfa',
      'referral-to-early-help-via-masg': 'referral-to-early-help',
      'masg-accepts': 'referral-to-early-help',
      'referral-step-down-to-early-help': 'step-down-to-early-help',
    });
  });

  it('keeps the case open to social care until the MASG accepts it', () => {
    const t = transition(w(), 'referral-to-early-help-via-masg');
    const sent = plan(
      'peterborough',
      'cf-assessment',
      'in-progress',
      t.id,
      ['team-manager'],
      factsMeeting(t),
    );
    expect(sent).toMatchObject({ ok: true, to: 'awaiting-masg', starts: null });
    expect(w().states.find((s) => s.id === 'awaiting-masg')?.final).toBe(false);
    const noNarrative = plan(
      'peterborough',
      'cf-assessment',
      'in-progress',
      t.id,
      ['team-manager'],
      {
        ...factsMeeting(t),
        payload: { earlyHelpDiscussion: 'Discussed with the Early Help Service.' },
      },
    );
    expect(missingRules(noNarrative)).toEqual(['requires:masgNarrative']);
    const accepted = transition(w(), 'masg-accepts');
    expect(
      plan(
        'peterborough',
        'cf-assessment',
        'awaiting-masg',
        accepted.id,
        ['lead-professional'],
        factsMeeting(accepted),
      ),
    ).toMatchObject({ ok: true, to: 'closed-to-early-help', starts: { ownedBy: 'early-help' } });
  });
});

// Walsall 002: stepping down from the Children with Disability Team ("an ongoing low level Buddy
// package (6 hours/week or less) ... reviewed yearly"), from Edge of Care ("remained working with
// the family for up to 4 weeks"), and from care in five stages to a CiN plan.
describe('Walsall: disability team, edge of care and care', () => {
  it('allows a Buddy package of at most 6 hours a week, reviewed yearly', () => {
    const t = transition(workflow('walsall', 'cin-plan'), 'step-down-to-buddy-package');
    const f = factsMeeting(t);
    const seven = plan('walsall', 'cin-plan', 'active', t.id, ['team-manager'], {
      ...f,
      payload: { ...f.payload, buddyHoursPerWeek: 7 },
    });
    expect(missingRules(seven)).toEqual(['fieldAtMost']);
    const six = plan('walsall', 'cin-plan', 'active', t.id, ['team-manager'], {
      ...f,
      payload: { ...f.payload, buddyHoursPerWeek: 6 },
    });
    expect(six).toMatchObject({
      ok: true,
      starts: {
        state: 'single-agency-plan',
        opens: [{ timescaleId: 'buddy-package-review', due: '2026-03-02+12months' }],
      },
    });
  });

  it('keeps the Edge of Care Team on for up to 4 weeks after the step down', () => {
    const t = transition(workflow('walsall', 'cin-plan'), 'close-to-early-help-from-edge-of-care');
    const result = plan('walsall', 'cin-plan', 'active', t.id, ['team-manager'], factsMeeting(t));
    expect(result.ok && result.starts?.opens.map((d) => [d.timescaleId, d.due])).toEqual([
      ['eh-review', '2026-03-02+6weeks'],
      ['edge-of-care-handover', '2026-03-02+4weeks'],
    ]);
  });

  it('returns a child home from care only after the three planning stages, then starts a CiN plan', () => {
    const w = workflow('walsall', 'looked-after');
    const home = transition(w, 'return-home-s20');
    const early = plan('walsall', 'looked-after', 's20', home.id, ['team-manager'], {
      ...factsMeeting(home),
      events: [{ id: 'reunification-stage-2-s20', on: '2026-02-01' }],
    });
    expect(missingRules(early)).toEqual(['eventHappened']);
    const stage2 = transition(w, 'reunification-stage-2-s20');
    expect(
      missingRules(
        plan('walsall', 'looked-after', 's20', stage2.id, ['social-worker'], {
          ...factsMeeting(stage2),
          events: [],
        }),
      ),
    ).toEqual(['eventHappened']);
    expect(
      plan('walsall', 'looked-after', 's20', home.id, ['team-manager'], factsMeeting(home)),
    ).toMatchObject({
      ok: true,
      to: 'returned-home',
      starts: { state: 'active' },
    });
    // A parent may still withdraw s20 agreement at any time: no stage is needed.
    expect(
      plan('walsall', 'looked-after', 's20', 'parent-withdraws-s20', ['social-worker'], facts()),
    ).toMatchObject({ ok: true });
  });

  it('ends a C&F assessment in a level 3 plan led by a named lead professional, or through the pathway', () => {
    const w = workflow('walsall', 'cf-assessment');
    expect(w.transitions.map((t) => t.outcome)).toEqual([
      'child-in-need-plan',
      's47-strategy-discussion',
      'looked-after',
      'advice-universal-or-single-agency',
      'step-down-to-early-help',
      'step-down-to-early-help-pathway',
    ]);
    const t = transition(w, 'step-down-to-early-help-plan');
    expect(
      plan('walsall', 'cf-assessment', 'in-progress', t.id, ['team-manager'], factsMeeting(t)),
    ).toMatchObject({
      ok: true,
      starts: { state: 'taf-plan', opens: [{ timescaleId: 'eh-review' }] },
    });
  });
});

// Worcestershire 004 Appendix 5: a transfer of need episode, the TFS / EIFS case discussion, and
// the joint visit and final core group / CIN meeting as good practice.
describe('Worcestershire: transfer of need to TFS / EIFS (Appendix 5)', () => {
  it('needs the transfer of need, the case discussion and the joint visit record, and starts the plan', () => {
    const t = transition(workflow('worcestershire', 'cin-plan'), 'transfer-of-need-to-tfs-eifs');
    const f = factsMeeting(t);
    expect(
      missingRules(
        plan('worcestershire', 'cin-plan', 'active', t.id, ['social-worker'], {
          ...f,
          payload: {},
        }),
      ),
    ).toEqual([
      'requires:transferOfNeed',
      'requires:caseDiscussion',
      'requires:jointVisitAndFinalMeeting',
      'leadProfessionalNamed',
    ]);
    expect(plan('worcestershire', 'cin-plan', 'active', t.id, ['social-worker'], f)).toMatchObject({
      ok: true,
      awaitsAuthorisation: true,
      starts: { state: 'taf-plan', ownedBy: 'early-help' },
    });
  });
});

// Worcestershire 004 Appendix 6 ("Case Remains at Current Level"): "An Early Help multi agency
// meeting is held with parents and professionals within three days to address new concerns and
// revise EH plan"; Appendix 4: the step up conversation "within 24 hrs".
describe('Worcestershire: new concerns and step up on an open case', () => {
  it('opens the three-day meeting, decided with the line manager', () => {
    const t = transition(workflow('worcestershire', 'early-help-episode'), 'new-concerns-taf');
    const result = plan(
      'worcestershire',
      'early-help-episode',
      'taf-plan',
      t.id,
      ['practitioner'],
      factsMeeting(t),
    );
    expect(result).toMatchObject({
      ok: true,
      to: 'taf-plan',
      awaitsAuthorisation: true,
      opens: [{ timescaleId: 'new-concerns-meeting', due: '2026-03-02+3calendar-days' }],
    });
    const review = transition(
      workflow('worcestershire', 'early-help-episode'),
      'review-continue-taf',
    );
    expect(review.closesDeadlines).toContain('new-concerns-meeting');
  });

  it('opens the 24-hour step up conversation; the plan continues if level 4 is not agreed', () => {
    const w = workflow('worcestershire', 'early-help-episode');
    const request = transition(w, 'request-step-up-conversation-single-agency');
    expect(
      plan(
        'worcestershire',
        'early-help-episode',
        'single-agency-plan',
        request.id,
        ['team-manager'],
        factsMeeting(request),
      ),
    ).toMatchObject({
      ok: true,
      opens: [{ timescaleId: 'step-up-conversation', due: '2026-03-02+24hours' }],
    });
    const notAgreed = transition(w, 'step-up-not-agreed-single-agency');
    expect(notAgreed.to).toBe('single-agency-plan');
    expect(notAgreed.requires.map((r) => r.field)).toEqual(['rationale', 'caseDiscussionDate']);
    expect(notAgreed.closesDeadlines).toEqual(['step-up-conversation']);
  });
});

// --------------------------------------------------------------------------------------------
// Panels: [pack, id, every, unit, weekday of the anchor, roles that coordinate].
// --------------------------------------------------------------------------------------------
const PANELS = [
  // Stockport 001 "How levels of need are met": "The Early Help Hub meets weekly"; business
  // support shares its outcome. No weekday given: a Monday placeholder.
  [
    'stockport',
    'stk-early-help-hub',
    1,
    'weeks',
    ['lead-professional', 'team-manager', 'business-support'],
  ],
  // Walsall 002 "Locality Panels process": "Each locality panel sits every 4 weeks".
  [
    'walsall',
    'wal-locality-panel',
    4,
    'weeks',
    ['lead-professional', 'team-manager', 'practitioner', 'social-worker'],
  ],
  // Peterborough 003 section 2: the MASG; no cadence given, monthly placeholder.
  ['peterborough', 'pet-masg', 1, 'months', ['social-worker', 'lead-professional', 'team-manager']],
] as const;

describe('panels', () => {
  it.each(PANELS)('%s %s meets every %s %s', (id, panelId, every, unit, roles) => {
    const panel = pack(id).panels.find((p) => p.id === panelId);
    expect(panel?.cadence.every).toBe(every);
    expect(panel?.cadence.unit).toBe(unit);
    expect(panel?.coordinatedBy).toEqual(roles);
    // A Monday in January 2026: the seeds give no meeting day.
    expect(panel?.cadence.anchor).toBe('2026-01-05');
    expect(new Date(`${panel?.cadence.anchor ?? ''}T12:00:00Z`).getUTCDay()).toBe(1);
    expect(OWN_SOURCE[id]).toContain(panel?.citation.source);
  });

  it('gives Worcestershire and the national pack no panel', () => {
    expect(pack('worcestershire').panels).toEqual([]);
    expect(pack('national').panels).toEqual([]);
  });
});
