import { sql } from 'kysely';
import type { BatonMigration } from './migration.js';

/**
 * Indexes for the lists a practitioner opens most ("due and overdue", notifications): each list
 * is read in order with a limit, so an index in that order lets the database stop after the
 * first rows instead of sorting every open deadline or notification of a whole team. Partial on
 * open deadlines: met ones are never listed, and they are most of the table over the years.
 */
export const indexesForWorkLists: BatonMigration = {
  name: '20261123-0009-indexes-for-work-lists',
  async up(db) {
    await db.schema
      .createIndex('deadlines_agency_open_due_idx')
      .on('deadlines')
      .columns(['owner_agency_id', 'due', 'id'])
      .where(sql.ref('met_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('deadlines_user_open_due_idx')
      .on('deadlines')
      .columns(['owner_user_id', 'due', 'id'])
      .where(sql.ref('met_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('notifications_user_recent_idx')
      .on('notifications')
      .columns(['user_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('notifications_team_recent_idx')
      .on('notifications')
      .columns(['agency_id', 'role', 'created_at', 'id'])
      .execute();
  },
};
