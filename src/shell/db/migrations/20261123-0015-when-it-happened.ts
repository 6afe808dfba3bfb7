import type { BatonMigration } from './migration.js';

/**
 * When it happened is not when it was typed (issue 12 §2), and every decision cites its rule
 * (§4).
 *
 * - `transitions.occurred_at`: when the step happened (a date, or a date and time where a rule is
 *   in hours), separate from `requested_at` (recorded) and `decided_at` (authorised). Deadlines
 *   the step opens count from it; authorising later never moves them. Null on rows recorded
 *   before this migration: read as `requested_at`.
 * - `transitions.citations`: JSON, the rules the decision was made under — the step's citation
 *   and each guard it passed (`[{ rule, text, citation }]`). Null on older rows.
 * - `work_items.began_at`: when the work began — for follow-on work, when the step that started it
 *   happened. Null: `opened_at`.
 * - `eh_concerns.occurred_on`: the day the new concerns arose, separate from `created_at`.
 */
export const whenItHappened: BatonMigration = {
  name: '20261123-0015-when-it-happened',
  async up(db) {
    await db.schema.alterTable('transitions').addColumn('occurred_at', 'text').execute();
    await db.schema.alterTable('transitions').addColumn('citations', 'text').execute();
    await db.schema.alterTable('work_items').addColumn('began_at', 'text').execute();
    await db.schema.alterTable('eh_concerns').addColumn('occurred_on', 'text').execute();
  },
};
