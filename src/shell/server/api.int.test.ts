import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSignIn,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../testing/test-server.js';
import { testDialects } from '../testing/test-databases.js';

const dialects = await testDialects();

describe.each(dialects)('JSON API on %s', (dialect) => {
  let s: TestServer;
  let practitioner: string;
  let auditor: string;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    practitioner = await apiSignIn(s.app, 'practitioner');
    auditor = await apiSignIn(s.app, 'auditor');
  });
  afterAll(async () => {
    await s.close();
  });

  const post = (url: string, payload: unknown, cookie?: string) =>
    s.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: cookie ? { cookie } : {},
    });

  it('evaluates and records a check under the pack id and version', async () => {
    const res = await post(
      '/api/threshold-checks',
      { pack: 'worcestershire', indicators: ['wor-l2-edu-occasional-truanting'] },
      practitioner,
    );
    // The id above must exist in the pack; if the pack changes, the 400 names the closest ids.
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{
      id: string;
      packId: string;
      packVersion: string;
      suggestedLevel: number;
      result: { reasons: unknown[] };
    }>();
    expect(body).toMatchObject({
      packId: 'worcestershire',
      packVersion: '1.0.0',
      suggestedLevel: 2,
    });
    expect(body.result.reasons).toHaveLength(1);
    const again = await s.app.inject({
      method: 'GET',
      url: `/api/threshold-checks/${body.id}`,
      headers: { cookie: practitioner },
    });
    expect(again.json()).toMatchObject({ id: body.id, packVersion: '1.0.0' });
  });

  it('says level 1 plainly when no indicators are chosen', async () => {
    const res = await post(
      '/api/threshold-checks',
      { pack: 'walsall', indicators: [] },
      practitioner,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json<{ result: { summary: string } }>().result.summary).toMatch(
      /No indicators were chosen.*level is 1/,
    );
  });

  it('answers an unknown indicator with 400, a stable code and the closest valid ids', async () => {
    const res = await post(
      '/api/threshold-checks',
      { pack: 'national', indicators: ['national-s47-significant-harms'] },
      practitioner,
    );
    expect(res.statusCode).toBe(400);
    const err = res.json<{ error: { code: string; suggestions: Record<string, string[]> } }>()
      .error;
    expect(err.code).toBe('BATON_UNKNOWN_INDICATOR');
    expect(err.suggestions['national-s47-significant-harms']?.[0]).toBe(
      'national-s47-significant-harm',
    );
  });

  it('answers an unknown pack with 404 and a stable code', async () => {
    const res = await post(
      '/api/threshold-checks',
      { pack: 'atlantis', indicators: [] },
      practitioner,
    );
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_UNKNOWN_PACK');
  });

  it('refuses a differing judgement without a reason, and writes nothing', async () => {
    const before = await s.database.db
      .selectFrom('threshold_checks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const res = await post(
      '/api/threshold-checks',
      { pack: 'national', indicators: [], judgement: { level: 3 } },
      practitioner,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe(
      'BATON_JUDGEMENT_REASON_REQUIRED',
    );
    const after = await s.database.db
      .selectFrom('threshold_checks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('records a judgement once and answers a stale edit with 409', async () => {
    const created = (
      await post('/api/threshold-checks', { pack: 'national', indicators: [] }, practitioner)
    ).json<{ id: string; version: number }>();
    const put = (body: object) =>
      s.app.inject({
        method: 'PUT',
        url: `/api/threshold-checks/${created.id}/judgement`,
        payload: body,
        headers: { cookie: practitioner },
      });
    const first = await put({
      level: 2,
      reason: 'School has seen more than the indicators show',
      version: created.version,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ judgement: { level: 2 }, version: created.version + 1 });
    const stale = await put({ level: 1, version: created.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('BATON_STALE_EDIT');
  });

  it('validates bodies with coded errors and never leaks internals', async () => {
    const res = await post(
      '/api/threshold-checks',
      { pack: 'national', indicators: 'not-a-list', extra: 1 },
      practitioner,
    );
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; details: unknown[] } }>();
    expect(body.error.code).toBe('BATON_VALIDATION');
    expect(body.error.details.length).toBeGreaterThan(0);
    expect(res.body).not.toMatch(/at .*\.js|stack|SELECT|sqlite|postgres/i);
    const notJson = await s.app.inject({
      method: 'POST',
      url: '/api/threshold-checks',
      payload: 'pack=national',
      headers: { cookie: practitioner, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.statusCode).toBe(415);
    expect(notJson.json<{ error: { code: string } }>().error.code).toBe(
      'BATON_UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('needs a session, and audits reads and refusals', async () => {
    const anon = await post('/api/threshold-checks', { pack: 'national', indicators: [] });
    expect(anon.statusCode).toBe(401);
    expect(anon.json<{ error: { code: string } }>().error.code).toBe('BATON_NOT_SIGNED_IN');
    const refused = await s.app.inject({
      method: 'GET',
      url: '/api/audit-events',
      headers: { cookie: practitioner },
    });
    expect(refused.statusCode).toBe(403);
    const events = await s.app.inject({
      method: 'GET',
      url: '/api/audit-events?limit=200',
      headers: { cookie: auditor },
    });
    expect(events.statusCode).toBe(200);
    const list = events.json<{ events: { action: string; outcome: string }[] }>().events;
    const seen = new Set(list.map((e) => `${e.action}:${e.outcome}`));
    for (const k of [
      'session.sign-in:allowed',
      'threshold-check.create:allowed',
      'threshold-check.read:allowed',
      'audit.read:refused',
      'threshold-check.judge:allowed',
    ]) {
      expect(seen, k).toContain(k);
    }
  });

  it('lets a practitioner read only their own checks; their team manager elsewhere cannot', async () => {
    const created = (
      await post('/api/threshold-checks', { pack: 'national', indicators: [] }, practitioner)
    ).json<{ id: string }>();
    const socialWorker = await apiSignIn(s.app, 'social-worker');
    const other = await s.app.inject({
      method: 'GET',
      url: `/api/threshold-checks/${created.id}`,
      headers: { cookie: socialWorker },
    });
    expect(other.statusCode).toBe(403);
    const dsl = await apiSignIn(s.app, 'dsl'); // same school: the designated safeguarding lead oversees
    const same = await s.app.inject({
      method: 'GET',
      url: `/api/threshold-checks/${created.id}`,
      headers: { cookie: dsl },
    });
    expect(same.statusCode).toBe(200);
  });

  it('applies a removed role and a deactivated user to the very next request', async () => {
    const created = (
      await post('/api/threshold-checks', { pack: 'national', indicators: [] }, practitioner)
    ).json<{ id: string }>();
    const dsl = await apiSignIn(s.app, 'dsl');
    const read = () =>
      s.app.inject({
        method: 'GET',
        url: `/api/threshold-checks/${created.id}`,
        headers: { cookie: dsl },
      });
    expect((await read()).statusCode).toBe(200);
    const { db } = s.database;
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'dsl')
      .executeTakeFirstOrThrow();
    const roles = await db
      .selectFrom('user_roles')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    try {
      // Sessions are not cached: the next request sees the role gone...
      await db.deleteFrom('user_roles').where('user_id', '=', user.id).execute();
      expect((await read()).statusCode).toBe(403);
      await db.insertInto('user_roles').values(roles).execute();
      expect((await read()).statusCode).toBe(200);
      // ...and a deactivated user is signed out at once.
      await db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute();
      const refused = await read();
      expect(refused.statusCode).toBe(401);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('BATON_NOT_SIGNED_IN');
    } finally {
      await db.updateTable('users').set({ active: 1 }).where('id', '=', user.id).execute();
      await db
        .insertInto('user_roles')
        .values(roles)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });

  it('refuses a wrong password with a coded 401 and audits the failure', async () => {
    const res = await post('/api/session', {
      username: 'practitioner',
      password: `${TEST_PASSWORD}x`,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_SIGN_IN_FAILED');
  });

  it('publishes an OpenAPI document describing every API route', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    // Pages are not API routes; each feature's own tests check its routes are listed.
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/'))).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/audit-events',
        '/api/policy-packs',
        '/api/policy-packs/{packId}',
        '/api/session',
        '/api/threshold-checks',
        '/api/threshold-checks/{id}',
        '/api/threshold-checks/{id}/judgement',
      ]),
    );
  });

  it('serves the API docs, with the same document, cached copies and coded 404s', async () => {
    const page = await s.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const json = await s.app.inject({ method: 'GET', url: '/api/docs/json' });
    const doc = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(json.json()).toEqual(doc.json());
    const css = await s.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const etag = String(css.headers.etag);
    const again = await s.app.inject({
      method: 'GET',
      url: '/api/docs/static/swagger-ui.css',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    const missing = await s.app.inject({ method: 'GET', url: '/api/docs/static/no-such-file.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('BATON_NOT_FOUND');
  });

  it('lists packs and shows one with a flat indicator list', async () => {
    const list = (await s.app.inject({ method: 'GET', url: '/api/policy-packs' })).json<{
      packs: { id: string }[];
    }>();
    expect(list.packs.map((p) => p.id).sort()).toEqual([
      'national',
      'peterborough',
      'stockport',
      'walsall',
      'worcestershire',
    ]);
    const pack = (await s.app.inject({ method: 'GET', url: '/api/policy-packs/stockport' })).json<{
      indicators: { id: string; level: number; citation: unknown }[];
      states: unknown[];
    }>();
    expect(pack.states).toHaveLength(5);
    expect(pack.indicators.every((i) => i.citation !== undefined)).toBe(true);
  });

  it('rate-limits sign-in attempts per address and username', async () => {
    const limited = await startTestServer({ dialect: 'sqlite', env: { BATON_SIGN_IN_LIMIT: '3' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        codes.push(
          (
            await limited.app.inject({
              method: 'POST',
              url: '/api/session',
              payload: { username: 'admin', password: 'wrong-password' },
            })
          ).statusCode,
        );
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
