/**
 * `baton seed`: a deterministic synthetic authority written straight into the database in large
 * batched inserts (not through the API, which would take hours at this size). The same seed and
 * "as of" date give the same rows. Everything is invented; NHS numbers are from the test range.
 */
import { assertPasswordAcceptable } from '../security/common-passwords.js';
import argon2 from 'argon2';
import { sql } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { workingCalendarFor } from '../calendar/index.js';
import { migrateToLatest, type DatabaseHandle } from '../db/index.js';
import { DEMO_USERS } from '../demo/demo-data.js';
import { BatchWriter } from './batch-writer.js';
import { dropSecondaryIndexes, restoreIndexes } from './bulk-load.js';
import { generateFamilyJourney } from './family-journeys.js';
import { generateHousehold } from './household-generator.js';
import { countOpenEpisodes, openEpisodesUpTo } from './open-episodes.js';
import { IdSource, SeededRandom } from './seeded-random.js';
import { DAY, SeedWorld } from './seed-world.js';
import { buildStaff, everyone } from './seed-staff.js';
import { TestNhsNumbers } from './synthetic-names.js';
import { SyntheticUpns } from './census-items.js';
import { seedPreProceedings } from './pre-proceedings-records.js';

/** Children per household: most have one or two. */
const HOUSEHOLD_SIZES = [
  ['1', 0.4],
  ['2', 0.35],
  ['3', 0.17],
  ['4', 0.08],
] as const;

export interface SeedOptions {
  children: number;
  randomSeed: number;
  /** The day the authority is seeded as of (YYYY-MM-DD): nothing happens after its start. */
  asOf: string;
  /** Seed even though the database holds records other than the demo data. */
  force: boolean;
  /** The password every seeded user signs in with (the demo password). */
  password: string;
  /** The deployment's pack: its workflows, timescales and indicators shape the work. */
  pack: ResolvedPack;
  /**
   * Open more early help and social care episodes after the realistic seed until this many are
   * open (for measuring lists at a goal's size); none when the seed already opened as many.
   */
  openEpisodes?: number;
  /** Children per transaction. */
  chunkChildren?: number;
  onProgress?: (childrenDone: number, total: number) => void;
}

export interface SeedSummary {
  children: number;
  /** Open episodes after seeding, and how many of them `openEpisodes` added. */
  openEpisodes: { total: number; added: number };
  rows: Record<string, number>;
  seconds: number;
}

/** Seed a synthetic authority into a migrated (or new) database. */
export async function seedAuthority(
  handle: DatabaseHandle,
  options: SeedOptions,
): Promise<SeedSummary> {
  const started = process.hrtime.bigint();
  await migrateToLatest(handle);
  const db = handle.db;
  await refuseUnlessEmpty(handle, options);

  const rand = new SeededRandom(options.randomSeed);
  const ids = new IdSource(options.randomSeed);
  const nhs = new TestNhsNumbers(options.randomSeed);
  const upns = new SyntheticUpns(options.pack.dfeLaNumber ?? '999');
  const writer = new BatchWriter(handle.dialect);
  const asOf = Date.parse(`${options.asOf}T00:00:00Z`);
  const year = Number(options.asOf.slice(0, 4));
  const calendar = workingCalendarFor({
    fromYear: year - 5,
    toYear: year + 3,
    closures: options.pack.closures,
  });
  assertPasswordAcceptable(options.password);
  const passwordHash = await argon2.hash(options.password, { type: argon2.argon2id });
  const staff = await buildStaff(
    db,
    writer,
    rand,
    ids,
    options.randomSeed,
    options.children,
    passwordHash,
    asOf - 4 * 365 * DAY,
  );
  const world = new SeedWorld(rand, ids, writer, options.pack, calendar, asOf, staff);
  if (handle.dialect === 'sqlite') await sql`PRAGMA synchronous = OFF`.execute(db);
  const dropped = await dropSecondaryIndexes(db, handle.dialect);
  let added = 0;
  let preProceedings = 0;
  try {
    await writer.flush(db);
    const chunk = options.chunkChildren ?? 2000;
    let done = 0;
    let sinceFlush = 0;
    options.onProgress?.(0, options.children);
    while (done < options.children) {
      const size = Math.min(options.children - done, Number(rand.weighted(HOUSEHOLD_SIZES)));
      const household = generateHousehold(
        world,
        { nhs, upns },
        size,
        rand.pick(staff.businessSupport),
      );
      generateFamilyJourney(world, household);
      done += size;
      sinceFlush += size;
      if (sinceFlush >= chunk || done >= options.children) {
        await writer.flush(db);
        sinceFlush = 0;
        options.onProgress?.(done, options.children);
      }
    }
    signIns(world, options.children);
    await writer.flush(db);
    preProceedings = await seedPreProceedings(db, options);
    if (options.openEpisodes !== undefined) {
      const r = await openEpisodesUpTo(
        db,
        world,
        options.openEpisodes,
        passwordHash,
        options.randomSeed,
      );
      added = r.opened;
    }
  } finally {
    await restoreIndexes(db, dropped);
    if (handle.dialect === 'sqlite') await sql`PRAGMA synchronous = NORMAL`.execute(db);
  }
  // A bulk load ends with fresh planner statistics, as any operator would run after one. On
  // PostgreSQL a VACUUM too: until the visibility map is set, index-only scans (counting a team's
  // open deadlines) visit every heap page, and the planner falls back to bitmap scans — 70 ms
  // rather than 2 ms for one count at 20,000 children. Autovacuum would get there in time.
  if (handle.dialect === 'postgres') await sql`VACUUM (ANALYZE)`.execute(db);
  else await sql`ANALYZE`.execute(db);
  return {
    children: options.children,
    openEpisodes: { total: await countOpenEpisodes(db), added },
    rows: { ...Object.fromEntries(writer.written()), pre_proceedings: preProceedings },
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** Sign-ins over the last year: most staff most working days. */
function signIns(world: SeedWorld, children: number): void {
  const users = everyone(world.staff);
  const days = Math.min(365, Math.max(20, Math.round(children / 300)));
  for (const user of users) {
    for (let d = 1; d <= days; d++) {
      const day = world.asOf - d * DAY;
      const weekday = new Date(day).getUTCDay();
      if (weekday === 0 || weekday === 6 || !world.rand.chance(0.8)) continue;
      world.audit(world.workingMoment(day), user, 'session.sign-in', 'user', user.id);
    }
  }
}

/** Refuse (BATON_SEED_NOT_EMPTY) when the database holds anything besides the demo data. */
async function refuseUnlessEmpty(handle: DatabaseHandle, options: SeedOptions): Promise<void> {
  const db = handle.db;
  const seededBefore = await db
    .selectFrom('users')
    .select('id')
    .where('username', 'like', `s${String(options.randomSeed)}-%`)
    .limit(1)
    .executeTakeFirst();
  if (seededBefore)
    throw new BatonError('BATON_SEED_NOT_EMPTY', {
      message: `This database already holds the authority from seed ${String(options.randomSeed)}. Use a new database, or another --random-seed with --force.`,
    });
  if (options.force) return;
  const demoUsernames = DEMO_USERS.map((u) => u.username);
  const otherUser = await db
    .selectFrom('users')
    .select('id')
    .where('username', 'not in', demoUsernames)
    .limit(1)
    .executeTakeFirst();
  const otherPerson = await db
    .selectFrom('people')
    .select('id')
    .where('family_name', 'not like', '%(demo)')
    .limit(1)
    .executeTakeFirst();
  if (otherUser || otherPerson) throw new BatonError('BATON_SEED_NOT_EMPTY');
}
