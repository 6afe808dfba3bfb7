import { describe, expect, it } from 'vitest';
import { cin, cite } from './step-effects-testing.js';
import {
  authorisationScope,
  followOnLead,
  isConsentLive,
  mayAuthorise,
  refusalError,
} from './step-rules.js';

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
