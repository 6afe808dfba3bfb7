/** Webhook subscriptions: who receives which events, at which URL, signed with which secret. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { EVENT_TYPES } from './enqueue.js';

export interface Subscription {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}

/** Add a subscriber; returns it with its secret (shown once, to give to the subscriber). */
export async function addSubscription(
  db: Kysely<Database>,
  s: { name: string; url: string; eventTypes: readonly string[]; secret?: string; now: string },
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
  };
  await db.insertInto('webhook_subscriptions').values(row).execute();
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    secret: row.secret,
    eventTypes: [...s.eventTypes],
    active: true,
    createdAt: s.now,
  };
}

export async function listSubscriptions(db: Kysely<Database>): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    url: r.url,
    eventTypes: JSON.parse(r.event_types) as string[],
    active: r.active === 1,
    createdAt: r.created_at,
  }));
}

/** Stop sending to a subscriber (its delivery log stays). */
export async function removeSubscription(db: Kysely<Database>, id: string): Promise<void> {
  const res = await db
    .updateTable('webhook_subscriptions')
    .set({ active: 0 })
    .where('id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw new BatonError('BATON_NOT_FOUND', {
      message: `There is no active webhook subscription ${id}. \`baton webhooks list\` shows them.`,
    });
}
