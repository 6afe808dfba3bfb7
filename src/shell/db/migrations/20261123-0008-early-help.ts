import type { BatonMigration } from './migration.js';

/**
 * Early help: the Early Help Assessment, the Team Around the Family plan (outcomes and SMART
 * actions), TAF meetings with minutes and who they were sent to, reviews, new concerns on an open
 * case, and panel agendas with allocations. The episode itself is a work item (migration 0007).
 * Every editable row carries a version for stale-edit checks.
 */
export const earlyHelp: BatonMigration = {
  name: '20261123-0008-early-help',
  async up(db) {
    await db.schema
      .createTable('eh_assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // Several per episode: a reassessment starts a new one and the completed one is kept.
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('status', 'text', (c) => c.notNull()) // draft | complete
      .addColumn('source', 'text', (c) => c.notNull()) // eha | cf-assessment
      .addColumn('source_note', 'text')
      .addColumn('family', 'text', (c) => c.notNull()) // the whole family: who is in it
      .addColumn('child_voice', 'text', (c) => c.notNull()) // the child's own words
      .addColumn('parent_views', 'text', (c) => c.notNull())
      .addColumn('strengths', 'text', (c) => c.notNull())
      .addColumn('needs', 'text', (c) => c.notNull())
      .addColumn('other_agencies', 'text', (c) => c.notNull())
      .addColumn('analysis', 'text', (c) => c.notNull())
      .addColumn('plan_level', 'integer')
      .addColumn('completed_at', 'text')
      .addColumn('completed_by', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('eh_assessments_work_idx')
      .on('eh_assessments')
      .columns(['work_item_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('eh_plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().unique().references('work_items.id'))
      .addColumn('outcomes', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: string[]
      .addColumn('next_review_date', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createTable('eh_plan_actions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('outcome', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('owner_name', 'text', (c) => c.notNull())
      .addColumn('owner_agency', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // not-started | in-progress | done | dropped
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('eh_plan_actions_work_idx')
      .on('eh_plan_actions')
      .column('work_item_id')
      .execute();
    await db.schema
      .createTable('eh_meetings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // taf | review | new-concerns | other
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('attendees', 'text', (c) => c.notNull()) // JSON: [{ name, role, family }]
      .addColumn('apologies', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('minutes', 'text', (c) => c.notNull())
      .addColumn('decisions', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: string[]
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('eh_meetings_work_idx')
      .on('eh_meetings')
      .columns(['work_item_id', 'held_on'])
      .execute();
    // Who the plan or the meeting minutes were sent to, and when (001: minutes and a copy of the
    // plan go to the parents and every party at the meeting; 004 App. 3: share the plan).
    await db.schema
      .createTable('eh_distributions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('document', 'text', (c) => c.notNull()) // plan | minutes
      .addColumn('meeting_id', 'text', (c) => c.references('eh_meetings.id'))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('recipient_kind', 'text', (c) => c.notNull()) // family | partner
      .addColumn('method', 'text', (c) => c.notNull()) // email | post | by-hand | secure-email
      .addColumn('sent_on', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('eh_distributions_work_idx')
      .on('eh_distributions')
      .column('work_item_id')
      .execute();
    await db.schema
      .createTable('eh_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('meeting_id', 'text', (c) => c.references('eh_meetings.id'))
      .addColumn('review_date', 'text', (c) => c.notNull())
      .addColumn('planned_date', 'text')
      .addColumn('brought_forward_reason', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull()) // positive-change | no-change | deterioration
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('transition_id', 'text', (c) => c.notNull())
      .addColumn('transition_record_id', 'text', (c) => c.notNull())
      .addColumn('transition_status', 'text', (c) => c.notNull()) // applied | awaiting-authorisation
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('eh_reviews_work_idx')
      .on('eh_reviews')
      .columns(['work_item_id', 'review_date'])
      .execute();
    // New concerns on an open case (Worcestershire App. 6): who raised them, whether a child
    // protection concern went to the front door, and who keeps responsibility for the referral.
    await db.schema
      .createTable('eh_concerns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id'))
      .addColumn('concerns', 'text', (c) => c.notNull())
      .addColumn('raised_by_name', 'text', (c) => c.notNull())
      .addColumn('raised_by_agency', 'text', (c) => c.notNull())
      .addColumn('child_protection', 'integer', (c) => c.notNull())
      .addColumn('front_door_phoned_at', 'text')
      .addColumn('responsible_name', 'text', (c) => c.notNull())
      .addColumn('responsible_user_id', 'text')
      .addColumn('transition_record_id', 'text')
      .addColumn('transition_status', 'text') // applied | awaiting-authorisation | null (CP route)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('eh_concerns_work_idx')
      .on('eh_concerns')
      .column('work_item_id')
      .execute();
    // A case on a panel's agenda (an episode or a front-door contact) and what the panel decided.
    await db.schema
      .createTable('panel_agenda_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('panel_id', 'text', (c) => c.notNull())
      .addColumn('meeting_date', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull()) // episode | contact
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('child_id', 'text', (c) => c.references('people.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // listed | allocated
      .addColumn('allocated_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('allocated_name', 'text')
      .addColumn('allocated_agency', 'text')
      .addColumn('allocation_note', 'text')
      .addColumn('allocated_by', 'text')
      .addColumn('allocated_at', 'text')
      .addColumn('added_by', 'text', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('panel_agenda_meeting_idx')
      .on('panel_agenda_items')
      .columns(['panel_id', 'meeting_date'])
      .execute();
  },
};
