import type { BatonMigration } from './migration.js';

/**
 * Work moving through a pack's workflow (a front-door contact, an early help episode…), every
 * transition as a decision record, the deadlines it opened, and notifications to people.
 */
export const workAndDeadlines: BatonMigration = {
  name: '20261123-0007-work-and-deadlines',
  async up(db) {
    await db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('referrer_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('referrer_name', 'text', (c) => c.notNull())
      .addColumn('referrer_agency_id', 'text', (c) => c.references('agencies.id'))
      .addColumn('referrer_agency_name', 'text', (c) => c.notNull())
      .addColumn('referrer_phone', 'text')
      .addColumn('channel', 'text', (c) => c.notNull()) // online | telephone
      .addColumn('concerns', 'text', (c) => c.notNull())
      .addColumn('threshold_check_id', 'text')
      .addColumn('referrer_level', 'integer', (c) => c.notNull())
      .addColumn('urgency', 'text', (c) => c.notNull()) // immediate | today | routine
      .addColumn('consent_decision', 'text', (c) => c.notNull())
      .addColumn('consent_reason', 'text')
      .addColumn('consulted', 'text')
      .addColumn('family_spoken_to', 'integer', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.unique())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('contact_people')
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('role', 'text', (c) => c.notNull()) // child | parent | carer | other-adult
      .addPrimaryKeyConstraint('contact_people_pk', ['contact_id', 'person_id'])
      .execute();
    await db.schema
      .createTable('work_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workflow_id', 'text', (c) => c.notNull())
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull()) // contact | child
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('level', 'integer')
      .addColumn('lead_professional_name', 'text')
      .addColumn('lead_professional_agency', 'text')
      .addColumn('lead_professional_user_id', 'text')
      .addColumn('owner_agency_id', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: [{ id, on }]
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}')) // JSON: workflow-specific fields
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('work_items_subject_idx')
      .on('work_items')
      .columns(['subject_type', 'subject_id'])
      .execute();
    await db.schema
      .createIndex('work_items_state_idx')
      .on('work_items')
      .columns(['workflow_id', 'state'])
      .execute();
    await db.schema
      .createTable('work_item_children')
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addPrimaryKeyConstraint('work_item_children_pk', ['work_item_id', 'child_id'])
      .execute();
    await db.schema
      .createIndex('work_item_children_child_idx')
      .on('work_item_children')
      .column('child_id')
      .execute();
    await db.schema
      .createTable('transitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('transition_id', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text', (c) => c.notNull())
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('status', 'text', (c) => c.notNull()) // applied | awaiting-authorisation | declined
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .execute();
    await db.schema
      .createIndex('transitions_work_idx')
      .on('transitions')
      .columns(['work_item_id', 'requested_at'])
      .execute();
    await db.schema
      .createIndex('transitions_status_idx')
      .on('transitions')
      .column('status')
      .execute();
    await db.schema
      .createTable('deadlines')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('timescale_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('due', 'text', (c) => c.notNull()) // YYYY-MM-DD, or an ISO time for hour-based deadlines
      .addColumn('citation', 'text', (c) => c.notNull())
      .addColumn('owner_agency_id', 'text', (c) => c.notNull())
      .addColumn('owner_user_id', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('met_at', 'text')
      .execute();
    await db.schema
      .createIndex('deadlines_open_idx')
      .on('deadlines')
      .columns(['met_at', 'due'])
      .execute();
    await db.schema
      .createIndex('deadlines_owner_idx')
      .on('deadlines')
      .columns(['owner_agency_id', 'met_at'])
      .execute();
    await db.schema
      .createIndex('deadlines_work_idx')
      .on('deadlines')
      .column('work_item_id')
      .execute();
    await db.schema
      .createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('agency_id', 'text')
      .addColumn('role', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('object_type', 'text')
      .addColumn('object_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('read_at', 'text')
      .execute();
    await db.schema
      .createIndex('notifications_user_idx')
      .on('notifications')
      .columns(['user_id', 'read_at'])
      .execute();
    await db.schema
      .createIndex('notifications_team_idx')
      .on('notifications')
      .columns(['agency_id', 'role'])
      .execute();
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('route', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
