import { describe, expect, it } from 'vitest';
import type { Actor, AgencyKind, Role } from './roles.js';
import { childRelationships, decideChildAccess } from './child-access-policy.js';

const actor = (agencyKind: AgencyKind, ...roles: Role[]): Actor => ({
  userId: 'u',
  username: 'u',
  displayName: 'U',
  agencyId: 'a',
  agencyKind,
  roles,
});

describe('decideChildAccess', () => {
  it('lets a partner read and write only children they work with, referred, or reached by break-glass', () => {
    const teacher = actor('school', 'practitioner');
    for (const rel of childRelationships) {
      expect(decideChildAccess(teacher, rel, 'read').allowed, rel).toBe(rel !== 'none');
      expect(decideChildAccess(teacher, rel, 'write').allowed, rel).toBe(rel !== 'none');
    }
  });

  it('lets the front door and social care see every child (statutory function)', () => {
    for (const role of ['front-door-worker', 'social-worker', 'team-manager'] as const) {
      expect(decideChildAccess(actor('childrens-social-care', role), 'none', 'read').allowed).toBe(
        true,
      );
    }
    // …but not a team manager in a school.
    expect(decideChildAccess(actor('school', 'team-manager'), 'none', 'read').allowed).toBe(false);
  });

  it('keeps administrators out of children’s records and lets auditors read only', () => {
    expect(
      decideChildAccess(actor('childrens-social-care', 'administrator'), 'none', 'read').allowed,
    ).toBe(false);
    expect(
      decideChildAccess(actor('childrens-social-care', 'auditor'), 'none', 'read').allowed,
    ).toBe(true);
    expect(
      decideChildAccess(actor('childrens-social-care', 'auditor'), 'none', 'write').allowed,
    ).toBe(false);
  });

  it('allows merging duplicates only to a team manager', () => {
    expect(
      decideChildAccess(actor('childrens-social-care', 'team-manager'), 'none', 'merge').allowed,
    ).toBe(true);
    expect(
      decideChildAccess(actor('childrens-social-care', 'social-worker'), 'none', 'merge').allowed,
    ).toBe(false);
  });

  it('limits business support to their own agency’s children', () => {
    const support = actor('school', 'business-support');
    expect(decideChildAccess(support, 'team', 'read').allowed).toBe(true);
    expect(decideChildAccess(support, 'referrer', 'read').allowed).toBe(false);
    expect(decideChildAccess(support, 'team', 'break-glass').allowed).toBe(false);
    expect(decideChildAccess(support, 'team', 'write').allowed).toBe(true);
    // Found by the access matrix: business support could write where they could not read.
    expect(decideChildAccess(support, 'referrer', 'write').allowed).toBe(false);
    expect(decideChildAccess(support, 'break-glass', 'write').allowed).toBe(false);
  });
});
