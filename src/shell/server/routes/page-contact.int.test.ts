/**
 * The contact form's pages on every database, under Stockport's pack (issue 14 §3: a referral in
 * at most 6 pages): the check's result starts the contact from the signed-in user, shown for
 * checking; one page takes the whole family without a round trip; one page takes the concerns
 * and consent; check your answers; sent. People are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/test-databases.js';
import { summaryHrefs } from '../../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();
const MONDAY = new Date('2026-03-02T10:00:00.000Z');
const LEVEL_3 = 'stk-more-help-in-need-without-help';

describe.each(dialects)('the contact form on %s (BATON_PACK=stockport)', (dialect) => {
  let s: TestServer;
  // A browser's cookie jar: the session, the CSRF secret and the draft's sealed cookies.
  const jar = new Map<string, string>();
  let token = '';
  let checkId = '';

  const remember = (res: { cookies: { name: string; value: string; maxAge?: number }[] }) => {
    for (const c of res.cookies)
      if (c.value === '' || c.maxAge === 0) jar.delete(c.name);
      else jar.set(c.name, c.value);
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (url: string) => {
    const res = await s.app.inject({ method: 'GET', url, headers: { cookie: cookie() } });
    remember(res);
    token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? token;
    return res;
  };
  const post = async (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: token });
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await s.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    remember(res);
    return res;
  };

  beforeAll(async () => {
    s = await startTestServer({
      dialect,
      clock: () => MONDAY,
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    const session = await apiSignIn(s.app, 'dsl');
    for (const part of session.split('; ')) {
      const [k, ...v] = part.split('=');
      if (k !== undefined) jar.set(k, v.join('='));
    }
  });

  afterAll(async () => {
    await s.close();
  });

  it('starts the contact on the check result, from the signed-in user shown for checking', async () => {
    await get('/check/stockport');
    const checked = await post('/check/stockport', { immediateDanger: 'no', indicators: LEVEL_3 });
    expect(checked.statusCode).toBe(303);
    const result = await get(checked.headers.location as string);
    checkId = (checked.headers.location as string).split('/').pop() ?? '';
    expect(result.body).toContain('Make a contact to MASSH');
    expect(result.body).toMatch(
      /From\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*You, [^<,]+, [^<]+/,
    );
    expect(result.body).toContain('Start the contact');

    const started = await post('/contacts/new', { thresholdCheckId: checkId });
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe('/contacts/new/family');
  });

  it('shows rows for the whole family at once, and refuses the page empty at the first child only', async () => {
    const page = await get('/contacts/new/family');
    expect(page.statusCode).toBe(200);
    for (const id of ['child0', 'child1', 'child2', 'adult0', 'adult1', 'adult2'])
      expect(page.body).toContain(`id="${id}-givenName"`);
    expect(page.body).toContain(`href="/checks/${checkId}"`);
    expect(page.body).toContain('Make a contact · step 1 of 3');

    const refused = await post('/contacts/new/family', { childCount: '3', adultCount: '3' });
    expect(refused.statusCode).toBe(400);
    const hrefs = summaryHrefs(refused.body);
    expect(hrefs[0]).toBe('#child0-givenName');
    expect(hrefs.filter((h) => /^#(child[12]|adult)/.test(h))).toEqual([]);
  });

  it('takes two children and both parents in one post, with the surname told once', async () => {
    const parent = (i: number, name: string, relationship: string) => ({
      [`adult${String(i)}-givenName`]: name,
      [`adult${String(i)}-relationship`]: relationship,
      [`adult${String(i)}-pr`]: 'yes',
      [`adult${String(i)}-lives`]: 'yes',
      [`adult${String(i)}-children`]: ['0', '1'],
    });
    const taken = await post('/contacts/new/family', {
      childCount: '3',
      adultCount: '3',
      'child0-givenName': 'Maisie',
      'child0-familyName': 'Quillfeather',
      'child0-dob-day': '14',
      'child0-dob-month': '3',
      'child0-dob-year': '2016',
      'child1-givenName': 'Alfie',
      ...parent(0, 'Gemma', 'mother'),
      ...parent(1, 'Craig', 'father'),
      action: 'continue',
    });
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe('/contacts/new/concerns');
  });

  it('takes the concerns and consent on one page, filled in from the check', async () => {
    const page = await get('/contacts/new/concerns');
    expect(page.body).toContain('From a levels-of-need check');
    expect(page.body).toContain('name="consentDecision"');
    expect(page.body).toContain('Make a contact · step 2 of 3');
    const refused = await post('/contacts/new/concerns', {
      concerns: 'Maisie comes to school hungry most days.',
      referrerLevel: '3',
      urgency: 'routine',
      action: 'continue',
    });
    expect(refused.statusCode).toBe(400);
    expect(summaryHrefs(refused.body)).toEqual(['#familySpokenTo', '#consentDecision']);
    const taken = await post('/contacts/new/concerns', {
      concerns: 'Maisie comes to school hungry most days.',
      referrerLevel: '3',
      urgency: 'routine',
      familySpokenTo: 'yes',
      consentDecision: 'given',
      consentGivenBy: 'a0',
      earlyHelpConsent: 'given',
      action: 'continue',
    });
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe('/contacts/new/check');
  });

  it('checks the answers with every child and parent, and sends the contact', async () => {
    const page = await get('/contacts/new/check');
    expect(page.statusCode).toBe(200);
    for (const name of ['Maisie', 'Alfie', 'Gemma', 'Craig'])
      expect(page.body).toContain(`${name} Quillfeather`);
    expect(page.body).toContain('Make a contact · step 3 of 3');
    expect(page.body).toMatch(/You, [^<]+, [^<]+/);
    const sent = await post('/contacts/new/check', {});
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toMatch(/^\/contacts\/[0-9a-f-]{36}\?sent=1$/);
    const confirmation = await get(sent.headers.location as string);
    expect(confirmation.body).toContain('Contact sent to');
  });
});
