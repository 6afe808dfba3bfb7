/**
 * Administration (issue 15 §1): agencies, teams, users, roles and deactivation, for administrators
 * in the app and the operator at the `baton` command. Each is one unit of work; the repository
 * checks the policy and audits before and after.
 */
import { readUserRows, type ImportRow } from '../../core/admin/index.js';
import type { Role } from '../../core/access/index.js';
import { BatonError, isBatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export type {
  AgencyInput,
  AgencyView,
  PendingGrantView,
  UserInput,
  UserView,
} from '../repositories/index.js';

export { outboxStates } from '../repositories/index.js';

const caller = (session: Session, action: string) =>
  repo.adminCaller(session.db, session.ctx, session.operator, action);

/** Every agency with its teams (administrators only). */
export function listAgencies(session: Session) {
  return session.transaction(async (s) => {
    await caller(s, 'admin.agency.list');
    return repo.listAgencies(s.db);
  });
}

/** Add an agency. */
export function addAgency(session: Session, input: repo.AgencyInput) {
  return session.transaction(async (s) =>
    repo.insertAgency(s.db, s.ctx, await caller(s, 'admin.agency.create'), input),
  );
}

/** Add a team within an agency. */
export function addTeam(session: Session, input: { agencyId: string; name: string }) {
  return session.transaction(async (s) =>
    repo.insertTeam(s.db, s.ctx, await caller(s, 'admin.team.create'), input),
  );
}

/** Users, all or one agency's. */
export function listUsers(session: Session, filter: { agencyId?: string | undefined } = {}) {
  return session.transaction(async (s) => {
    await caller(s, 'admin.user.list');
    return repo.listUsers(s.db, filter);
  });
}

/** One user. */
export function getUser(session: Session, userId: string) {
  return session.transaction(async (s) => {
    await caller(s, 'admin.user.read');
    return repo.userOrFail(s.db, userId);
  });
}

/** Add a user; practice roles wait for a second administrator. */
export function addUser(session: Session, input: repo.UserInput) {
  return session.transaction(async (s) =>
    repo.insertUser(s.db, s.ctx, await caller(s, 'admin.user.create'), input),
  );
}

/** Give a user a role (at once, or pending a second administrator). */
export function grantRole(session: Session, userId: string, role: Role) {
  return session.transaction(async (s) => {
    const result = await repo.grantRole(
      s.db,
      s.ctx,
      await caller(s, 'admin.user.role-grant'),
      userId,
      role,
    );
    return { ...result, user: await repo.userOrFail(s.db, userId) };
  });
}

/** Take a role away. */
export function removeRole(session: Session, userId: string, role: Role) {
  return session.transaction(async (s) =>
    repo.removeRole(s.db, s.ctx, await caller(s, 'admin.user.role-remove'), userId, role),
  );
}

/** Roles waiting for a second administrator. */
export function listPendingGrants(session: Session) {
  return session.transaction(async (s) => {
    await caller(s, 'admin.role-grant.list');
    return repo.listPendingGrants(s.db);
  });
}

/** Approve or refuse a pending role (never one's own request, never for oneself). */
export function decideGrant(session: Session, grantId: string, decision: 'approve' | 'refuse') {
  return session.transaction(async (s) =>
    repo.decideGrant(
      s.db,
      s.ctx,
      await caller(s, `admin.role-grant.${decision}`),
      grantId,
      decision,
    ),
  );
}

/** Deactivate (or reactivate) a user; takes effect on their next request. */
export function setUserActive(session: Session, userId: string, active: boolean) {
  return session.transaction(async (s) =>
    repo.setUserActive(
      s.db,
      s.ctx,
      await caller(s, active ? 'admin.user.reactivate' : 'admin.user.deactivate'),
      userId,
      active,
    ),
  );
}

/** A one-time link with which the user chooses a password. */
export function issueSignInLink(session: Session, userId: string) {
  return session.transaction(async (s) =>
    repo.issueSignInLink(s.db, s.ctx, await caller(s, 'admin.user.sign-in-link'), userId),
  );
}

/** Whom a sign-in link is for (the page that asks for a password), or BATON_SIGN_IN_LINK_INVALID. */
export function checkSignInLink(session: Session, token: string) {
  return session.transaction((s) => repo.signInLinkUser(s.db, s.ctx, token));
}

/** Choose a password with a one-time link and sign in: a new session token and its actor. */
export function useSignInLink(
  session: Session,
  token: string,
  password: string,
  lifetimes?: repo.SessionLifetimes,
) {
  return session.transaction(async (s) => {
    const userId = await repo.useSignInLink(s.db, s.ctx, token, password);
    return repo.startSession(s.db, s.ctx, userId, lifetimes);
  });
}

/** Find a user by id, username or email (the `baton` command). */
export function findUser(session: Session, key: string) {
  return repo.findUserId(session.db, key);
}

/** Find an agency by id or name (the `baton` command). */
export async function findAgency(session: Session, key: string): Promise<string> {
  const id = await repo.findAgencyId(session.db, key);
  if (id === null)
    throw new BatonError('BATON_NOT_FOUND', {
      message: `There is no agency "${key}". List them with \`baton agencies list\`.`,
    });
  return id;
}

export interface FirstAdministrator {
  username: string;
  email: string;
  displayName: string;
  agencyName: string;
  /** Set this password (the policy applies); without it a one-time sign-in link is issued. */
  password?: string | undefined;
}

/**
 * The first administrator of a deployment with none active (a fresh production database, or
 * one whose administrators have all gone): their agency (found by name, else added as the
 * local authority's children's services) and the user, with a password or a one-time link.
 */
export function createFirstAdministrator(session: Session, input: FirstAdministrator) {
  return session.transaction(async (s) => {
    const op = await caller(s, 'admin.user.create');
    if (await repo.activeAdministratorExists(s.db))
      throw new BatonError('BATON_ADMINISTRATOR_EXISTS');
    const existing = await repo.findAgencyId(s.db, input.agencyName);
    const agencyId =
      existing ??
      (
        await repo.insertAgency(s.db, s.ctx, op, {
          name: input.agencyName,
          kind: 'childrens-social-care',
        })
      ).id;
    const user = await repo.insertUser(s.db, s.ctx, op, {
      username: input.username,
      displayName: input.displayName,
      email: input.email,
      agencyId,
      roles: ['administrator'],
    });
    if (input.password !== undefined) {
      await repo.setPassword(s.db, s.ctx, op, user.id, input.password);
      return { user, link: null };
    }
    return { user, link: await repo.issueSignInLink(s.db, s.ctx, op, user.id) };
  });
}

export interface ImportResult {
  /** The users added (or, in a dry run, that would be). */
  added: { row: number; username: string; pendingRoles: Role[] }[];
  dryRun: boolean;
}

/**
 * Import users from CSV text: every row or none. Each row is checked against the file and the
 * database (agency, team, duplicates) by adding it inside one unit of work; any problem, listed by
 * row number, rolls the whole file back (BATON_IMPORT_INVALID). A dry run rolls back what would
 * have been added.
 */
export async function importUsers(
  session: Session,
  csv: string,
  options: { dryRun: boolean },
): Promise<ImportResult> {
  const { rows, problems } = readUserRows(csv);
  if (problems.length > 0) throw importInvalid(problems);
  const rollBack = new Error('dry run');
  let result: ImportResult | undefined;
  try {
    await session.transaction(async (s) => {
      const op = await caller(s, 'admin.user.import');
      const added: ImportResult['added'] = [];
      const found: ErrorDetail[] = [];
      for (const row of rows) {
        try {
          const user = await importRow(s, op, row);
          added.push({
            row: row.row,
            username: user.username,
            pendingRoles: user.pendingRoles.map((p) => p.role),
          });
        } catch (e) {
          if (!isBatonError(e)) throw e;
          const where = `row ${String(row.row)}`;
          if (e.details.length === 0) found.push({ path: where, message: e.message });
          for (const d of e.details)
            found.push({ path: `${where}, ${d.path}`, message: d.message });
        }
      }
      if (found.length > 0) throw importInvalid(found);
      result = { added, dryRun: options.dryRun };
      if (options.dryRun) throw rollBack;
    });
  } catch (e) {
    if (e !== rollBack) throw e;
  }
  if (!result) throw new Error('import finished without a result');
  return result;
}

/** Add one user naming their agency and team by id or name (the `baton users add` command). */
export function addUserNamed(session: Session, row: Omit<ImportRow, 'row'>) {
  return session.transaction(async (s) =>
    importRow(s, await caller(s, 'admin.user.create'), { ...row, row: 0 }),
  );
}

async function importRow(s: Session, op: repo.AdminCaller, row: ImportRow) {
  const agencyId = await repo.findAgencyId(s.db, row.agency);
  if (agencyId === null)
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'agency', message: `There is no agency "${row.agency}"` }],
    });
  const teamId = row.team === null ? null : await repo.findTeamId(s.db, agencyId, row.team);
  if (row.team !== null && teamId === null)
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'team', message: `The agency has no team "${row.team}"` }],
    });
  try {
    return await repo.insertUser(s.db, s.ctx, op, {
      username: row.username,
      displayName: row.displayName,
      email: row.email,
      agencyId,
      teamId,
      roles: row.roles,
    });
  } catch (e) {
    if (isBatonError(e) && e.code === 'BATON_USER_EXISTS')
      throw new BatonError('BATON_VALIDATION', {
        details: [
          {
            path: 'username',
            message: `A user with the username "${row.username}" or email "${row.email}" already exists (in Baton or earlier in the file)`,
          },
        ],
      });
    throw e;
  }
}

function importInvalid(details: ErrorDetail[]): BatonError {
  return new BatonError('BATON_IMPORT_INVALID', { details });
}

/** The outbox: messages waiting, sent and failed, with why (administrators only). */
export function listOutbox(
  session: Session,
  filter: { state?: repo.OutboxState | undefined; limit?: number | undefined } = {},
) {
  return session.transaction(async (s) => {
    await caller(s, 'admin.outbox.list');
    return repo.outboxSummary(s.db, { state: filter.state, limit: filter.limit ?? 100 });
  });
}
