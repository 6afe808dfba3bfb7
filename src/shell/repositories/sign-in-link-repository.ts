/**
 * One-time sign-in links: how a user with no password yet (a new user, or the first administrator
 * of a fresh deployment) chooses one. The link carries a random token; the database keeps only its
 * SHA-256, so a copy of the table signs nobody in. A link works once, before it expires.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import type { AdminCaller } from './admin-repository.js';
import { appendAudit } from './audit-repository.js';
import { hashPassword } from './auth-repository.js';
import type { RequestContext } from './request-context.js';

/** How long a link lasts: long enough to reach someone by email over a weekend. */
export const SIGN_IN_LINK_HOURS = 72;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Issue a link for an active user; returns the token (shown once, never stored). */
export async function issueSignInLink(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  userId: string,
): Promise<{ token: string; expiresAt: string }> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (user?.active !== 1)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no such active user.' });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.parse(ctx.now) + SIGN_IN_LINK_HOURS * 3_600_000).toISOString();
  await db
    .insertInto('sign_in_links')
    .values({
      id: hashToken(token),
      user_id: userId,
      created_at: ctx.now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  await appendAudit(db, ctx, {
    action: 'admin.user.sign-in-link',
    objectType: 'user',
    objectId: userId,
    outcome: 'allowed',
    changes: {
      before: null,
      after: { expiresAt },
      ...(caller.kind === 'operator' ? { via: 'baton command' } : {}),
    },
  });
  return { token, expiresAt };
}

/** The user a link is for, or BATON_SIGN_IN_LINK_INVALID (used, expired, unknown, inactive). */
export async function signInLinkUser(
  db: Kysely<Database>,
  ctx: RequestContext,
  token: string,
): Promise<{ userId: string; username: string }> {
  const row = await db
    .selectFrom('sign_in_links')
    .innerJoin('users', 'users.id', 'sign_in_links.user_id')
    .select(['users.id', 'users.username', 'users.active', 'sign_in_links.expires_at', 'used_at'])
    .where('sign_in_links.id', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= ctx.now || row.active !== 1) {
    await appendAudit(db, ctx, {
      action: 'session.sign-in-link',
      outcome: 'failed',
      actorUserId: row?.id ?? null,
      reason: row === undefined ? 'unknown link' : 'link used, expired or user inactive',
    });
    throw new BatonError('BATON_SIGN_IN_LINK_INVALID');
  }
  return { userId: row.id, username: row.username };
}

/**
 * Use a link: set the user's password (the password policy applies) and spend the link, once —
 * a compare-and-set on `used_at`, so two tabs cannot both use it. Returns the user's id.
 */
export async function useSignInLink(
  db: Kysely<Database>,
  ctx: RequestContext,
  token: string,
  password: string,
): Promise<string> {
  const { userId } = await signInLinkUser(db, ctx, token);
  const hash = await hashPassword(password);
  const spent = await db
    .updateTable('sign_in_links')
    .set({ used_at: ctx.now })
    .where('id', '=', hashToken(token))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw new BatonError('BATON_SIGN_IN_LINK_INVALID');
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
  await appendAudit(db, ctx, {
    action: 'session.password-set',
    objectType: 'user',
    objectId: userId,
    outcome: 'allowed',
    actorUserId: userId,
  });
  return userId;
}

/** Set a user's password directly (the `baton admin create` password read from stdin). */
export async function setPassword(
  db: Kysely<Database>,
  ctx: RequestContext,
  caller: AdminCaller,
  userId: string,
  password: string,
): Promise<void> {
  const hash = await hashPassword(password);
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
  await appendAudit(db, ctx, {
    action: 'admin.user.password-set',
    objectType: 'user',
    objectId: userId,
    outcome: 'allowed',
    changes: {
      before: null,
      after: { password: 'set' },
      ...(caller.kind === 'operator' ? { via: 'baton command' } : {}),
    },
  });
}
