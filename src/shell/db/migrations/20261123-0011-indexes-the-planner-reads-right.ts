import { sql } from 'kysely';
import type { BatonMigration } from './migration.js';

/**
 * Indexes that misled the planner once open deadlines number in the tens of thousands, and one
 * for counting unread notifications.
 *
 * `deadlines_open_idx (met_at, due)` and `deadlines_owner_idx (owner_agency_id, met_at)`: met
 * deadlines carry distinct timestamps, so after ANALYZE SQLite takes `met_at IS NULL` to match two
 * rows and chose these indexes for every "open deadlines of …" query — a team's page, a person's
 * own list, even one work item's deadlines on the child record — then walked every open deadline
 * in the authority (260 ms for one practitioner's page at 100,000 open episodes). The partial
 * indexes of migration 0009 (open deadlines by agency or owner, in due order) and
 * `deadlines_work_idx` answer all of those queries. `notifications_team_idx (agency_id, role)` is
 * the prefix of 0009's `notifications_team_recent_idx`; the partial index that replaces it counts
 * a team's unread notifications without reading the read ones.
 */
export const indexesThePlannerReadsRight: BatonMigration = {
  name: '20261123-0011-indexes-the-planner-reads-right',
  async up(db) {
    await db.schema.dropIndex('deadlines_open_idx').execute();
    await db.schema.dropIndex('deadlines_owner_idx').execute();
    await db.schema.dropIndex('notifications_team_idx').execute();
    await db.schema
      .createIndex('notifications_team_unread_idx')
      .on('notifications')
      .columns(['agency_id', 'role'])
      .where(sql.ref('read_at'), 'is', null)
      .execute();
  },
};
