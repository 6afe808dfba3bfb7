import type { BatonMigration } from './migration.js';

/**
 * Access granted for a pending decision ends with it. A step-down transfer request lets the
 * authorising early help service read the children while it waits; `granted_for` names that
 * request, so declining, withdrawing or deciding it ends the involvement (its `to_date` becomes
 * the day before, so the access check refuses at once). Involvements with no `granted_for` last
 * until the work that gave them closes or someone ends them.
 */
export const involvementBounds: BatonMigration = {
  name: '20261123-0013-involvement-bounds',
  async up(db) {
    await db.schema.alterTable('involvements').addColumn('granted_for', 'text').execute();
    await db.schema
      .createIndex('involvements_granted_for_idx')
      .on('involvements')
      .column('granted_for')
      .execute();
  },
};
