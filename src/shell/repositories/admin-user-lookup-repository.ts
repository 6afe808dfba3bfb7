/**
 * Users as administrators and the `baton` command find them: listed with their roles and the roles
 * waiting for a second administrator, or found by id, username or email.
 */
import type { Kysely } from 'kysely';
import { roles as allRoles, type Role } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import type { UserView } from '../schemas/admin-views.js';
import { normaliseUsername } from './auth-repository.js';

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

function sortRoles(given: readonly string[]): Role[] {
  return allRoles.filter((r) => given.includes(r));
}
