import type { BatonMigration } from './migration.js';

/**
 * The transactional outbox (issue 15 §4): every email and every domain event that should leave
 * Baton is a row here, written in the same transaction as the change that causes it, so a
 * rolled-back step sends nothing and a committed one is never forgotten. Workers in any process
 * claim rows (claimed_by / claimed_until: a lease that expires when a worker dies), deliver them
 * at least once with back-off, and log each attempt. Webhook subscribers are a small table of
 * their own (the lead ties them to machine clients later). Users gain a notification preference.
 */
export const outbox: BatonMigration = {
  name: '20261123-0020-outbox',
  async up(db) {
    await db.schema
      .createTable('outbox_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // 'email' (GOV.UK Notify) or 'webhook' (one subscriber).
      .addColumn('channel', 'text', (c) => c.notNull())
      // The domain event or notification kind, e.g. 'work.started', 'authorisation-requested'.
      .addColumn('event_type', 'text', (c) => c.notNull())
      // The id the receiver sees and drops duplicates by (the same on every retry).
      .addColumn('event_id', 'text', (c) => c.notNull())
      // email: the user id; webhook: the subscription id.
      .addColumn('recipient', 'text', (c) => c.notNull())
      // JSON: ids only, never a child's personal data.
      .addColumn('payload', 'text', (c) => c.notNull())
      // queued | sent | failed (gave up; last_error says why)
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema
      .createIndex('outbox_messages_due_idx')
      .on('outbox_messages')
      .columns(['state', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('outbox_messages_created_idx')
      .on('outbox_messages')
      .column('created_at')
      .execute();
    await db.schema
      .createTable('outbox_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('message_id', 'text', (c) => c.notNull().references('outbox_messages.id'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('worker', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text', (c) => c.notNull())
      // sent | error
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createIndex('outbox_attempts_message_idx')
      .on('outbox_attempts')
      .columns(['message_id', 'attempt'])
      .execute();
    await db.schema
      .createTable('webhook_subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      // The HMAC-SHA256 key shared with the subscriber.
      .addColumn('secret', 'text', (c) => c.notNull())
      // JSON array of event types, e.g. ["work.started","decision.made"]; ["*"] for all.
      .addColumn('event_types', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // 'in-app' (default) or 'email'; the address Notify sends to (nullable until given).
    await db.schema
      .alterTable('users')
      .addColumn('notify_by', 'text', (c) => c.notNull().defaultTo('in-app'))
      .execute();
    await db.schema.alterTable('users').addColumn('notification_email', 'text').execute();
  },
};
