/**
 * Emergency (break-glass) access: using it with a meaningful reason, its review (team managers
 * review their own agency's uses — every use, for the local authority's — but never their own;
 * auditors may look; each list and review is audited), and who used it, for the child's record.
 * The grant itself is written by `breakGlass` in child-access.ts.
 */
import { withTransaction } from '../db/unit-of-work.js';
import type { Kysely } from 'kysely';
import {
  checkEmergencyReason,
  coversEveryChild,
  decideChildAccess,
  type Actor,
  type ChildRelationship,
} from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import type { EmergencyAccessUse } from '../schemas/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { breakGlass } from './child-access.js';
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
  /** Whether the signed-in manager may review it: never their own use. */
  reviewable: boolean;
}

/**
 * Use emergency access with a reason that says something (`checkEmergencyReason`, the one rule
 * for the API and the page). Someone whose role cannot use it is refused by `breakGlass` before
 * their reason is judged.
 */
export async function useEmergencyAccess(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  reason: string,
): Promise<void> {
  if (mayUseBreakGlass(ctx.actor)) {
    const checked = checkEmergencyReason(reason);
    if (!checked.ok)
      throw new BatonError('BATON_VALIDATION', {
        details: [{ path: 'reason', message: checked.message }],
      });
  }
  await breakGlass(db, ctx, childId, reason);
}

/**
 * Who used emergency access to this child, when and why, newest first: shown on the record to
 * those who hold the child (their own agency works with the child, or the front door and social
 * care), so that the team knows someone outside it looked (issue 13 item 6).
 */
export async function emergencyAccessTo(
  db: Kysely<Database>,
  actor: Actor,
  relationship: ChildRelationship,
  childId: string,
): Promise<EmergencyAccessUse[]> {
  const holds =
    relationship === 'involved' ||
    relationship === 'team' ||
    coversEveryChild(actor) ||
    actor.roles.includes('auditor');
  if (!holds) return [];
  const rows = await db
    .selectFrom('break_glass')
    .innerJoin('users', 'users.id', 'break_glass.user_id')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select([
      'users.display_name',
      'agencies.name as agency_name',
      'break_glass.reason',
      'break_glass.granted_at',
      'break_glass.expires_at',
      'break_glass.reviewed_at',
    ])
    .where('break_glass.child_id', '=', childId)
    .orderBy('break_glass.granted_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    userName: r.display_name,
    agencyName: r.agency_name,
    reason: r.reason,
    grantedAt: r.granted_at,
    expiresAt: r.expires_at,
    reviewedAt: r.reviewed_at,
  }));
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
      reviewable: scope.mayReview && r.user_id !== actor.userId,
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
    .select(['break_glass.id', 'break_glass.reviewed_at', 'break_glass.user_id', 'users.agency_id'])
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
  // A review is a second pair of eyes: nobody reviews their own use (issue 13 item 6).
  if (row.user_id === actor.userId)
    throw await refuse(db, ctx, {
      action: 'break-glass.review',
      objectType: 'break-glass',
      objectId: id,
      reason: 'nobody reviews their own use of emergency access',
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
