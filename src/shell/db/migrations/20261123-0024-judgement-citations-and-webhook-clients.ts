import type { BatonMigration } from './migration.js';

/**
 * Two additions from issues 12 and 15, each a nullable column on an existing table:
 * - a practitioner's threshold judgement keeps the citations (document and section) of the level
 *   (and named state) it was made under, as JSON `RuleCitation[]` (issue 12 §4);
 * - a webhook subscription belongs to the API client that registered it (issue 15 §4): events go
 *   only to clients that are active and hold `webhooks:receive`. Subscriptions from before this
 *   migration have no client and were made before clients owned them and are delivered as before;
 * - a user's notification settings carry a version, as every update does (BATON_VERSION_REQUIRED):
 *   a stale change from another tab is refused rather than silently overwriting.
 */
export const judgementCitationsAndWebhookClients: BatonMigration = {
  name: '20261123-0024-judgement-citations-and-webhook-clients',
  async up(db) {
    await db.schema
      .alterTable('threshold_checks')
      .addColumn('judgement_citations', 'text')
      .execute();
    await db.schema.alterTable('webhook_subscriptions').addColumn('client_id', 'text').execute();
    await db.schema
      .createIndex('webhook_subscriptions_client_idx')
      .on('webhook_subscriptions')
      .column('client_id')
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('notification_settings_version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
