/**
 * Issue 15 §3: machine access. API client tokens made and revoked with `baton clients`, used as
 * `Authorization: Bearer`: a client does only what its scope names (every API route is tried,
 * from the route table), reads a child's record only as the access policy lets its agency,
 * is audited as itself, and is refused once revoked or expired. Runs on every database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey, recordFacts } from '../../core/returns/census-testing.js';
import { runBaton } from '../cli/cli-test-kit.js';
import { createApiClient } from '../repositories/index.js';
import { insertCensusJourney } from '../returns/census-test-rows.js';
import { routeCollector } from '../security/route-table.js';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();

const errorCode = (res: LightMyRequestResponse): string =>
  res.json<{ error?: { code: string } }>().error?.code ?? '';

const contact = (familyName: string) =>
  twoParentContact(
    { givenName: 'Robin', familyName, dateOfBirth: '2018-05-06' },
    { concerns: 'Invented concerns for a machine-access test.', referrerLevel: 3 },
  );

describe.each(dialects)('API clients on %s', (dialect) => {
  let server: TestServer;
  let dir: string;
  let env: Record<string, string>;
  let offsetMs = 0;
  const collector = routeCollector();
  let policeAgency: string;
  let policeToken: string;
  let warehouseToken: string;
  let policeUserId: string;

  const call = (
    token: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> =>
    server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-clients-'));
    const sqlitePath = join(dir, 'baton.sqlite');
    server = await startTestServer({
      dialect,
      sqlitePath,
      onRoute: collector.onRoute,
      clock: () => new Date(Date.now() + offsetMs),
    });
    env =
      server.database.url === undefined
        ? { BATON_SQLITE_PATH: sqlitePath }
        : { DATABASE_URL: server.database.url };
    const police = await server.database.db
      .selectFrom('users')
      .select('agency_id')
      .where('username', '=', 'police-demo')
      .executeTakeFirstOrThrow();
    policeAgency = police.agency_id;
    const la = await server.database.db
      .selectFrom('users')
      .select('agency_id')
      .where('username', '=', 'front-door')
      .executeTakeFirstOrThrow();

    const added = await runBaton(
      [
        'clients',
        'add',
        '--name',
        'police-case-system',
        '--agency',
        policeAgency,
        '--scope',
        'contacts:create',
      ],
      env,
    );
    expect(added.code, added.err).toBe(0);
    policeToken = /^(baton_ct_\S+)$/m.exec(added.out)?.[1] ?? '';
    const warehouse = await runBaton(
      [
        'clients',
        'add',
        '--name',
        'data-warehouse',
        '--agency',
        la.agency_id,
        '--scope',
        'returns:read',
        '--days',
        '30',
      ],
      env,
    );
    expect(warehouse.code, warehouse.err).toBe(0);
    warehouseToken = /^(baton_ct_\S+)$/m.exec(warehouse.out)?.[1] ?? '';
    const user = await server.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'client:police-case-system')
      .executeTakeFirstOrThrow();
    policeUserId = user.id;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps only a hash of the token, and lists clients with their scopes and status', async () => {
    expect(policeToken).toMatch(/^baton_ct_[\w-]{40,}$/);
    const stored = await server.database.db.selectFrom('api_clients').selectAll().execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(JSON.stringify(row)).not.toContain(policeToken.slice(9));
    const list = await runBaton(['clients', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const clients = JSON.parse(list.out) as { name: string; scopes: string[]; status: string }[];
    expect(clients.map((c) => [c.name, c.scopes, c.status])).toEqual([
      ['data-warehouse', ['returns:read'], 'active'],
      ['police-case-system', ['contacts:create'], 'active'],
    ]);
    const bad = await runBaton(
      ['clients', 'add', '--name', 'x-system', '--agency', policeAgency, '--scope', 'everything'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('contacts:create');
  });

  it('lets a client with contacts:create make a contact and read it back, audited as the client', async () => {
    const made = await call(policeToken, 'POST', '/api/contacts', contact('Clientfield'));
    expect(made.statusCode, made.body).toBe(201);
    const { workItemId } = made.json<{ workItemId: string }>();
    const read = await call(policeToken, 'GET', `/api/contacts/${workItemId}`);
    expect(read.statusCode, read.body).toBe(200);
    const rows = await server.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'actor_agency_id'])
      .where('actor_user_id', '=', policeUserId)
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.actor_agency_id === policeAgency)).toBe(true);
    expect(rows.some((r) => r.outcome === 'allowed')).toBe(true);
  });

  it("never reads a child's record its agency may not see: another agency's contact is refused and audited", async () => {
    const cookie = await apiSignIn(server.app, 'hv-demo');
    const health = await server.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { cookie },
      payload: contact('Healthfield'),
    });
    expect(health.statusCode, health.body).toBe(201);
    const { workItemId } = health.json<{ workItemId: string }>();
    const res = await call(policeToken, 'GET', `/api/contacts/${workItemId}`);
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('BATON_FORBIDDEN');
    const refused = await server.database.db
      .selectFrom('audit_events')
      .select('outcome')
      .where('actor_user_id', '=', policeUserId)
      .where('outcome', '=', 'refused')
      .execute();
    expect(refused.length).toBeGreaterThan(0);
  });

  it('lets the data warehouse (returns:read, the data-team role) download the census as XML, audited with counts', async () => {
    await insertCensusJourney(server.database.db, recordFacts(), journey());
    const res = await call(warehouseToken, 'GET', '/api/returns/cin?year=2025-26');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['content-disposition']).toContain('cin-census-2025-26.xml');
    expect(res.body).toMatch(/^<\?xml[^>]*\?>\s*<Message/);
    expect(res.body).toContain('<LEA>356</LEA>');
    expect(res.body.trimEnd().endsWith('</Message>')).toBe(true);
    const audit = await server.database.db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_user_id')
      .select(['users.username', 'audit_events.reason', 'audit_events.outcome'])
      .where('audit_events.action', '=', 'returns.cin.download')
      .execute();
    expect(audit).toEqual([
      {
        username: 'client:data-warehouse',
        outcome: 'allowed',
        reason: expect.stringMatching(
          /^year 2025-26; children 1; episodes \d+; errors \d+; queries \d+$/,
        ) as string,
      },
    ]);

    // A year Baton does not write, and a client without the scope, are refused with codes.
    const badYear = await call(warehouseToken, 'GET', '/api/returns/cin?year=2019-20');
    expect(badYear.statusCode).toBe(400);
    expect(errorCode(badYear)).toBe('BATON_UNKNOWN_CENSUS_YEAR');
    const noYear = await call(warehouseToken, 'GET', '/api/returns/cin');
    expect(noYear.statusCode).toBe(400);
    expect(errorCode(noYear)).toBe('BATON_VALIDATION');
    const police = await call(policeToken, 'GET', '/api/returns/cin?year=2025-26');
    expect(police.statusCode).toBe(403);
    expect(errorCode(police)).toBe('BATON_CLIENT_SCOPE');

    // The scope alone is not enough: without the data-team role the census is refused, audited.
    const warehouseUser = await server.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'client:data-warehouse')
      .executeTakeFirstOrThrow();
    await server.database.db
      .deleteFrom('user_roles')
      .where('user_id', '=', warehouseUser.id)
      .where('role', '=', 'data-team')
      .execute();
    try {
      const noRole = await call(warehouseToken, 'GET', '/api/returns/cin?year=2025-26');
      expect(noRole.statusCode).toBe(403);
      expect(errorCode(noRole)).toBe('BATON_FORBIDDEN');
      const refused = await server.database.db
        .selectFrom('audit_events')
        .select('outcome')
        .where('action', '=', 'returns.cin.download')
        .where('actor_user_id', '=', warehouseUser.id)
        .where('outcome', '=', 'refused')
        .execute();
      expect(refused).toHaveLength(1);
    } finally {
      await server.database.db
        .insertInto('user_roles')
        .values({ user_id: warehouseUser.id, role: 'data-team' })
        .execute();
    }
    // A person in the data team may use it too; a practitioner may not.
    const dataTeam = await server.app.inject({
      method: 'GET',
      url: '/api/returns/cin?year=2025-26',
      headers: { cookie: await apiSignIn(server.app, 'data-team') },
    });
    expect(dataTeam.statusCode).toBe(200);
    const practitioner = await server.app.inject({
      method: 'GET',
      url: '/api/returns/cin?year=2025-26',
      headers: { cookie: await apiSignIn(server.app, 'practitioner') },
    });
    expect(practitioner.statusCode).toBe(403);
  });

  it('refuses every API route a client’s scope does not name (the whole route table)', async () => {
    const api = collector.routes.filter((r) => r.api);
    expect(api.length).toBeGreaterThan(30);
    const open = new Set(['POST /api/contacts', 'GET /api/contacts/:workItemId']);
    const warehouseOpen = new Set(['GET /api/returns/cin']);
    let tried = 0;
    for (const route of api) {
      const url = route.url.replace(/:(\w+)/g, 'x1').replace(/\*$/, 'index.html');
      const method = route.method as 'GET' | 'POST';
      // Each client on everything but the operations its scope names.
      for (const [who, token] of [
        ['police', policeToken],
        ['warehouse', warehouseToken],
      ] as const) {
        if (who === 'police' && open.has(route.key)) continue;
        if (who === 'warehouse' && warehouseOpen.has(route.key)) continue;
        const res = await call(token, method, url, method === 'GET' ? undefined : {});
        expect(res.statusCode, `${who} ${route.key}`).toBe(403);
        expect(errorCode(res), `${who} ${route.key}`).toBe('BATON_CLIENT_SCOPE');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(60);
    const scopeRefusals = await server.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'api-client.scope')
      .executeTakeFirstOrThrow();
    expect(Number(scopeRefusals.n)).toBeGreaterThanOrEqual(tried);
  });

  it('refuses an unknown token, an expired one and, at once, a revoked one', async () => {
    const unknown = await call('baton_ct_not-a-real-token', 'GET', '/api/contacts/x1');
    expect(unknown.statusCode).toBe(401);
    expect(errorCode(unknown)).toBe('BATON_CLIENT_TOKEN_INVALID');

    const short = await createApiClient(
      server.database.db,
      { actor: null, requestId: 'test', remoteAddress: null, now: new Date().toISOString() },
      { name: 'short-lived', agencyId: policeAgency, scopes: ['contacts:create'], days: 1 },
    );
    const fresh = await call(short.token, 'POST', '/api/contacts', contact('Shortfield'));
    expect(fresh.statusCode).toBe(201);
    offsetMs = 2 * 86_400_000;
    try {
      const expired = await call(short.token, 'POST', '/api/contacts', contact('Shortfield'));
      expect(expired.statusCode).toBe(401);
      expect(errorCode(expired)).toBe('BATON_CLIENT_TOKEN_INVALID');
    } finally {
      offsetMs = 0;
    }

    const revoked = await runBaton(['clients', 'revoke', 'police-case-system'], env);
    expect(revoked.code, revoked.err).toBe(0);
    const after = await call(policeToken, 'POST', '/api/contacts', contact('Revokedfield'));
    expect(after.statusCode).toBe(401);
    expect(errorCode(after)).toBe('BATON_CLIENT_TOKEN_INVALID');
    const list = await runBaton(['clients', 'list', '--json'], env);
    const police = (JSON.parse(list.out) as { name: string; status: string }[]).find(
      (c) => c.name === 'police-case-system',
    );
    expect(police?.status).toBe('revoked');
    const missing = await runBaton(['clients', 'revoke', 'no-such-client'], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('baton clients list');
  });

  it('describes the client token in the OpenAPI document, on the operations that take one', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
      paths: Record<
        string,
        Record<string, { security?: Record<string, string[]>[]; description?: string }>
      >;
    }>();
    expect(doc.components.securitySchemes['clientToken']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const post = doc.paths['/api/contacts']?.['post'];
    expect(post?.security).toEqual([{ session: [] }, { clientToken: [] }]);
    expect(post?.description).toContain('needs scope `contacts:create`');
    expect(doc.paths['/api/triage']?.['get']?.security).toBeUndefined();
    const cin = doc.paths['/api/returns/cin']?.['get'];
    expect(cin?.security).toEqual([{ session: [] }, { clientToken: [] }]);
    expect(cin?.description).toContain('needs scope `returns:read`');
  });
});
