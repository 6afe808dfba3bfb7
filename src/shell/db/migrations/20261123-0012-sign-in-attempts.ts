import type { BatonMigration } from './migration.js';

/**
 * Sign-in attempts, so that the limit on them is one counter in the database that every Baton
 * process shares (it was in each process's memory, and counted the page and the API apart). A row
 * per attempt; rows older than the window are deleted as new attempts arrive.
 */
export const signInAttempts: BatonMigration = {
  name: '20261123-0012-sign-in-attempts',
  async up(db) {
    await db.schema
      .createTable('sign_in_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // SHA-256 of the address and the normalised username: the table holds neither in clear.
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('attempted_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sign_in_attempts_key_idx')
      .on('sign_in_attempts')
      .columns(['key', 'attempted_at'])
      .execute();
    await db.schema
      .createIndex('sign_in_attempts_at_idx')
      .on('sign_in_attempts')
      .column('attempted_at')
      .execute();
  },
};
