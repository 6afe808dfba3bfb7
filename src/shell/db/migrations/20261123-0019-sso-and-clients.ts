import type { BatonMigration } from './migration.js';

/**
 * Single sign-on and machine access (issue 15 §2, §3).
 *
 * - `users.email`, when no earlier migration has added it (the administration branch adds it
 *   too; whichever lands first creates it, and this one then leaves it alone).
 * - `user_identities`: an identity provider's (issuer, subject) linked to a Baton user, so that a
 *   user found once by a verified email is found by the provider's stable subject thereafter.
 * - `sso_sign_ins`: a sign-in started at a provider and not yet finished — the PKCE verifier,
 *   nonce and where to return, keyed by the SHA-256 of the state. Single use: the callback deletes
 *   the row, so a replayed callback finds nothing. Kept in the database so that any Baton process
 *   can finish a sign-in another one started.
 * - `sessions.sso_provider_id` and `sessions.id_token`: which provider a session came from and
 *   its ID token, so that signing out can offer the provider's end-session with the token as hint.
 * - `api_clients`: other systems' API tokens (SHA-256 only), each tied to an agency, a service
 *   user (so every access check and audit row names the client) and scopes; revocable, expiring.
 */
export const ssoAndClients: BatonMigration = {
  name: '20261123-0019-sso-and-clients',
  async up(db) {
    const users = (await db.introspection.getTables()).find((t) => t.name === 'users');
    if (!users?.columns.some((c) => c.name === 'email')) {
      await db.schema.alterTable('users').addColumn('email', 'text').execute();
      await db.schema.createIndex('users_email_idx').on('users').column('email').execute();
    }
    await db.schema
      .createTable('user_identities')
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('provider_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
      .execute();
    await db.schema
      .createIndex('user_identities_user_idx')
      .on('user_identities')
      .column('user_id')
      .execute();
    await db.schema
      .createTable('sso_sign_ins')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('provider_id', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('return_to', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('sessions').addColumn('sso_provider_id', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('id_token', 'text').execute();
    await db.schema
      .createTable('api_clients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      // Space-separated, e.g. "contacts:create returns:read".
      .addColumn('scopes', 'text', (c) => c.notNull())
      // SHA-256 of the token: the table cannot be replayed as tokens.
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },
};
