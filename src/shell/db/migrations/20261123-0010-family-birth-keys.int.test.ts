/**
 * Migration 0010 on both databases: people recorded before it get the family-year, family-day,
 * family-undated and family-given keys a new record gets, a merged duplicate's go to the record
 * kept, and person_keys is indexed by person.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingKeys } from '../../../core/people/index.js';
import {
  createTestDatabase,
  testDialects,
  type TestDatabase,
} from '../../testing/test-databases.js';
import { migrateToLatest } from '../database.js';

const dialects = await testDialects();

const OLD_KINDS = ['nhs:', 'dob:', 'postcode:', 'family:'];
const NEW_KINDS = ['family-year:', 'family-day:', 'family-undated:', 'family-given:'];
const ofKinds = (keys: string[], kinds: string[]) =>
  keys.filter((k) => kinds.some((kind) => k.startsWith(kind)));

// Synthetic people only.
const PEOPLE = [
  { id: 'p-1', given: 'Lena', family: 'Marsh', dob: '2016-01-02', mergedInto: null },
  { id: 'p-2', given: 'Catherine', family: 'Ashworth-Bell', dob: null, mergedInto: null },
  { id: 'p-3', given: 'Orrin', family: 'Quennell', dob: '1988-11-30', mergedInto: null },
  // Recorded twice, merged before the migration: the duplicate's keys live on the record kept.
  { id: 'p-4', given: 'Lena', family: 'Marshe', dob: '2016-02-01', mergedInto: 'p-1' },
];

describe.each(dialects)('migration 0010 (family and birth keys) on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, {
      migratedThrough: '20261123-0009-indexes-for-work-lists',
    });
    const db = database.db;
    for (const p of PEOPLE) {
      await db
        .insertInto('people')
        .values({
          id: p.id,
          kind: 'child',
          given_name: p.given,
          family_name: p.family,
          other_names: null,
          date_of_birth: p.dob,
          expected_date: null,
          gender: null,
          nhs_number: null,
          upn: null,
          local_id: null,
          postcode: null,
          address: null,
          language: null,
          communication_needs: '[]',
          disabled: 0,
          disability_details: null,
          merged_into: p.mergedInto,
          created_by: 'seed',
          created_at: '2026-01-01T00:00:00.000Z',
          version: 1,
        })
        .execute();
      // The keys as Baton wrote them before this migration (a merge moved them to the kept record).
      const old = ofKinds(
        blockingKeys({ givenName: p.given, familyName: p.family, dateOfBirth: p.dob ?? undefined }),
        OLD_KINDS,
      );
      await db
        .insertInto('person_keys')
        .values(old.map((key) => ({ person_id: p.mergedInto ?? p.id, key })))
        .onConflict((oc) => oc.columns(['key', 'person_id']).doNothing())
        .execute();
    }
    expect(await migrateToLatest(database)).toEqual([
      '20261123-0010-family-birth-keys',
      '20261123-0011-indexes-the-planner-reads-right',
      '20261123-0012-sign-in-attempts',
      '20261123-0013-involvement-bounds',
      '20261123-0020-outbox',
    ]);
  });
  afterAll(async () => {
    await database.drop();
  });

  const keysOf = async (id: string) =>
    (
      await database.db
        .selectFrom('person_keys')
        .select('key')
        .where('person_id', '=', id)
        .orderBy('key')
        .execute()
    ).map((r) => r.key);
  const keysFor = (p: (typeof PEOPLE)[number]) =>
    blockingKeys({ givenName: p.given, familyName: p.family, dateOfBirth: p.dob ?? undefined });

  it('gives each person the keys a new record gets', async () => {
    for (const p of PEOPLE.filter((x) => x.mergedInto === null && x.id !== 'p-1'))
      expect(await keysOf(p.id)).toEqual(keysFor(p));
    expect(await keysOf('p-2')).toContain('family-undated:AXRT');
    expect(await keysOf('p-2')).toContain('family-given:AXRT:K');
  });

  it('gives a merged duplicate’s keys to the record kept, as a merge today would', async () => {
    const [kept, duplicate] = [PEOPLE[0], PEOPLE[3]];
    if (kept === undefined || duplicate === undefined) throw new Error('fixture');
    const expected = [...new Set([...keysFor(kept), ...keysFor(duplicate)])].sort();
    expect(await keysOf('p-1')).toEqual(expected);
    expect(await keysOf('p-4')).toEqual([]);
    expect(ofKinds(await keysOf('p-1'), NEW_KINDS)).toContain('family-year:MRX:2016');
  });

  it('keeps the keys tied to people: a key for nobody is refused', async () => {
    await expect(
      database.db.insertInto('person_keys').values({ person_id: 'nobody', key: 'x:y' }).execute(),
    ).rejects.toThrow(/foreign key/i);
  });

  it('indexes person_keys by person', async () => {
    const names =
      dialect === 'sqlite'
        ? (
            await sql<{ name: string }>`
              SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person_keys'`.execute(
              database.db,
            )
          ).rows.map((r) => r.name)
        : (
            await sql<{ name: string }>`
              SELECT indexname AS name FROM pg_indexes WHERE tablename = 'person_keys'`.execute(
              database.db,
            )
          ).rows.map((r) => r.name);
    expect(names).toContain('person_keys_person_idx');
  });
});
