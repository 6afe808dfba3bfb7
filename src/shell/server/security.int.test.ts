import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR } from '../policy/pack-files.js';
import { readConfig } from './config.js';
import { startServer, startupFailureMessage } from './start.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

/**
 * The hash GOV.UK Frontend publishes for its template's inline script ("Content Security Policy"
 * in its documentation), written out here so that a change to the script cannot pass unnoticed.
 */
const GOVUK_SCRIPT_SHA256 = 'GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw=';

/** Fetch the sign-in form and return its CSRF token and the cookies to send back. */
async function signInForm(s: TestServer): Promise<{ token: string; cookie: string }> {
  const res = await s.app.inject({ method: 'GET', url: '/sign-in' });
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { token, cookie };
}

describe('page security', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses a form post without a valid CSRF token, with a coded page', async () => {
    const { cookie } = await signInForm(s);
    const res = await s.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: `username=practitioner&password=${TEST_PASSWORD}&_csrf=forged`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('BATON_CSRF');
    expect(res.cookies.find((c) => c.name === 'baton_session')).toBeUndefined();
  });

  it('issues a new session token at every sign-in (no session fixation)', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { token, cookie } = await signInForm(s);
      const res = await s.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: `username=practitioner&password=${TEST_PASSWORD}&_csrf=${encodeURIComponent(token)}`,
        headers: {
          cookie: `${cookie}; baton_session=attacker-chosen`,
          'content-type': 'application/x-www-form-urlencoded',
        },
      });
      expect(res.statusCode).toBe(303);
      const session = res.cookies.find((c) => c.name === 'baton_session');
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe('Lax');
      tokens.push(session?.value ?? '');
    }
    expect(tokens[0]).not.toBe('attacker-chosen');
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('sends security headers and a content security policy without unsafe-inline scripts', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    // Same-origin files, plus GOV.UK Frontend's one inline script by the hash of its text. No
    // 'unsafe-inline', nonce or wildcard: any other inline script, injected or not, is refused.
    expect(scriptSrc.split(' ')).toEqual(["'self'", `'sha256-${GOVUK_SCRIPT_SHA256}'`]);
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('nonce-');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The page's inline script is exactly the text the hash covers, and carries no nonce.
    const inline = [...res.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([^<]*)<\/script>/g)];
    expect(inline.map((m) => m[1])).toEqual(['']);
    expect(
      createHash('sha256')
        .update(inline[0]?.[2] ?? '')
        .digest('base64'),
    ).toBe(GOVUK_SCRIPT_SHA256);
    // Fixed strings: the next response, even to another page, carries the same headers.
    const again = await s.app.inject({ method: 'GET', url: '/health' });
    expect(again.headers['content-security-policy']).toBe(csp);
  });

  it('redirects pages to sign-in, and never redirects off-site after it', async () => {
    const page = await s.app.inject({ method: 'GET', url: '/checks' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?returnTo=%2Fchecks');
    const { token, cookie } = await signInForm(s);
    const res = await s.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: `username=practitioner&password=${TEST_PASSWORD}&returnTo=${encodeURIComponent('//evil.example')}&_csrf=${encodeURIComponent(token)}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.headers.location).toBe('/');
  });

  it('escapes what a person typed when it is shown back (no reflected XSS)', async () => {
    const { token, cookie } = await signInForm(s);
    const res = await s.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: `username=${encodeURIComponent('<script>alert(1)</script>')}&password=x&_csrf=${encodeURIComponent(token)}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('start-up', () => {
  it('refuses to start with an invalid pack, naming the file, the path and the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-packs-'));
    copyFileSync(join(DEFAULT_POLICY_DIR, 'national.yaml'), join(dir, 'national.yaml'));
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\nauthority: Broken\nversion: 1.0.0\neffectiveFrom: "2024-01-01"\nextends: national\nsources: []\n',
    );
    const config = readConfig({
      BATON_POLICY_DIR: dir,
      BATON_SQLITE_PATH: join(dir, 'x.sqlite'),
      PORT: '0',
    });
    const error = await startServer(config, () => undefined).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(startupFailureMessage(error)).toMatch(/^broken\.yaml: sources: /);
  });
});
