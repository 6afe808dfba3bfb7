/**
 * Writing to the outbox, always inside the caller's unit of work: the message exists exactly when
 * the change that caused it committed. Payloads carry ids and kinds, never a child's details.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** The domain events a webhook subscriber can receive. */
export const EVENT_TYPES = [
  'contact.received',
  'decision.made',
  'work.started',
  'work.closed',
  'step.awaiting-authorisation',
  'webhook.test',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Ids only: every value a string id, a kind or a timestamp. */
export type EventData = Readonly<Record<string, string | null>>;

/** Whether a subscription's event list (JSON array, "*" for all) takes this event. */
export function subscribes(eventTypes: string, type: string): boolean {
  const list = JSON.parse(eventTypes) as string[];
  return list.includes('*') || list.includes(type);
}

/**
 * Record a domain event: one outbox message per active webhook subscription that takes it, all
 * with the same event id (the receiver drops duplicates by it). Returns the event id.
 */
export async function recordEvent(
  trx: Kysely<Database>,
  now: string,
  type: EventType,
  data: EventData,
  onlySubscription?: string,
): Promise<string> {
  const eventId = randomUUID();
  // Only subscriptions whose client may receive webhooks now: active, not expired, with the
  // scope (one from before clients owned subscriptions, with no client, is the operator's).
  let q = trx
    .selectFrom('webhook_subscriptions')
    .leftJoin('api_clients', 'api_clients.id', 'webhook_subscriptions.client_id')
    .select(['webhook_subscriptions.id', 'webhook_subscriptions.event_types'])
    .where('webhook_subscriptions.active', '=', 1)
    .where((eb) =>
      eb.or([
        eb('webhook_subscriptions.client_id', 'is', null),
        eb.and([
          eb('api_clients.revoked_at', 'is', null),
          eb('api_clients.expires_at', '>', now),
          // Scopes are space-separated; padding both ends matches the whole word on either side.
          eb(
            sql<string>`' ' || ${eb.ref('api_clients.scopes')} || ' '`,
            'like',
            '% webhooks:receive %',
          ),
        ]),
      ]),
    );
  if (onlySubscription !== undefined)
    q = q.where('webhook_subscriptions.id', '=', onlySubscription);
  const subs = await q.execute();
  const rows = subs
    .filter((s) => onlySubscription !== undefined || subscribes(s.event_types, type))
    .map((s) => ({
      id: randomUUID(),
      channel: 'webhook' as const,
      event_type: type,
      event_id: eventId,
      recipient: s.id,
      payload: JSON.stringify({ id: eventId, type, createdAt: now, data }),
      state: 'queued' as const,
      attempts: 0,
      created_at: now,
      next_attempt_at: now,
    }));
  if (rows.length > 0) await trx.insertInto('outbox_messages').values(rows).execute();
  return eventId;
}

/**
 * Queue an email for each of these users who chose email and gave an address. The email says a
 * sentence about the kind of notification and links to the object; nothing about the child.
 */
export async function queueEmails(
  trx: Kysely<Database>,
  now: string,
  userIds: readonly string[],
  n: { kind: string; objectType: string; objectId: string },
): Promise<number> {
  if (userIds.length === 0) return 0;
  const users = await trx
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...userIds])
    .where('active', '=', 1)
    .where('notify_by', '=', 'email')
    // An address for notifications, or the account's own email (administration sets it).
    .where((eb) => eb.or([eb('notification_email', 'is not', null), eb('email', 'is not', null)]))
    .execute();
  if (users.length === 0) return 0;
  await trx
    .insertInto('outbox_messages')
    .values(
      users.map((u) => {
        const id = randomUUID();
        return {
          id,
          channel: 'email' as const,
          event_type: n.kind,
          event_id: id,
          recipient: u.id,
          payload: JSON.stringify({ kind: n.kind, objectType: n.objectType, objectId: n.objectId }),
          state: 'queued' as const,
          attempts: 0,
          created_at: now,
          next_attempt_at: now,
        };
      }),
    )
    .execute();
  return users.length;
}

/** The active users of an agency holding one of these roles (who a team notification reaches). */
export async function usersWithRoles(
  trx: Kysely<Database>,
  agencyId: string,
  roles: readonly string[],
): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .distinct()
    .where('users.agency_id', '=', agencyId)
    .where('user_roles.role', 'in', [...roles])
    .where('users.notify_by', '=', 'email')
    .execute();
  return rows.map((r) => r.id);
}
