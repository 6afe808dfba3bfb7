/**
 * Webhook subscriptions: who receives which events, at which URL, signed with which secret.
 * Subscribers are API clients (issue 15 §4): a client whose token has `webhooks:receive`
 * registers its own endpoints (`/api/webhooks`, or `baton webhooks add --client`), and events
 * stop reaching it once it is revoked, expires or loses the scope. Events carry ids, never a
 * child's details, whatever the client's scopes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { EVENT_TYPES } from './enqueue.js';

export interface Subscription {
  id: string;
  name: string;
  /** The API client it belongs to (null: a subscription from before clients owned them). */
  clientId: string | null;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}

/** Add a subscriber; returns it with its secret (shown once, to give to the subscriber). */
export async function addSubscription(
  db: Kysely<Database>,
  s: {
    name: string;
    url: string;
    eventTypes: readonly string[];
    secret?: string;
    now: string;
    clientId?: string | null;
  },
): Promise<Subscription & { secret: string }> {
  let parsed: URL;
  try {
    parsed = new URL(s.url);
  } catch {
    throw new BatonError('BATON_INVALID_WEBHOOK', {
      message: `"${s.url}" is not a URL. Give the subscriber's full https:// address.`,
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new BatonError('BATON_INVALID_WEBHOOK', {
      message: `A webhook URL must be http(s); "${s.url}" is not.`,
    });
  const unknown = s.eventTypes.filter(
    (t) => t !== '*' && !(EVENT_TYPES as readonly string[]).includes(t),
  );
  if (s.eventTypes.length === 0 || unknown.length > 0)
    throw new BatonError('BATON_INVALID_WEBHOOK', {
      message: `Unknown event type${unknown.length === 1 ? '' : 's'} ${unknown.join(', ') || '(none given)'}. Choose from: ${EVENT_TYPES.join(', ')}, or * for all.`,
    });
  const row = {
    id: randomUUID(),
    name: s.name,
    url: s.url,
    secret: s.secret ?? randomBytes(32).toString('base64url'),
    event_types: JSON.stringify([...s.eventTypes]),
    active: 1,
    created_at: s.now,
    client_id: s.clientId ?? null,
  };
  await db.insertInto('webhook_subscriptions').values(row).execute();
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    url: row.url,
    secret: row.secret,
    eventTypes: [...s.eventTypes],
    active: true,
    createdAt: s.now,
  };
}

/** Every subscription, or (with `clientId`) one client's own. */
export async function listSubscriptions(
  db: Kysely<Database>,
  only: { clientId?: string } = {},
): Promise<Subscription[]> {
  let q = db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at');
  if (only.clientId !== undefined) q = q.where('client_id', '=', only.clientId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    clientId: r.client_id,
    url: r.url,
    eventTypes: JSON.parse(r.event_types) as string[],
    active: r.active === 1,
    createdAt: r.created_at,
  }));
}

/** Stop sending to a subscriber (its delivery log stays); with `clientId`, only its own. */
export async function removeSubscription(
  db: Kysely<Database>,
  id: string,
  only: { clientId?: string } = {},
): Promise<void> {
  let q = db
    .updateTable('webhook_subscriptions')
    .set({ active: 0 })
    .where('id', '=', id)
    .where('active', '=', 1);
  if (only.clientId !== undefined) q = q.where('client_id', '=', only.clientId);
  const res = await q.executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw new BatonError('BATON_NOT_FOUND', {
      message: `There is no active webhook subscription ${id}. \`baton webhooks list\` shows them.`,
    });
}

/**
 * The active client, by name, that may own subscriptions: it holds `webhooks:receive`. Otherwise
 * BATON_VALIDATION naming `--client`.
 */
export async function webhookClientNamed(
  db: Kysely<Database>,
  name: string,
  now: string,
): Promise<{ id: string; name: string }> {
  const row = await db
    .selectFrom('api_clients')
    .select(['id', 'name', 'scopes', 'revoked_at', 'expires_at'])
    .where('name', '=', name)
    .executeTakeFirst();
  const problem = !row
    ? `there is no API client "${name}" (\`baton clients list\`)`
    : row.revoked_at !== null || row.expires_at <= now
      ? `the API client "${name}" is revoked or expired`
      : !row.scopes.split(' ').includes(WEBHOOK_SCOPE)
        ? `the API client "${name}" does not have the ${WEBHOOK_SCOPE} scope`
        : null;
  if (problem !== null || !row)
    throw new BatonError('BATON_VALIDATION', {
      message: 'Webhook subscribers are API clients with the webhooks:receive scope.',
      details: [{ path: '--client', message: problem ?? '' }],
    });
  return { id: row.id, name: row.name };
}

/** The scope a client needs to own subscriptions and receive events. */
export const WEBHOOK_SCOPE = 'webhooks:receive';
