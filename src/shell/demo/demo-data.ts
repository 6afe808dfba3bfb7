/**
 * Synthetic demo data, seeded once: one authority's agencies and one demo user per role.
 * Every name here is invented. No real person, school or service is described.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgencyKind } from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import { DEMO_USERS } from '../demo-users.js';
import { createUser, hashPassword } from '../repositories/index.js';

export const DEMO_AGENCIES: readonly { key: string; name: string; kind: AgencyKind }[] = [
  { key: 'school', name: 'Larkfield Primary School (demo)', kind: 'school' },
  { key: 'health', name: 'Millbrook Health Visiting Team (demo)', kind: 'health' },
  { key: 'police', name: 'Eastshire Police Safeguarding Unit (demo)', kind: 'police' },
  { key: 'housing', name: 'Millbrook Housing Options (demo)', kind: 'housing' },
  { key: 'early-help', name: 'Millbrook Early Help Hub (demo)', kind: 'early-help' },
  {
    key: 'social-care',
    name: "Millbrook Children's Social Care (demo)",
    kind: 'childrens-social-care',
  },
  { key: 'voluntary', name: 'Harbour Family Support Charity (demo)', kind: 'voluntary' },
];

export { DEMO_USERS } from '../demo-users.js';

/** Seed the demo agencies and users unless any agency exists. Returns true when it seeded. */
export async function seedDemoData(
  db: Kysely<Database>,
  password: string,
  now: string,
): Promise<boolean> {
  const existing = await db.selectFrom('agencies').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const ids = new Map<string, string>();
  await db.transaction().execute(async (trx) => {
    for (const a of DEMO_AGENCIES) {
      const id = randomUUID();
      ids.set(a.key, id);
      await trx
        .insertInto('agencies')
        .values({ id, name: a.name, kind: a.kind, created_at: now })
        .execute();
    }
  });
  // One published password for every demo user: hash it once.
  const passwordHash = await hashPassword(password);
  for (const u of DEMO_USERS) {
    const agencyId = ids.get(u.agency);
    if (agencyId === undefined) throw new Error(`demo agency ${u.agency} missing`);
    await createUser(
      db,
      {
        username: u.username,
        displayName: u.displayName,
        agencyId,
        roles: [u.role],
        password,
        passwordHash,
      },
      now,
    );
  }
  return true;
}
