import { describe, expect, it } from 'vitest';
import { applyDeadline, createWorkingCalendar, type WorkingCalendar } from '../calendar/index.js';
import { planTransition, type DueDateFn } from './journey-engine.js';
import type { JourneyFacts } from './guards.js';
import type { WorkSnapshot } from './step-effect-types.js';
import { appliedStepEffects } from './step-effects.js';
import {
  deadlineMissed,
  happenedBefore,
  isOccurredAt,
  opensHourTimescale,
  whenItHappened,
} from './when-it-happened.js';
import { deadlineRuleSchema, timescaleSchema, workflowSchema } from './workflow-schema.js';

// England & Wales bank holidays, 2026 and 2027 (https://www.gov.uk/bank-holidays).
const cal: WorkingCalendar = createWorkingCalendar({
  holidays: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28', // Boxing Day (substitute day)
    '2027-01-01',
    '2027-03-26', // Good Friday
    '2027-03-29', // Easter Monday
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
  covers: { from: '2026-01-01', to: '2027-12-31' },
});
/** The shell's due-date function, over the calendar above (hours count real hours). */
const due: DueDateFn = (rule, from) =>
  rule.unit === 'hours'
    ? new Date(Date.parse(from) + rule.amount * 3_600_000).toISOString()
    : applyDeadline(cal, from.slice(0, 10), {
        unit: rule.unit,
        amount: rule.amount,
        dueOnClosedDay: rule.dueOnClosedDay,
      });

const wt = { source: 'wt2023', section: 'Chapter 3: initial child protection conferences' };
const stockport001 = {
  source: 'stk-step-up-step-down',
  section: 'Step up from early help to social care',
  quote:
    'The Initial Child Protection Conference will be convened and take place in 15 working days of the strategy discussion taking place',
};
const timescales = new Map(
  [
    timescaleSchema.parse({
      id: 'icpc',
      name: 'Initial child protection conference',
      rule: { unit: 'working-days', amount: 15 },
      text: 'Within 15 working days of the strategy discussion',
      citation: stockport001,
    }),
    timescaleSchema.parse({
      id: 'new-concerns-meeting',
      name: 'Early help meeting on new concerns',
      rule: { unit: 'calendar-days', amount: 3, dueOnClosedDay: 'next-working-day' },
      text: 'Within three days',
      citation: {
        source: 'wor-levels-of-need-2019',
        section: 'Appendix 6: Case Remains at Current Level',
        quote: 'within three days to address new concerns',
      },
    }),
    timescaleSchema.parse({
      id: 'ehh-review',
      name: 'Early Help Hub review',
      rule: { unit: 'hours', amount: 24 },
      text: 'Within 24 hours of receipt',
      citation: { source: 'pet-stepping-down', section: '1' },
    }),
  ].map((t) => [t.id, t] as const),
);

const s47 = workflowSchema.parse({
  id: 's47',
  name: 'Section 47 enquiries',
  initial: 'strategy-discussion-due',
  citation: { source: 'ca1989', section: 's47' },
  states: [
    { id: 'strategy-discussion-due', name: 'Strategy discussion to be held' },
    { id: 'enquiries', name: 'Enquiries' },
    { id: 'icpc-due', name: 'ICPC to be held' },
  ],
  transitions: [
    {
      id: 'hold-strategy-discussion',
      name: 'Record the strategy discussion',
      from: ['strategy-discussion-due'],
      to: 'enquiries',
      requestedBy: ['social-worker'],
      authorisedBy: ['team-manager'],
      guards: [
        {
          guard: 'fieldOneOf',
          params: { field: 'decision', values: ['s47'], label: 'The decision' },
          text: 'The strategy discussion decides to start s47 enquiries',
          citation: { source: 'wt2023', section: 'Chapter 3: strategy discussion' },
        },
      ],
      opensDeadlines: ['icpc'],
      citation: { source: 'wt2023', section: 'Chapter 3: strategy discussion' },
    },
    {
      id: 'hold-icpc',
      name: 'Hold the ICPC',
      from: ['enquiries'],
      to: 'icpc-due',
      requestedBy: ['social-worker'],
      closesDeadlines: ['icpc'],
      citation: wt,
    },
  ],
});

const facts: JourneyFacts = {
  today: '2026-12-21',
  level: 4,
  consents: [],
  leadProfessional: null,
  events: [],
  payload: { decision: 's47' },
};

function icpcDueFrom(at: string): string {
  const plan = planTransition(
    s47,
    'strategy-discussion-due',
    { transitionId: 'hold-strategy-discussion', actorRoles: ['team-manager'], at, facts },
    timescales,
    due,
  );
  if (!plan.ok) throw new Error(plan.message);
  return plan.opens[0]?.due ?? '';
}

describe('deadlines count from when the step happened, across Christmas 2026 and Easter 2027', () => {
  it('Stockport 001: the ICPC is 15 working days from the strategy discussion, over Christmas and New Year', () => {
    // Held Thursday 17 December 2026. Not counted: 25 and 28 December (Boxing Day substitute),
    // 1 January, and the weekends. 15th working day: Tuesday 12 January 2027.
    expect(icpcDueFrom('2026-12-17')).toBe('2027-01-12');
    // Counted from a manager's sign-off on 23 December, it would be 18 January: the bug the
    // review found. The engine counts from the `at` it is given, so the shell must give it the
    // day the discussion was held (the int test checks the tray does).
    expect(icpcDueFrom('2026-12-23T16:00:00.000Z')).toBe('2027-01-18');
  });

  it('the ICPC across Easter 2027: Good Friday and Easter Monday are not working days', () => {
    // Held Monday 15 March 2027: 16–19 (4), 22–25 (8), 30 March–2 April (12), 5–7 April (15).
    expect(icpcDueFrom('2027-03-15')).toBe('2027-04-07');
  });

  it('"within three days" counts calendar days and moves a due date off a bank holiday or weekend', () => {
    const rule = deadlineRuleSchema.parse({
      unit: 'calendar-days',
      amount: 3,
      dueOnClosedDay: 'next-working-day',
    });
    // Tuesday 22 December 2026 + 3 = Christmas Day; 26/27 weekend, 28 substitute: Tuesday 29.
    expect(due(rule, '2026-12-22')).toBe('2026-12-29');
    // Tuesday 23 March 2027 + 3 = Good Friday; weekend; Easter Monday: Tuesday 30 March.
    expect(due(rule, '2027-03-23')).toBe('2027-03-30');
    // Wednesday 9 December 2026 + 3 = Saturday: Monday 14 December.
    expect(due(rule, '2026-12-09')).toBe('2026-12-14');
    // A due date on a working day stays: Monday 7 December + 3 = Thursday 10 December.
    expect(due(rule, '2026-12-07')).toBe('2026-12-10');
    // The same count, as-counted, keeps Christmas Day (a statutory limit is not extended).
    expect(due({ unit: 'calendar-days', amount: 3 }, '2026-12-22')).toBe('2026-12-25');
    expect(due({ ...rule, dueOnClosedDay: 'as-counted' }, '2027-03-23')).toBe('2027-03-26');
  });

  it('the pack may say next-working-day only of calendar-counted timescales', () => {
    const bad = deadlineRuleSchema.safeParse({
      unit: 'working-days',
      amount: 3,
      dueOnClosedDay: 'next-working-day',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['dueOnClosedDay']);
    expect(
      deadlineRuleSchema.safeParse({ unit: 'weeks', amount: 4, dueOnClosedDay: 'next-working-day' })
        .success,
    ).toBe(true);
  });
});

describe('when it happened: the moment a step counts from, or why the date cannot be right', () => {
  const now = '2026-12-09T15:30:00.000Z';
  const base = {
    now,
    workBegan: '2026-12-01T09:00:00.000Z',
    previousStep: '2026-12-03',
    opensHours: false,
  };

  it('no date, or today, is now; an earlier day is that day; a time is kept (in UTC)', () => {
    expect(whenItHappened({ ...base, occurredAt: undefined })).toEqual({ ok: true, at: now });
    expect(whenItHappened({ ...base, occurredAt: '2026-12-09' })).toEqual({ ok: true, at: now });
    expect(whenItHappened({ ...base, occurredAt: '2026-12-07' })).toEqual({
      ok: true,
      at: '2026-12-07',
    });
    expect(whenItHappened({ ...base, occurredAt: '2026-12-07T10:15+01:00' })).toEqual({
      ok: true,
      at: '2026-12-07T09:15:00.000Z',
    });
  });

  it('refuses a day in the future, and a time later today', () => {
    for (const occurredAt of ['2026-12-10', '2026-12-09T16:00:00Z', '2027-01-04']) {
      const r = whenItHappened({ ...base, occurredAt });
      expect(r.ok ? null : r.code, occurredAt).toBe('BATON_OCCURRED_IN_FUTURE');
    }
  });

  it('refuses a day before the work began', () => {
    const r = whenItHappened({ ...base, previousStep: null, occurredAt: '2026-11-30' });
    expect(r).toMatchObject({ ok: false, code: 'BATON_OCCURRED_BEFORE_WORK_BEGAN' });
    expect(r.ok ? '' : r.message).toContain('1 December 2026');
    // The day the work began is fine, whatever time it was opened.
    expect(whenItHappened({ ...base, previousStep: null, occurredAt: '2026-12-01' }).ok).toBe(true);
  });

  it('refuses a day before the step it follows', () => {
    const r = whenItHappened({ ...base, occurredAt: '2026-12-02' });
    expect(r).toMatchObject({ ok: false, code: 'BATON_OCCURRED_BEFORE_PREVIOUS_STEP' });
    expect(whenItHappened({ ...base, occurredAt: '2026-12-03' }).ok).toBe(true);
    // Two times on one day are compared to the minute.
    const timed = whenItHappened({
      ...base,
      previousStep: '2026-12-08T11:00:00.000Z',
      occurredAt: '2026-12-08T10:59:00Z',
    });
    expect(timed).toMatchObject({ ok: false, code: 'BATON_OCCURRED_BEFORE_PREVIOUS_STEP' });
  });

  it('a step opening an hours timescale needs the time when it happened on an earlier day', () => {
    expect(whenItHappened({ ...base, opensHours: true, occurredAt: '2026-12-08' })).toMatchObject({
      ok: false,
      code: 'BATON_OCCURRED_TIME_NEEDED',
    });
    expect(
      whenItHappened({ ...base, opensHours: true, occurredAt: '2026-12-08T09:00:00Z' }).ok,
    ).toBe(true);
    expect(whenItHappened({ ...base, opensHours: true, occurredAt: '2026-12-09' }).ok).toBe(true);
  });

  it('refuses what is not a date: the wrong form, or a day that does not exist', () => {
    for (const occurredAt of ['7/12/2026', '2026-02-30', '2026-12-07T10:00', 'yesterday']) {
      expect(isOccurredAt(occurredAt), occurredAt).toBe(false);
      expect(whenItHappened({ ...base, occurredAt })).toMatchObject({ code: 'BATON_VALIDATION' });
    }
  });

  it('a day is not before a time on that day; a deadline met after its due date was missed', () => {
    expect(happenedBefore('2026-12-07', '2026-12-07T09:00:00Z')).toBe(false);
    expect(happenedBefore('2026-12-06', '2026-12-07T09:00:00Z')).toBe(true);
    expect(deadlineMissed('2026-12-10', '2026-12-10', '2026-12-20')).toBe(false);
    expect(deadlineMissed('2026-12-10', '2026-12-11T08:00:00Z', '2026-12-20')).toBe(true);
    expect(deadlineMissed('2026-12-10', null, '2026-12-11')).toBe(true);
  });

  it('knows which steps open a timescale in hours', () => {
    const [strategy] = s47.transitions;
    if (!strategy) throw new Error('fixture');
    expect(opensHourTimescale(strategy, timescales, new Map())).toBe(false);
    expect(
      opensHourTimescale({ ...strategy, opensDeadlines: ['ehh-review'] }, timescales, new Map()),
    ).toBe(true);
  });
});

describe('a step recorded late and authorised later still dates from when it happened', () => {
  const work: WorkSnapshot = {
    id: 'w1',
    workflowId: 's47',
    subjectId: 'c1',
    childIds: ['c1'],
    level: 4,
    ownerAgencyId: 'sc',
    leadProfessional: null,
    referrerUserId: null,
  };

  it('the event, the deadlines opened and the deadlines met date from when it happened', () => {
    const held = '2026-12-07';
    const authorised = '2026-12-18T10:00:00.000Z';
    const plan = planTransition(
      s47,
      'strategy-discussion-due',
      { transitionId: 'hold-strategy-discussion', actorRoles: ['team-manager'], at: held, facts },
      timescales,
      due,
    );
    if (!plan.ok) throw new Error(plan.message);
    const effects = appliedStepEffects(
      s47,
      plan,
      work,
      {},
      {
        at: authorised,
        occurredAt: held,
        agencyOfKind: () => null,
        namedLeadAgencyId: null,
      },
    );
    expect(effects.find((e) => e.kind === 'set-state')).toMatchObject({
      event: { id: 'hold-strategy-discussion', on: held },
    });
    // Monday 7 December + 15 working days, skipping 25 and 28 December: Wednesday 30 December
    // (counted from the authorisation on 18 December it would be 13 January 2027).
    expect(effects.find((e) => e.kind === 'open-deadlines')).toMatchObject({
      deadlines: [{ timescaleId: 'icpc', due: '2026-12-30' }],
    });
    const icpc = planTransition(
      s47,
      'enquiries',
      { transitionId: 'hold-icpc', actorRoles: ['social-worker'], at: '2026-12-22', facts },
      timescales,
      due,
    );
    if (!icpc.ok) throw new Error(icpc.message);
    const closed = appliedStepEffects(
      s47,
      icpc,
      work,
      {},
      {
        at: '2027-01-05T09:00:00.000Z',
        occurredAt: '2026-12-22',
        agencyOfKind: () => null,
        namedLeadAgencyId: null,
      },
    );
    expect(closed.find((e) => e.kind === 'close-deadlines')).toMatchObject({
      timescaleIds: ['icpc'],
      at: '2026-12-22',
    });
  });

  it('every plan carries the citation of its step and of each guard it passed', () => {
    const plan = planTransition(
      s47,
      'strategy-discussion-due',
      {
        transitionId: 'hold-strategy-discussion',
        actorRoles: ['social-worker'],
        at: '2026-12-07',
        facts,
      },
      timescales,
      due,
    );
    expect(plan.ok && plan.citations).toEqual([
      {
        rule: 'step',
        text: 'Record the strategy discussion',
        citation: { source: 'wt2023', section: 'Chapter 3: strategy discussion' },
      },
      {
        rule: 'fieldOneOf',
        text: 'The strategy discussion decides to start s47 enquiries',
        citation: { source: 'wt2023', section: 'Chapter 3: strategy discussion' },
      },
    ]);
  });
});
