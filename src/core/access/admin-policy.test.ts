import { describe, expect, it } from 'vitest';
import {
  decideAdministration,
  decideGrantApproval,
  grantNeedsApproval,
  roles,
  type Actor,
  type Role,
} from './index.js';

const actor = (userId: string, ...r: Role[]): Actor => ({
  userId,
  username: userId,
  displayName: userId,
  agencyId: 'agency',
  agencyKind: 'childrens-social-care',
  roles: r,
});

describe('administration policy', () => {
  it('lets only administrators administer', () => {
    for (const role of roles)
      expect(decideAdministration(actor('a', role)).allowed).toBe(role === 'administrator');
  });

  it('holds every role that opens a child record for a second administrator', () => {
    const held = roles.filter(grantNeedsApproval);
    expect(held).toEqual([
      'practitioner',
      'designated-safeguarding-lead',
      'front-door-worker',
      'team-manager',
      'social-worker',
      'lead-professional',
      'business-support',
    ]);
  });

  it('refuses an administrator approving their own request or a role for themselves', () => {
    const one = actor('one', 'administrator');
    const two = actor('two', 'administrator');
    expect(decideGrantApproval(one, { userId: 'x', requestedBy: 'one' })).toEqual({
      allowed: false,
      reason: 'a second administrator must approve a practice role you asked for',
    });
    expect(decideGrantApproval(one, { userId: 'one', requestedBy: 'two' }).allowed).toBe(false);
    expect(decideGrantApproval(two, { userId: 'x', requestedBy: 'one' }).allowed).toBe(true);
    expect(decideGrantApproval(two, { userId: 'x', requestedBy: null }).allowed).toBe(true);
    expect(
      decideGrantApproval(actor('tm', 'team-manager'), { userId: 'x', requestedBy: 'one' }).allowed,
    ).toBe(false);
  });
});
