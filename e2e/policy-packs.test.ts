/**
 * The policy pack pages in a real browser, with JavaScript on and off: they pass axe-core at
 * WCAG 2.2 AA, and the contents links reach each workflow and step.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  heading,
  newPage,
  open,
  skipBrowserTests,
  startBatonAndChromium,
} from './browser.js';

describe.skipIf(skipBrowserTests)('policy pack pages in Chromium', () => {
  const baton = startBatonAndChromium();

  for (const javaScript of [true, false]) {
    describe(`JavaScript ${javaScript ? 'on' : 'off'}`, () => {
      let page: Page;
      beforeAll(async () => {
        page = await newPage({ javaScript });
      });

      it('lists the packs and passes axe', async () => {
        expect(await open(page, baton.url, '/policy-packs')).toBe(200);
        expect(await heading(page)).toBe('Local guidance (policy packs)');
        await expectNoAxeViolations(page, 'policy pack list');
      });

      it("shows a pack's workflows, reachable from the contents, and passes axe", async () => {
        await page.getByRole('link', { name: 'Worcestershire' }).first().click();
        await page.waitForURL(/\/policy-packs\/worcestershire$/);
        await page.getByRole('link', { name: 'Early help episode', exact: true }).click();
        await expect
          .poll(() => page.evaluate(() => location.hash))
          .toBe('#workflow-early-help-episode');
        const card = page.locator('#step-early-help-episode--new-concerns-taf');
        expect(await card.locator('dt').allInnerTexts()).toEqual(
          expect.arrayContaining(['Authorised by', 'Must record', 'Starts the deadline']),
        );
        await expectNoAxeViolations(page, 'policy pack page');
      });
    });
  }
});
