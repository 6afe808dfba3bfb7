import { describe, expect, it } from 'vitest';
import { GUARDS, type JourneyFacts } from './guards.js';

const base: JourneyFacts = {
  today: '2026-11-23',
  level: null,
  consents: [],
  leadProfessional: null,
  events: [],
  payload: {},
};
const run = (
  name: string,
  facts: Partial<JourneyFacts>,
  params: Record<string, string | number | boolean | string[]> = {},
) => {
  const fn = GUARDS[name];
  if (!fn) throw new Error(`no guard ${name}`);
  return fn({ ...base, ...facts }, params);
};

describe('guards', () => {
  it('consentOrReasonNotSought accepts "not sought" only with a reason and who was consulted', () => {
    // Stockport 001 and Worcestershire 004 §4: record why consent was not sought, after consulting a manager or safeguarding lead.
    const notSought = {
      purpose: 'front-door-referral' as const,
      decision: 'not-sought' as const,
      givenBy: null,
      recordedOn: '2026-11-23',
      expiresOn: null,
    };
    expect(
      run(
        'consentOrReasonNotSought',
        {
          consents: [
            { ...notSought, notSoughtReason: 'Risk of significant harm', consulted: null },
          ],
        },
        { purpose: 'front-door-referral' },
      ),
    ).toMatch(/who was consulted/);
    expect(
      run(
        'consentOrReasonNotSought',
        {
          consents: [
            { ...notSought, notSoughtReason: 'Risk of significant harm', consulted: 'DSL' },
          ],
        },
        { purpose: 'front-door-referral' },
      ),
    ).toBeNull();
  });

  it('consentOrReasonNotSought lets a refusal through only where the rule allows it (a CP referral still goes ahead)', () => {
    // Worcestershire 004 §4: the information must still be shared despite consent being refused.
    const refused = [
      {
        purpose: 'front-door-referral' as const,
        decision: 'refused' as const,
        givenBy: 'parent-with-pr' as const,
        recordedOn: '2026-11-23',
        expiresOn: null,
        notSoughtReason: null,
        consulted: null,
      },
    ];
    expect(
      run('consentOrReasonNotSought', { consents: refused }, { purpose: 'front-door-referral' }),
    ).not.toBeNull();
    expect(
      run(
        'consentOrReasonNotSought',
        { consents: refused },
        { purpose: 'front-door-referral', refusalAllowed: true },
      ),
    ).toBeNull();
  });

  it('consentRecorded treats consent withdrawn on the day it was given as withdrawn (newest first)', () => {
    // Consent can be withdrawn at any time (001 "Consent"); the shell passes decisions newest first.
    const day = '2026-11-23';
    const row = {
      purpose: 'early-help' as const,
      givenBy: 'parent-with-pr' as const,
      recordedOn: day,
      expiresOn: null,
      notSoughtReason: null,
      consulted: null,
    };
    const consents = [
      { ...row, decision: 'withdrawn' as const },
      { ...row, decision: 'given' as const },
    ];
    expect(run('consentRecorded', { consents }, { purpose: 'early-help' })).toMatch(/withdrawn/);
  });

  it('leadProfessionalNamed needs a name and an agency', () => {
    expect(
      run('leadProfessionalNamed', { payload: { leadProfessionalName: 'Lee (demo)' } }),
    ).toMatch(/agency/);
    expect(
      run('leadProfessionalNamed', {
        payload: { leadProfessionalName: 'Lee (demo)', leadProfessionalAgency: 'School' },
      }),
    ).toBeNull();
    expect(
      run('leadProfessionalNamed', { leadProfessional: { name: 'Lee', agency: 'Early help' } }),
    ).toBeNull();
  });

  it('levelIn checks the level recorded on the work', () => {
    // Stockport 001: levels 2–3 → a lead professional; level 4 → C&F assessment or s47.
    expect(run('levelIn', { level: 3 }, { levels: ['2', '3'] })).toBeNull();
    expect(run('levelIn', { level: 4 }, { levels: ['2', '3'] })).toMatch(/level 2 or 3/);
  });

  it('eventHappened can require an event after another (at least one CIN review after the CP plan ended)', () => {
    // Walsall 002: CP → CIN first; to early help only after at least one CIN review confirms the change.
    const params = { event: 'cin-review-held', after: 'cp-plan-ended', label: 'A CIN review' };
    expect(
      run(
        'eventHappened',
        {
          events: [
            { id: 'cin-review-held', on: '2026-01-01' },
            { id: 'cp-plan-ended', on: '2026-02-01' },
          ],
        },
        params,
      ),
    ).toMatch(/since cp-plan-ended/);
    expect(
      run(
        'eventHappened',
        {
          events: [
            { id: 'cp-plan-ended', on: '2026-02-01' },
            { id: 'cin-review-held', on: '2026-03-01' },
          ],
        },
        params,
      ),
    ).toBeNull();
  });
});

describe('fieldAtMost and fieldOneOf', () => {
  const base = {
    today: '2026-03-02',
    level: null,
    consents: [],
    leadProfessional: null,
    events: [],
  } as const;
  const at = (payload: Record<string, unknown>) => ({ ...base, payload });

  // Walsall 002 "stepping down from Children with Disability Team": "an ongoing low level Buddy
  // package (6 hours/week or less)".
  it('accepts a number up to the maximum and refuses more, a missing or a non-number', () => {
    const g = GUARDS.fieldAtMost;
    const p = { field: 'hours', max: 6, label: 'The buddy package hours a week' };
    expect(g?.(at({ hours: 6 }), p)).toBeNull();
    expect(g?.(at({ hours: '4.5' }), p)).toBeNull();
    expect(g?.(at({ hours: 7 }), p)).toBe('The buddy package hours a week is 7, more than 6');
    expect(g?.(at({}), p)).toBe('The buddy package hours a week is not given');
    expect(g?.(at({ hours: 'six' }), p)).toBe('The buddy package hours a week must be a number');
  });

  // Working Together 2023 chapter 3: the ICPC decides the category of abuse.
  it('accepts only the listed values', () => {
    const g = GUARDS.fieldOneOf;
    const p = { field: 'category', values: ['neglect', 'physical'], label: 'The category' };
    expect(g?.(at({ category: 'neglect' }), p)).toBeNull();
    expect(g?.(at({ category: 'other' }), p)).toBe(
      'The category must be one of neglect, physical, not "other"',
    );
    expect(g?.(at({}), p)).toBe('The category must be one of neglect, physical');
  });

  it('consent guards on work about several children hold only when they hold for each child, and name the child they fail for', () => {
    // Stockport 001: the EHA is a whole-family assessment; each child's consent is their own.
    const decision = (
      childId: string,
      d: 'given' | 'refused' | 'withdrawn',
      recordedOn = '2026-11-20',
    ) => ({
      purpose: 'early-help' as const,
      decision: d,
      givenBy: 'parent-with-pr' as const,
      recordedOn,
      expiresOn: null,
      notSoughtReason: null,
      consulted: null,
      childId,
    });
    const children = [
      { id: 'maisie', name: 'Maisie' },
      { id: 'alfie', name: 'Alfie' },
    ];
    const params = { purpose: 'early-help' };
    const both = [decision('maisie', 'given'), decision('alfie', 'given')];
    expect(run('consentRecorded', { consents: both, children }, params)).toBeNull();
    // Only Maisie's consent is held: Alfie's is missing, and the refusal says so by name.
    expect(
      run('consentRecorded', { consents: [decision('maisie', 'given')], children }, params),
    ).toBe(
      'for Alfie: no live consent for early-help from a parent with parental responsibility or the young person',
    );
    // A later "given" for one child does not hide the other child's withdrawal, as it would if
    // the decisions were read as one list.
    const mixed = [decision('maisie', 'given', '2026-11-22'), decision('alfie', 'withdrawn')];
    expect(run('consentRecorded', { consents: mixed }, params)).toBeNull();
    expect(run('consentRecorded', { consents: mixed, children }, params)).toBe(
      'for Alfie: consent for early-help was withdrawn',
    );
    expect(run('consentNotRefused', { consents: mixed, children }, params)).toBe(
      'for Alfie: the family withdrew consent for early-help',
    );
    expect(
      run('consentOrReasonNotSought', { consents: [decision('alfie', 'given')], children }, params),
    ).toBe('for Maisie: consent for early-help is needed, or a record of why it was not sought');
    // One child named: read as before.
    expect(
      run(
        'consentRecorded',
        { consents: [decision('maisie', 'given')], children: children.slice(0, 1) },
        params,
      ),
    ).toBeNull();
  });

  it('consentRecorded with several purposes passes on a live consent to any one of them', () => {
    // Peterborough 003 §1: consent "to the safeguarding referral and /or ... to Early Help support".
    const consent = (
      purpose: 'front-door-referral' | 'early-help',
      decision: 'given' | 'refused',
    ) => ({
      purpose,
      decision,
      givenBy: 'parent-with-pr' as const,
      recordedOn: '2026-11-20',
      expiresOn: null,
      notSoughtReason: null,
      consulted: null,
    });
    const either = { purposes: ['front-door-referral', 'early-help'] };
    expect(
      run('consentRecorded', { consents: [consent('front-door-referral', 'given')] }, either),
    ).toBeNull();
    expect(
      run('consentRecorded', { consents: [consent('early-help', 'given')] }, either),
    ).toBeNull();
    expect(run('consentRecorded', { consents: [] }, either)).toBe(
      'no live consent for front-door-referral from a parent with parental responsibility or the young person; and no live consent for early-help from a parent with parental responsibility or the young person',
    );
    expect(
      run(
        'consentRecorded',
        { consents: [consent('front-door-referral', 'refused'), consent('early-help', 'refused')] },
        either,
      ),
    ).toBe('consent for front-door-referral was refused; and consent for early-help was refused');
    // One purpose still reads as before.
    expect(
      run(
        'consentRecorded',
        { consents: [consent('front-door-referral', 'given')] },
        { purpose: 'early-help' },
      ),
    ).toMatch(/no live consent for early-help/);
  });

  it('consentNotRefused refuses only a refusal or withdrawal, the newest decision counting', () => {
    // Stockport 001 (Step up from universal to early help) and 000 Annex (iii).
    const c = (decision: 'given' | 'refused' | 'withdrawn', recordedOn: string) => ({
      purpose: 'early-help' as const,
      decision,
      givenBy: 'parent-with-pr' as const,
      recordedOn,
      expiresOn: null,
      notSoughtReason: null,
      consulted: null,
    });
    const p = { purpose: 'early-help' };
    expect(run('consentNotRefused', { consents: [] }, p)).toBeNull();
    expect(run('consentNotRefused', { consents: [c('given', '2026-11-01')] }, p)).toBeNull();
    expect(run('consentNotRefused', { consents: [c('refused', '2026-11-01')] }, p)).toBe(
      'the family refused consent for early-help',
    );
    expect(
      run(
        'consentNotRefused',
        { consents: [c('withdrawn', '2026-11-02'), c('given', '2026-11-01')] },
        p,
      ),
    ).toBe('the family withdrew consent for early-help');
    // Refused, then given later: the later decision stands.
    expect(
      run(
        'consentNotRefused',
        { consents: [c('given', '2026-11-05'), c('refused', '2026-11-01')] },
        p,
      ),
    ).toBeNull();
    // Another purpose's refusal does not count.
    expect(
      run(
        'consentNotRefused',
        { consents: [{ ...c('refused', '2026-11-01'), purpose: 'information-sharing' }] },
        p,
      ),
    ).toBeNull();
  });

  it('dateWithin takes a real date from the day of the step to the limit, and nothing else', () => {
    // Stockport 001, Step Down from a Child Protection Plan: "within 4 weeks".
    const p = { field: 'nextTacMeeting', amount: 4, unit: 'weeks', label: 'The next TAC meeting' };
    const on = (v: unknown) =>
      run('dateWithin', { today: '2026-11-23', payload: { nextTacMeeting: v } }, p);
    expect(on('2026-11-23')).toBeNull();
    expect(on('2026-12-21')).toBeNull(); // 28 days later
    expect(on('2026-12-22')).toBe(
      'The next TAC meeting (2026-12-22) is after 2026-12-21, 4 weeks from 2026-11-23',
    );
    expect(on('2026-11-22')).toBe(
      'The next TAC meeting (2026-11-22) is before 2026-11-23, the day of this step',
    );
    expect(on('2026-02-30')).toBe(
      'The next TAC meeting must be a date like 2026-03-23, not "2026-02-30"',
    );
    expect(on('next Tuesday')).toMatch(/must be a date/);
    // Recorded later (issue 12 §2): the window counts from the day the step happened.
    const heldOn = (v: unknown) =>
      run(
        'dateWithin',
        { today: '2026-11-30', stepDay: '2026-11-23', payload: { nextTacMeeting: v } },
        p,
      );
    expect(heldOn('2026-12-21')).toBeNull();
    expect(heldOn('2026-12-22')).toMatch(/4 weeks from 2026-11-23/);
    expect(heldOn('2026-11-24')).toBeNull(); // before the day it was recorded, after the step
    expect(on(undefined)).toBe('The next TAC meeting is not given');
    expect(on('  ')).toBe('The next TAC meeting is not given');
    // Calendar days and months count on the calendar too.
    expect(
      run(
        'dateWithin',
        { today: '2026-01-31', payload: { d: '2026-02-28' } },
        { field: 'd', amount: 1, unit: 'months' },
      ),
    ).toBeNull();
    expect(
      run(
        'dateWithin',
        { today: '2026-01-31', payload: { d: '2026-03-01' } },
        { field: 'd', amount: 1, unit: 'months' },
      ),
    ).toMatch(/after 2026-02-28/);
    expect(
      run(
        'dateWithin',
        { payload: { d: '2026-11-24' } },
        { field: 'd', amount: 3, unit: 'working-days' },
      ),
    ).toMatch(/calendar-days, weeks or months, not 3 working-days/);
    expect(
      run(
        'dateWithin',
        { today: '2026-12-24', payload: { d: '2026-12-27' } },
        { field: 'd', amount: 3, unit: 'calendar-days' },
      ),
    ).toBeNull();
  });
});
