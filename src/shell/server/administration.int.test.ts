/**
 * Issue 15 §1, end to end through the API and the `baton` command, on SQLite and PostgreSQL: from
 * an empty database with no demo data to signed-in practitioners. The first administrator comes
 * from `baton admin create`; they add an agency, a team, a second administrator and a team
 * manager; the team manager's practice role waits for the second administrator (four eyes);
 * everyone signs in with a one-time link. Then: an administrator cannot read a child's record,
 * removing a role and deactivating apply to the very next request, and every change is audited
 * with its before and after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/program.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { testDialects } from '../testing/test-databases.js';

const dialects = await testDialects();
const PASSWORD = 'correct horse battery staple';

/** Call the JSON API with a cookie (or none); the reply's status and body. */
async function call(
  app: FastifyInstance,
  cookie: string | null,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
) {
  const res = await app.inject({
    method,
    url,
    ...(cookie === null ? {} : { headers: { cookie } }),
    ...(payload === undefined ? (method === 'POST' ? { payload: {} } : {}) : { payload }),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), res };
}

/** Use a one-time link: choose a password and sign in; the session cookie. */
async function signInWithLink(app: FastifyInstance, token: string): Promise<string> {
  const r = await call(app, null, 'POST', '/api/session/link', { token, password: PASSWORD });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const cookie = r.res.cookies.find((c) => c.name === 'baton_session');
  if (!cookie) throw new Error('no session cookie');
  return `baton_session=${cookie.value}`;
}

describe.each(dialects)('administration from an empty database, on %s', (dialect) => {
  let s: TestServer;
  let dir: string;
  let env: Record<string, string>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-admin-'));
    const sqlitePath = join(dir, 'baton.sqlite');
    s = await startTestServer({
      dialect,
      demoData: false,
      ...(dialect === 'sqlite' ? { sqlitePath } : {}),
    });
    env =
      s.database.url === undefined
        ? { BATON_SQLITE_PATH: sqlitePath }
        : { DATABASE_URL: s.database.url };
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const baton = async (args: string[], stdin = '') => {
    let out = '';
    let err = '';
    const code = await runCli(args, {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: { ...env, BATON_PUBLIC_URL: 'https://baton.example.org' },
      cwd: dir,
      stdin: () => Promise.resolve(stdin),
    });
    return { code, out, err };
  };

  it('starts with no users, and `baton admin create` prints a one-time link for the first administrator', async () => {
    const count = await s.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    const r = await baton([
      'admin',
      'create',
      '--username',
      'ada',
      '--email',
      'Ada.Admin@Example.org',
      '--name',
      'Ada Admin',
      '--agency',
      'Eastshire County Council (synthetic)',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const link = /https:\/\/baton\.example\.org\/sign-in\/link\/([\w-]+)/.exec(r.out);
    expect(link, r.out).not.toBeNull();
    cookies['ada'] = await signInWithLink(s.app, link?.[1] ?? '');
    // The link works once.
    const again = await call(s.app, null, 'POST', '/api/session/link', {
      token: link?.[1],
      password: PASSWORD,
    });
    expect(again.status).toBe(410);
    expect((again.body['error'] as { code: string }).code).toBe('BATON_SIGN_IN_LINK_INVALID');
    // A second first administrator is refused while one is active.
    const second = await baton([
      'admin',
      'create',
      '--username',
      'eve',
      '--email',
      'eve@example.org',
    ]);
    expect(second.code).toBe(1);
    expect(second.err).toContain('only makes the first administrator');
  });

  it('lets the administrator add an agency, a team and users, and audits each with before and after', async () => {
    const agency = await call(s.app, cookies['ada'] ?? '', 'POST', '/api/admin/agencies', {
      name: 'Eastshire Children’s Services (synthetic)',
      kind: 'childrens-social-care',
      authority: 'Eastshire',
      locality: 'North',
      code: null,
    });
    expect(agency.status, JSON.stringify(agency.body)).toBe(201);
    ids['agency'] = String(agency.body['id']);
    const team = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/agencies/${ids['agency'] ?? ''}/teams`,
      { name: 'Assessment team North' },
    );
    expect(team.status).toBe(201);
    ids['team'] = String(team.body['id']);

    const bob = await call(s.app, cookies['ada'] ?? '', 'POST', '/api/admin/users', {
      username: 'bob',
      displayName: 'Bob Second',
      email: 'bob@example.org',
      agencyId: ids['agency'],
      roles: ['administrator'],
    });
    expect(bob.status, JSON.stringify(bob.body)).toBe(201);
    // Not a practice role: it applies at once.
    expect(bob.body['roles']).toEqual(['administrator']);
    ids['bob'] = String(bob.body['id']);

    const tess = await call(s.app, cookies['ada'] ?? '', 'POST', '/api/admin/users', {
      username: 'tess',
      displayName: 'Tess Manager',
      email: 'tess@example.org',
      agencyId: ids['agency'],
      teamId: ids['team'],
      roles: ['team-manager'],
    });
    expect(tess.status).toBe(201);
    expect(tess.body['roles']).toEqual([]);
    expect(tess.body['pendingRoles']).toMatchObject([{ role: 'team-manager' }]);
    ids['tess'] = String(tess.body['id']);

    const clash = await call(s.app, cookies['ada'] ?? '', 'POST', '/api/admin/users', {
      username: 'tess2',
      displayName: 'Tess Again',
      email: 'TESS@example.org',
      agencyId: ids['agency'],
    });
    expect(clash.status).toBe(409);
    expect((clash.body['error'] as { code: string }).code).toBe('BATON_USER_EXISTS');

    const audit = await s.database.db
      .selectFrom('audit_events')
      .select(['action', 'object_id', 'changes_json', 'actor_user_id'])
      .where('action', 'in', ['admin.agency.create', 'admin.user.create', 'admin.team.create'])
      .orderBy('seq')
      .execute();
    const tessCreated = audit.find(
      (a) => a.action === 'admin.user.create' && a.object_id === ids['tess'],
    );
    expect(JSON.parse(tessCreated?.changes_json ?? 'null')).toMatchObject({
      before: null,
      after: { username: 'tess', email: 'tess@example.org', teamId: ids['team'], roles: [] },
    });
    const ada = await s.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'ada')
      .executeTakeFirstOrThrow();
    ids['ada'] = ada.id;
    expect(tessCreated?.actor_user_id).toBe(ada.id);
    // The first administrator's own creation was by the baton command.
    const byCommand = audit.find((a) => a.object_id === ada.id);
    expect(JSON.parse(byCommand?.changes_json ?? 'null')).toMatchObject({ via: 'baton command' });
  });

  it('holds a practice role for a second administrator: never the one who asked, never the one receiving it', async () => {
    const grants = await call(s.app, cookies['ada'] ?? '', 'GET', '/api/admin/role-grants');
    const tessGrant = (grants.body['grants'] as { id: string; userId: string }[]).find(
      (g) => g.userId === ids['tess'],
    );
    expect(tessGrant).toBeDefined();
    const own = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/role-grants/${tessGrant?.id ?? ''}/approve`,
    );
    expect(own.status).toBe(403);
    expect((own.body['error'] as { code: string }).code).toBe('BATON_APPROVAL_NEEDED');

    // Ada asks for a practice role for herself; she cannot approve it.
    const self = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/users/${ids['ada'] ?? ''}/roles`,
      {
        role: 'social-worker',
      },
    );
    expect(self.body['status']).toBe('pending');
    const selfGrant = (self.body['user'] as { pendingRoles: { grantId: string }[] })
      .pendingRoles[0];
    const selfApprove = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/role-grants/${selfGrant?.grantId ?? ''}/approve`,
    );
    expect(selfApprove.status).toBe(403);

    // Bob, the second administrator, signs in with his own link and approves Tess's role.
    const link = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/users/${ids['bob'] ?? ''}/sign-in-links`,
    );
    expect(link.status).toBe(201);
    cookies['bob'] = await signInWithLink(s.app, String(link.body['token']));
    const approved = await call(
      s.app,
      cookies['bob'] ?? '',
      'POST',
      `/api/admin/role-grants/${tessGrant?.id ?? ''}/approve`,
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body['roles']).toEqual(['team-manager']);
    // Bob refuses Ada's request for herself.
    const refused = await call(
      s.app,
      cookies['bob'] ?? '',
      'POST',
      `/api/admin/role-grants/${selfGrant?.grantId ?? ''}/refuse`,
    );
    expect(refused.body['roles']).toEqual(['administrator']);
    // A decided grant cannot be decided again.
    const twice = await call(
      s.app,
      cookies['bob'] ?? '',
      'POST',
      `/api/admin/role-grants/${tessGrant?.id ?? ''}/approve`,
    );
    expect(twice.status).toBe(404);

    const rows = await s.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'actor_user_id', 'changes_json'])
      .where('action', 'like', 'admin.role-grant.%')
      .orderBy('seq')
      .execute();
    expect(
      rows.filter((r) => r.outcome === 'refused' && r.actor_user_id === ids['ada']),
    ).toHaveLength(2);
    const approval = rows.find(
      (r) => r.action === 'admin.role-grant.approve' && r.outcome === 'allowed',
    );
    expect(approval?.actor_user_id).toBe(ids['bob']);
    expect(JSON.parse(approval?.changes_json ?? 'null')).toMatchObject({
      before: { roles: [], pendingRoles: ['team-manager'] },
      after: { roles: ['team-manager'], pendingRoles: [] },
    });
  });

  it('signs the practitioner in; the administrator cannot read a child’s record by virtue of the role', async () => {
    const link = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/users/${ids['tess'] ?? ''}/sign-in-links`,
    );
    cookies['tess'] = await signInWithLink(s.app, String(link.body['token']));
    const child = await call(s.app, cookies['tess'] ?? '', 'POST', '/api/people', {
      kind: 'child',
      givenName: 'Robin',
      familyName: 'Testchild',
      dateOfBirth: '2018-04-01',
    });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    ids['child'] = String(child.body['id']);
    const read = await call(
      s.app,
      cookies['tess'] ?? '',
      'GET',
      `/api/children/${ids['child'] ?? ''}`,
    );
    expect(read.status).toBe(200);

    const byAdmin = await call(
      s.app,
      cookies['ada'] ?? '',
      'GET',
      `/api/children/${ids['child'] ?? ''}`,
    );
    expect(byAdmin.status).toBe(403);
    expect(JSON.stringify(byAdmin.body)).not.toContain('Testchild');
    // And a practitioner cannot administer.
    const notAdmin = await call(s.app, cookies['tess'] ?? '', 'GET', '/api/admin/users');
    expect(notAdmin.status).toBe(403);
  });

  it('applies a removed role and a deactivation to the very next request', async () => {
    const removed = await call(
      s.app,
      cookies['bob'] ?? '',
      'DELETE',
      `/api/admin/users/${ids['tess'] ?? ''}/roles/team-manager`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body['roles']).toEqual([]);
    const read = await call(
      s.app,
      cookies['tess'] ?? '',
      'GET',
      `/api/children/${ids['child'] ?? ''}`,
    );
    expect(read.status).toBe(403);

    const off = await call(
      s.app,
      cookies['bob'] ?? '',
      'POST',
      `/api/admin/users/${ids['tess'] ?? ''}/deactivate`,
    );
    expect(off.status).toBe(200);
    expect(off.body['active']).toBe(false);
    const next = await call(s.app, cookies['tess'] ?? '', 'GET', '/api/my-work');
    expect(next.status).toBe(401);
    const signIn = await call(s.app, null, 'POST', '/api/session', {
      username: 'tess',
      password: PASSWORD,
    });
    expect(signIn.status).toBe(401);
  });

  it('keeps one active administrator', async () => {
    const bobOff = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/users/${ids['bob'] ?? ''}/deactivate`,
    );
    expect(bobOff.status).toBe(200);
    const last = await call(
      s.app,
      cookies['ada'] ?? '',
      'POST',
      `/api/admin/users/${ids['ada'] ?? ''}/deactivate`,
    );
    expect(last.status).toBe(409);
    expect((last.body['error'] as { code: string }).code).toBe('BATON_LAST_ADMINISTRATOR');
  });
});
