/**
 * Issue 13 item 12: after signing in, the page returns only to a path on Baton itself, whatever
 * was put in `returnTo` (a tab the browser drops made `/\t/evil.example` another host; a newline
 * answered 500).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const HOSTILE = [
  '/\t/evil.example',
  '/\n/evil.example',
  '//evil.example',
  '/\\evil.example',
  '\\/evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { BATON_SIGN_IN_LIMIT: '1000' } });
});
afterAll(async () => {
  await server.close();
});

async function signInReturningTo(returnTo: string) {
  const page = await server.app.inject({ method: 'GET', url: '/sign-in' });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return server.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: {
      cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({
      username: 'practitioner',
      password: TEST_PASSWORD,
      _csrf: token,
      returnTo,
    }).toString(),
  });
}

it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))(
  'signs in and goes to / for returnTo=%s',
  async (_label, returnTo) => {
    const res = await signInReturningTo(returnTo);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/');
  },
);

it('returns to a path on Baton', async () => {
  const res = await signInReturningTo('/work?view=team');
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/work?view=team');
});

it('never lets a newline reach the Location header (it answered 500)', async () => {
  const res = await signInReturningTo('/x\r\nSet-Cookie: a=b');
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/xSet-Cookie:%20a=b');
  expect(res.cookies.some((c) => c.name === 'a')).toBe(false);
});

it('does not offer a hostile returnTo in the sign-in form', async () => {
  const page = await server.app.inject({
    method: 'GET',
    url: `/sign-in?returnTo=${encodeURIComponent('/\t/evil.example')}`,
  });
  expect(page.body).not.toContain('evil.example');
});
