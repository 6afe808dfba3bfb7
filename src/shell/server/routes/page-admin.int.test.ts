/**
 * The administration pages: add an agency and a user through the question page and check your
 * answers, see the practice role waiting for a second administrator, and refuse a non-administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient, summaryHrefs } from '../../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

describe('administration pages', () => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const { get, postForm } = pageClient(() => s.app, cookies);
  beforeAll(async () => {
    s = await startTestServer();
    cookies['admin'] = await apiSignIn(s.app, 'admin');
    cookies['practitioner'] = await apiSignIn(s.app, 'practitioner');
  });
  afterAll(async () => {
    await s.close();
  });

  it('adds an agency after checking the answers', async () => {
    const empty = await postForm('/admin/agencies/new', '/admin/agencies/check', {}, 'admin');
    expect(empty.statusCode).toBe(400);
    expect(summaryHrefs(empty.body)).toEqual(['#name', '#kind']);
    const fields = { name: 'Brookside GP Practice (synthetic)', kind: 'health', code: 'Z99999' };
    const check = await postForm('/admin/agencies/new', '/admin/agencies/check', fields, 'admin');
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check the agency before adding it');
    expect(check.body).toContain('Z99999');
    expect(check.body).toContain('href="/admin/agencies/new?name=Brookside');
    const added = await postForm('/admin/agencies/new', '/admin/agencies', fields, 'admin');
    expect(added.statusCode).toBe(303);
    const page = await get('/admin', 'admin');
    expect(page.body).toContain('Brookside GP Practice (synthetic)');
  });

  it('adds a user whose practice role waits for a second administrator', async () => {
    const admin = await get('/admin', 'admin');
    const agencyId = /<option value="([^"]+)">Brookside/.exec(
      (await get('/admin/users/new', 'admin')).body,
    )?.[1];
    expect(admin.statusCode).toBe(200);
    expect(agencyId).toBeDefined();
    const fields = {
      displayName: 'Gina Practitioner',
      username: 'gina',
      email: 'gina@example.org',
      agencyId: agencyId ?? '',
      teamId: '',
      roles: 'practitioner',
    };
    const check = await postForm('/admin/users/new', '/admin/users/check', fields, 'admin');
    expect(check.body).toContain('Check the user before adding them');
    expect(check.body).toContain('a second administrator must approve this role');
    const added = await postForm('/admin/users/new', '/admin/users', fields, 'admin');
    expect(added.statusCode).toBe(303);
    const user = await get(String(added.headers.location), 'admin');
    expect(user.body).toContain('Gina Practitioner');
    expect(user.body).toMatch(/Waiting for approval[\s\S]*Practitioner/);
    const list = await get('/admin', 'admin');
    // The administrator who asked sees that another must approve it, and no Approve button.
    expect(list.body).toContain('Another administrator approves this');
    expect(list.body).not.toContain('Approve Practitioner for Gina Practitioner');
  });

  it('refuses a practitioner', async () => {
    const res = await get('/admin', 'practitioner');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('BATON_FORBIDDEN');
  });
});
