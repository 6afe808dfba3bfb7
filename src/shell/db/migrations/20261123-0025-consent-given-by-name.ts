import type { BatonMigration } from './migration.js';

/**
 * Who gave or refused a consent, by name, when they are not a person on the record (issue 14 §7):
 * the early help form asks for "their name", and without a place to keep it the ledger read the
 * mother's consent as "given by the young person". Old rows keep null and read by the kind of
 * person who answered.
 */
export const consentGivenByName: BatonMigration = {
  name: '20261123-0025-consent-given-by-name',
  async up(db) {
    await db.schema.alterTable('consents').addColumn('given_by_name', 'text').execute();
  },
};
