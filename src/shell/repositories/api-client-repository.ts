/**
 * API clients: other systems (a council's data warehouse, a partner's case system) that call the
 * API with a bearer token. Each client has a service user in its agency, so that the access
 * policy judges it as it judges people and every audit row names it; the token is kept only as
 * its SHA-256, expires, and can be revoked.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Actor } from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import { withTransaction } from '../db/unit-of-work.js';
import { appendAudit } from './audit-repository.js';
import { actorForUser } from './auth-repository.js';
import type { RequestContext } from './request-context.js';
import { NO_PASSWORD } from './sso-repository.js';

/** What a client may do. Each API operation open to clients names the one scope it needs. */
export const clientScopes = ['returns:read', 'contacts:create', 'webhooks:receive'] as const;
export type ClientScope = (typeof clientScopes)[number];

export const isClientScope = (s: string): s is ClientScope =>
  (clientScopes as readonly string[]).includes(s);

/** A client acts as a practitioner of its agency: what that role may see and do, never more. */
const CLIENT_ROLE = 'practitioner';

/**
 * A client with `returns:read` (a council's data warehouse) also holds the data-team role, which
 * alone may make statutory returns; it gives no child's record (issue 16 §4).
 */
const RETURNS_ROLE = 'data-team';

/** Tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
const TOKEN_PREFIX = 'baton_ct_';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface ApiClientView {
  id: string;
  name: string;
  agencyId: string;
  scopes: ClientScope[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** active, expired or revoked, at the time asked. */
  status: 'active' | 'expired' | 'revoked';
}

const usernameFor = (name: string) => `client:${name}`;

/** Create a client and its service user; the token is returned once and never stored. */
export async function createApiClient(
  db: Kysely<Database>,
  ctx: RequestContext,
  client: { name: string; agencyId: string; scopes: readonly ClientScope[]; days: number },
): Promise<{ id: string; token: string; expiresAt: string }> {
  if (!/^[a-z0-9][a-z0-9-]{1,59}$/.test(client.name))
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'name', message: 'use 2 to 60 lower-case letters, digits and -' }],
    });
  if (client.scopes.length === 0)
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'scope', message: `give at least one of ${clientScopes.join(', ')}` }],
    });
  const agency = await db
    .selectFrom('agencies')
    .select('id')
    .where('id', '=', client.agencyId)
    .executeTakeFirst();
  if (!agency)
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'agency', message: 'no agency has that id' }],
    });
  const id = randomUUID();
  const userId = randomUUID();
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.parse(ctx.now) + client.days * 86_400_000).toISOString();
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id: userId,
        username: usernameFor(client.name),
        display_name: `API client ${client.name}`,
        agency_id: client.agencyId,
        password_hash: NO_PASSWORD,
        active: 1,
        created_at: ctx.now,
      })
      .execute();
    await trx
      .insertInto('user_roles')
      .values([
        { user_id: userId, role: CLIENT_ROLE },
        ...(client.scopes.includes('returns:read')
          ? [{ user_id: userId, role: RETURNS_ROLE }]
          : []),
      ])
      .execute();
    await trx
      .insertInto('api_clients')
      .values({
        id,
        name: client.name,
        agency_id: client.agencyId,
        user_id: userId,
        scopes: [...new Set(client.scopes)].join(' '),
        token_hash: sha256(token),
        created_at: ctx.now,
        expires_at: expiresAt,
        revoked_at: null,
      })
      .execute();
    await appendAudit(trx, ctx, {
      action: 'api-client.create',
      outcome: 'allowed',
      objectType: 'api-client',
      objectId: id,
      reason: `scopes ${client.scopes.join(' ')}; expires ${expiresAt}`,
    });
  });
  return { id, token, expiresAt };
}

export async function listApiClients(db: Kysely<Database>, now: string): Promise<ApiClientView[]> {
  const rows = await db.selectFrom('api_clients').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    agencyId: r.agency_id,
    scopes: r.scopes.split(' ').filter(isClientScope),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    status: r.revoked_at !== null ? 'revoked' : r.expires_at <= now ? 'expired' : 'active',
  }));
}

/** Revoke a client's token: the very next request with it is refused. */
export async function revokeApiClient(
  db: Kysely<Database>,
  ctx: RequestContext,
  name: string,
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('api_clients')
      .select(['id', 'user_id'])
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw new BatonError('BATON_CLIENT_UNKNOWN');
    await trx
      .updateTable('api_clients')
      .set({ revoked_at: ctx.now })
      .where('id', '=', row.id)
      .where('revoked_at', 'is', null)
      .execute();
    await trx.updateTable('users').set({ active: 0 }).where('id', '=', row.user_id).execute();
    await appendAudit(trx, ctx, {
      action: 'api-client.revoke',
      outcome: 'allowed',
      objectType: 'api-client',
      objectId: row.id,
    });
  });
}

export interface ClientPrincipal {
  clientId: string;
  name: string;
  scopes: ClientScope[];
  actor: Actor;
}

/** The client a bearer token names, or null when unknown, revoked or expired. */
export async function clientForToken(
  db: Kysely<Database>,
  token: string,
  now: string,
): Promise<ClientPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_clients')
    .select(['id', 'name', 'scopes', 'user_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.expires_at <= now) return null;
  const actor = await actorForUser(db, row.user_id);
  if (!actor) return null;
  return {
    clientId: row.id,
    name: row.name,
    scopes: row.scopes.split(' ').filter(isClientScope),
    actor,
  };
}
