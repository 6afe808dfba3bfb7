/**
 * Who is administering, and what every administrative change shares: the audit of what the
 * object was before and after (issue 15 §1), the checks on the agency and team named, and the
 * rule that the last active administrator stays.
 */
import type { Kysely } from 'kysely';
import { decideAdministration, type Actor } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import type { UserView } from '../schemas/admin-views.js';
import { appendAudit, refuse, type AuditChanges } from './audit-repository.js';
import type { RequestContext } from './request-context.js';

/** Who is administering: a signed-in administrator, or the operator at the `baton` command. */
export type AdminCaller = { kind: 'administrator'; actor: Actor } | { kind: 'operator' };

/** The caller, or a refusal (audited) when the actor is not an administrator. */
export async function adminCaller(
  db: Kysely<Database>,
  ctx: RequestContext,
  operator: boolean,
  action: string,
): Promise<AdminCaller> {
  if (operator) return { kind: 'operator' };
  const actor = ctx.actor;
  const decision = actor
    ? decideAdministration(actor)
    : { allowed: false as const, reason: 'not signed in' };
  if (actor && decision.allowed) return { kind: 'administrator', actor };
  throw await refuse(db, ctx, {
    action,
    reason: decision.allowed ? 'not signed in' : decision.reason,
  });
}

/** Who asked, to record on a grant: the operator at the `baton` command is nobody. */
export const requesterId = (caller: AdminCaller): string | null =>
  caller.kind === 'administrator' ? caller.actor.userId : null;

/** Record an allowed change with the object before and after (and whether the operator made it). */
export async function audited(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  entry: { action: string; objectType: string; objectId: string } & Omit<AuditChanges, 'via'>,
): Promise<void> {
  const { before, after, ...rest } = entry;
  await appendAudit(db, ctx, {
    ...rest,
    outcome: 'allowed',
    changes:
      caller.kind === 'operator' ? { before, after, via: 'baton command' } : { before, after },
  });
}

/** Refuse to leave the deployment without an active administrator. */
export async function keepOneAdministrator(db: Kysely<Database>, leaving: string): Promise<void> {
  const others = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('user_roles.role', '=', 'administrator')
    .where('users.active', '=', 1)
    .where('users.id', '!=', leaving)
    .limit(1)
    .execute();
  if (others.length === 0) throw new BatonError('BATON_LAST_ADMINISTRATOR');
}

/** Refuse, as a validation error on the field, an agency that does not exist. */
export async function agencyOrFail(db: Kysely<Database>, agencyId: string, field: string) {
  const row = await db
    .selectFrom('agencies')
    .select('id')
    .where('id', '=', agencyId)
    .executeTakeFirst();
  if (!row) throw invalid(field, 'There is no such agency: choose one from the list');
}

/** Refuse, as a validation error, a team that is not of the user's own agency. */
export async function teamOrFail(db: Kysely<Database>, teamId: string, agencyId: string) {
  const row = await db
    .selectFrom('teams')
    .select('agency_id')
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (row?.agency_id !== agencyId)
    throw invalid('teamId', 'Choose a team of the user’s own agency, or none');
}

/** A validation error on one field, saying what to do. */
export function invalid(path: string, message: string): BatonError {
  return new BatonError('BATON_VALIDATION', { details: [{ path, message }] });
}

/** Trimmed text, or null when there is none. */
export function blankToNull(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v === undefined || v === '' ? null : v;
}

/** A user as the audit trail records them before and after a change. */
export function auditForm(u: UserView) {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    agencyId: u.agencyId,
    teamId: u.teamId,
    roles: u.roles,
    pendingRoles: u.pendingRoles.map((p) => p.role),
    active: u.active,
  };
}
