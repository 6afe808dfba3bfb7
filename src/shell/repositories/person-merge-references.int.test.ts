import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-databases.js';
import {
  PAIR_REFERENCES,
  REFERENCES_LEFT_IN_PLACE,
  ROW_REFERENCES,
} from './person-merge-references.js';

describe('a merge knows every column that holds a person', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('lists each child_id and person_id column of the migrated schema as moved or left in place', async () => {
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
      database.db,
    );
    const found: string[] = [];
    for (const { name } of tables.rows) {
      const cols = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(
        database.db,
      );
      for (const c of cols.rows)
        if (/(^|_)(child|person)_id$/.test(c.name) && name !== 'people')
          found.push(`${name}.${c.name}`);
    }
    const known = [...ROW_REFERENCES, ...PAIR_REFERENCES, ...REFERENCES_LEFT_IN_PLACE].map(
      (r) => `${r.table}.${r.column}`,
    );
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter((f) => !known.includes(f))).toEqual([]);
  });
});
