import { randomUUID } from 'node:crypto';
import { InsertQueryNode, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { appendAudit } from './audit-repository.js';
import { writeAuditRow, type AuditRow } from './audit-writer.js';
import type { RequestContext } from './request-context.js';

const dialects = await testDialects();

const ctx = (requestId: string): RequestContext => ({
  actor: null,
  requestId,
  remoteAddress: '127.0.0.1',
  now: '2026-11-23T10:00:00.000Z',
});

const row = (id: string): AuditRow => ({
  id,
  at: '2026-11-23T10:00:00.000Z',
  request_id: `req-${id}`,
  actor_user_id: null,
  actor_agency_id: null,
  actor_roles: '',
  action: 'test.write',
  object_type: null,
  object_id: null,
  outcome: 'allowed',
  reason: null,
  remote_address: null,
});

/** The same database, counting the INSERT statements sent through it. */
function countingInserts(db: Kysely<Database>): { db: Kysely<Database>; inserts: () => number } {
  let inserts = 0;
  const counted = db.withPlugin({
    transformQuery: (args) => {
      if (InsertQueryNode.is(args.node)) inserts += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  return { db: counted, inserts: () => inserts };
}

describe.each(dialects)('the audit trail written in groups on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });

  const rowsFor = async (requestIds: string[]) =>
    database.db
      .selectFrom('audit_events')
      .select(['request_id', 'action'])
      .where('request_id', 'in', requestIds)
      .execute();

  it('writes every concurrent event, each committed before its caller hears back, in fewer statements', async () => {
    const { db, inserts } = countingInserts(database.db);
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const seen = await Promise.all(
      ids.map(async (id) => {
        await appendAudit(db, ctx(id), { action: 'child.read', outcome: 'allowed' });
        // Once appendAudit resolves, the row is there for anyone to read.
        return (await rowsFor([id])).length;
      }),
    );
    expect(seen).toEqual(ids.map(() => 1));
    expect(await rowsFor(ids)).toHaveLength(40);
    expect(inserts()).toBeLessThan(40);
  });

  it('fails only the caller whose event could not be written when a group fails', async () => {
    const taken = randomUUID();
    await writeAuditRow(database.db, row(taken));
    const [good1, good2] = [randomUUID(), randomUUID()];
    const results = await Promise.allSettled([
      writeAuditRow(database.db, row(good1)),
      writeAuditRow(database.db, { ...row(taken), request_id: 'req-duplicate' }),
      writeAuditRow(database.db, row(good2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rowsFor([`req-${good1}`, `req-${good2}`, 'req-duplicate'])).toHaveLength(2);
  });

  it('writes inside a transaction there and then, so it rolls back with the change it records', async () => {
    const id = randomUUID();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAudit(trx, ctx(id), { action: 'child.update', outcome: 'allowed' });
        expect(
          await trx.selectFrom('audit_events').select('id').where('request_id', '=', id).execute(),
        ).toHaveLength(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsFor([id])).toHaveLength(0);
  });
});
