/**
 * The authority's agencies and staff, in proportion to its size: the demo agencies and users
 * (so the demo sign-ins see the seeded authority) plus schools, health teams, a voluntary
 * sector, social workers, front-door workers, managers and lead professionals.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { DEMO_AGENCIES, DEMO_USERS } from '../demo/demo-data.js';
import type { BatchWriter } from './batch-writer.js';
import type { IdSource, SeededRandom } from './seeded-random.js';
import { adultGivenName, familyName } from './synthetic-names.js';
import { isoAt, type SeedAgency, type SeedUser, type Staff } from './seed-world.js';

const SCHOOL_WORDS = [
  'Larch',
  'Brookside',
  'St Aidan’s',
  'Hillview',
  'Meadowbank',
  'Fernhill',
  'Oakridge',
  'Riverside',
];

/** Build the staff from the demo agencies and users already in the database, plus new ones. */
export async function buildStaff(
  db: Kysely<Database>,
  writer: BatchWriter,
  rand: SeededRandom,
  ids: IdSource,
  seed: number,
  children: number,
  passwordHash: string,
  at: number,
): Promise<Staff> {
  let agencyRows: SeedAgency[] = await db
    .selectFrom('agencies')
    .select(['id', 'name', 'kind'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let userRows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.agency_id', 'user_roles.role'])
    .orderBy('users.username')
    .execute();
  if (agencyRows.length === 0) {
    // A fresh database: the demo agencies and users, with ids from the seed so that the same
    // seed gives the same rows everywhere (the server's own demo seeding would use random ids).
    const demoIds = new Map<string, string>();
    agencyRows = DEMO_AGENCIES.map((a) => {
      const id = ids.next();
      demoIds.set(a.key, id);
      writer.add('agencies', { id, name: a.name, kind: a.kind, created_at: isoAt(at - 1000) });
      return { id, name: a.name, kind: a.kind };
    });
    userRows = DEMO_USERS.map((u) => {
      const id = ids.next();
      const agencyId = demoIds.get(u.agency) ?? '';
      writer.add('users', {
        id,
        username: u.username,
        display_name: u.displayName,
        agency_id: agencyId,
        password_hash: passwordHash,
        active: 1,
        created_at: isoAt(at - 1000),
      });
      writer.add('user_roles', { user_id: id, role: u.role });
      return { id, display_name: u.displayName, agency_id: agencyId, role: u.role };
    });
  }
  const demoNames = new Set(DEMO_AGENCIES.map((a) => a.name));
  const demo = agencyRows.filter((a) => demoNames.has(a.name));
  const ofKind = (kind: string): SeedAgency => {
    const found = demo.find((a) => a.kind === kind) ?? agencyRows.find((a) => a.kind === kind);
    if (!found) throw new Error(`no ${kind} agency: the demo agencies must be seeded first`);
    return found;
  };
  const demoUser = (role: string, kind: string): SeedUser[] =>
    userRows
      .filter((u) => u.role === role && agencyRows.find((a) => a.id === u.agency_id)?.kind === kind)
      .map((u) => ({
        id: u.id,
        displayName: u.display_name,
        agency: agencyRows.find((a) => a.id === u.agency_id) ?? ofKind(kind),
        roles: role,
      }));

  const newAgency = (name: string, kind: string): SeedAgency => {
    const a = { id: ids.next(), name, kind };
    writer.add('agencies', { id: a.id, name, kind, created_at: isoAt(at) });
    return a;
  };
  let n = 0;
  const newUser = (agency: SeedAgency, role: string, tag: string): SeedUser => {
    n += 1;
    const gender = rand.chance(0.7) ? 'female' : 'male';
    const u = {
      id: ids.next(),
      displayName: `${adultGivenName(rand, gender)} ${familyName(rand)} (synthetic)`,
      agency,
      roles: role,
    };
    writer.add('users', {
      id: u.id,
      username: `s${String(seed)}-${tag}${String(n).padStart(4, '0')}`,
      display_name: u.displayName,
      agency_id: agency.id,
      password_hash: passwordHash,
      active: 1,
      created_at: isoAt(at),
    });
    writer.add('user_roles', { user_id: u.id, role });
    return u;
  };
  const times = (count: number, make: () => SeedUser): SeedUser[] =>
    Array.from({ length: count }, make);
  const scale = (per: number, min: number): number => Math.max(min, Math.round(children / per));

  const socialCare = ofKind('childrens-social-care');
  const earlyHelp = ofKind('early-help');
  const partners: SeedUser[] = [
    ...demoUser('practitioner', 'school'),
    ...demoUser('practitioner', 'health'),
    ...demoUser('practitioner', 'police'),
    ...demoUser('practitioner', 'housing'),
  ];
  const schoolLeads: SeedUser[] = [...demoUser('designated-safeguarding-lead', 'school')];
  for (let i = 0; i < scale(2500, 2); i++) {
    const school = newAgency(
      `${rand.pick(SCHOOL_WORDS)} ${rand.pick(['Primary', 'Academy', 'High'])} School ${String(i + 1)} (synthetic)`,
      'school',
    );
    schoolLeads.push(newUser(school, 'designated-safeguarding-lead', 'dsl'));
    partners.push(...times(2, () => newUser(school, 'practitioner', 'teacher')));
  }
  for (let i = 0; i < scale(20_000, 1); i++) {
    const team = newAgency(`Millbrook Health Team ${String(i + 1)} (synthetic)`, 'health');
    partners.push(...times(4, () => newUser(team, 'practitioner', 'health')));
  }
  partners.push(
    ...times(scale(20_000, 1), () => newUser(ofKind('police'), 'practitioner', 'police')),
  );
  partners.push(
    ...times(scale(30_000, 1), () => newUser(ofKind('housing'), 'practitioner', 'housing')),
  );
  for (let i = 0; i < scale(30_000, 1); i++) {
    const charity = newAgency(`Harbour Family Project ${String(i + 1)} (synthetic)`, 'voluntary');
    partners.push(...times(2, () => newUser(charity, 'practitioner', 'vol')));
  }
  return {
    socialCare,
    earlyHelp,
    frontDoor: [
      ...demoUser('front-door-worker', 'childrens-social-care'),
      ...times(scale(4000, 2), () => newUser(socialCare, 'front-door-worker', 'fd')),
    ],
    socialWorkers: [
      ...demoUser('social-worker', 'childrens-social-care'),
      ...times(scale(500, 3), () => newUser(socialCare, 'social-worker', 'sw')),
    ],
    socialCareManagers: [
      ...demoUser('team-manager', 'childrens-social-care'),
      ...times(scale(5000, 1), () => newUser(socialCare, 'team-manager', 'tm')),
    ],
    businessSupport: [
      ...demoUser('business-support', 'childrens-social-care'),
      ...times(scale(10_000, 1), () => newUser(socialCare, 'business-support', 'bs')),
    ],
    leadProfessionals: [
      ...demoUser('lead-professional', 'early-help'),
      ...times(scale(1000, 2), () => newUser(earlyHelp, 'lead-professional', 'lp')),
    ],
    earlyHelpManagers: [
      ...demoUser('team-manager', 'early-help'),
      ...times(scale(10_000, 1), () => newUser(earlyHelp, 'team-manager', 'ehm')),
    ],
    partners,
    schoolLeads,
  };
}

/** Every user the staff lists name, once. */
export function everyone(staff: Staff): SeedUser[] {
  const all = [
    ...staff.frontDoor,
    ...staff.socialWorkers,
    ...staff.socialCareManagers,
    ...staff.businessSupport,
    ...staff.leadProfessionals,
    ...staff.earlyHelpManagers,
    ...staff.partners,
    ...staff.schoolLeads,
  ];
  return [...new Map(all.map((u) => [u.id, u])).values()];
}
