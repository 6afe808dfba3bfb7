import type { BatonMigration } from './migration.js';

/**
 * Pre-proceedings under the Public Law Outline (issue 16 §1; the 2026-27 CIN census module
 * `PreProceedingsandFGDM`): one row per period of pre-proceedings, on the child and the piece of
 * social care work (CIN or CP plan, assessment, s47, care) it began under, so the census puts it
 * in that work's CIN episode; and its meetings (the first, then the reviews), one row each, so the
 * census counts the reviews rather than anyone typing a number. Dates are YYYY-MM-DD; NULL is
 * "not recorded yet". `version` refuses a stale form (BATON_STALE_EDIT).
 */
export const preProceedings: BatonMigration = {
  name: '20261123-0026-pre-proceedings',
  async up(db) {
    await db.schema
      .createTable('pre_proceedings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('lbp_sent_on', 'text')
      // 1 yes, 0 no, NULL not recorded
      .addColumn('fgdm_offered', 'integer')
      .addColumn('fgdm_facilitated', 'integer')
      .addColumn('step_decision_on', 'text')
      // A | B | C (CS131), NULL until the step decision
      .addColumn('outcome', 'text')
      .addColumn('court_application_on', 'text')
      .addColumn('letter_initiating_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('pre_proceedings_child_idx')
      .on('pre_proceedings')
      .columns(['child_id', 'started_on'])
      .execute();
    await db.schema
      .createIndex('pre_proceedings_work_idx')
      .on('pre_proceedings')
      .column('work_item_id')
      .execute();
    await db.schema
      .createTable('pre_proceedings_meetings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pre_proceedings_id', 'text', (c) => c.notNull().references('pre_proceedings.id'))
      // initial | review
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('pre_proceedings_meetings_idx')
      .on('pre_proceedings_meetings')
      .columns(['pre_proceedings_id', 'held_on'])
      .execute();
  },
};
