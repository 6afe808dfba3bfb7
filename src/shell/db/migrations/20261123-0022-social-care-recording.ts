import type { BatonMigration } from './migration.js';

/**
 * Social care recording (issue 14 item 6, issue 16 §1): visits to the child — when, whether the
 * child was seen and seen alone (and why not), by whom — one row each, on the child and the piece
 * of statutory work the visit was for. The assessment, the child in need plan's content and the
 * census codes recorded on the work live on the work item (`data.census`, `data.assessment`,
 * `data.cinPlan`): work recorded before this migration has none, which every page shows as
 * "Not recorded" and the census rules report until someone records it.
 */
export const socialCareRecording: BatonMigration = {
  name: '20261123-0022-social-care-recording',
  async up(db) {
    await db.schema
      .createTable('child_visits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('work_item_id', 'text', (c) => c.references('work_items.id'))
      // YYYY-MM-DD
      .addColumn('visited_on', 'text', (c) => c.notNull())
      // 1 seen, 0 not seen
      .addColumn('seen', 'integer', (c) => c.notNull())
      // yes | no | not-appropriate; NULL when the child was not seen
      .addColumn('seen_alone', 'text')
      // why not seen, or not seen alone
      .addColumn('reason', 'text')
      .addColumn('seen_by_name', 'text', (c) => c.notNull())
      .addColumn('seen_by_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('child_visits_child_idx')
      .on('child_visits')
      .columns(['child_id', 'visited_on'])
      .execute();
  },
};
