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
import { afterAll, beforeAll, expect } from 'vitest';
import {
  apiSignIn,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../src/shell/testing/test-server.js';

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

/** Both ways a page is used: the suites run each story with JavaScript on and off. */
export const JAVASCRIPT_MODES = [
  { mode: 'JavaScript on', javaScript: true },
  { mode: 'JavaScript off', javaScript: false },
] as const;

/** Baton listening on a free port, for a suite in Chromium. */
export interface BrowserSuite {
  /** The running server (its app and database, for setting up what the pages start from). */
  readonly server: TestServer;
  /** Where it listens, as `http://127.0.0.1:<port>`. */
  readonly url: string;
}

/**
 * Launch Chromium and start Baton (listening) before the suite's tests, and stop both after.
 * Call it in the suite's `describe`; read `server` and `url` only inside hooks and tests.
 */
export function startBatonAndChromium(
  options: Omit<NonNullable<Parameters<typeof startTestServer>[0]>, 'listen'> = {},
): BrowserSuite {
  let server: TestServer | undefined;
  beforeAll(async () => {
    await launchBrowser();
    server = await startTestServer({ ...options, listen: true });
  });
  afterAll(async () => {
    await closeBrowser();
    await server?.close();
  });
  const started = (): TestServer => {
    if (server === undefined) throw new Error('Baton has not started: read it inside a test');
    return server;
  };
  return {
    get server() {
      return started();
    },
    get url() {
      return started().url;
    },
  };
}

/**
 * Call the JSON API as a demo user (setting up what the browser steps start from), expect it to
 * be taken, and return the body.
 */
export async function api(server: TestServer, user: string, url: string, payload?: object) {
  const res = await server.app.inject({
    method: payload ? 'POST' : 'GET',
    url,
    ...(payload ? { payload } : {}),
    headers: { cookie: await apiSignIn(server.app, user) },
  });
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return res.json<Record<string, unknown>>();
}

/**
 * Demo users' pages in one browser mode, each signed in once (signing in is not a step), and the
 * moves a person makes: open an address, follow a link, send a form. Every page a move arrives at
 * is handed to `arrived` (the journey's ledger counts it and checks it with axe-core).
 */
export class SignedInUsers {
  private readonly pages = new Map<string, Page>();

  constructor(
    private readonly baton: BrowserSuite,
    private readonly options: {
      javaScript: boolean;
      arrived: (page: Page, user: string) => Promise<void>;
      /** How long a step may wait for the page, in milliseconds (playwright's default if unset). */
      timeout?: number;
    },
  ) {}

  /** The user's page, signed in on first use. */
  readonly as = async (user: string): Promise<Page> => {
    const existing = this.pages.get(user);
    if (existing) return existing;
    const page = await signedInPage({ javaScript: this.options.javaScript }, this.baton.url, user);
    if (this.options.timeout !== undefined) page.setDefaultTimeout(this.options.timeout);
    this.pages.set(user, page);
    return page;
  };

  /** Open a page by a link the user can see; fail listing the links there are when it is not. */
  readonly follow = async (user: string, page: Page, link: Locator): Promise<void> => {
    if ((await link.count()) === 0) {
      const links = await page
        .locator('main a, main button')
        .evaluateAll((as) => as.map((a) => a.textContent.trim().replace(/\s+/g, ' ')));
      expect.fail(
        `${user} has no such link on ${new URL(page.url()).pathname}: ${String(link)}; links: ${links.join(' | ')}`,
      );
    }
    await Promise.all([page.waitForEvent('load'), link.click()]);
    await this.options.arrived(page, user);
  };

  /** Open a page by its address, as from a bookmark or a menu, and expect it to be shown (200). */
  readonly go = async (user: string, path: string): Promise<Page> => {
    const page = await this.as(user);
    const response = await page.goto(`${this.baton.url}${path}`);
    expect(response?.status(), path).toBe(200);
    await this.options.arrived(page, user);
    return page;
  };

  /** Send a form by its button and expect it to be taken (303). */
  readonly send = async (user: string, page: Page, name: string | RegExp): Promise<void> => {
    if ((await button(page, name).count()) === 0) {
      const shown = await page
        .locator('main')
        .innerText()
        .catch(() => '');
      expect.fail(
        `${user} has no ${String(name)} button on ${new URL(page.url()).pathname}: ${shown.slice(0, 600)}`,
      );
    }
    const response = await submit(page, button(page, name));
    if (response.status() !== 303) {
      const errors = await page
        .locator('.govuk-error-summary')
        .innerText()
        .catch(() => '');
      expect.fail(`${String(name)} answered ${String(response.status())}: ${errors}`);
    }
    await this.options.arrived(page, user);
  };

  /** Close every user's page (its context and cookies). */
  async close(): Promise<void> {
    for (const page of this.pages.values()) await page.context().close();
  }
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

/** A button by its name: exactly that name when a string, or matching a pattern. */
export const button = (page: Page, name: string | RegExp): Locator =>
  page.getByRole('button', { name, exact: typeof name === 'string' });

/** Expect the page to say `text` somewhere in its main content. */
export async function expectMainToContain(page: Page, text: string | RegExp): Promise<void> {
  const main = await page.locator('main').innerText();
  if (typeof text === 'string') expect(main).toContain(text);
  else expect(main).toMatch(text);
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
