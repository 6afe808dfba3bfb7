import type { BatonMigration } from './migration.js';

/**
 * Children and adults, their identifiers and relationships, households, and who works with
 * each child (involvements drive access). Matching keys make intake search indexable.
 */
export const peopleAndInvolvements: BatonMigration = {
  name: '20261123-0005-people-and-involvements',
  async up(db) {
    await db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull()) // child | adult
      .addColumn('given_name', 'text', (c) => c.notNull())
      .addColumn('family_name', 'text', (c) => c.notNull())
      .addColumn('other_names', 'text')
      .addColumn('date_of_birth', 'text')
      .addColumn('expected_date', 'text') // an unborn child's expected date of delivery
      .addColumn('gender', 'text')
      .addColumn('nhs_number', 'text')
      .addColumn('upn', 'text')
      .addColumn('local_id', 'text')
      .addColumn('postcode', 'text')
      .addColumn('address', 'text')
      .addColumn('language', 'text')
      .addColumn('communication_needs', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disability_details', 'text')
      .addColumn('merged_into', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.createIndex('people_nhs_idx').on('people').column('nhs_number').execute();
    await db.schema.createIndex('people_dob_idx').on('people').column('date_of_birth').execute();
    await db.schema.createIndex('people_postcode_idx').on('people').column('postcode').execute();
    await db.schema
      .createTable('person_keys')
      .addColumn('person_id', 'text', (c) =>
        c.notNull().references('people.id').onDelete('cascade'),
      )
      .addColumn('key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('person_keys_pk', ['key', 'person_id'])
      .execute();
    await db.schema
      .createTable('relationships')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('relationship', 'text', (c) => c.notNull())
      .addColumn('parental_responsibility', 'integer', (c) => c.notNull())
      .addColumn('lives_with_child', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('relationships_child_idx')
      .on('relationships')
      .column('child_id')
      .execute();
    await db.schema
      .createIndex('relationships_person_idx')
      .on('relationships')
      .column('person_id')
      .execute();
    await db.schema
      .createTable('involvements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('role', 'text', (c) => c.notNull()) // referrer | practitioner | lead-professional | allocated-worker | panel
      .addColumn('from_date', 'text', (c) => c.notNull())
      .addColumn('to_date', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('involvements_child_idx')
      .on('involvements')
      .columns(['child_id', 'agency_id'])
      .execute();
    await db.schema
      .createIndex('involvements_user_idx')
      .on('involvements')
      .columns(['user_id', 'child_id'])
      .execute();
    await db.schema
      .createTable('break_glass')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('child_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'text')
      .execute();
    await db.schema
      .createIndex('break_glass_user_idx')
      .on('break_glass')
      .columns(['user_id', 'child_id'])
      .execute();
    await db.schema
      .createTable('person_merges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kept_id', 'text', (c) => c.notNull())
      .addColumn('merged_id', 'text', (c) => c.notNull())
      .addColumn('moved_json', 'text', (c) => c.notNull()) // what was re-pointed, so it can be undone
      .addColumn('merged_by', 'text', (c) => c.notNull())
      .addColumn('merged_at', 'text', (c) => c.notNull())
      .addColumn('undone_by', 'text')
      .addColumn('undone_at', 'text')
      .execute();
    await db.schema
      .createTable('child_timeline')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('child_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('object_type', 'text')
      .addColumn('object_id', 'text')
      .addColumn('actor_user_id', 'text')
      .execute();
    await db.schema
      .createIndex('child_timeline_child_idx')
      .on('child_timeline')
      .columns(['child_id', 'at'])
      .execute();
  },
};
