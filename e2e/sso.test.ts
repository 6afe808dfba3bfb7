/**
 * Issue 15 §2 in Chromium: a practitioner signs in to Baton through a real OpenID provider's
 * login and consent pages (`oidc-provider` on a loopback port), lands signed in, signs out of
 * Baton, and takes up the offer to sign out of the provider too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  providerSetting,
  startTestOidcProvider,
  type TestOidcProvider,
} from '../src/shell/testing/oidc-test-provider.js';
import { freePort, startTestServer, type TestServer } from '../src/shell/testing/test-server.js';
import {
  closeBrowser,
  expectNoAxeViolations,
  heading,
  launchBrowser,
  newPage,
  skipBrowserTests,
} from './browser.js';

describe.skipIf(skipBrowserTests)('single sign-on in Chromium', () => {
  let provider: TestOidcProvider;
  let server: TestServer;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await startTestOidcProvider({
      redirectUris: [`${baseUrl}/sign-in/sso/test/callback`],
      postLogoutRedirectUris: [`${baseUrl}/signed-out`],
    });
    server = await startTestServer({
      listen: true,
      port,
      env: { BATON_PUBLIC_URL: baseUrl, BATON_OIDC_PROVIDERS: providerSetting(provider) },
    });
    await server.database.db
      .updateTable('users')
      .set({ email: 'sam.social@council.example' })
      .where('username', '=', 'social-worker')
      .execute();
    await launchBrowser();
    page = await newPage({ javaScript: false });
  });
  afterAll(async () => {
    await closeBrowser();
    await server.close();
    await provider.close();
  });

  it("signs in through the provider's login and consent pages and out again", async () => {
    await page.goto(`${baseUrl}/my-work`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectNoAxeViolations(page, 'sign-in with a provider');
    await page.getByRole('button', { name: 'Sign in with Test Council' }).click();

    // The provider's own pages, on its own origin.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill('sam.social');
    await page.locator('input[name="password"]').fill('whatever-the-provider-checks');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Back in Baton, signed in as the user whose email the provider verified, where they began.
    await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/my-work');
    expect(await page.locator('body').innerText()).toContain('Sign out');
    const cookies = await page.context().cookies(baseUrl);
    expect(cookies.some((c) => c.name === 'baton_session' && c.httpOnly)).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-out');
    expect(await heading(page)).toContain('You have signed out of Baton');
    await expectNoAxeViolations(page, 'signed out, provider offered');
    expect((await page.context().cookies(baseUrl)).some((c) => c.name === 'baton_session')).toBe(
      false,
    );

    // The offer: the provider's end-session, which asks, then returns to Baton.
    await page.getByRole('button', { name: 'Sign out of Test Council' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('button', { name: /yes/i }).click();
    await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/signed-out');
    expect(await heading(page)).toContain('You have signed out of Baton');

    // Baton's session is gone: its pages ask for sign-in again.
    await page.goto(`${baseUrl}/my-work`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
