import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  isPostgresAvailable,
  type TestDatabase,
} from '../testing/test-databases.js';
import { migrateToLatest } from './database.js';
import { statementName } from './postgres-named-statements.js';

const available = await isPostgresAvailable();

describe.runIf(available)('named statements on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('prepares a data statement once per connection under a name from its text', async () => {
    const text = 'select "id" from "agencies" where "id" = $1';
    // pg_prepared_statements is per connection: ask on the same connection as the queries.
    const rows = await t.db.connection().execute(async (conn) => {
      await conn.selectFrom('agencies').select('id').where('id', '=', 'nobody').execute();
      await conn.selectFrom('agencies').select('id').where('id', '=', 'nobody-else').execute();
      const found = await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements`.execute(conn);
      return found.rows;
    });
    const agencyRead = rows.filter((r) => r.statement === text);
    expect(agencyRead).toHaveLength(1);
    expect(agencyRead[0]?.name).toMatch(/^baton\d+_[\w-]{27}$/);
    const generation = Number(/^baton(\d+)_/.exec(agencyRead[0]?.name ?? '')?.[1]);
    expect(agencyRead[0]?.name).toBe(statementName(text, generation));
  });

  it('answers correctly through named statements, with different parameters each time', async () => {
    await t.db
      .insertInto('agencies')
      .values({ id: 'ag-named-1', name: 'Named One', kind: 'school', created_at: '2026-11-23' })
      .execute();
    const a = await t.db
      .selectFrom('agencies')
      .select('id')
      .where('id', '=', 'ag-named-1')
      .execute();
    const b = await t.db.selectFrom('agencies').select('id').where('id', '=', 'no-such').execute();
    expect(a.map((r) => r.id)).toEqual(['ag-named-1']);
    expect(b).toEqual([]);
  });

  it('still runs statements it cannot name (several statements, DDL)', async () => {
    await sql`create table if not exists named_probe (n integer); insert into named_probe values (1)`.execute(
      t.db,
    );
    const rows = await sql<{ n: number }>`select n from named_probe`.execute(t.db);
    expect(rows.rows).toEqual([{ n: 1 }]);
  });

  it('does not reuse a statement prepared before the schema changed', async () => {
    await sql`create table if not exists reshaped (a integer)`.execute(t.db);
    await sql`insert into reshaped values (1)`.execute(t.db);
    const before = await t.db
      .selectFrom('reshaped' as never)
      .selectAll()
      .execute();
    expect(before).toEqual([{ a: 1 }]);
    // Migrations run with naming off and move names to a new generation afterwards.
    await t.withoutStatementReuse?.(async () => {
      await sql`alter table reshaped add column b text default 'x'`.execute(t.db);
    });
    const after = await t.db
      .selectFrom('reshaped' as never)
      .selectAll()
      .execute();
    expect(after).toEqual([{ a: 1, b: 'x' }]);
    // And migrating again (nothing to do) leaves the database answering.
    await migrateToLatest(t);
    expect(
      await t.db
        .selectFrom('reshaped' as never)
        .selectAll()
        .execute(),
    ).toEqual([{ a: 1, b: 'x' }]);
  });
});
