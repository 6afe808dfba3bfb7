/**
 * The levels-of-need check in a real browser, once with JavaScript on and once with it off:
 * every page must work both ways, and pass axe-core at WCAG 2.2 AA.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorSummaryLinks,
  expectNoAxeViolations,
  heading,
  JAVASCRIPT_MODES,
  newPage,
  open,
  signedInPage,
  signIn,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

// Indicators from policy-packs/worcestershire.yaml and stockport.yaml.
const WOR_L2_POOR_HOUSING = 'wor-l2-housing-poor-housing';
const WOR_L2_LOW_INCOME = 'wor-l2-housing-low-income-unemployment';
const WOR_L3_TRUANTING = 'wor-l3-edu-persistent-truanting';
const WOR_L1_MILESTONES = 'wor-l1-health-milestones';
const STK_L4_SERIOUS_HARM = 'stk-urgent-serious-harm';

const indicator = (page: Page, id: string): Locator =>
  page.locator(`input[name="indicators"][value="${id}"]`);

/** The service navigation items marked as where the user is (aria-current). */
async function currentNavItems(page: Page): Promise<string[]> {
  return page.locator('.govuk-service-navigation [aria-current]').allInnerTexts();
}

/** The visible domain heading (h3) nearest above an indicator's checkbox. */
async function domainHeadingAbove(page: Page, id: string): Promise<string> {
  return indicator(page, id).evaluate((input) => {
    const headings = Array.from(document.querySelectorAll('h3')).filter(
      (h) =>
        h.checkVisibility() &&
        (h.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
    );
    return headings.at(-1)?.textContent.trim() ?? '';
  });
}

/** Fill in the check form for one pack and submit it; returns the new check's id. */
async function makeCheck(
  page: Page,
  baseUrl: string,
  packId: string,
  answers: { immediateDanger: 'yes' | 'no'; indicators: string[] },
): Promise<string> {
  await open(page, baseUrl, `/check/${packId}`);
  await page.locator(`input[name="immediateDanger"][value="${answers.immediateDanger}"]`).check();
  for (const id of answers.indicators) await indicator(page, id).check();
  const response = await submit(page, page.getByRole('button', { name: 'Check level of need' }));
  expect(response.status()).toBe(303);
  const match = /\/checks\/([^/?]+)$/.exec(new URL(page.url()).pathname);
  if (match?.[1] === undefined) throw new Error(`not on a result page: ${page.url()}`);
  return match[1];
}

describe.skipIf(skipBrowserTests)('levels-of-need check in Chromium', () => {
  // Each mode signs in several times: keep the per-user sign-in limit out of the way.

  const baton = startBatonAndChromium({ env: { BATON_SIGN_IN_LIMIT: '1000' } });

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ mode, javaScript }) => {
    let page: Page;
    const checkIds: string[] = [];
    let level3CheckId = '';

    beforeAll(async () => {
      page = await newPage({ javaScript });
    });

    afterAll(async () => {
      await page.context().close();
    });

    it('signs in: a wrong password shows the error summary, the right one lands on home', async () => {
      expect(await open(page, baton.url, '/sign-in')).toBe(200);
      await expectNoAxeViolations(page, `sign-in (${mode})`);

      await page.getByLabel('Username').fill('practitioner');
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      const refused = await submit(page, page.getByRole('button', { name: 'Sign in' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryLinks(page)).toEqual([
        '#username The username or password is not right',
      ]);
      expect(await page.title()).toMatch(/^Error: /);
      await expectNoAxeViolations(page, `sign-in with errors (${mode})`);

      await signIn(page, baton.url, 'practitioner');
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await heading(page)).toBe('Baton');
      expect(await page.locator('.baton-signed-in').innerText()).toContain('Signed in as');
      await expectNoAxeViolations(page, `home (${mode})`);
    });

    it('asks which area when several packs are loaded, then opens Worcestershire', async () => {
      expect(await open(page, baton.url, '/check')).toBe(200);
      const areas = await page
        .locator('input[name="pack"]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      expect(areas).toEqual(
        expect.arrayContaining(['worcestershire', 'stockport', 'walsall', 'peterborough']),
      );
      await expectNoAxeViolations(page, `choose area (${mode})`);

      await page.locator('input[name="pack"][value="worcestershire"]').check();
      await Promise.all([
        page.waitForURL(/\/check\/worcestershire$/),
        page.getByRole('button', { name: 'Continue' }).click(),
      ]);
      expect(await heading(page)).toBe("Check a child's level of need");
      expect(await page.locator('.govuk-caption-l').innerText()).toContain('Worcestershire');
      expect(await currentNavItems(page)).toEqual(['Check level of need']);
      const domains = await page.locator('h3.baton-indicator-domain:visible').allInnerTexts();
      expect(domains).toEqual([...new Set(domains)]);
      expect(domains).toEqual(
        expect.arrayContaining([
          "Child's developmental needs",
          'Family & environmental factors',
          'Parenting capacity',
        ]),
      );
      await expectNoAxeViolations(page, `check form (${mode})`);
    });

    it('refuses a form with "immediate danger" unanswered: 400, error summary linking to the field', async () => {
      await open(page, baton.url, '/check/worcestershire');
      const response = await submit(
        page,
        page.getByRole('button', { name: 'Check level of need' }),
      );
      expect(response.status()).toBe(400);
      expect(await errorSummaryLinks(page)).toEqual([
        '#immediateDanger Select yes if the child is in immediate danger now',
      ]);
      // The link's target exists: the first radio of the question.
      expect(await page.locator('#immediateDanger').getAttribute('value')).toBe('yes');
      expect(await page.locator('.govuk-error-message').first().innerText()).toContain(
        'Select yes if the child is in immediate danger now',
      );
      await expectNoAxeViolations(page, `check form with errors (${mode})`);
    });

    it('suggests level 3 for a level 2 and a level 3 indicator, with reasons, next steps and consent', async () => {
      level3CheckId = await makeCheck(page, baton.url, 'worcestershire', {
        immediateDanger: 'no',
        indicators: [WOR_L2_POOR_HOUSING, WOR_L3_TRUANTING],
      });
      checkIds.push(level3CheckId);
      expect(await heading(page)).toMatch(/^Suggested level 3/);

      const reasons = page.locator('h2:text-is("Why this level") + ul > li');
      expect(await reasons.count()).toBe(2);
      const reasonTexts = await reasons.allInnerTexts();
      expect(reasonTexts.join('\n')).toContain('Poor housing / home conditions');
      expect(reasonTexts.join('\n')).toContain('Persistent truanting');
      for (const text of reasonTexts) expect(text).toMatch(/Source: .*Appendix 1/);

      const steps = page.locator('h2:text-is("What to do next") + ol > li');
      expect(await steps.count()).toBeGreaterThan(0);
      expect(await steps.first().innerText()).toContain('Source:');
      expect(await page.locator('h2:text-is("Consent")').count()).toBe(1);
      expect(await page.locator('h2:text-is("Consent") + ul > li').count()).toBeGreaterThan(0);
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      // A result belongs under "My checks" only, not also under "Check level of need".
      expect(await currentNavItems(page)).toEqual(['My checks']);
      await expectNoAxeViolations(page, `result (${mode})`);
    });

    it('puts 999 before anything else when the child is in immediate danger', async () => {
      checkIds.push(
        await makeCheck(page, baton.url, 'worcestershire', {
          immediateDanger: 'yes',
          indicators: [WOR_L3_TRUANTING],
        }),
      );
      const main = page.locator('main');
      const firstBlock = main.locator('> *').first();
      expect(await firstBlock.getAttribute('role')).toBe('alert');
      expect(await firstBlock.innerText()).toMatch(/^Act now[\s\S]*999/);
      const firstStep = page.locator('h2:text-is("What to do next") + ol > li').first();
      expect(await firstStep.innerText()).toContain('999');
      await expectNoAxeViolations(page, `result in immediate danger (${mode})`);
    });

    it(
      javaScript
        ? 'filters indicators live as you type, without submitting'
        : 'filters indicators on the baton.server and still submits a ticked one the filter hides',
      async () => {
        await open(page, baton.url, '/check/worcestershire');
        const total = await page.locator('input[name="indicators"]').count();
        await page.locator('input[name="immediateDanger"][value="no"]').check();
        await indicator(page, WOR_L3_TRUANTING).check();
        await page.evaluate(() => {
          (window as unknown as { batonSamePage: boolean }).batonSamePage = true;
        });
        await page.locator('#filter').fill('housing');

        if (javaScript) {
          await indicator(page, WOR_L1_MILESTONES).waitFor({ state: 'hidden' });
          expect(await page.evaluate(() => 'batonSamePage' in window)).toBe(true);
          expect(await page.locator('[data-filter-status]').innerText()).toMatch(
            /^\d+ indicators shown$/,
          );
        } else {
          const filtered = await submit(
            page,
            page.getByRole('button', { name: 'Filter indicators' }),
          );
          expect(filtered.status()).toBe(200);
          expect(await page.locator('#filter').inputValue()).toBe('housing');
          // The answer given before filtering survives the round trip.
          expect(await page.locator('input[name="immediateDanger"][value="no"]').isChecked()).toBe(
            true,
          );
        }

        const visible = page.locator('input[name="indicators"]:visible');
        const shown = await visible.evaluateAll((inputs) =>
          inputs.map((i) => (i as HTMLInputElement).value),
        );
        expect(shown.length).toBeLessThan(total);
        expect(shown).not.toContain(WOR_L1_MILESTONES);
        expect(shown).toContain(WOR_L2_POOR_HOUSING);
        // Same matches with and without JavaScript: the sub-domain "Housing, Employment &
        // Finance" matches as well as the indicator's own words.
        expect(shown).toContain(WOR_L2_LOW_INCOME);
        // A ticked indicator always stays, whatever the filter.
        expect(shown).toContain(WOR_L3_TRUANTING);
        expect(await indicator(page, WOR_L3_TRUANTING).isChecked()).toBe(true);
        // Each indicator still sits under its own domain's heading once others are hidden.
        expect(await domainHeadingAbove(page, WOR_L2_POOR_HOUSING)).toBe(
          'Family & environmental factors',
        );
        expect(await domainHeadingAbove(page, WOR_L3_TRUANTING)).toBe(
          "Child's developmental needs",
        );

        await indicator(page, WOR_L2_POOR_HOUSING).check();
        const response = await submit(
          page,
          page.getByRole('button', { name: 'Check level of need' }),
        );
        expect(response.status()).toBe(303);
        checkIds.push(new URL(page.url()).pathname.split('/').pop() ?? '');
        const reasons = await page
          .locator('h2:text-is("Why this level") + ul > li')
          .allInnerTexts();
        expect(reasons.join('\n')).toContain('Persistent truanting');
        expect(reasons.join('\n')).toContain('Poor housing / home conditions');
      },
    );

    it('asks for a reason when the judgement differs, then records it', async () => {
      await open(page, baton.url, `/checks/${level3CheckId}`);
      await page.locator('input[name="level"][value="2"]').check();
      const refused = await submit(page, page.getByRole('button', { name: 'Save my judgement' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryLinks(page)).toEqual([
        '#reason Give a reason for differing from the suggested level',
      ]);
      expect(await page.locator('#reason').count()).toBe(1);
      // The chosen level is kept for the second attempt.
      expect(await page.locator('input[name="level"][value="2"]').isChecked()).toBe(true);
      await expectNoAxeViolations(page, `result with judgement errors (${mode})`);

      await page.locator('#reason').fill('The school has a plan in place for attendance.');
      const saved = await submit(page, page.getByRole('button', { name: 'Save my judgement' }));
      expect(saved.status()).toBe(303);
      expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain(
        'Your judgement has been recorded',
      );
      // The judgement's own summary (the page ends with the contact's start, "From: You, …").
      expect(
        await page.locator('.govuk-summary-list', { hasText: 'Your reason' }).innerText(),
      ).toContain('The school has a plan in place for attendance.');
      await expectNoAxeViolations(page, `result with judgement recorded (${mode})`);
    });

    it("shows Stockport's named state with the level", async () => {
      checkIds.push(
        await makeCheck(page, baton.url, 'stockport', {
          immediateDanger: 'no',
          indicators: [STK_L4_SERIOUS_HARM],
        }),
      );
      const h1 = await heading(page);
      expect(h1).toMatch(/^Suggested level 4/);
      expect(h1.toLowerCase()).toContain('urgent support');
      await expectNoAxeViolations(page, `Stockport result (${mode})`);
    });

    it('hides the navigation and the judgement form when printed', async () => {
      await open(page, baton.url, `/checks/${level3CheckId}`);
      await page.emulateMedia({ media: 'print' });
      try {
        const display = (selector: string) =>
          page.locator(selector).evaluate((el) => getComputedStyle(el).display);
        expect(await display('.govuk-service-navigation')).toBe('none');
        expect(await display(`form[action="/checks/${level3CheckId}/judgement"]`)).toBe('none');
        expect(await display('h1')).not.toBe('none');
        expect(await display('h2:text-is("What to do next") + ol')).not.toBe('none');
      } finally {
        await page.emulateMedia({ media: null });
      }
    });

    it('lists my checks, and refuses the audit trail to a practitioner with a 403 page', async () => {
      expect(await open(page, baton.url, '/checks')).toBe(200);
      expect(await heading(page)).toBe('My level of need checks');
      expect(await currentNavItems(page)).toEqual(['My checks']);
      for (const id of checkIds) {
        expect(await page.locator(`a[href="/checks/${id}"]`).count(), id).toBe(1);
      }
      await expectNoAxeViolations(page, `my checks (${mode})`);

      expect(await open(page, baton.url, '/audit')).toBe(403);
      expect(await heading(page)).toBe('You do not have access');
      await expectNoAxeViolations(page, `403 (${mode})`);
    });

    it('shows the auditor the audit trail, with sign-ins and checks', async () => {
      const auditorPage = await signedInPage({ javaScript }, baton.url, 'auditor');
      try {
        expect(await open(auditorPage, baton.url, '/audit')).toBe(200);
        expect(await heading(auditorPage)).toBe('Audit trail');
        const actions = await auditorPage.locator('tbody tr td:nth-child(2)').allInnerTexts();
        expect(actions).toContain('session.sign-in');
        expect(actions).toContain('threshold-check.create');
        await expectNoAxeViolations(auditorPage, `audit trail (${mode})`);
      } finally {
        await auditorPage.context().close();
      }
    });

    it('answers an unknown address with a 404 page, and shows the accessibility statement', async () => {
      expect(await open(page, baton.url, '/no-such-page')).toBe(404);
      expect(await heading(page)).toBe('Page not found');
      await expectNoAxeViolations(page, `404 (${mode})`);

      expect(await open(page, baton.url, '/accessibility')).toBe(200);
      expect(await heading(page)).toBe('Accessibility statement');
      await expectNoAxeViolations(page, `accessibility statement (${mode})`);
    });
  });
});
