import { describe, expect, it } from 'vitest';
import { agencyKinds, roles, type Actor, type AgencyKind, type Role } from './roles.js';
import {
  childRelationships,
  decideChildAccess,
  readableRelationships,
} from './child-access-policy.js';

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

  it('does not let emergency access count towards a merge (issue 13 item 2)', () => {
    const manager = actor('early-help', 'team-manager');
    expect(decideChildAccess(manager, 'break-glass', 'merge').allowed).toBe(false);
    expect(decideChildAccess(manager, 'none', 'merge').allowed).toBe(false);
    expect(decideChildAccess(manager, 'team', 'merge').allowed).toBe(true);
    // A team manager who may not read through a referral may not merge through one either.
    expect(decideChildAccess(actor('school', 'team-manager'), 'referrer', 'merge').allowed).toBe(
      true,
    );
  });

  it('gives lists the relationships a single read allows, closed upwards for every actor', () => {
    // Every agency kind with every one or two roles (and none): the list filter ORs the allowed
    // relationships, which equals deciding on the strongest only if the set is closed upwards.
    const roleSets: Role[][] = [[], ...roles.map((r) => [r])];
    for (const a of roles) for (const b of roles) if (a < b) roleSets.push([a, b]);
    let checked = 0;
    for (const kind of agencyKinds)
      for (const set of roleSets) {
        const who = actor(kind, ...set);
        const readable = readableRelationships(who);
        for (const rel of childRelationships) {
          const single = decideChildAccess(who, rel, 'read').allowed;
          expect(
            readable === 'every' || readable.includes(rel),
            `${kind} ${set.join('+')} ${rel}`,
          ).toBe(single);
        }
        if (readable !== 'every') {
          const weakest = Math.max(-1, ...readable.map((r) => childRelationships.indexOf(r)));
          expect(readable.length, `${kind} ${set.join('+')}`).toBe(weakest + 1);
        }
        checked++;
      }
    expect(checked).toBe(
      agencyKinds.length * (1 + roles.length + (roles.length * (roles.length - 1)) / 2),
    );
  });

  it('names the readable relationships for the roles lists leaked to (issue 13 item 8)', () => {
    expect(readableRelationships(actor('childrens-social-care', 'administrator'))).toEqual([]);
    expect(readableRelationships(actor('childrens-social-care', 'business-support'))).toEqual([
      'involved',
      'team',
    ]);
    expect(readableRelationships(actor('childrens-social-care', 'front-door-worker'))).toBe(
      'every',
    );
    expect(readableRelationships(actor('early-help', 'lead-professional'))).toEqual([
      'involved',
      'team',
      'referrer',
      'break-glass',
    ]);
  });
});
