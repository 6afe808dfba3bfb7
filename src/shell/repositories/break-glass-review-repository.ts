/**
 * The review of emergency (break-glass) access: team managers review their own agency's uses
 * (every use, for the local authority's), auditors may look, and each list and review is
 * audited. Using break-glass is in child-access.ts.
 */
import { withTransaction } from '../db/unit-of-work.js';
import type { Kysely } from 'kysely';
import { coversEveryChild, decideChildAccess, type Actor } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import type { RequestContext } from './request-context.js';

export interface BreakGlassUse {
  id: string;
  childId: string;
  childName: string;
  userName: string;
  agencyName: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

/** Who reviews emergency access: team managers (their own agency's staff, or every use for the
 * local authority's), and auditors may look. */
function breakGlassScope(actor: Actor): { agencyId: string | null; mayReview: boolean } | null {
  if (actor.roles.includes('team-manager'))
    return { agencyId: coversEveryChild(actor) ? null : actor.agencyId, mayReview: true };
  if (actor.roles.includes('auditor')) return { agencyId: null, mayReview: false };
  return null;
}

/** Uses of emergency access for review, unreviewed first, newest first. */
export async function listBreakGlassUses(
  db: Kysely<Database>,
  ctx: RequestContext,
  options: { includeReviewed?: boolean } = {},
): Promise<{ uses: BreakGlassUse[]; mayReview: boolean }> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const scope = breakGlassScope(actor);
  if (!scope)
    throw await refuse(db, ctx, {
      action: 'break-glass.list',
      reason: 'only team managers and auditors review emergency access',
    });
  let q = db
    .selectFrom('break_glass')
    .innerJoin('users', 'users.id', 'break_glass.user_id')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .innerJoin('people', 'people.id', 'break_glass.child_id')
    .leftJoin('users as reviewer', 'reviewer.id', 'break_glass.reviewed_by')
    .selectAll('break_glass')
    .select([
      'users.display_name',
      'agencies.name as agency_name',
      'people.given_name',
      'people.family_name',
      'reviewer.display_name as reviewer_name',
    ]);
  if (scope.agencyId !== null) q = q.where('users.agency_id', '=', scope.agencyId);
  if (options.includeReviewed !== true) q = q.where('break_glass.reviewed_at', 'is', null);
  const rows = await q.orderBy('break_glass.granted_at', 'desc').limit(200).execute();
  await appendAudit(db, ctx, { action: 'break-glass.list', outcome: 'allowed' });
  return {
    mayReview: scope.mayReview,
    uses: rows.map((r) => ({
      id: r.id,
      childId: r.child_id,
      childName: `${r.given_name} ${r.family_name}`,
      userName: r.display_name,
      agencyName: r.agency_name,
      reason: r.reason,
      grantedAt: r.granted_at,
      expiresAt: r.expires_at,
      reviewedBy: r.reviewer_name,
      reviewedAt: r.reviewed_at,
    })),
  };
}

/** Mark a use of emergency access as reviewed by the signed-in team manager. */
export async function reviewBreakGlass(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const scope = breakGlassScope(actor);
  const row = await db
    .selectFrom('break_glass')
    .innerJoin('users', 'users.id', 'break_glass.user_id')
    .select(['break_glass.id', 'break_glass.reviewed_at', 'users.agency_id'])
    .where('break_glass.id', '=', id)
    .executeTakeFirst();
  if (!scope?.mayReview || (row && scope.agencyId !== null && row.agency_id !== scope.agencyId))
    throw await refuse(db, ctx, {
      action: 'break-glass.review',
      objectType: 'break-glass',
      objectId: id,
      reason: 'only a team manager responsible for the user reviews emergency access',
    });
  if (!row)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no emergency access with that id.',
    });
  if (row.reviewed_at !== null) return;
  await withTransaction(db, async (trx) => {
    await trx
      .updateTable('break_glass')
      .set({ reviewed_by: actor.userId, reviewed_at: ctx.now })
      .where('id', '=', id)
      .where('reviewed_at', 'is', null)
      .execute();
    await appendAudit(trx, ctx, {
      action: 'break-glass.review',
      objectType: 'break-glass',
      objectId: id,
      outcome: 'allowed',
    });
  });
}

/** Whether the actor could use emergency access if refused (offered on the refusal page). */
export function mayUseBreakGlass(actor: Actor | null): boolean {
  return actor !== null && decideChildAccess(actor, 'none', 'break-glass').allowed;
}
