/**
 * Local accounts and sessions. Passwords are argon2id hashes; session cookies carry a random
 * token and the database keeps only its SHA-256, so a copy of the table cannot sign anyone in.
 * Designed so an OIDC sign-in can later create the same session for a user found by subject.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  agencyKinds,
  roles as allRoles,
  type Actor,
  type AgencyKind,
  type Role,
} from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import { assertPasswordAcceptable } from '../security/common-passwords.js';
import { appendAudit } from './audit-repository.js';
import type { RequestContext } from './request-context.js';

/** How long a session lasts: ended after `idleMinutes` without a request, and `maxHours` after sign-in. */
export interface SessionLifetimes {
  idleMinutes: number;
  maxHours: number;
}

/** The defaults (BATON_SESSION_IDLE_MINUTES, BATON_SESSION_MAX_HOURS): a shift, not a week. */
export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleMinutes: 30, maxHours: 12 };

/**
 * `last_seen_at` is written at most this often: every request reads the session, and a write per
 * request would cost more than the idle timeout is worth to a minute's precision.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * A username as Baton stores and compares it. NFKC first (full-width letters and other
 * compatibility forms become the plain ones, and an ideographic space becomes a space), then trim
 * and lower-case, so that every spelling of one name signs in as, and is limited as, one name.
 */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

// Verified against when the username is unknown, so both paths take the same time.
let dummyHash: Promise<string> | undefined;

export interface NewUser {
  username: string;
  displayName: string;
  agencyId: string;
  roles: readonly Role[];
  password: string;
  /**
   * The argon2id hash of `password`, when the caller already has it: the demo users share one
   * published password, so seeding hashes it once rather than once a user (argon2 is slow by
   * design: about a second of a test server's start-up each).
   */
  passwordHash?: string;
}

/** Create a local account (used by demo seeding and administrators). */
export async function createUser(
  db: Kysely<Database>,
  user: NewUser,
  now: string,
): Promise<string> {
  assertPasswordAcceptable(user.password);
  const id = randomUUID();
  const passwordHash =
    user.passwordHash ?? (await argon2.hash(user.password, { type: argon2.argon2id }));
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        username: normaliseUsername(user.username),
        display_name: user.displayName,
        agency_id: user.agencyId,
        password_hash: passwordHash,
        active: 1,
        created_at: now,
      })
      .execute();
    if (user.roles.length > 0) {
      await trx
        .insertInto('user_roles')
        .values(user.roles.map((role) => ({ user_id: id, role })))
        .execute();
    }
  });
  return id;
}

/** Check a username and password; on success start a session and return its cookie token. */
export async function signIn(
  db: Kysely<Database>,
  ctx: RequestContext,
  username: string,
  password: string,
  lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES,
): Promise<{ token: string; actor: Actor }> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active'])
    .where('username', '=', normaliseUsername(username))
    .executeTakeFirst();
  dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });
  const hash = row?.password_hash ?? (await dummyHash);
  const passwordOk = await argon2.verify(hash, password).catch(() => false);
  if (row === undefined || row.active !== 1 || !passwordOk) {
    await appendAudit(db, ctx, {
      action: 'session.sign-in',
      outcome: 'failed',
      actorUserId: row?.id ?? null,
      reason: row === undefined ? 'unknown username' : 'wrong password or inactive account',
    });
    throw new BatonError('BATON_SIGN_IN_FAILED');
  }
  return startSession(db, ctx, row.id, lifetimes, null);
}

/**
 * Start a session for an active user already proven (password, single sign-on or a one-time link)
 * and audit the sign-in.
 * `sso` names the provider and keeps its ID token for the provider's end-session.
 */
export async function startSession(
  db: Kysely<Database>,
  ctx: RequestContext,
  userId: string,
  lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES,
  sso: { providerId: string; idToken: string } | null = null,
): Promise<{ token: string; actor: Actor }> {
  const actor = await loadActor(db, userId);
  if (!actor) throw new BatonError('BATON_SIGN_IN_FAILED');
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.parse(ctx.now) + lifetimes.maxHours * 3_600_000).toISOString();
  await db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      user_id: userId,
      created_at: ctx.now,
      expires_at: expires,
      last_seen_at: ctx.now,
      sso_provider_id: sso?.providerId ?? null,
      id_token: sso?.idToken ?? null,
    })
    .execute();
  await appendAudit(
    db,
    { ...ctx, actor },
    {
      action: 'session.sign-in',
      outcome: 'allowed',
      objectType: 'user',
      objectId: userId,
      ...(sso ? { reason: `single sign-on: ${sso.providerId}` } : {}),
    },
  );
  return { token, actor };
}

/** The provider and ID token of a single sign-on session (null for a password session). */
export async function sessionSso(
  db: Kysely<Database>,
  token: string,
): Promise<{ providerId: string; idToken: string } | null> {
  const row = await db
    .selectFrom('sessions')
    .select(['sso_provider_id', 'id_token'])
    .where('id', '=', hashToken(token))
    .executeTakeFirst();
  return row?.sso_provider_id != null && row.id_token != null
    ? { providerId: row.sso_provider_id, idToken: row.id_token }
    : null;
}

/** An argon2id hash of an acceptable password (BATON_WEAK_PASSWORD otherwise). */
export async function hashPassword(password: string): Promise<string> {
  assertPasswordAcceptable(password);
  return argon2.hash(password, { type: argon2.argon2id });
}

/**
 * The actor behind a session token, or null when it is unknown, past its absolute expiry or idle
 * too long. Marks the session seen (at most once a minute).
 */
export async function actorForSession(
  db: Kysely<Database>,
  token: string,
  now: string,
  lifetimes: Pick<SessionLifetimes, 'idleMinutes'> = DEFAULT_SESSION_LIFETIMES,
): Promise<Actor | null> {
  // Every request asks this, so the session, its user and their roles come back in one read (a
  // row per role). Nothing is cached: a user made inactive or a role taken away applies to the
  // very next request.
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select([...ACTOR_COLUMNS, 'sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.id', '=', hashToken(token))
    .execute();
  const session = rows[0];
  if (!session || session.expires_at <= now) return null;
  const idleMs = Date.parse(now) - Date.parse(session.last_seen_at);
  if (idleMs >= lifetimes.idleMinutes * 60_000) return null;
  if (idleMs >= LAST_SEEN_RESOLUTION_MS)
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', hashToken(token))
      .execute();
  return actorFromRows(rows);
}

/** End a session (sign out). */
export async function signOut(
  db: Kysely<Database>,
  ctx: RequestContext,
  token: string,
): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
  if (ctx.actor)
    await appendAudit(db, ctx, {
      action: 'session.sign-out',
      outcome: 'allowed',
      objectType: 'user',
      objectId: ctx.actor.userId,
    });
}

/** What an actor is made of: the user, their agency's kind and (a row each) their roles. */
const ACTOR_COLUMNS = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.agency_id',
  'users.active',
  'agencies.kind',
  'user_roles.role',
] as const;

/** The actor a user id stands for (null when inactive): for API clients' service users. */
export function actorForUser(db: Kysely<Database>, userId: string): Promise<Actor | null> {
  return loadActor(db, userId);
}

/**
 * The actor a username stands for (null when unknown or inactive): who `baton work step --as`
 * acts as. Roles are read now, so a role taken away applies to the next command too.
 */
export async function actorForUsername(
  db: Kysely<Database>,
  username: string,
): Promise<Actor | null> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  return user ? loadActor(db, user.id) : null;
}

async function loadActor(db: Kysely<Database>, userId: string): Promise<Actor | null> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(ACTOR_COLUMNS)
    .where('users.id', '=', userId)
    .execute();
  return actorFromRows(rows);
}

/** The actor from rows of ACTOR_COLUMNS (one per role; one with a null role when none). */
function actorFromRows(
  rows: readonly (Parameters<typeof toActor>[0] & { role: string | null })[],
): Actor | null {
  const user = rows[0];
  if (!user) return null;
  return toActor(
    user,
    rows.flatMap((r) => (r.role === null ? [] : [{ role: r.role }])),
  );
}

function toActor(
  user: {
    id: string;
    username: string;
    display_name: string;
    agency_id: string;
    active: number;
    kind: string;
  },
  roleRows: readonly { role: string }[],
): Actor | null {
  if (user.active !== 1) return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    agencyId: user.agency_id,
    agencyKind: asAgencyKind(user.kind),
    roles: roleRows
      .map((r) => r.role)
      .filter((r): r is Role => (allRoles as readonly string[]).includes(r)),
  };
}

function asAgencyKind(kind: string): AgencyKind {
  return (agencyKinds as readonly string[]).includes(kind) ? (kind as AgencyKind) : 'voluntary';
}
