import type { BatonMigration } from './migration.js';

/**
 * A panel's decision on a piece of work it hears (Peterborough's MASG accepting a case stepped
 * down from a C&F assessment) is a step of that work. The agenda item keeps which step the panel
 * took and the step's record (`transitions.id`), who recorded it and when, so the meeting's
 * agenda shows what was decided and links to the decision.
 */
export const panelDecisions: BatonMigration = {
  name: '20261123-0016-panel-decisions',
  async up(db) {
    await db.schema
      .alterTable('panel_agenda_items')
      .addColumn('decision_transition_id', 'text')
      .execute();
    await db.schema
      .alterTable('panel_agenda_items')
      .addColumn('decision_record_id', 'text')
      .execute();
    await db.schema.alterTable('panel_agenda_items').addColumn('decided_by', 'text').execute();
    await db.schema.alterTable('panel_agenda_items').addColumn('decided_at', 'text').execute();
  },
};
