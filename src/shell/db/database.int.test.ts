import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/index.js';
import { migrateToLatest } from './database.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { appendAudit } from '../repositories/index.js';

const dialects = await testDialects();

describe.each(dialects)('database on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('applies every migration in order, once', async () => {
    const rows = await sql<{
      name: string;
    }>`select name from baton_migrations order by name`.execute(t.db);
    expect(rows.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect([...MIGRATIONS.map((m) => m.name)].sort()).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await migrateToLatest(t)).toEqual([]);
  });

  it('creates every table the query layer types (schema.ts) knows', async () => {
    const tables = [
      'agencies',
      'users',
      'user_roles',
      'sessions',
      'sign_in_attempts',
      'user_identities',
      'sso_sign_ins',
      'api_clients',
      'audit_events',
      'threshold_checks',
      'people',
      'person_keys',
      'relationships',
      'involvements',
      'break_glass',
      'person_merges',
      'child_timeline',
      'consents',
      'sharing_decisions',
      'contacts',
      'contact_people',
      'work_items',
      'work_item_children',
      'transitions',
      'deadlines',
      'notifications',
      'idempotency_keys',
      'eh_assessments',
      'eh_plans',
      'eh_plan_actions',
      'eh_meetings',
      'eh_distributions',
      'eh_reviews',
      'eh_concerns',
      'panel_agenda_items',
    ] as const;
    for (const table of tables) {
      const row = await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps the audit trail append-only: updates and deletes are refused by the database', async () => {
    const ctx = {
      actor: null,
      requestId: 'req-1',
      remoteAddress: '127.0.0.1',
      now: '2026-11-23T09:00:00.000Z',
    };
    await appendAudit(t.db, ctx, { action: 'test.event', outcome: 'allowed' });
    const row = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('request_id', '=', 'req-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'test.event', outcome: 'allowed', at: ctx.now });
    await expect(
      t.db.updateTable('audit_events').set({ outcome: 'refused' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    const after = await t.db
      .selectFrom('audit_events')
      .select('outcome')
      .where('request_id', '=', 'req-1')
      .executeTakeFirstOrThrow();
    expect(after.outcome).toBe('allowed');
  });
});
