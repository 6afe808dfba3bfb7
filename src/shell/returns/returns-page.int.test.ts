/**
 * The data team's returns page on both databases: only the data team opens it, the census
 * downloads whole with the deployment's LA number, validation lists failures by rule with
 * counts, every download is audited with counts (no names), and the role reads no child record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey, recordFacts } from '../../core/returns/census-testing.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { insertCensusJourney } from './census-test-rows.js';

const dialects = await testDialects();

describe.each(dialects)('returns page on %s', (dialect) => {
  let s: TestServer;
  let child: string;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    for (const u of ['data-team', 'social-worker']) cookies[u] = await apiSignIn(s.app, u);
    child = await insertCensusJourney(s.database.db, recordFacts({ ethnicity: null }), journey());
  });
  afterAll(async () => {
    await s.close();
  });
  const get = (url: string, user: string) =>
    s.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] ?? '' } });

  it('is the data team’s alone, and the role reads no child record', async () => {
    expect((await get('/returns', 'data-team')).statusCode).toBe(200);
    expect((await get('/returns', 'social-worker')).statusCode).toBe(403);
    expect((await get('/returns/cin.xml?year=2025-26', 'social-worker')).statusCode).toBe(403);
    expect((await get(`/children/${child}`, 'data-team')).statusCode).toBe(403);
    const refused = await s.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('outcome', '!=', 'allowed')
      .where('action', 'like', 'returns.%')
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(2);
  });

  it('downloads the census and audits it with counts, not names', async () => {
    const res = await get('/returns/cin.xml?year=2025-26', 'data-team');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('cin-census-2025-26.xml');
    expect(res.body).toContain('<LEA>356</LEA>');
    expect(res.body.trimEnd().endsWith('</Message>')).toBe(true);
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'returns.cin.download')
      .where('outcome', '=', 'allowed')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toContain('children 1');
    expect(audit.reason).toContain('errors 1');
    expect(audit.reason).not.toContain('Testchild');
  });

  it('runs validation and shows failures by rule with counts', async () => {
    const res = await get('/returns?year=2025-26&validate=1', 'data-team');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ethnicity is missing or invalid');
    expect(res.body).toMatch(/4220[\s\S]*?Error[\s\S]*?>\s*1\s*</);
  });

  it("shows on the child's record what would fail the census, and why", async () => {
    const res = await get(`/children/${child}`, 'social-worker');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Children in Need census 20\d\d-\d\d/);
  });

  it('gives a coded error for an unknown year', async () => {
    const res = await get('/returns/cin.xml?year=1999-00', 'data-team');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('2025-26');
  });
});
