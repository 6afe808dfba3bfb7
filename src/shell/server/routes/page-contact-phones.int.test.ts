/**
 * Adults' phone numbers on every database (issue 14: "the contact asks for the family's address
 * and phone"; the household view "shows the family's children, adults and open work"): the family
 * page takes a number per parent or carer and refuses one that is not a number, with a field
 * error and nothing written; check your answers shows it; the contact keeps it on the person; the
 * household view shows it to readers of the child only. Through the API, a contact that links an
 * adult without a number never erases the one held; a new number replaces it, audited; a
 * correction through the people API is audited like any other field. Numbers are from Ofcom's
 * ranges for drama (01632 960xxx, 07700 900xxx); people are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoParentContact } from '../../testing/contact-fixtures.js';
import { pageClient, summaryHrefs } from '../../testing/page-forms.js';
import { testDialects } from '../../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();
const MONDAY = new Date('2026-03-02T10:00:00.000Z');
const SURNAME = 'Tenterwick';
const GEMMA = '01632 960 001';
const NEW_NUMBER = '07700 900 982';

interface ErrorAnswer {
  error: { code: string; details: { path: string; message: string }[] };
}

describe.each(dialects)("adults' phone numbers on %s (BATON_PACK=stockport)", (dialect) => {
  let s: TestServer;
  // The referrer's browser: the session, the CSRF secret and the draft's sealed cookies.
  const jar = new Map<string, string>();
  let token = '';
  const cookies: Record<string, string> = {};
  const api = pageClient(() => s.app, cookies);
  let childId = '';
  let gemmaId = '';
  let craigId = '';

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

  const family = (gemmaPhone: string) => ({
    childCount: '3',
    adultCount: '3',
    'child0-givenName': 'Poppy',
    'child0-familyName': SURNAME,
    'child0-dob-day': '9',
    'child0-dob-month': '6',
    'child0-dob-year': '2017',
    'adult0-givenName': 'Gemma',
    'adult0-relationship': 'mother',
    'adult0-pr': 'yes',
    'adult0-lives': 'yes',
    'adult0-phone': gemmaPhone,
    'adult1-givenName': 'Craig',
    'adult1-relationship': 'father',
    'adult1-pr': 'yes',
    'adult1-lives': 'no',
    'adult1-phone': '',
    action: 'continue',
  });
  const peopleNamed = (familyName: string) =>
    s.database.db
      .selectFrom('people')
      .select(['id', 'given_name', 'phone', 'version'])
      .where('family_name', '=', familyName)
      .orderBy('given_name')
      .execute();
  const phoneOf = async (id: string) =>
    (
      await s.database.db
        .selectFrom('people')
        .select(['phone', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).phone;
  const audits = (action: string, objectId: string) =>
    s.database.db
      .selectFrom('audit_events')
      .select(['reason', 'outcome'])
      .where('action', '=', action)
      .where('object_id', '=', objectId)
      .execute();

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
    for (const u of ['dsl', 'front-door', 'police-demo', 'team-manager'])
      cookies[u] = await apiSignIn(s.app, u);
  });
  afterAll(() => s.close());

  it('refuses a phone number that is not one with an error on its field that says what to do, and keeps nothing', async () => {
    await get('/contacts/new');
    const started = await post('/contacts/new', {});
    expect(started.headers.location).toBe('/contacts/new/family');
    const page = await get('/contacts/new/family');
    for (const i of [0, 1, 2]) {
      const input = new RegExp(`<input[^>]*id="adult${String(i)}-phone"[^>]*>`).exec(page.body);
      expect(input?.[0]).toContain('type="tel"');
      expect(input?.[0]).toContain('autocomplete="off"');
      expect(input?.[0]).toContain(`aria-describedby="adult${String(i)}-phone-hint"`);
    }

    const refused = await post('/contacts/new/family', family('0161 CALL ME'));
    expect(refused.statusCode).toBe(400);
    expect(summaryHrefs(refused.body)).toEqual(['#adult0-phone']);
    const message = `Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192 (Gemma ${SURNAME})`;
    expect(refused.body).toContain(`<span class="govuk-visually-hidden">Error:</span> ${message}`);
    // What was typed is shown again to correct, not lost.
    expect(refused.body).toMatch(
      /id="adult0-phone" name="adult0-phone" type="tel"[^>]*value="0161 CALL ME"/,
    );

    const tooLong = await post('/contacts/new/family', family(`0161 496 0000${' 0'.repeat(9)}`));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain(
      `Phone number must be 30 characters or fewer (Gemma ${SURNAME})`,
    );

    // The page is not done: check your answers sends the referrer back to it, and no one is kept.
    const check = await get('/contacts/new/check');
    expect(check.headers.location).toBe('/contacts/new/family');
    expect(await peopleNamed(SURNAME)).toEqual([]);
  });

  it('takes a number for one parent and none for the other, shows it on check your answers, and keeps it on the person', async () => {
    const taken = await post('/contacts/new/family', family(` ${GEMMA} `));
    expect(taken.statusCode).toBe(303);
    const concerns = await post('/contacts/new/concerns', {
      concerns: 'Poppy has missed most of this half term.',
      referrerLevel: '2',
      urgency: 'routine',
      familySpokenTo: 'yes',
      consentDecision: 'given',
      consentGivenBy: 'a0',
      action: 'continue',
    });
    expect(concerns.headers.location).toBe('/contacts/new/check');

    const check = await get('/contacts/new/check');
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain(`lives with the children. Phone: ${GEMMA}`);
    expect(check.body.match(/Phone: /g)).toHaveLength(1);
    const sent = await post('/contacts/new/check', {});
    expect(sent.statusCode).toBe(303);

    const people = await peopleNamed(SURNAME);
    expect(people.map((p) => [p.given_name, p.phone])).toEqual([
      ['Craig', null],
      ['Gemma', GEMMA],
      ['Poppy', null],
    ]);
    gemmaId = people[1]?.id ?? '';
    craigId = people[0]?.id ?? '';
    childId = people[2]?.id ?? '';
  });

  it('shows each adult\'s number, or "Not known", on the household view, to readers of the child only', async () => {
    const page = await api.get(`/children/${childId}/family`, 'dsl');
    expect(page.statusCode).toBe(200);
    const adults = /<caption[^>]*>Adults in the family[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
    expect(adults).toContain('Phone number');
    expect(adults).toMatch(new RegExp(`Gemma ${SURNAME}</th>\\s*<td[^>]*>\\s*${GEMMA}\\s*</td>`));
    expect(adults).toMatch(new RegExp(`Craig ${SURNAME}</th>\\s*<td[^>]*>\\s*Not known\\s*</td>`));
    expect(await audits('child.family.read', childId)).toContainEqual({
      reason: null,
      outcome: 'allowed',
    });

    const police = await api.get(`/children/${childId}/family`, 'police-demo');
    expect(police.statusCode).toBe(403);
    expect(police.body).not.toContain(GEMMA);
  });

  it('refuses a contact whose adult phone number is not one, writing no one (API)', async () => {
    const body = (phone: string) => {
      const c = twoParentContact(
        { givenName: 'Lark', familyName: 'Brindlecombe', dateOfBirth: '2015-01-20' },
        { concerns: 'Lark is often late and tired.', referrerLevel: 2 },
      );
      return { ...c, adults: c.adults.map((a, i) => (i === 1 ? { ...a, phone } : a)) };
    };
    const wrong = await api.postJson('/api/contacts', body('07700 9OO 982'), 'front-door');
    expect(wrong.statusCode).toBe(400);
    const answer = wrong.json<ErrorAnswer>();
    expect(answer.error.code).toBe('BATON_VALIDATION');
    expect(answer.error.details).toContainEqual({
      path: 'adults.1.phone',
      message: 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
    });
    const long = await api.postJson('/api/contacts', body('0'.repeat(31)), 'front-door');
    expect(long.statusCode).toBe(400);
    expect(long.json<ErrorAnswer>().error.details).toContainEqual({
      path: 'adults.1.phone',
      message: 'Phone number must be 30 characters or fewer',
    });
    expect(await peopleNamed('Brindlecombe')).toEqual([]);
  });

  it('never erases a number held when a contact links the adult without one; a new number replaces it, audited (API)', async () => {
    const linking = (phone: string | undefined) => ({
      urgency: 'routine',
      familySpokenTo: true,
      concerns: "Poppy's brother is missing school too.",
      referrerLevel: 2,
      consent: { decision: 'given', givenBy: 'mum' },
      adults: [
        { key: 'mum', personId: gemmaId, ...(phone !== undefined ? { phone } : {}) },
        { key: 'dad', personId: craigId },
      ],
      children: [
        {
          person: { givenName: 'Jude', familyName: SURNAME, dateOfBirth: '2019-04-02' },
          parents: [
            {
              adult: 'mum',
              relationship: 'mother',
              parentalResponsibility: true,
              livesWithChild: true,
            },
            {
              adult: 'dad',
              relationship: 'father',
              parentalResponsibility: true,
              livesWithChild: false,
            },
          ],
        },
      ],
    });
    const versionOf = async (id: string) =>
      (
        await s.database.db
          .selectFrom('people')
          .select('version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).version;
    const before = await versionOf(gemmaId);
    for (const phone of [undefined, '', '   ']) {
      const made = await api.postJson('/api/contacts', linking(phone), 'front-door');
      expect(made.statusCode, made.body).toBe(201);
      expect(await phoneOf(gemmaId)).toBe(GEMMA);
    }
    expect(await versionOf(gemmaId)).toBe(before);
    expect(await audits('person.update', gemmaId)).toEqual([]);

    const replaced = await api.postJson('/api/contacts', linking(NEW_NUMBER), 'front-door');
    expect(replaced.statusCode, replaced.body).toBe(201);
    expect(await phoneOf(gemmaId)).toBe(NEW_NUMBER);
    expect(await versionOf(gemmaId)).toBe(before + 1);
    // The field is named, never its value.
    expect(await audits('person.update', gemmaId)).toEqual([
      { reason: 'fields: phone (from a contact)', outcome: 'allowed' },
    ]);
    const household = await api.get(`/children/${childId}/family`, 'front-door');
    expect(household.body).toContain(NEW_NUMBER);
    expect(household.body).not.toContain(GEMMA);
  });

  it('corrects a number through the people API, refusing one that is not a number, audited like any other field', async () => {
    const person = await api.get(`/api/people/${craigId}`, 'front-door');
    expect(person.statusCode).toBe(200);
    const read = person.json<{ phone: string | null; version: number }>();
    expect(read.phone).toBeNull();
    const patch = (body: object) =>
      s.app.inject({
        method: 'PATCH',
        url: `/api/people/${craigId}`,
        payload: body,
        headers: { cookie: cookies['front-door'] ?? '' },
      });
    const wrong = await patch({ version: read.version, phone: 'ring the school' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<ErrorAnswer>().error.details).toContainEqual({
      path: 'phone',
      message: 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
    });
    expect(await phoneOf(craigId)).toBeNull();

    const fixed = await patch({ version: read.version, phone: '+44 (0)1632 960 123' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json<{ phone: string | null }>().phone).toBe('+44 (0)1632 960 123');
    expect(await audits('person.update', craigId)).toContainEqual({
      reason: 'fields: phone',
      outcome: 'allowed',
    });
    // A team manager deciding whether two records are one person sees both numbers.
    const compare = await api.get(
      `/people/merge/compare?ids=${gemmaId}&ids=${craigId}`,
      'team-manager',
    );
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toMatch(
      new RegExp(
        `Phone number</th>\\s*<td[^>]*>(<strong[^>]*>Differs</strong>)? ${NEW_NUMBER}</td>\\s*<td[^>]*>(<strong[^>]*>Differs</strong>)? \\+44 \\(0\\)1632 960 123</td>`,
      ),
    );
    const page = await api.get(`/people/${craigId}`, 'front-door');
    expect(page.body).toMatch(
      /Phone number\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*\+44 \(0\)1632 960 123/,
    );
  });
});
