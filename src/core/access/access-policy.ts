/**
 * Who may do what: a pure decision over the actor and the resource (pattern: Medplum access
 * policies). Repositories call this before every read and write and audit the outcome.
 * Children's records arrive in a later issue and add relationship-to-the-child rules here.
 */
import { practiceRoles, type Actor, type Role } from './roles.js';

export type AccessRequest =
  | { action: 'threshold-check.create' }
  | { action: 'threshold-check.read'; createdBy: string; agencyId: string }
  | { action: 'threshold-check.judge'; createdBy: string }
  | { action: 'threshold-check.list-own' }
  | { action: 'audit.read' }
  | { action: 'returns.read' };

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: AccessDecision = { allowed: true };
const deny = (reason: string): AccessDecision => ({ allowed: false, reason });
const hasAny = (actor: Actor, wanted: readonly Role[]): boolean =>
  actor.roles.some((r) => wanted.includes(r));

/** Roles that oversee colleagues' decisions within their own agency. */
const SUPERVISORY: readonly Role[] = ['team-manager', 'designated-safeguarding-lead'];

/** Decide whether `actor` may make `request`. */
export function decideAccess(actor: Actor, request: AccessRequest): AccessDecision {
  switch (request.action) {
    case 'threshold-check.create':
    case 'threshold-check.list-own':
      // Any signed-in professional may run a check; business support and auditors do not make decisions.
      return hasAny(actor, ['business-support', 'auditor']) && !hasAny(actor, decisionRoles)
        ? deny('your role does not make levels-of-need decisions')
        : ALLOW;
    case 'threshold-check.read':
      if (request.createdBy === actor.userId) return ALLOW;
      if (hasAny(actor, ['auditor'])) return ALLOW;
      if (hasAny(actor, SUPERVISORY) && request.agencyId === actor.agencyId) return ALLOW;
      return deny('the check was made by someone else outside your supervision');
    case 'threshold-check.judge':
      return request.createdBy === actor.userId
        ? ALLOW
        : deny('only the practitioner who made the check may record their judgement');
    case 'audit.read':
      return hasAny(actor, ['auditor', 'administrator'])
        ? ALLOW
        : deny('only auditors and administrators read the audit trail');
    case 'returns.read':
      // The census holds every child in need: the data team's alone (issue 16 §4).
      return hasAny(actor, ['data-team'])
        ? ALLOW
        : deny('only the performance and data team makes statutory returns');
  }
}

const decisionRoles: readonly Role[] = [...practiceRoles, 'administrator'];
