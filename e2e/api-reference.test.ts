/**
 * Issue 14 item 10: the API documentation every page's footer links to passes axe (WCAG 2.2 AA)
 * with 0 violations, with JavaScript on and off, and fits a 320 px screen. It is built from the
 * same OpenAPI document as /api/openapi.json.
 */
import { describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  heading,
  newPage,
  open,
  skipBrowserTests,
  startBatonAndChromium,
} from './browser.js';

describe.skipIf(skipBrowserTests)('the API reference in Chromium', () => {
  const baton = startBatonAndChromium();

  it.each([true, false])(
    'is linked from the footer and passes axe (JavaScript %s)',
    async (javaScript) => {
      const page = await newPage({ javaScript });
      expect(await open(page, baton.url, '/sign-in')).toBe(200);
      await page.locator('footer').getByRole('link', { name: 'API documentation' }).click();
      await page.waitForURL(/\/api\/reference$/);
      expect(await heading(page)).toBe('API reference');
      // The contact is described with its fields, from the one contact schema.
      const contact = page
        .locator('section', { has: page.locator('h3', { hasText: '/api/contacts' }) })
        .first();
      expect(await contact.innerText()).toContain('concerns');
      await expectNoAxeViolations(page, `API reference (JavaScript ${String(javaScript)})`);
      await page.context().close();
    },
  );

  it('fits a 320 px screen without scrolling sideways', async () => {
    const page = await newPage({ javaScript: false, width: 320 });
    expect(await open(page, baton.url, '/api/reference')).toBe(200);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
