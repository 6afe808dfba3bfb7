/**
 * Single sign-on storage: sign-ins started and not finished (single use), identities linked to
 * users, and accounts created inactive for an administrator to approve.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { normaliseUsername } from './auth-repository.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** How long a sign-in started at a provider may take to come back. */
export const SSO_SIGN_IN_MINUTES = 10;

/**
 * A password hash no password matches (argon2 refuses it as malformed): accounts made by single
 * sign-on have no password.
 */
export const NO_PASSWORD = '!sso-only';

export interface PendingSsoSignIn {
  providerId: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

export async function savePendingSsoSignIn(
  db: Kysely<Database>,
  state: string,
  pending: PendingSsoSignIn,
  now: string,
): Promise<void> {
  // Sign-ins abandoned at the provider are cleared as new ones start.
  await db.deleteFrom('sso_sign_ins').where('expires_at', '<=', now).execute();
  await db
    .insertInto('sso_sign_ins')
    .values({
      state_hash: sha256(state),
      provider_id: pending.providerId,
      code_verifier: pending.codeVerifier,
      nonce: pending.nonce,
      return_to: pending.returnTo,
      created_at: now,
      expires_at: new Date(Date.parse(now) + SSO_SIGN_IN_MINUTES * 60_000).toISOString(),
    })
    .execute();
}

/**
 * Take (and delete) the pending sign-in the state names: null when there is none, it has expired
 * or another request took it first. A callback can therefore be used once.
 */
export async function takePendingSsoSignIn(
  db: Kysely<Database>,
  state: string,
  now: string,
): Promise<PendingSsoSignIn | null> {
  const row = await db
    .selectFrom('sso_sign_ins')
    .selectAll()
    .where('state_hash', '=', sha256(state))
    .executeTakeFirst();
  if (!row) return null;
  const deleted = await db
    .deleteFrom('sso_sign_ins')
    .where('state_hash', '=', row.state_hash)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1 || row.expires_at <= now) return null;
  return {
    providerId: row.provider_id,
    codeVerifier: row.code_verifier,
    nonce: row.nonce,
    returnTo: row.return_to,
  };
}

export interface SsoUser {
  id: string;
  active: boolean;
}

/** The user an (issuer, subject) is linked to. */
export async function userForIdentity(
  db: Kysely<Database>,
  issuer: string,
  subject: string,
): Promise<SsoUser | null> {
  const row = await db
    .selectFrom('user_identities')
    .innerJoin('users', 'users.id', 'user_identities.user_id')
    .select(['users.id', 'users.active'])
    .where('user_identities.issuer', '=', issuer)
    .where('user_identities.subject', '=', subject)
    .executeTakeFirst();
  return row ? { id: row.id, active: row.active === 1 } : null;
}

/** The users with this email (compared without case); more than one means none is chosen. */
export async function usersWithEmail(db: Kysely<Database>, email: string): Promise<SsoUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'active'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .execute();
  return rows.map((r) => ({ id: r.id, active: r.active === 1 }));
}

export async function linkIdentity(
  db: Kysely<Database>,
  link: { issuer: string; subject: string; userId: string; providerId: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('user_identities')
    .values({
      issuer: link.issuer,
      subject: link.subject,
      user_id: link.userId,
      provider_id: link.providerId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .execute();
}

/**
 * An inactive account with no roles and no password, for an administrator to approve. Its
 * username is the email where there is one, else the provider and a hash of the subject.
 */
export async function createInactiveSsoUser(
  db: Kysely<Database>,
  user: {
    providerId: string;
    subject: string;
    email: string | undefined;
    name: string | undefined;
    agencyId: string;
  },
  now: string,
): Promise<string> {
  const id = randomUUID();
  const username = normaliseUsername(
    user.email ?? `${user.providerId}-${sha256(user.subject).slice(0, 12)}`,
  );
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: user.name ?? username,
      agency_id: user.agencyId,
      password_hash: NO_PASSWORD,
      active: 0,
      created_at: now,
      email: user.email?.trim().toLowerCase() ?? null,
    })
    .execute();
  return id;
}
