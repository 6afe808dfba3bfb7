import type { BatonMigration } from './migration.js';

/**
 * What the statutory returns need, recorded where practice records it (issue 16): the child's
 * sex (DfE item N00783, not free-text gender), ethnicity, disabilities (DfE codes, JSON array),
 * former UPN, the reason a UPN is unknown and date of death on the person; the referral source on
 * each contact. Existing records get NULL, which Baton shows as "not recorded" and the census
 * rules report until someone records it. Assessment factors, primary need and a recorded reason
 * for closure live on the work item's `data.census` (no column needed).
 */
export const censusItems: BatonMigration = {
  name: '20261123-0017-census-items',
  async up(db) {
    for (const column of [
      'sex',
      'ethnicity',
      'disabilities',
      'former_upn',
      'upn_unknown_reason',
      'date_of_death',
    ])
      await db.schema.alterTable('people').addColumn(column, 'text').execute();
    await db.schema.alterTable('contacts').addColumn('referral_source', 'text').execute();
  },
};
