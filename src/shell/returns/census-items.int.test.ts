/**
 * The census items (issue 16 §1) on both databases: recorded through the API and the child's
 * "details for statutory returns" page, refused when not a DfE code, shown as not recorded on
 * existing records, and the referral source pre-selected on a new contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralSourceForAgencyKind } from '../../core/returns/index.js';
import type { AgencyKind } from '../../core/access/roles.js';
import { testDialects } from '../testing/test-databases.js';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { pageClient } from '../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();

interface Person {
  id: string;
  version: number;
  sex: string | null;
  ethnicity: string | null;
  disabilityCodes: string[] | null;
  upnUnknownReason: string | null;
  dateOfDeath: string | null;
}

describe.each(dialects)('census items on %s', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const { get, postForm } = pageClient(() => s.app, cookies);
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    for (const u of ['practitioner', 'social-worker']) cookies[u] = await apiSignIn(s.app, u);
  });
  afterAll(async () => {
    await s.close();
  });
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, user: string, payload?: object) =>
    s.app.inject({
      method,
      url,
      headers: { cookie: cookies[user] ?? '' },
      ...(payload ? { payload } : {}),
    });

  it('records the items through the API and refuses codes DfE does not have', async () => {
    const created = await call('POST', '/api/people', 'social-worker', {
      kind: 'child',
      givenName: 'Ottoline',
      familyName: 'Quenby',
      dateOfBirth: '2016-05-04',
      sex: 'F',
      ethnicity: 'WIRT',
      disabilityCodes: ['HEAR', 'VIS'],
      upnUnknownReason: 'UN2',
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json<Person>();
    expect([p.sex, p.ethnicity, p.disabilityCodes, p.upnUnknownReason]).toEqual([
      'F',
      'WIRT',
      ['HEAR', 'VIS'],
      'UN2',
    ]);
    const bad = await call('PATCH', `/api/people/${p.id}`, 'social-worker', {
      version: p.version,
      disabilityCodes: ['NONE', 'MOB'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('disabilityCodes');
    const badSex = await call('PATCH', `/api/people/${p.id}`, 'social-worker', {
      version: p.version,
      sex: 'X',
    });
    expect(badSex.statusCode).toBe(400);
    const future = await call('PATCH', `/api/people/${p.id}`, 'social-worker', {
      version: p.version,
      dateOfDeath: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('dateOfDeath');
  });

  it('shows "not recorded" on a record made before, and saves the page form', async () => {
    const created = await call('POST', '/api/people', 'social-worker', {
      kind: 'child',
      givenName: 'Perpetua',
      familyName: 'Rowsell',
      dateOfBirth: '2014-02-03',
    });
    const p = created.json<Person>();
    expect(p.sex).toBeNull();
    const record = await get(`/children/${p.id}`, 'social-worker');
    expect(record.body).toContain('Sex (DfE)');
    expect(record.body).toMatch(/Ethnicity \(DfE\)[\s\S]*?Not recorded/);
    const page = await get(`/children/${p.id}/census-details`, 'social-worker');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gypsy or Roma');
    const wrong = await postForm(
      `/children/${p.id}/census-details`,
      `/children/${p.id}/census-details`,
      { version: String(p.version), sex: 'M', disabilityCodes: 'NONE', upnUnknownReason: 'UN9' },
      'social-worker',
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#upnUnknownReason"');
    const saved = await postForm(
      `/children/${p.id}/census-details`,
      `/children/${p.id}/census-details`,
      {
        version: String(p.version),
        sex: 'M',
        ethnicity: 'BAFR',
        disabilityCodes: 'NONE',
        upnUnknownReason: 'UN1',
        'dateOfDeath-day': '',
        'dateOfDeath-month': '',
        'dateOfDeath-year': '',
      },
      'social-worker',
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const after = (await call('GET', `/api/people/${p.id}`, 'social-worker')).json<Person>();
    expect([after.sex, after.ethnicity, after.disabilityCodes, after.upnUnknownReason]).toEqual([
      'M',
      'BAFR',
      ['NONE'],
      'UN1',
    ]);
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'person.update')
      .where('object_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(audit.reason).toContain('ethnicity');
    expect(audit.reason).not.toContain('BAFR');
  });

  it("pre-selects a contact's referral source from the referrer's agency kind", async () => {
    const res = await call(
      'POST',
      '/api/contacts',
      'practitioner',
      twoParentContact(
        { givenName: 'Quillon', familyName: 'Sarsby', dateOfBirth: '2015-06-07' },
        { concerns: 'Often hungry at school and tired in lessons.', referrerLevel: 3 },
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    const { contactId } = res.json<{ contactId: string }>();
    const row = await s.database.db
      .selectFrom('contacts')
      .innerJoin('agencies', 'agencies.id', 'contacts.referrer_agency_id')
      .select(['contacts.referral_source', 'agencies.kind'])
      .where('contacts.id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(row.referral_source).toBe(referralSourceForAgencyKind(row.kind as AgencyKind));
    expect(row.referral_source).not.toBeNull();
  });
});
