/**
 * The audit trail page's filters, as a browser sends them: empty boxes and "Any" mean no filter;
 * a filter narrows the events shown; a bad value is an error summary with what was typed kept,
 * never a silently unfiltered list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/test-databases.js';
import { pageClient, summaryHrefs } from '../../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();

/** The Action column of the events table. */
const actionsShown = (html: string): string[] =>
  [
    ...html.matchAll(
      /<tr class="govuk-table__row">\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>([^<]*)<\/td>/g,
    ),
  ].map((m) => (m[1] ?? '').trim());

describe.each(dialects)('audit trail page on %s', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const { get } = pageClient(() => s.app, cookies);

  beforeAll(async () => {
    s = await startTestServer({ dialect, env: { BATON_SIGN_IN_LIMIT: '1000' } });
    cookies.auditor = await apiSignIn(s.app, 'auditor');
    cookies.practitioner = await apiSignIn(s.app, 'practitioner');
    // Something to find: a threshold check (allowed) and a refused read of another's check.
    const made = await s.app.inject({
      method: 'POST',
      url: '/api/threshold-checks',
      payload: { pack: 'national', indicators: [] },
      headers: { cookie: cookies.practitioner },
    });
    expect(made.statusCode).toBe(201);
    await get('/audit', 'practitioner'); // refused: not an auditor
  });
  afterAll(async () => {
    await s.close();
  });

  it('treats empty boxes and "Any" as no filter', async () => {
    const res = await get('/audit?action=&objectId=&actorUserId=&outcome=', 'auditor');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('govuk-error-summary');
    const actions = actionsShown(res.body);
    expect(new Set(actions).size).toBeGreaterThan(1);
  });

  it('narrows the events to the chosen outcome and action', async () => {
    const refused = await get('/audit?action=&objectId=&actorUserId=&outcome=refused', 'auditor');
    expect(refused.statusCode).toBe(200);
    const outcomes = [
      ...refused.body.matchAll(
        /<tr class="govuk-table__row">(?:\s*<td[^>]*>[^<]*<\/td>){2}\s*<td[^>]*>([^<]*)<\/td>/g,
      ),
    ].map((m) => (m[1] ?? '').trim());
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['refused']));
    const created = await get('/audit?action=threshold-check.create&outcome=', 'auditor');
    const actions = actionsShown(created.body);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['threshold-check.create']));
    // The CSV link carries the same filter.
    expect(created.body).toContain('/api/audit-events.csv?action=threshold-check.create');
  });

  it('answers a bad filter with an error summary, keeps what was typed and shows no events', async () => {
    const res = await get('/audit?action=threshold-check.create&outcome=maybe', 'auditor');
    expect(res.statusCode).toBe(400);
    expect(summaryHrefs(res.body)).toEqual(['#outcome']);
    expect(res.body).toContain('Choose an outcome from the list');
    expect(res.body).toContain('value="threshold-check.create"');
    expect(actionsShown(res.body)).toEqual([]);
  });
});
