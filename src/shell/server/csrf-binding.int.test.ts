/**
 * Issue 13 item 13: a CSRF token was tied only to a `_csrf` cookie, not to the session, so a
 * token and cookie pair taken from one session (or planted by a sibling site) worked in another.
 * Tokens are now bound to the session they were issued to, and the cookie carries the `__Host-`
 * prefix when cookies are Secure, so no other host can set it.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const tokenOf = (res: LightMyRequestResponse): string =>
  /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
const cookiesOf = (res: LightMyRequestResponse): string =>
  res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/** Open a page as this session; the form's token and the CSRF cookie that goes with it. */
async function formAs(app: FastifyInstance, session: string) {
  const page = await app.inject({ method: 'GET', url: '/', headers: { cookie: session } });
  expect(page.statusCode).toBe(200);
  return { token: tokenOf(page), cookie: cookiesOf(page) };
}

const signOut = (app: FastifyInstance, cookie: string, token: string) =>
  app.inject({
    method: 'POST',
    url: '/sign-out',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token }).toString(),
  });

const stillSignedIn = async (app: FastifyInstance, session: string) =>
  (await app.inject({ method: 'GET', url: '/api/my-work', headers: { cookie: session } }))
    .statusCode;

describe('CSRF tokens bound to the session', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a token and cookie from one session in another', async () => {
    const alice = await apiSignIn(server.app, 'practitioner');
    const bob = await apiSignIn(server.app, 'dsl');
    const hers = await formAs(server.app, alice);
    const res = await signOut(server.app, `${bob}; ${hers.cookie}`, hers.token);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('BATON_CSRF');
    expect(await stillSignedIn(server.app, bob)).toBe(200);
  });

  it('refuses a token issued before sign-in once signed in', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/sign-in' });
    const bob = await apiSignIn(server.app, 'dsl');
    const res = await signOut(server.app, `${bob}; ${cookiesOf(anonymous)}`, tokenOf(anonymous));
    expect(res.statusCode).toBe(403);
    expect(await stillSignedIn(server.app, bob)).toBe(200);
  });

  it('accepts the session’s own token (so the refusals above are about the binding)', async () => {
    const bob = await apiSignIn(server.app, 'dsl');
    const his = await formAs(server.app, bob);
    const res = await signOut(server.app, `${bob}; ${his.cookie}`, his.token);
    expect(res.statusCode).toBe(303);
    expect(await stillSignedIn(server.app, bob)).toBe(401);
  });
});

describe('the CSRF cookie when cookies are Secure', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { BATON_COOKIE_SECURE: 'true' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('is a __Host- cookie: Secure, path /, no domain', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/sign-in' });
    const csrf = page.cookies.find((c) => c.name.startsWith('__Host-'));
    expect(csrf?.name).toBe('__Host-csrf');
    expect(csrf?.secure).toBe(true);
    expect(csrf?.path).toBe('/');
    expect(csrf?.domain).toBeUndefined();
    expect(page.cookies.some((c) => c.name === '_csrf')).toBe(false);
  });
});
