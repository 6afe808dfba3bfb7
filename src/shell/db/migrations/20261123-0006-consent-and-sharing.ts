import type { BatonMigration } from './migration.js';

/** The consent ledger and the information-sharing log (seven golden rules). */
export const consentAndSharing: BatonMigration = {
  name: '20261123-0006-consent-and-sharing',
  async up(db) {
    await db.schema
      .createTable('consents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull()) // given | refused | not-sought | withdrawn
      .addColumn('given_by_person_id', 'text')
      .addColumn('given_by_kind', 'text') // parent-with-pr | carer-without-pr | young-person
      .addColumn('method', 'text') // verbal | written
      .addColumn('document_ref', 'text')
      .addColumn('scope', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: named agencies
      .addColumn('recorded_on', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text')
      .addColumn('not_sought_reason', 'text')
      .addColumn('consulted', 'text')
      .addColumn('notes', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('consents_child_idx')
      .on('consents')
      .columns(['child_id', 'purpose'])
      .execute();
    await db.schema
      .createTable('sharing_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('decision', 'text', (c) => c.notNull()) // shared | not-shared
      .addColumn('what', 'text', (c) => c.notNull())
      .addColumn('with_whom', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('lawful_basis', 'text', (c) => c.notNull())
      .addColumn('with_consent', 'integer', (c) => c.notNull())
      .addColumn('reason_without_consent', 'text')
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sharing_child_idx')
      .on('sharing_decisions')
      .column('child_id')
      .execute();
  },
};
