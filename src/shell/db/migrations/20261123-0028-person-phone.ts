import type { BatonMigration } from './migration.js';

/**
 * A person's telephone number (issue 14: "the contact asks for the family's address and phone").
 * A nullable column on `people`, beside `address` and `postcode`, not a table of numbers: the
 * contact asks for one number per adult, the household view shows it with the person, a person's
 * correction (`updatePerson`) audits it like every other detail, and a merge or its undo moves no
 * extra rows. Existing people keep null: no number recorded.
 */
export const personPhone: BatonMigration = {
  name: '20261123-0028-person-phone',
  async up(db) {
    await db.schema.alterTable('people').addColumn('phone', 'text').execute();
  },
};
