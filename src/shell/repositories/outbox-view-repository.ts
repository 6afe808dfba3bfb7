/**
 * What the outbox holds, for administrators (issue 15 §4: "delivery state is visible to
 * administrators — queued, sent, failed with reason, retried"). Messages carry ids, never a
 * child's details, so an administrator reads them without reading any child's record.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const outboxStates = ['queued', 'sent', 'failed'] as const;
export type OutboxState = (typeof outboxStates)[number];

export interface OutboxMessageView {
  id: string;
  channel: 'email' | 'webhook';
  eventType: string;
  eventId: string;
  /** Who it goes to: the user's name (email) or the subscription's name (webhook). */
  recipient: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  lastError: string | null;
}

export interface OutboxSummary {
  counts: Record<OutboxState, number>;
  /** Messages delivered after more than one attempt. */
  retried: number;
  messages: OutboxMessageView[];
}

/** The newest messages (optionally in one state), with counts by state over the whole outbox. */
export async function outboxSummary(
  db: Kysely<Database>,
  filter: { state?: OutboxState | undefined; limit: number },
): Promise<OutboxSummary> {
  let q = db
    .selectFrom('outbox_messages as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.id', '=', 'm.recipient').on('m.channel', '=', 'email'),
    )
    .leftJoin('webhook_subscriptions as w', (j) =>
      j.onRef('w.id', '=', 'm.recipient').on('m.channel', '=', 'webhook'),
    )
    .select([
      'm.id',
      'm.channel',
      'm.event_type',
      'm.event_id',
      'm.recipient',
      'm.state',
      'm.attempts',
      'm.created_at',
      'm.next_attempt_at',
      'm.sent_at',
      'm.last_error',
      'u.display_name',
      'w.name as subscription_name',
    ])
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .limit(filter.limit);
  if (filter.state !== undefined) q = q.where('m.state', '=', filter.state);
  const rows = await q.execute();
  const byState = await db
    .selectFrom('outbox_messages')
    .select(['state', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('state')
    .execute();
  const retried = await db
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('state', '=', 'sent')
    .where('attempts', '>', 1)
    .executeTakeFirst();
  const counts: Record<OutboxState, number> = { queued: 0, sent: 0, failed: 0 };
  for (const r of byState) counts[r.state] = Number(r.n);
  return {
    counts,
    retried: Number(retried?.n ?? 0),
    messages: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      eventType: r.event_type,
      eventId: r.event_id,
      recipient: r.display_name ?? r.subscription_name ?? r.recipient,
      state: r.state,
      attempts: r.attempts,
      createdAt: r.created_at,
      nextAttemptAt: r.next_attempt_at,
      sentAt: r.sent_at,
      lastError: r.last_error,
    })),
  };
}
