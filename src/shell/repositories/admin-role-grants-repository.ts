/**
 * Roles given and taken away. Practice roles, which open children's records, wait as pending
 * grants for a second administrator (core/access/admin-policy.ts); one decision per grant.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decideGrantApproval, grantNeedsApproval, type Role } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import type { PendingGrantView, UserView } from '../schemas/admin-views.js';
import { appendAudit } from './audit-repository.js';
import {
  audited,
  auditForm,
  keepOneAdministrator,
  requesterId,
  type AdminCaller,
} from './admin-support.js';
import { userOrFail } from './admin-user-lookup-repository.js';
import type { RequestContext } from './request-context.js';

/**
 * Give a role: at once when it opens no child's record, else as a pending grant for a second
 * administrator. Asking again for a role held or pending changes nothing.
 */
export async function grantRole(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  userId: string,
  role: Role,
): Promise<{ status: 'granted' | 'pending' | 'unchanged' }> {
  const before = await userOrFail(db, userId);
  if (before.roles.includes(role) || before.pendingRoles.some((p) => p.role === role))
    return { status: 'unchanged' };
  if (!grantNeedsApproval(role)) {
    await db.insertInto('user_roles').values({ user_id: userId, role }).execute();
    await audited(db, ctx, caller, {
      action: 'admin.user.role-grant',
      objectType: 'user',
      objectId: userId,
      before: auditForm(before),
      after: auditForm(await userOrFail(db, userId)),
    });
    return { status: 'granted' };
  }
  const grant = {
    id: randomUUID(),
    user_id: userId,
    role,
    status: 'pending',
    requested_by: requesterId(caller),
    requested_at: ctx.now,
    decided_by: null,
    decided_at: null,
  };
  await db.insertInto('role_grants').values(grant).execute();
  await audited(db, ctx, caller, {
    action: 'admin.role-grant.request',
    objectType: 'role-grant',
    objectId: grant.id,
    before: null,
    after: { userId, role, status: 'pending', requestedBy: grant.requested_by },
  });
  return { status: 'pending' };
}

/** Roles waiting for a second administrator, oldest first. */
export async function listPendingGrants(db: Kysely<Database>): Promise<PendingGrantView[]> {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('users as requester', 'requester.id', 'role_grants.requested_by')
    .select([
      'role_grants.id',
      'role_grants.user_id',
      'users.display_name',
      'users.username',
      'agencies.name as agency_name',
      'role_grants.role',
      'role_grants.requested_by',
      'requester.display_name as requester_name',
      'role_grants.requested_at',
    ])
    .where('role_grants.status', '=', 'pending')
    .orderBy('role_grants.requested_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.display_name,
    username: r.username,
    agencyName: r.agency_name,
    role: r.role as Role,
    requestedBy: r.requested_by,
    requestedByName: r.requester_name,
    requestedAt: r.requested_at,
  }));
}

/**
 * Approve or refuse a pending grant: only an administrator other than the one who asked and the
 * one receiving it (refusals audited). One decision per grant: a compare-and-set on its status.
 */
export async function decideGrant(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  grantId: string,
  decision: 'approve' | 'refuse',
): Promise<UserView> {
  const action = `admin.role-grant.${decision}`;
  const grant = await db
    .selectFrom('role_grants')
    .selectAll()
    .where('id', '=', grantId)
    .executeTakeFirst();
  if (!grant || grant.status !== 'pending')
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no such role waiting for approval: it may have been decided already.',
    });
  const allowed =
    caller.kind === 'operator'
      ? {
          allowed: false as const,
          reason: 'the baton command cannot approve a practice role: an administrator does',
        }
      : decideGrantApproval(caller.actor, {
          userId: grant.user_id,
          requestedBy: grant.requested_by,
        });
  if (!allowed.allowed) {
    await appendAudit(db, ctx, {
      action,
      objectType: 'role-grant',
      objectId: grantId,
      outcome: 'refused',
      reason: allowed.reason,
    });
    throw new BatonError('BATON_APPROVAL_NEEDED');
  }
  const before = await userOrFail(db, grant.user_id);
  const updated = await db
    .updateTable('role_grants')
    .set({
      status: decision === 'approve' ? 'approved' : 'refused',
      decided_by: requesterId(caller),
      decided_at: ctx.now,
    })
    .where('id', '=', grantId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no such role waiting for approval: it may have been decided already.',
    });
  if (decision === 'approve' && !before.roles.includes(grant.role as Role))
    await db
      .insertInto('user_roles')
      .values({ user_id: grant.user_id, role: grant.role })
      .execute();
  const after = await userOrFail(db, grant.user_id);
  await audited(db, ctx, caller, {
    action,
    objectType: 'user',
    objectId: grant.user_id,
    before: { ...auditForm(before), grant: { id: grantId, role: grant.role, status: 'pending' } },
    after: { ...auditForm(after), grant: { id: grantId, role: grant.role, status: decision } },
  });
  return after;
}

/** Take a role away (and withdraw a pending request for it); applies from the next request. */
export async function removeRole(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  userId: string,
  role: Role,
): Promise<UserView> {
  const before = await userOrFail(db, userId);
  if (role === 'administrator' && before.roles.includes('administrator'))
    await keepOneAdministrator(db, userId);
  await db
    .deleteFrom('user_roles')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .execute();
  await db
    .updateTable('role_grants')
    .set({ status: 'withdrawn', decided_by: requesterId(caller), decided_at: ctx.now })
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('status', '=', 'pending')
    .execute();
  const after = await userOrFail(db, userId);
  await audited(db, ctx, caller, {
    action: 'admin.user.role-remove',
    objectType: 'user',
    objectId: userId,
    before: auditForm(before),
    after: auditForm(after),
  });
  return after;
}
