import type { BatonMigration } from './migration.js';

/**
 * Administration (issue 15 §1): agencies gain where they sit (locality, the authority they belong
 * to, their DfE or ODS code); teams within agencies; users gain an email (unique, so a single
 * sign-on subject or email finds one user) and a team; practice roles wait as pending grants until
 * a second administrator approves them (four eyes); one-time sign-in links let a new user choose a
 * password; audit events carry the before and after of an administrative change.
 */
export const administration: BatonMigration = {
  name: '20261123-0018-administration',
  async up(db) {
    await db.schema.alterTable('agencies').addColumn('locality', 'text').execute();
    await db.schema.alterTable('agencies').addColumn('authority', 'text').execute();
    await db.schema.alterTable('agencies').addColumn('code', 'text').execute();
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('teams_agency_name_unique', ['agency_id', 'name'])
      .execute();
    await db.schema.alterTable('users').addColumn('email', 'text').execute();
    await db.schema
      .alterTable('users')
      .addColumn('team_id', 'text', (c) => c.references('teams.id'))
      .execute();
    await db.schema
      .createIndex('users_email_unique')
      .on('users')
      .column('email')
      .unique()
      .execute();
    await db.schema
      .createTable('role_grants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      // Null when the request came from the `baton` command run by the operator.
      .addColumn('requested_by', 'text')
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .execute();
    await db.schema
      .createIndex('role_grants_status_idx')
      .on('role_grants')
      .columns(['status', 'requested_at'])
      .execute();
    await db.schema
      .createTable('sign_in_links')
      // SHA-256 of the token: the table alone cannot be used to sign in.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.alterTable('audit_events').addColumn('changes_json', 'text').execute();
  },
};
