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
});
