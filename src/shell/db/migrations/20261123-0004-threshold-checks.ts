import type { BatonMigration } from './migration.js';

/** A levels-of-need check is a recorded decision: it keeps the pack id and version it used. */
export const thresholdChecks: BatonMigration = {
  name: '20261123-0004-threshold-checks',
  async up(db) {
    await db.schema
      .createTable('threshold_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('base_pack_id', 'text')
      .addColumn('base_pack_version', 'text')
      .addColumn('input_json', 'text', (c) => c.notNull())
      // What the practitioner was shown at the time, exactly: the decision can be read later as made.
      .addColumn('result_json', 'text', (c) => c.notNull())
      .addColumn('suggested_level', 'integer', (c) => c.notNull())
      .addColumn('state_id', 'text')
      .addColumn('immediate_danger', 'integer', (c) => c.notNull())
      .addColumn('practitioner_level', 'integer')
      .addColumn('practitioner_reason', 'text')
      .addColumn('judged_at', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('threshold_checks_creator_idx')
      .on('threshold_checks')
      .columns(['created_by', 'created_at'])
      .execute();
  },
};
