/**
 * Users added and made inactive (or active again) by administrators and the operator (issue 15
 * §1), each change audited with the user before and after.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import type { UserView } from '../schemas/admin-views.js';
import { grantRole } from './admin-role-grants-repository.js';
import {
  agencyOrFail,
  audited,
  auditForm,
  blankToNull,
  keepOneAdministrator,
  teamOrFail,
  type AdminCaller,
} from './admin-support.js';
import { normaliseEmail, userOrFail } from './admin-user-lookup-repository.js';
import { normaliseUsername } from './auth-repository.js';
import type { RequestContext } from './request-context.js';

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
