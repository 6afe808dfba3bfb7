import { sql, type Kysely } from 'kysely';
import { blockingKeys } from '../../../core/people/index.js';
import type { BatonMigration, Dialect } from './migration.js';

/** The tables as this migration reads and writes them. */
interface Tables {
  people: {
    id: string;
    given_name: string;
    family_name: string;
    date_of_birth: string | null;
    merged_into: string | null;
  };
  person_keys: { person_id: string; key: string };
  new_person_keys: { person_id: string; key: string };
}

/** The kinds of key this migration adds (see blocking-keys.ts in the core). */
const NEW_KINDS = ['family-year:', 'family-day:', 'family-undated:', 'family-given:'];
/** People read per round, and rows per SQLite INSERT (two parameters a row, well under its limit). */
const BATCH = 5000;
const INSERT_CHUNK = 5000;

/**
 * Intake search joins the sound of a family name with the year of birth, the day of birth or the
 * given name's initial, because the bare sound matches thousands of people in a large authority.
 * This adds those keys for everyone already recorded, computed by the core exactly as a new record
 * would get them. A merged duplicate's keys go to the record it was merged into (following merges
 * of merges), as a merge today would move them. Idempotent: a key already held is left alone.
 *
 * Fast at 500,000 people: the keys are computed in batches into an unindexed staging table, then
 * added in one statement in key order, so the (key, person) primary key's index is filled page
 * after page instead of at a random page per row (on SQLite the new kinds all sort between `dob:`
 * and `family:`).
 *
 * Also indexes `person_keys` by person: adding, correcting, merging and undoing a merge all read
 * or delete a person's keys, which the (key, person) primary key cannot find without a scan.
 */
export const familyBirthKeys: BatonMigration = {
  name: '20261123-0010-family-birth-keys',
  async up(unknownDb, dialect) {
    const db = unknownDb as Kysely<Tables>;
    // PostgreSQL runs each migration in a transaction; SQLite does not: one transaction makes
    // the backfill all or nothing there too, and spares a commit per insert.
    if (dialect === 'sqlite') await db.transaction().execute((trx) => backfill(trx, dialect));
    else await backfill(db, dialect);
    await db.schema
      .createIndex('person_keys_person_idx')
      .ifNotExists()
      .on('person_keys')
      .column('person_id')
      .execute();
    // PostgreSQL plans from sampled statistics; the table has just doubled.
    if (dialect === 'postgres') await sql`ANALYZE person_keys`.execute(db);
  },
};

async function backfill(db: Kysely<Tables>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    // For this transaction only: sort the new keys and check the foreign key in memory.
    await sql`SET LOCAL work_mem = '256MB'`.execute(db);
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
  }
  const merged = new Map(
    (
      await db
        .selectFrom('people')
        .select(['id', 'merged_into'])
        .where('merged_into', 'is not', null)
        .execute()
    ).map((r) => [r.id, r.merged_into ?? r.id]),
  );
  const holderOf = (id: string): string => {
    let holder = id;
    for (let hops = 0; hops <= merged.size; hops++) {
      const next = merged.get(holder);
      if (next === undefined) return holder;
      holder = next;
    }
    return holder; // a cycle cannot be made through the API; stop rather than loop
  };

  await db.schema
    .createTable('new_person_keys')
    .temporary()
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .execute();
  let after = '';
  for (;;) {
    const people = await db
      .selectFrom('people')
      .select(['id', 'given_name', 'family_name', 'date_of_birth'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    const last = people.at(-1);
    if (last === undefined) break;
    after = last.id;
    const rows: Tables['new_person_keys'][] = [];
    for (const p of people) {
      const holder = holderOf(p.id);
      const keys = blockingKeys({
        givenName: p.given_name,
        familyName: p.family_name,
        dateOfBirth: p.date_of_birth ?? undefined,
      });
      for (const key of keys)
        if (NEW_KINDS.some((kind) => key.startsWith(kind))) rows.push({ person_id: holder, key });
    }
    if (dialect === 'postgres') {
      // Two array parameters instead of two per row: PostgreSQL parses one short statement.
      await sql`
        INSERT INTO new_person_keys (person_id, key)
        SELECT * FROM unnest(${rows.map((r) => r.person_id)}::text[], ${rows.map((r) => r.key)}::text[])`.execute(
        db,
      );
    } else {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await db
          .insertInto('new_person_keys')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
    }
  }
  // PostgreSQL checks the foreign key to people with a trigger per row, locking each person's row;
  // one check of the whole table when the constraint is added back is several times faster. The
  // migration is one transaction there, so nothing sees the table without it.
  const foreignKeys =
    dialect === 'postgres'
      ? (
          await sql<{ name: string; definition: string }>`
            SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE conrelid = 'person_keys'::regclass AND contype = 'f'`.execute(db)
        ).rows
      : [];
  for (const fk of foreignKeys)
    await sql`ALTER TABLE person_keys DROP CONSTRAINT ${sql.id(fk.name)}`.execute(db);
  // `WHERE true`: SQLite's documented way to keep ON CONFLICT from reading as part of the SELECT.
  await sql`
    INSERT INTO person_keys (person_id, key)
    SELECT person_id, key FROM new_person_keys WHERE true ORDER BY key, person_id
    ON CONFLICT (key, person_id) DO NOTHING`.execute(db);
  for (const fk of foreignKeys)
    await sql`ALTER TABLE person_keys ADD CONSTRAINT ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(
      db,
    );
  await db.schema.dropTable('new_person_keys').execute();
}
