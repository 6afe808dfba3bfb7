/**
 * Browser-test helpers: Debian's Chromium driven by playwright-core, axe-core injected by hand
 * (@axe-core/playwright needs Node 22), sign-in through the real form.
 *
 * No browser is ever downloaded. Without Chromium the suites skip with a message, unless
 * BATON_REQUIRE_BROWSER=1 (CI), when they fail instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { expect } from 'vitest';
import { TEST_PASSWORD } from '../src/shell/testing/test-server.js';

/** Where Chromium is: `/usr/bin/chromium`, or the path in BATON_CHROMIUM. */
export const CHROMIUM_PATH = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

const chromiumFound = existsSync(CHROMIUM_PATH);
const browserRequired = process.env.BATON_REQUIRE_BROWSER === '1';

/** True when browser suites should skip: no Chromium, and nobody insisted on one. */
export const skipBrowserTests = !chromiumFound && !browserRequired;

if (skipBrowserTests) {
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM_PATH}. ` +
      'Install Debian chromium, set BATON_CHROMIUM to a Chromium binary, or set ' +
      'BATON_REQUIRE_BROWSER=1 to make this a failure.',
  );
}

// Keep Chromium quiet and offline: the tests only talk to 127.0.0.1.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let launched: Browser | undefined;
const javaScriptDisabled = new WeakSet<BrowserContext>();

/** Launch Chromium (one per test file); fails with the path when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumFound) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}, and BATON_REQUIRE_BROWSER=1 says browser tests must run. ` +
        'Install Debian chromium or set BATON_CHROMIUM.',
    );
  }
  launched = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return launched;
}

/** Close the browser from `launchBrowser`, if any. */
export async function closeBrowser(): Promise<void> {
  await launched?.close();
  launched = undefined;
}

/**
 * A page in a fresh context (its own cookies) with JavaScript on or off. CSP is bypassed only so
 * that axe-core can be injected, unless `enforceCSP` (then axe cannot run there); the app's own
 * scripts run either way (e2e/csp.test.ts).
 */
export async function newPage(options: {
  javaScript: boolean;
  browser?: Browser;
  width?: number;
  enforceCSP?: boolean;
}): Promise<Page> {
  const browser = options.browser ?? launched;
  if (browser === undefined) throw new Error('Call launchBrowser() before newPage()');
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript,
    bypassCSP: options.enforceCSP !== true,
    viewport: { width: options.width ?? 1024, height: 800 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  if (!options.javaScript) javaScriptDisabled.add(context);
  return context.newPage();
}

/** Sign in through the sign-in form as a demo user and wait for the page it lands on. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/sign-in'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** A fresh page (its own cookies) signed in as a demo user. */
export async function signedInPage(
  options: { javaScript: boolean; browser?: Browser; width?: number; enforceCSP?: boolean },
  baseUrl: string,
  username: string,
): Promise<Page> {
  const page = await newPage(options);
  await signIn(page, baseUrl, username);
  return page;
}

/** Fill a GOV.UK date input (`id-day`, `id-month`, `id-year`) with a date given as `YYYY-MM-DD`. */
export async function fillDateInput(page: Page, id: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-').map((p) => String(Number(p)));
  await page.locator(`#${id}-day`).fill(day ?? '');
  await page.locator(`#${id}-month`).fill(month ?? '');
  await page.locator(`#${id}-year`).fill(year ?? '');
}

/** Go to a path and return the HTTP status of the page. */
export async function open(page: Page, baseUrl: string, path: string): Promise<number> {
  const response = await page.goto(`${baseUrl}${path}`);
  if (response === null) throw new Error(`no response for ${path}`);
  return response.status();
}

/**
 * Click a form's submit button and wait for the page it leads to. Returns the response to the
 * request itself (a 303 when a POST redirects), so a test can check the status the form answered
 * with. `method` is the form's method: POST unless said otherwise.
 */
export async function submit(page: Page, button: Locator, method = 'POST'): Promise<Response> {
  const sent = page.waitForResponse(
    (r) => r.request().method() === method && r.request().isNavigationRequest(),
  );
  const committed = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  const [response] = await Promise.all([sent, committed, button.click()]);
  await page.waitForLoadState('load');
  return response;
}

/** The GOV.UK error summary's links, as `href text`. */
export async function errorSummaryLinks(page: Page): Promise<string[]> {
  const links = page.locator('.govuk-error-summary a');
  await links.first().waitFor();
  return links.evaluateAll((as) =>
    as.map((a) => `${a.getAttribute('href') ?? ''} ${a.textContent.trim()}`),
  );
}

/** The GOV.UK error summary's links' targets (`#field`) only. */
export async function errorSummaryHrefs(page: Page): Promise<string[]> {
  const links = page.locator('.govuk-error-summary a');
  await links.first().waitFor();
  return links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

/** The page's h1, trimmed. */
export async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).trim();
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** The WCAG levels Baton promises: 2.2 AA (axe tags each rule with the version it came in). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Run axe-core on the page as it is now and fail listing every violation. The source is
 * evaluated through the DevTools protocol, which works even when the page's JavaScript is off.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // With JavaScript off, Chromium calls back no timers (nor queueMicrotask), though promises still
  // settle; axe yields with setTimeout(…, 0). Run those as promise reactions; its longer timers
  // are only give-up timeouts, which can wait forever here. The page's own scripts never ran.
  if (javaScriptDisabled.has(page.context())) {
    await page.evaluate(() => {
      const w = window as unknown as { setTimeout: (fn: () => void, ms?: number) => number };
      let next = 1;
      w.setTimeout = (fn, ms) => {
        if ((ms ?? 0) <= 1) void Promise.resolve().then(fn);
        return next++;
      };
    });
  }
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const results = (await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    })) as { violations: AxeViolation[] };
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  }, AXE_TAGS);
  const report = violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n` +
      v.nodes.map((n) => `    at ${n.target.map(String).join(' in ')}`).join('\n'),
  );
  if (report.length > 0) {
    expect.fail(
      `${String(report.length)} axe-core violation(s) on ${label} (${page.url()}):\n` +
        report.join('\n'),
    );
  }
}
