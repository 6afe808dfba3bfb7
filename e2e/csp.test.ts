/**
 * The content security policy in a real browser, enforced (other suites bypass it for axe-core):
 * GOV.UK Frontend's inline script runs because its hash is allowed, Baton's same-origin scripts
 * run, nothing is reported as a violation, and a script injected into the page is refused.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPage, signIn, skipBrowserTests, startBatonAndChromium } from './browser.js';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Record every CSP violation the page reports (set up before any of the page's own scripts). */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: unknown[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.cspViolations.push({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
      });
    });
  });
}

const violations = (page: Page): Promise<Violation[]> =>
  page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations);

describe.skipIf(skipBrowserTests)('content security policy in Chromium', () => {
  let page: Page;
  const consoleErrors: string[] = [];

  const baton = startBatonAndChromium();
  beforeAll(async () => {
    page = await newPage({ javaScript: true, enforceCSP: true });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await recordViolations(page);
  });

  it("runs GOV.UK Frontend's inline script, allowed by its hash, with no violation", async () => {
    const res = await page.goto(`${baton.url}/sign-in`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    const classes = await page.evaluate(() => document.body.className.split(' '));
    expect(classes).toContain('js-enabled');
    expect(classes).toContain('govuk-frontend-supported');
    expect(await violations(page)).toEqual([]);
  });

  it("runs Baton's own scripts on a signed-in page, with no violation", async () => {
    await signIn(page, baton.url, 'practitioner');
    await page.goto(`${baton.url}/check/stockport`);
    // baton.js (a same-origin module) wires the live indicator filter.
    const filter = page.locator('[data-indicator-filter]');
    await filter.fill('zzzz-no-such-indicator');
    await expect
      .poll(() => page.locator('[data-indicator-list] .govuk-checkboxes__item:visible').count())
      .toBe(0);
    expect(await violations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('refuses an injected inline script and an inline event handler', async () => {
    await page.goto(`${baton.url}/sign-in`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true;';
      document.body.append(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.handlerRan = true;');
      img.src = 'data:,not-an-image';
      document.body.append(img);
    });
    await expect.poll(async () => (await violations(page)).length).toBeGreaterThanOrEqual(2);
    const ran = await page.evaluate(() => {
      const w = window as unknown as { injectedRan?: boolean; handlerRan?: boolean };
      return { script: w.injectedRan ?? false, handler: w.handlerRan ?? false };
    });
    expect(ran).toEqual({ script: false, handler: false });
    const directives = (await violations(page)).map((v) => `${v.directive} ${v.blocked}`);
    expect(directives).toEqual(['script-src-elem inline', 'script-src-attr inline']);
  });
});
