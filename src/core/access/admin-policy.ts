/**
 * Who may administer Baton, and the four-eyes rule for practice roles (issue 15 §1). Pure.
 *
 * Administration is set-up, not practice: the administrator role gives no access to children's
 * records (child-access-policy.ts), and a practice role — which does — is never granted by one
 * person alone. An administrator may ask for it; a *different* administrator, who is not the
 * person receiving it, approves it. Roles that read no child's record (business support is the
 * exception: it reads its own agency's children, so it is treated as a practice role here),
 * auditor and administrator take effect at once.
 */
import type { AccessDecision } from './access-policy.js';
import { practiceRoles, type Actor, type Role } from './roles.js';

const ALLOW: AccessDecision = { allowed: true };
const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

/** Roles that open children's records, so they need a second administrator's approval. */
export const rolesNeedingApproval: readonly Role[] = [...practiceRoles, 'business-support'];

/** True when granting `role` waits for a second administrator. */
export function grantNeedsApproval(role: Role): boolean {
  return rolesNeedingApproval.includes(role);
}

/** May `actor` administer agencies, teams and users at all? */
export function decideAdministration(actor: Actor): AccessDecision {
  return actor.roles.includes('administrator')
    ? ALLOW
    : deny('only administrators manage agencies, teams and users');
}

/** A pending grant as the four-eyes rule sees it. */
export interface PendingGrant {
  userId: string;
  /** The administrator who asked; null when the operator asked with the `baton` command. */
  requestedBy: string | null;
}

/** May `actor` approve (or refuse) `grant`? Never their own request, never a role for themselves. */
export function decideGrantApproval(actor: Actor, grant: PendingGrant): AccessDecision {
  const admin = decideAdministration(actor);
  if (!admin.allowed) return admin;
  if (grant.userId === actor.userId)
    return deny('a second administrator must approve a practice role given to you');
  if (grant.requestedBy === actor.userId)
    return deny('a second administrator must approve a practice role you asked for');
  return ALLOW;
}
