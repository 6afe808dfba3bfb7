/**
 * The social care recording pages (issue 14 item 6) without JavaScript, on every database: linked
 * from the work page; the assessment form refuses "no factors" with other factors and a half-typed
 * date, each error linking to its box; saved, then checked and authorised by the manager; visits
 * asked "seen alone" with a reason when not; the closing step asks the reason for closure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/test-databases.js';
import { summaryHrefs } from '../../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();

describe.each(dialects)('social care recording pages on %s', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    for (const u of ['social-worker', 'team-manager']) cookies[u] = await apiSignIn(s.app, u);
  });
  afterAll(async () => {
    await s.close();
  });
  const get = (url: string, user: string) =>
    s.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] ?? '' } });
  /** Open `formUrl`, then post `fields` (repeated names allowed) with its CSRF token. */
  const post = async (
    formUrl: string,
    url: string,
    fields: [string, string][],
    user: string,
    formToken?: string,
  ) => {
    const form = await get(formUrl, user);
    const once = formToken ?? /name="_formToken" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const csrf = form.cookies.find((c) => c.name === '_csrf')?.value ?? '';
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '0';
    return s.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `${cookies[user] ?? ''}; _csrf=${csrf}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams([
        ['_csrf', token],
        ['version', version],
        ['_formToken', once],
        ...fields,
      ]).toString(),
    });
  };
  const date = (name: string, iso: string): [string, string][] => {
    const [y = '', m = '', d = ''] = iso.split('-');
    return [
      [`${name}-day`, String(Number(d))],
      [`${name}-month`, String(Number(m))],
      [`${name}-year`, y],
    ];
  };

  it('records and authorises an assessment, visits and the reason for closure from the pages', async () => {
    const person = await s.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: cookies['social-worker'] ?? '' },
      payload: {
        kind: 'child',
        givenName: 'Wenna',
        familyName: 'Trebilcock',
        dateOfBirth: '2016-03-03',
      },
    });
    const childId = person.json<{ id: string }>().id;
    const started = await s.app.inject({
      method: 'POST',
      url: `/api/children/${childId}/work`,
      headers: { cookie: cookies['social-worker'] ?? '' },
      payload: { workflowId: 'cf-assessment', rationale: 'Concerns from school about neglect.' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const cf = started.json<{ id: string }>().id;
    const today = new Date().toISOString().slice(0, 10);

    const work = await get(`/work/${cf}`, 'social-worker');
    expect(work.body).toContain(`href="/work/${cf}/assessment"`);
    expect((await get(`/work/${cf}/cin-plan`, 'social-worker')).statusCode).toBe(404);
    const page = await get(`/work/${cf}/assessment`, 'social-worker');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Young carer');
    expect(page.body).toContain('DfE code 7A');
    expect(page.body).not.toContain('Authorise the assessment');

    const wrong = await post(
      `/work/${cf}/assessment`,
      `/work/${cf}/assessment`,
      [
        ['startDate-day', '3'],
        ['startDate-month', ''],
        ['startDate-year', '2026'],
        ['factors', '21'],
        ['factors', '16A'],
        ['findings', ''],
      ],
      'social-worker',
    );
    expect(wrong.statusCode).toBe(400);
    expect(summaryHrefs(wrong.body)).toEqual(['#startDate-day', '#factors']);
    expect(wrong.body).toContain('must include a day, month and year');

    const saved = await post(
      `/work/${cf}/assessment`,
      `/work/${cf}/assessment`,
      [
        ...date('startDate', today),
        ['factors', '16A'],
        ['factors', '4A'],
        ['findings', 'Home conditions poor; mother’s depression untreated.'],
        ['primaryNeed', 'N1'],
      ],
      'social-worker',
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const after = await get(`/work/${cf}/assessment`, 'team-manager');
    expect(after.body).toContain('Neglect (16A)');
    expect(after.body).toContain('Abuse or neglect (N1)');
    expect(after.body).toContain('Authorise the assessment');
    const authorised = await post(
      `/work/${cf}/assessment`,
      `/work/${cf}/assessment/authorise`,
      date('authorisedOn', today),
      'team-manager',
    );
    expect(authorised.statusCode, authorised.body).toBe(303);
    const done = await get(`/work/${cf}/assessment`, 'social-worker');
    expect(done.body).not.toContain('Save the assessment');
    expect(done.body).toMatch(/Authorised[\s\S]*?, by /);

    // A visit: seen, not alone, needs a reason (the error links to its box).
    const visits = `/children/${childId}/visits?work=${cf}`;
    const noReason = await post(
      visits,
      `/children/${childId}/visits`,
      [...date('visitedOn', today), ['workItemId', cf], ['seen', 'yes'], ['seenAlone', 'no']],
      'social-worker',
    );
    expect(noReason.statusCode).toBe(400);
    expect(summaryHrefs(noReason.body)).toEqual(['#reason']);
    const visit = await post(
      visits,
      `/children/${childId}/visits`,
      [
        ...date('visitedOn', today),
        ['workItemId', cf],
        ['seen', 'yes'],
        ['seenAlone', 'not-appropriate'],
        ['reason', 'The child asked for mother to stay.'],
      ],
      'social-worker',
    );
    expect(visit.statusCode, visit.body).toBe(303);
    // The same form sent twice (a double click) makes one visit.
    const fields: [string, string][] = [
      ...date('visitedOn', today),
      ['workItemId', cf],
      ['seen', 'no'],
      ['reason', 'Nobody answered the door.'],
      ['seenByName', 'Agency social worker (covering)'],
    ];
    const first = await post(
      visits,
      `/children/${childId}/visits`,
      fields,
      'social-worker',
      'b1f0a3c2-6d7e-4f80-9a1b-2c3d4e5f6a7b',
    );
    const again = await post(
      visits,
      `/children/${childId}/visits`,
      fields,
      'social-worker',
      'b1f0a3c2-6d7e-4f80-9a1b-2c3d4e5f6a7b',
    );
    expect([first.statusCode, again.statusCode]).toEqual([303, 303]);
    const list = await get(visits, 'social-worker');
    expect(list.body).toContain('The child asked for mother to stay.');
    expect(list.body.split('Nobody answered the door.').length - 1).toBe(1);
    expect(list.body).toContain('Agency social worker (covering)');
    expect(list.body).toContain('<option value="">You</option>');

    // The closing step asks the reason for closure, with the census's own answer chosen.
    const step = await get(`/work/${cf}/steps/no-further-action`, 'social-worker');
    expect(step.body).toContain('Reason the child in need episode closes');
    expect(step.body).toMatch(/value="RC8" checked/);
    const notClosing = await get(`/work/${cf}/steps/cin-plan`, 'social-worker');
    expect(notClosing.body).not.toContain('Reason the child in need episode closes');
  });
});
