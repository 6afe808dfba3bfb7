/**
 * Agencies, teams and users, as administrators and the deployment's operator change them (issue 15
 * §1). Every change checks the administration policy here, refusals included, and is audited with
 * what the object was before and after. Practice roles wait as pending grants for a second
 * administrator (core/access/admin-policy.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  decideAdministration,
  decideGrantApproval,
  grantNeedsApproval,
  roles as allRoles,
  type Actor,
  type AgencyKind,
  type Role,
} from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse, type AuditChanges } from './audit-repository.js';
import { normaliseUsername } from './auth-repository.js';
import type { RequestContext } from './request-context.js';
import type { AgencyView, PendingGrantView, UserView } from '../schemas/admin-views.js';

export type { AgencyView, PendingGrantView, UserView };

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

const requesterId = (caller: AdminCaller): string | null =>
  caller.kind === 'administrator' ? caller.actor.userId : null;

async function audited(
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

export interface AgencyInput {
  name: string;
  kind: AgencyKind;
  locality?: string | null | undefined;
  authority?: string | null | undefined;
  code?: string | null | undefined;
}

/** Every agency with its teams, by name. */
export async function listAgencies(db: Kysely<Database>): Promise<AgencyView[]> {
  const agencies = await db
    .selectFrom('agencies')
    .select(['id', 'name', 'kind', 'locality', 'authority', 'code'])
    .orderBy('name')
    .execute();
  const teams = await db
    .selectFrom('teams')
    .select(['id', 'name', 'agency_id'])
    .orderBy('name')
    .execute();
  return agencies.map((a) => ({
    ...a,
    teams: teams.filter((t) => t.agency_id === a.id).map((t) => ({ id: t.id, name: t.name })),
  }));
}

/** Add an agency; returns it. */
export async function insertAgency(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  input: AgencyInput,
): Promise<AgencyView> {
  const row = {
    id: randomUUID(),
    name: input.name.trim(),
    kind: input.kind,
    locality: blankToNull(input.locality),
    authority: blankToNull(input.authority),
    code: blankToNull(input.code),
    created_at: ctx.now,
  };
  await db.insertInto('agencies').values(row).execute();
  const view = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    locality: row.locality,
    authority: row.authority,
    code: row.code,
  };
  await audited(db, ctx, caller, {
    action: 'admin.agency.create',
    objectType: 'agency',
    objectId: row.id,
    before: null,
    after: view,
  });
  return { ...view, teams: [] };
}

/** Add a team to an agency; returns its id. */
export async function insertTeam(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  input: { agencyId: string; name: string },
): Promise<{ id: string; agencyId: string; name: string }> {
  await agencyOrFail(db, input.agencyId, 'agencyId');
  const team = { id: randomUUID(), agencyId: input.agencyId, name: input.name.trim() };
  const clash = await db
    .selectFrom('teams')
    .select('id')
    .where('agency_id', '=', team.agencyId)
    .where('name', '=', team.name)
    .executeTakeFirst();
  if (clash)
    throw invalid('name', 'The agency already has a team with this name: choose another name');
  await db
    .insertInto('teams')
    .values({ id: team.id, agency_id: team.agencyId, name: team.name, created_at: ctx.now })
    .execute();
  await audited(db, ctx, caller, {
    action: 'admin.team.create',
    objectType: 'team',
    objectId: team.id,
    before: null,
    after: team,
  });
  return team;
}

/** Users (all, or one agency's), by name. */
export async function listUsers(
  db: Kysely<Database>,
  filter: { agencyId?: string | undefined; userId?: string | undefined } = {},
): Promise<UserView[]> {
  let q = db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.email',
      'users.agency_id',
      'agencies.name as agency_name',
      'users.team_id',
      'teams.name as team_name',
      'users.active',
    ])
    .orderBy('users.display_name')
    .orderBy('users.username');
  if (filter.agencyId !== undefined) q = q.where('users.agency_id', '=', filter.agencyId);
  if (filter.userId !== undefined) q = q.where('users.id', '=', filter.userId);
  const users = await q.execute();
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const roleRows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('user_id', 'in', ids)
    .execute();
  const pending = await db
    .selectFrom('role_grants')
    .select(['id', 'user_id', 'role', 'requested_by'])
    .where('status', '=', 'pending')
    .where('user_id', 'in', ids)
    .orderBy('requested_at')
    .execute();
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    agencyId: u.agency_id,
    agencyName: u.agency_name,
    teamId: u.team_id,
    teamName: u.team_name,
    roles: sortRoles(roleRows.filter((r) => r.user_id === u.id).map((r) => r.role)),
    pendingRoles: pending
      .filter((p) => p.user_id === u.id)
      .map((p) => ({ grantId: p.id, role: p.role as Role, requestedBy: p.requested_by })),
    active: u.active === 1,
  }));
}

/** One user, or BATON_NOT_FOUND. */
export async function userOrFail(db: Kysely<Database>, userId: string): Promise<UserView> {
  const [user] = await listUsers(db, { userId });
  if (!user) throw new BatonError('BATON_NOT_FOUND', { message: 'There is no such user.' });
  return user;
}

export interface UserInput {
  username: string;
  displayName: string;
  email: string;
  agencyId: string;
  teamId?: string | null | undefined;
  roles: readonly Role[];
}

/**
 * Add a user with no password yet (they choose one through a one-time link, or sign in with
 * single sign-on by their email). Roles that open children's records wait for a second
 * administrator; the others apply at once.
 */
export async function insertUser(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  input: UserInput,
): Promise<UserView> {
  const username = normaliseUsername(input.username);
  const email = normaliseEmail(input.email);
  await agencyOrFail(db, input.agencyId, 'agencyId');
  const teamId = blankToNull(input.teamId);
  if (teamId !== null) await teamOrFail(db, teamId, input.agencyId);
  const clash = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('username', '=', username), eb('email', '=', email)]))
    .executeTakeFirst();
  if (clash) throw new BatonError('BATON_USER_EXISTS');
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: input.displayName.trim(),
      email,
      agency_id: input.agencyId,
      team_id: teamId,
      // No password: argon2 cannot verify against an empty hash, so nobody signs in with one.
      password_hash: '',
      active: 1,
      created_at: ctx.now,
    })
    .execute();
  const after = await userOrFail(db, id);
  await audited(db, ctx, caller, {
    action: 'admin.user.create',
    objectType: 'user',
    objectId: id,
    before: null,
    after: auditForm(after),
  });
  for (const role of new Set(input.roles)) await grantRole(db, ctx, caller, id, role);
  return userOrFail(db, id);
}

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

/**
 * Make a user inactive (or active again). An inactive user's sessions end: the very next request
 * is refused, and their sign-in fails.
 */
export async function setUserActive(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  userId: string,
  active: boolean,
): Promise<UserView> {
  const before = await userOrFail(db, userId);
  if (!active && before.active && before.roles.includes('administrator'))
    await keepOneAdministrator(db, userId);
  await db
    .updateTable('users')
    .set({ active: active ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
  if (!active) await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  const after = await userOrFail(db, userId);
  await audited(db, ctx, caller, {
    action: active ? 'admin.user.reactivate' : 'admin.user.deactivate',
    objectType: 'user',
    objectId: userId,
    before: auditForm(before),
    after: auditForm(after),
  });
  return after;
}

/** Find a user by id, username or email (for the `baton` command). */
export async function findUserId(db: Kysely<Database>, key: string): Promise<string> {
  const k = key.trim();
  const row = await db
    .selectFrom('users')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('id', '=', k),
        eb('username', '=', normaliseUsername(k)),
        eb('email', '=', normaliseEmail(k)),
      ]),
    )
    .executeTakeFirst();
  if (!row)
    throw new BatonError('BATON_NOT_FOUND', {
      message: `There is no user "${k}". List them with \`baton users list\`.`,
    });
  return row.id;
}

/** An agency by id or exact name (for the `baton` command and imports). */
export async function findAgencyId(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db
    .selectFrom('agencies')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', key.trim()), eb('name', '=', key.trim())]))
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A team of the agency by id or exact name. */
export async function findTeamId(
  db: Kysely<Database>,
  agencyId: string,
  key: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('teams')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where((eb) => eb.or([eb('id', '=', key.trim()), eb('name', '=', key.trim())]))
    .executeTakeFirst();
  return row?.id ?? null;
}

/** How many users there are (the first administrator is made only into an empty deployment). */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether any active user holds the administrator role. */
export async function activeAdministratorExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('user_roles.role', '=', 'administrator')
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A lower-case, trimmed email address. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

async function keepOneAdministrator(db: Kysely<Database>, leaving: string): Promise<void> {
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

async function agencyOrFail(db: Kysely<Database>, agencyId: string, field: string) {
  const row = await db
    .selectFrom('agencies')
    .select('id')
    .where('id', '=', agencyId)
    .executeTakeFirst();
  if (!row) throw invalid(field, 'There is no such agency: choose one from the list');
}

async function teamOrFail(db: Kysely<Database>, teamId: string, agencyId: string) {
  const row = await db
    .selectFrom('teams')
    .select('agency_id')
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (row?.agency_id !== agencyId)
    throw invalid('teamId', 'Choose a team of the user’s own agency, or none');
}

function invalid(path: string, message: string): BatonError {
  return new BatonError('BATON_VALIDATION', { details: [{ path, message }] });
}

function blankToNull(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v === undefined || v === '' ? null : v;
}

function sortRoles(given: readonly string[]): Role[] {
  return allRoles.filter((r) => given.includes(r));
}

/** A user as the audit trail records them before and after a change. */
function auditForm(u: UserView) {
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
