/**
 * The web attacks of issue 5 §4, each refused and each tested: cross-site request forgery on
 * every page form (generated from the route table), stored and reflected cross-site scripting,
 * session fixation, sign-in rate limiting (BATON_SIGN_IN_LIMIT) and CSV formula injection in the
 * audit export. Runs on every database (the rate limiter is in memory, so that one on SQLite).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/test-databases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { fillUrl } from './route-table.js';
import {
  makeChild,
  startSecurityServer,
  type ChildFixture,
  type SecurityServer,
} from './security-fixtures.js';

const dialects = await testDialects();

const SCRIPT = '<script>alert("baton")</script>';
const ATTRIBUTE = '"><svg onload=alert(1)>';
const isRaw = (body: string): boolean => body.includes(SCRIPT) || body.includes('<svg onload');

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(dialects)('web attacks on %s', (dialect) => {
  let s: SecurityServer;
  let fx: ChildFixture;
  let hostile: { childId: string; workItemId: string };

  const inject = (opts: InjectOptions): Promise<LightMyRequestResponse> =>
    s.server.app.inject(opts);
  const get = (url: string, username = 'front-door') =>
    inject({ method: 'GET', url, headers: { cookie: s.cookies.get(username) ?? '' } });
  const ids = (p: string): string =>
    p === 'workItemId'
      ? fx.contactWorkItemId
      : p === 'packId'
        ? 'stockport'
        : p === 'date'
          ? '2026-03-02'
          : p === 'id' || p === 'childId'
            ? fx.childId
            : 'unknown';

  beforeAll(async () => {
    s = await startSecurityServer(dialect);
    fx = await makeChild(s, 0);
    // Stored: a contact whose child, parent and concerns carry script.
    const res = await inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { cookie: s.cookies.get('practitioner') ?? '' },
      payload: {
        urgency: 'routine',
        familySpokenTo: true,
        concerns: `Concern ${SCRIPT} ${ATTRIBUTE}`,
        referrerLevel: 2,
        consent: { decision: 'given', givenBy: 'mum' },
        adults: [{ key: 'mum', person: { givenName: ATTRIBUTE, familyName: 'Xsstest' } }],
        children: [
          {
            person: {
              givenName: SCRIPT,
              familyName: `Xsstest${ATTRIBUTE}`,
              dateOfBirth: '2019-04-02',
            },
            parentDetailsUnknownReason: `Unknown ${SCRIPT}`,
            parents: [
              {
                adult: 'mum',
                relationship: 'mother',
                parentalResponsibility: true,
                livesWithChild: true,
              },
            ],
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json<{ workItemId: string; childIds: string[] }>();
    hostile = { childId: receipt.childIds[0] ?? '', workItemId: receipt.workItemId };
  });
  afterAll(async () => {
    await s.server.close();
  });

  describe('cross-site request forgery', () => {
    const pagePosts = () => s.routes.filter((r) => !r.api && r.method === 'POST');

    it('refuses every page form posted without a token, with a forged one, or with another session’s, writing nothing', async () => {
      const other = await inject({ method: 'GET', url: '/sign-in' });
      const otherToken = /name="_csrf" value="([^"]+)"/.exec(other.body)?.[1] ?? '';
      const session = (s.cookies.get('front-door') ?? '').split('; ')[0] ?? '';
      const failures: string[] = [];
      const routes = pagePosts();
      expect(routes.length).toBeGreaterThan(20);
      for (const r of routes) {
        const url = fillUrl(r.url, ids);
        const attempts: [string, string, string][] = [
          ['no token, no secret', session, form({})],
          ['forged token', s.cookies.get('front-door') ?? '', form({ _csrf: 'forged' })],
          ['another form’s token', s.cookies.get('front-door') ?? '', form({ _csrf: otherToken })],
        ];
        for (const [what, cookie, payload] of attempts) {
          const before = await s.server.database.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          const res = await inject({ method: 'POST', url, headers: { cookie, ...FORM }, payload });
          const after = await s.server.database.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          if (res.statusCode !== 403 || !res.body.includes('BATON_CSRF'))
            failures.push(`${r.key} (${what}): ${String(res.statusCode)}`);
          if (Number(after.n) !== Number(before.n))
            failures.push(`${r.key} (${what}) did something`);
          if (res.cookies.some((c) => c.name === 'baton_session' && c.value !== ''))
            failures.push(`${r.key} (${what}) set a session`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('accepts the same form with its token (so the refusals above are about the token)', async () => {
      const res = await inject({
        method: 'POST',
        url: '/sign-out',
        headers: { cookie: s.csrfCookie, ...FORM },
        payload: form({ _csrf: s.csrfToken }),
      });
      expect(res.statusCode).toBe(303);
    });

    it('refuses an API write sent as a form (a cross-site form cannot send JSON)', async () => {
      const res = await inject({
        method: 'POST',
        url: `/api/children/${fx.childId}/break-glass`,
        headers: { cookie: s.cookies.get('practitioner') ?? '', ...FORM },
        payload: form({ reason: 'Cross-site form pretending to be an emergency' }),
      });
      expect(res.statusCode).toBe(415);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(
        'BATON_UNSUPPORTED_MEDIA_TYPE',
      );
      const glass = await s.server.database.db
        .selectFrom('break_glass')
        .select('id')
        .where('child_id', '=', fx.childId)
        .execute();
      expect(glass).toEqual([]);
    });
  });

  describe('cross-site scripting', () => {
    it('shows stored script in names and notes as text on every page that shows them', async () => {
      const pages = [
        `/children/${hostile.childId}`,
        `/people/${hostile.childId}`,
        `/contacts/${hostile.workItemId}`,
        `/triage/${hostile.workItemId}`,
        '/triage',
        `/people/find?familyName=Xsstest`,
      ];
      for (const url of pages) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(isRaw(res.body), url).toBe(false);
      }
      const record = await get(`/children/${hostile.childId}`);
      expect(record.body).toContain('&lt;script&gt;alert(&quot;baton&quot;)&lt;/script&gt;');
      const contact = await get(`/triage/${hostile.workItemId}`);
      expect(contact.body).toContain('Concern &lt;script&gt;');
    });

    it('escapes script sent in the query string and the path of every page, under a content security policy', async () => {
      const keys = [
        'q',
        'familyName',
        'givenName',
        'action',
        'objectId',
        'actorUserId',
        'childId',
        'returnTo',
        'before',
        'saved',
        'sent',
        'from',
        'pack',
        'keptId',
        'mergedId',
        'error',
      ];
      const query = form(Object.fromEntries(keys.map((k) => [k, `${SCRIPT}${ATTRIBUTE}`])));
      const failures: string[] = [];
      let pages = 0;
      for (const r of s.routes.filter((x) => !x.api && x.method === 'GET')) {
        if (r.url.includes('*')) continue;
        for (const url of [
          `${fillUrl(r.url, ids)}?${query}`,
          fillUrl(r.url, () => `${SCRIPT}${ATTRIBUTE}`),
        ]) {
          const res = await get(url);
          pages++;
          if (isRaw(res.body)) failures.push(`${url}: ${String(res.statusCode)} reflects script`);
          if (res.statusCode >= 500) failures.push(`${url}: ${String(res.statusCode)}`);
          if (String(res.headers['content-type']).includes('html')) {
            const csp = String(res.headers['content-security-policy']);
            if (!/script-src 'self'/.test(csp) || csp.includes('unsafe-inline'))
              failures.push(`${r.key}: content security policy ${csp}`);
          }
        }
      }
      expect(pages).toBeGreaterThan(60);
      expect(failures).toEqual([]);
    });

    it('answers the API as JSON that a browser will not sniff as a page', async () => {
      const res = await get(`/api/children/${hostile.childId}`);
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('session fixation', () => {
    const signInPage = async (cookie: string) => {
      // As a browser would: the form is opened with the same cookies it is posted with.
      const page = await inject({ method: 'GET', url: '/sign-in', headers: { cookie } });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const csrf = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: `${csrf}; ${cookie}`, ...FORM },
        payload: form({ username: 'practitioner', password: TEST_PASSWORD, _csrf: token }),
      });
    };
    const sessionOf = (res: LightMyRequestResponse) =>
      res.cookies.find((c) => c.name === 'baton_session')?.value ?? '';
    const whoAmI = (token: string) =>
      inject({ method: 'GET', url: '/api/my-work', headers: { cookie: `baton_session=${token}` } });

    it('does not adopt a session id an attacker planted, and issues a new one at every sign-in', async () => {
      const planted = 'attacker-chosen-session-id';
      const first = await signInPage(`baton_session=${planted}`);
      expect(first.statusCode).toBe(303);
      const token = sessionOf(first);
      expect(token).not.toBe(planted);
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect((await whoAmI(planted)).statusCode).toBe(401);
      expect((await whoAmI(token)).statusCode).toBe(200);
      // Signing in again while signed in: a new id, as the session id changes at sign-in.
      const second = await signInPage(`baton_session=${token}`);
      expect(sessionOf(second)).not.toBe(token);
      const api = await inject({
        method: 'POST',
        url: '/api/session',
        headers: { cookie: `baton_session=${token}` },
        payload: { username: 'practitioner', password: TEST_PASSWORD },
      });
      expect(sessionOf(api)).not.toBe(token);
      expect(sessionOf(api)).not.toBe(sessionOf(second));
    });

    it('ends the session on the server at sign-out, so a copied cookie stops working', async () => {
      const token = sessionOf(await signInPage(''));
      expect((await whoAmI(token)).statusCode).toBe(200);
      const out = await inject({
        method: 'DELETE',
        url: '/api/session',
        headers: { cookie: `baton_session=${token}` },
      });
      expect(out.statusCode).toBe(204);
      expect((await whoAmI(token)).statusCode).toBe(401);
    });
  });

  describe('CSV formula injection in the audit export', () => {
    it('neutralises formulas an attacker put in the audit trail, and exports only to auditors', async () => {
      // An object id is whatever a caller put in the URL: the audit trail records it verbatim.
      for (const id of [
        '=HYPERLINK("http://evil.invalid","x")',
        '+1+1',
        '-2+3',
        '@SUM(1)',
        '\t=1',
        '\r=1',
      ])
        await get(`/api/children/${encodeURIComponent(id)}`, 'practitioner');
      const res = await get('/api/audit-events.csv?limit=500', 'auditor');
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment;/);
      const cells = csvCells(res.body);
      expect(cells.length).toBeGreaterThan(11);
      for (const cell of cells) {
        expect(cell.startsWith('"'), cell).toBe(true);
        expect(/^"[=+\-@\t\r]/.test(cell), cell).toBe(false);
      }
      expect(res.body).toContain('"\'=HYPERLINK(""http://evil.invalid"",""x"")"');
      expect(res.body).toContain('"\'@SUM(1)"');
      expect(res.body).toContain('"\'\t=1"');

      const refused = await get('/api/audit-events.csv', 'practitioner');
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('BATON_FORBIDDEN');
      const trail = await s.server.database.db
        .selectFrom('audit_events')
        .select(['outcome'])
        .where('action', '=', 'audit.read')
        .where('actor_user_id', '=', s.actors.get('practitioner')?.userId ?? '')
        .execute();
      expect(trail.map((t) => t.outcome)).toContain('refused');
    });
  });
});

describe('sign-in rate limiting', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { BATON_SIGN_IN_LIMIT: '3' } });
  });
  afterAll(async () => {
    await server.close();
  });
  const attempt = (username: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

  it('refuses, coded 429, after BATON_SIGN_IN_LIMIT attempts, even with the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await attempt('practitioner', 'wrong-password');
      expect(res.statusCode).toBe(401);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_SIGN_IN_FAILED');
    }
    const limited = await attempt('practitioner', TEST_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ error: { code: string } }>().error.code).toBe(
      'BATON_SIGN_IN_RATE_LIMITED',
    );
    expect(limited.cookies.find((c) => c.name === 'baton_session')).toBeUndefined();
    // The limit is per address and username: another user is not locked out by the attack.
    expect((await attempt('dsl', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('limits the sign-in page too, with a coded page', async () => {
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 4; i++) {
      const page = await server.app.inject({ method: 'GET', url: '/sign-in' });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      last = await server.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: {
          cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
          ...FORM,
        },
        payload: form({ username: 'hv-demo', password: 'wrong-password', _csrf: token }),
      });
    }
    expect(last?.statusCode).toBe(429);
    expect(last?.body).toContain('BATON_SIGN_IN_RATE_LIMITED');
  });
});

/**
 * The cells of a CSV file exactly as written (quotes kept), split per RFC 4180: a comma or line
 * break inside quotes belongs to the cell.
 */
function csvCells(body: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ',' || (ch === '\r' && body[i + 1] === '\n'))) {
      cells.push(cell);
      cell = '';
      if (ch === '\r') i++;
      continue;
    }
    cell += ch;
  }
  if (cell !== '') cells.push(cell);
  return cells.filter((c) => c !== '');
}
