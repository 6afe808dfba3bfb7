/**
 * Access to a child's record: by agency, role and relationship to the child (issue 3, "involvement
 * drives access"). Partners see children they work with or referred; the local authority's
 * front door and social care see every child (their statutory function); break-glass access
 * for anyone else needs a reason, is time-limited and is flagged for review.
 */
import { practiceRoles, type Actor, type Role } from './roles.js';
import type { AccessDecision } from './access-policy.js';

/** How the actor stands to this child, strongest first. */
export const childRelationships = ['involved', 'team', 'referrer', 'break-glass', 'none'] as const;
export type ChildRelationship = (typeof childRelationships)[number];

export type ChildAction = 'read' | 'write' | 'merge' | 'break-glass';

const ALLOW: AccessDecision = { allowed: true };
const deny = (reason: string): AccessDecision => ({ allowed: false, reason });
const has = (actor: Actor, wanted: readonly Role[]): boolean =>
  actor.roles.some((r) => wanted.includes(r));

/** Local-authority roles whose statutory function covers every child in the area. */
const STATUTORY_ROLES: readonly Role[] = ['front-door-worker', 'social-worker', 'team-manager'];
const PRACTICE_ROLES = practiceRoles;

/** True for the front door and social care: they see every child. */
export function coversEveryChild(actor: Actor): boolean {
  return actor.agencyKind === 'childrens-social-care' && has(actor, STATUTORY_ROLES);
}

/** Decide whether `actor`, standing in `relationship` to a child, may take `action`. */
export function decideChildAccess(
  actor: Actor,
  relationship: ChildRelationship,
  action: ChildAction,
): AccessDecision {
  switch (action) {
    case 'merge':
      // Merging duplicate records is a team manager's decision (issue 3, person matching).
      if (!has(actor, ['team-manager'])) return deny('only a team manager may merge records');
      // A merge moves records between children, so it needs ordinary access to each: emergency
      // access must not be turned into lasting access through a merge (issue 13 item 2).
      if (relationship === 'break-glass')
        return deny('emergency access does not allow merging records');
      return decideChildAccess(actor, relationship, 'read').allowed
        ? ALLOW
        : deny('you may merge only records you may read');
    case 'break-glass':
      return has(actor, PRACTICE_ROLES) ? ALLOW : deny('your role cannot use emergency access');
    case 'read':
      if (has(actor, ['auditor'])) return ALLOW;
      if (coversEveryChild(actor)) return ALLOW;
      if (relationship === 'none')
        return deny(
          'you do not work with this child; use emergency access with a reason if you must',
        );
      if (has(actor, ['business-support']))
        return relationship === 'team' || relationship === 'involved'
          ? ALLOW
          : deny('business support sees only their own agency’s children');
      return has(actor, PRACTICE_ROLES)
        ? ALLOW
        : deny('your role does not read children’s records');
    case 'write':
      if (!has(actor, [...PRACTICE_ROLES, 'business-support']))
        return deny('your role does not change children’s records');
      if (coversEveryChild(actor)) return ALLOW;
      if (relationship === 'none') return deny('you do not work with this child');
      // As for reading: business support changes only their own agency's children's records.
      if (
        has(actor, ['business-support']) &&
        relationship !== 'team' &&
        relationship !== 'involved'
      )
        return deny('business support changes only their own agency’s children’s records');
      return ALLOW;
  }
}

/**
 * The relationships under which `actor` may read a child, for list queries: `'every'` when the
 * policy reads every child whatever the relationship. Lists build their SQL filter from this, so
 * a list shows exactly the children a single read allows (issue 13 item 8). A child is readable
 * when any relationship the actor holds is in the list: the same as deciding on the strongest,
 * because the allowed set is always closed upwards (checked for every role in the tests).
 */
export function readableRelationships(actor: Actor): 'every' | ChildRelationship[] {
  if (decideChildAccess(actor, 'none', 'read').allowed) return 'every';
  return childRelationships.filter((rel) => decideChildAccess(actor, rel, 'read').allowed);
}
