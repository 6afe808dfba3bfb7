import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { Session } from './session.js';

const dialects = await testDialects();

describe.each(dialects)('the per-request session and its unit of work on %s', (dialect) => {
  let database: TestDatabase;
  let n = 0;
  const session = () =>
    new Session({
      db: database.db,
      ctx: {
        actor: null,
        requestId: `req-${String(++n)}`,
        remoteAddress: '127.0.0.1',
        now: '2026-12-07T10:00:00.000Z',
      },
      packs: new Map(),
      packId: 'none',
    });
  const auditOf = (s: Session) =>
    database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('request_id', '=', s.ctx.requestId)
      .orderBy('action')
      .execute();

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });

  it("counts from London's day, not UTC's: 23:30 UTC on 30 June is 1 July in London", () => {
    const at = (now: string) =>
      new Session({
        db: database.db,
        ctx: { actor: null, requestId: 'req-day', remoteAddress: '127.0.0.1', now },
        packs: new Map(),
        packId: 'none',
      }).today;
    expect(at('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
    expect(at('2026-12-31T23:30:00.000Z')).toBe('2026-12-31');
  });

  it('commits a use-case once: nested units join the outer one and roll back with it', async () => {
    const s = session();
    await expect(
      s.transaction(async (outer) => {
        await outer.audit({ action: 'a.outer', outcome: 'allowed' });
        await outer.transaction(async (inner) => {
          expect(inner.db).toBe(outer.db);
          await inner.audit({ action: 'b.inner', outcome: 'allowed' });
        });
        throw new BatonError('BATON_VALIDATION');
      }),
    ).rejects.toThrow(BatonError);
    expect(await auditOf(s)).toEqual([]);

    const t = session();
    await t.transaction(async (outer) => {
      await outer.audit({ action: 'a.outer', outcome: 'allowed' });
      await outer.transaction((inner) => inner.audit({ action: 'b.inner', outcome: 'allowed' }));
    });
    expect(await auditOf(t)).toEqual([
      { action: 'a.outer', outcome: 'allowed' },
      { action: 'b.inner', outcome: 'allowed' },
    ]);
  });

  it('keeps the audit row of a refusal that rolls its unit of work back', async () => {
    const s = session();
    await expect(
      s.transaction(async (u) => {
        await u.audit({ action: 'a.write', outcome: 'allowed' });
        // Not signed in: the session refuses and audits the refusal itself.
        await u.authoriseChild('no-such-child', 'read', { action: 'child.read' });
      }),
    ).rejects.toMatchObject({ code: 'BATON_NOT_SIGNED_IN' });
    expect(await auditOf(s)).toEqual([{ action: 'child.read', outcome: 'refused' }]);
  });

  it('names no pack it has not loaded', () => {
    expect(() => session().pack).toThrow(/policy pack "none" is not loaded/);
  });
});
