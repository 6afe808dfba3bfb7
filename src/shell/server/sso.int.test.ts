/**
 * Issue 15 §2: single sign-on against a real OpenID provider (`oidc-provider` on a loopback
 * port), through Baton's own routes: a known user signs in by verified email, an unknown or
 * unverified one is refused with a page, a tampered state, an expired ID token and a replayed
 * callback are refused and audited, accounts can be created inactive, and passwords can be
 * switched off (this server takes no passwords). Runs on every database.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  providerSetting,
  signInAtProvider,
  startTestOidcProvider,
  type TestOidcProvider,
} from '../testing/oidc-test-provider.js';
import { testDialects } from '../testing/test-databases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
const PUBLIC_URL = 'http://baton.test';
const CALLBACK = `${PUBLIC_URL}/sign-in/sso/test/callback`;
const PENDING_AGENCY = 'agency-awaiting-approval';

const code = (res: LightMyRequestResponse): string => /BATON_[A-Z_]+/.exec(res.body)?.[0] ?? '';

/** Set out from Baton to the provider: its address and the state cookie Baton set. */
async function setOut(app: FastifyInstance, returnTo = '/', providerId = 'test') {
  const res = await app.inject({
    method: 'GET',
    url: `/sign-in/sso/${providerId}?returnTo=${encodeURIComponent(returnTo)}`,
  });
  expect(res.statusCode).toBe(303);
  const state = res.cookies.find((c) => c.name === 'baton_sso_state');
  if (!state) throw new Error('no state cookie');
  const location = String(res.headers.location);
  return { location, stateCookie: state.value };
}

const back = (app: FastifyInstance, url: URL, stateCookie: string) =>
  app.inject({
    method: 'GET',
    url: url.pathname + url.search,
    cookies: { baton_sso_state: stateCookie },
  });

const sessionCookie = (res: LightMyRequestResponse) =>
  res.cookies.find((c) => c.name === 'baton_session' && c.value !== '')?.value;

describe.each(dialects)('single sign-on on %s', (dialect) => {
  let provider: TestOidcProvider;
  let server: TestServer;
  let offsetMs = 0;

  beforeAll(async () => {
    provider = await startTestOidcProvider({
      redirectUris: [CALLBACK, `${PUBLIC_URL}/sign-in/sso/open/callback`],
      postLogoutRedirectUris: [`${PUBLIC_URL}/signed-out`],
      idTokenSeconds: 60,
    });
    server = await startTestServer({
      dialect,
      clock: () => new Date(Date.now() + offsetMs),
      env: {
        BATON_PUBLIC_URL: PUBLIC_URL,
        BATON_PASSWORD_SIGN_IN: 'false',
        // `test` refuses people it does not know; `open` (the same provider) makes them inactive.
        BATON_OIDC_PROVIDERS: JSON.stringify([
          ...(JSON.parse(providerSetting(provider)) as object[]),
          ...(JSON.parse(
            providerSetting(provider, {
              id: 'open',
              name: 'Partner Organisation',
              unknownUsers: 'create-inactive',
              agencyId: PENDING_AGENCY,
            }),
          ) as object[]),
        ]),
      },
    });
    await server.database.db
      .insertInto('agencies')
      .values({
        id: PENDING_AGENCY,
        name: 'Accounts awaiting approval',
        kind: 'voluntary',
        created_at: new Date().toISOString(),
      })
      .execute();
    // The demo social worker's work email is the one the provider vouches for.
    await server.database.db
      .updateTable('users')
      .set({ email: 'Sam.Social@council.example' })
      .where('username', '=', 'social-worker')
      .execute();
  });
  afterAll(async () => {
    await server.close();
    await provider.close();
  });

  const audits = (reasonLike: string) =>
    server.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'reason', 'actor_user_id'])
      .where('action', '=', 'session.sign-in')
      .where('reason', 'like', `%${reasonLike}%`)
      .execute();

  it('offers the provider on the sign-in page and signs a known user in by verified email', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/sign-in' });
    expect(page.body).toContain('Sign in with Test Council');
    expect(page.body).toContain('href="/sign-in/sso/test"');

    const { location, stateCookie } = await setOut(server.app, '/my-work');
    const auth = new URL(location);
    expect(auth.origin).toBe(provider.issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(auth.searchParams.get('state')).toBe(stateCookie);
    expect(auth.searchParams.get('redirect_uri')).toBe(CALLBACK);

    const callback = await signInAtProvider(location, 'sam.social', PUBLIC_URL);
    const res = await back(server.app, callback, stateCookie);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/my-work');
    const token = sessionCookie(res);
    expect(token).toBeDefined();

    const me = await server.app.inject({
      method: 'GET',
      url: '/api/my-work',
      cookies: { baton_session: token ?? '' },
    });
    expect(me.statusCode).toBe(200);
    const user = await server.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'social-worker')
      .executeTakeFirstOrThrow();
    const link = await server.database.db
      .selectFrom('user_identities')
      .selectAll()
      .where('issuer', '=', provider.issuer)
      .where('subject', '=', 'sam.social')
      .executeTakeFirstOrThrow();
    expect(link.user_id).toBe(user.id);
    const allowed = await audits('single sign-on: test');
    expect(allowed.some((a) => a.outcome === 'allowed' && a.actor_user_id === user.id)).toBe(true);

    // Signing out ends Baton's session and offers the provider's end-session, with the hint.
    const signedIn = await server.app.inject({
      method: 'GET',
      url: '/',
      cookies: { baton_session: token ?? '' },
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(signedIn.body)?.[1] ?? '';
    const out = await server.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: {
        cookie: [
          `baton_session=${token ?? ''}`,
          ...signedIn.cookies.map((c) => `${c.name}=${c.value}`),
        ].join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.body).toContain('You have signed out of Baton');
    const endSession = /href="([^"]+)"[^>]*>\s*Sign out of Test Council/.exec(out.body)?.[1];
    expect(endSession).toBeDefined();
    const end = new URL((endSession ?? '').replaceAll('&amp;', '&'));
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/signed-out`);
    const after = await server.app.inject({
      method: 'GET',
      url: '/api/my-work',
      cookies: { baton_session: token ?? '' },
    });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a user Baton does not know with a page saying what to do, and audits it', async () => {
    const { location, stateCookie } = await setOut(server.app);
    const callback = await signInAtProvider(location, 'nora.nobody', PUBLIC_URL);
    const res = await back(server.app, callback, stateCookie);
    expect(res.statusCode).toBe(403);
    expect(code(res)).toBe('BATON_SSO_UNKNOWN_USER');
    expect(res.body).toContain('Baton does not know your account');
    expect(res.body).toContain('Ask your Baton administrator to add you');
    expect(sessionCookie(res)).toBeUndefined();
    expect((await audits('no Baton user has this identity')).length).toBeGreaterThan(0);
    const linked = await server.database.db
      .selectFrom('user_identities')
      .select('user_id')
      .where('subject', '=', 'nora.nobody')
      .execute();
    expect(linked).toEqual([]);
  });

  it('does not match an email the provider has not verified', async () => {
    await server.database.db
      .updateTable('users')
      .set({ email: 'una.unverified@council.example' })
      .where('username', '=', 'dsl')
      .execute();
    const { location, stateCookie } = await setOut(server.app);
    const callback = await signInAtProvider(location, 'una.unverified', PUBLIC_URL);
    const res = await back(server.app, callback, stateCookie);
    expect(res.statusCode).toBe(403);
    expect(code(res)).toBe('BATON_SSO_UNKNOWN_USER');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('refuses a tampered state, and a callback whose state is not this browser’s', async () => {
    const { location, stateCookie } = await setOut(server.app);
    const callback = await signInAtProvider(location, 'sam.social', PUBLIC_URL);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${stateCookie.slice(0, -2)}xx`);
    const res = await back(server.app, tampered, stateCookie);
    expect(res.statusCode).toBe(400);
    expect(code(res)).toBe('BATON_SSO_FAILED');
    expect(sessionCookie(res)).toBeUndefined();
    // The attacker's own state in the address and their cookie, but not in this browser.
    const foreign = await server.app.inject({
      method: 'GET',
      url: callback.pathname + callback.search,
    });
    expect(foreign.statusCode).toBe(400);
    expect(sessionCookie(foreign)).toBeUndefined();
    expect((await audits('the state does not match')).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an ID token that has expired by Baton’s clock', async () => {
    const { location, stateCookie } = await setOut(server.app);
    const callback = await signInAtProvider(location, 'sam.social', PUBLIC_URL);
    // The provider's ID tokens last 60 s; Baton now reads the callback 5 minutes on.
    offsetMs = 5 * 60_000;
    try {
      const res = await back(server.app, callback, stateCookie);
      expect(res.statusCode).toBe(400);
      expect(code(res)).toBe('BATON_SSO_FAILED');
      expect(sessionCookie(res)).toBeUndefined();
    } finally {
      offsetMs = 0;
    }
    const refused = await audits("the provider's answer was refused");
    expect(refused.some((a) => (a.reason ?? '').includes('"exp" (expiration time)'))).toBe(true);
  });

  it('refuses a replayed callback (its code and state were used once)', async () => {
    const { location, stateCookie } = await setOut(server.app);
    const callback = await signInAtProvider(location, 'sam.social', PUBLIC_URL);
    const first = await back(server.app, callback, stateCookie);
    expect(first.statusCode).toBe(303);
    expect(sessionCookie(first)).toBeDefined();
    const sessionsBefore = await server.database.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const replay = await back(server.app, callback, stateCookie);
    expect(replay.statusCode).toBe(400);
    expect(code(replay)).toBe('BATON_SSO_FAILED');
    expect(sessionCookie(replay)).toBeUndefined();
    const sessionsAfter = await server.database.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(sessionsAfter.n)).toBe(Number(sessionsBefore.n));
    expect((await audits('used already, or expired')).length).toBeGreaterThan(0);
  });

  it('refuses an inactive account', async () => {
    await server.database.db
      .updateTable('users')
      .set({ active: 0 })
      .where('username', '=', 'social-worker')
      .execute();
    try {
      const { location, stateCookie } = await setOut(server.app);
      const callback = await signInAtProvider(location, 'sam.social', PUBLIC_URL);
      const res = await back(server.app, callback, stateCookie);
      expect(res.statusCode).toBe(403);
      expect(code(res)).toBe('BATON_SSO_ACCOUNT_INACTIVE');
      expect(sessionCookie(res)).toBeUndefined();
    } finally {
      await server.database.db
        .updateTable('users')
        .set({ active: 1 })
        .where('username', '=', 'social-worker')
        .execute();
    }
  });
  it('creates an unknown user inactive, with no roles, for an administrator to approve', async () => {
    for (const attempt of [1, 2]) {
      const { location, stateCookie } = await setOut(server.app, '/', 'open');
      const callback = await signInAtProvider(location, 'nora.nobody', PUBLIC_URL);
      const res = await back(server.app, callback, stateCookie);
      expect(res.statusCode, `attempt ${attempt}`).toBe(403);
      expect(code(res)).toBe('BATON_SSO_ACCOUNT_INACTIVE');
      expect(sessionCookie(res)).toBeUndefined();
    }
    const created = await server.database.db
      .selectFrom('users')
      .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.active', 'users.email', 'user_roles.role'])
      .where('users.email', '=', 'nora.nobody@elsewhere.example')
      .execute();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ active: 0, role: null });
    const creations = await server.database.db
      .selectFrom('audit_events')
      .select('object_id')
      .where('action', '=', 'user.create')
      .execute();
    expect(creations.map((c) => c.object_id)).toEqual([created[0]?.id]);
  });

  it('takes no passwords: no form on the page, and the page and API refuse them', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/sign-in' });
    expect(page.body).toContain('Sign in with Test Council');
    expect(page.body).not.toContain('name="password"');
    const api = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'social-worker', password: TEST_PASSWORD },
    });
    expect(api.statusCode).toBe(403);
    expect(api.json<{ error: { code: string } }>().error.code).toBe('BATON_PASSWORD_SIGN_IN_OFF');
  });
});
