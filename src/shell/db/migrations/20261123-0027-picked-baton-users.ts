import type { BatonMigration } from './migration.js';

/**
 * The Baton user picked as a plan action's owner or as a recipient of a meeting's minutes
 * (issue 14 §1): they can see the child and are told. Null for people outside Baton, whose name
 * (and agency) are typed; old rows keep null. A meeting's attendees are stored as JSON and carry
 * the user id there.
 */
export const pickedBatonUsers: BatonMigration = {
  name: '20261123-0027-picked-baton-users',
  async up(db) {
    await db.schema.alterTable('eh_plan_actions').addColumn('owner_user_id', 'text').execute();
    await db.schema.alterTable('eh_distributions').addColumn('recipient_user_id', 'text').execute();
  },
};
