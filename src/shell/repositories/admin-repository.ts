/**
 * Agencies, teams and users, as administrators and the deployment's operator change them (issue 15
 * §1). Every change checks the administration policy here, refusals included, and is audited with
 * what the object was before and after. Practice roles wait as pending grants for a second
 * administrator (core/access/admin-policy.ts).
 *
 * Here: agencies and teams. Users are found in admin-user-lookup-repository.ts, added and
 * deactivated in admin-users-repository.ts; roles are given and taken in
 * admin-role-grants-repository.ts; who is administering, and what every change shares, is in
 * admin-support.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgencyKind } from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import type { AgencyView, PendingGrantView, UserView } from '../schemas/admin-views.js';
import { agencyOrFail, audited, blankToNull, invalid, type AdminCaller } from './admin-support.js';
import type { RequestContext } from './request-context.js';

export type { AgencyView, PendingGrantView, UserView };
export { adminCaller, type AdminCaller } from './admin-support.js';

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
