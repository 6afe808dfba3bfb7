/**
 * The administration pages in Chromium (issue 15 §1), with JavaScript on and off: an
 * administrator adds an agency and a user through the question pages and check your answers;
 * the user's practice role waits for a second administrator (four eyes), which the pages say;
 * every page passes axe-core at WCAG 2.2 AA. Then the new user chooses email notifications on
 * "Your notification settings".
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  errorSummaryHrefs,
  expectMainToContain,
  expectNoAxeViolations,
  heading,
  open,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

describe.skipIf(skipBrowserTests)('administration pages in Chromium', () => {
  const baton = startBatonAndChromium({ env: { BATON_SIGN_IN_LIMIT: '1000' } });

  for (const javaScript of [true, false]) {
    describe(`JavaScript ${javaScript ? 'on' : 'off'}`, () => {
      const suffix = javaScript ? 'on' : 'off';
      const agencyName = `Brookfield Primary School (synthetic, JS ${suffix})`;
      const displayName = `Ines Example ${suffix}`;
      let page: Page;
      beforeAll(async () => {
        page = await signedInPage({ javaScript }, baton.url, 'admin');
      });

      it('adds an agency through the question page and check your answers', async () => {
        expect(await open(page, baton.url, '/admin')).toBe(200);
        expect(await heading(page)).toBe('Administration');
        await expectNoAxeViolations(page, 'administration');
        await page.getByRole('link', { name: 'Add an agency' }).click();
        await page.waitForURL(/\/admin\/agencies\/new/);
        expect(await heading(page)).toBe('Add an agency');

        // Nothing entered: the error summary links to each field, and the page still passes axe.
        const refused = await submit(page, page.getByRole('button', { name: 'Continue' }));
        expect(refused.status()).toBe(400);
        expect(await errorSummaryHrefs(page)).toEqual(['#name', '#kind']);
        await expectNoAxeViolations(page, 'add an agency, with errors');

        await page.getByLabel('Name').fill(agencyName);
        await page.getByLabel('School').check();
        await page.getByLabel('DfE or ODS code (optional)').fill('999123');
        await submit(page, page.getByRole('button', { name: 'Continue' }));
        expect(await heading(page)).toBe('Check the agency before adding it');
        expect(await page.locator('.govuk-summary-list').innerText()).toContain('999123');
        await expectNoAxeViolations(page, 'check the agency');
        const added = await submit(page, page.getByRole('button', { name: 'Add agency' }));
        expect(added.status()).toBe(303);
        await expectMainToContain(page, agencyName);
      });

      it('adds a user whose practice role waits for a second administrator', async () => {
        await open(page, baton.url, '/admin/users/new');
        expect(await heading(page)).toBe('Add a user');
        await expectNoAxeViolations(page, 'add a user');
        await page.getByLabel('Full name').fill(displayName);
        await page.getByLabel('Username').fill(`ines-${suffix}`);
        await page.getByLabel('Email address').fill(`ines.${suffix}@example.org`);
        await page.getByLabel('Agency', { exact: true }).selectOption({ label: agencyName });
        await page.getByLabel('Practitioner', { exact: true }).check();
        await submit(page, page.getByRole('button', { name: 'Continue' }));
        expect(await heading(page)).toBe('Check the user before adding them');
        // Four eyes: the check page says before anything is added.
        await expectMainToContain(page, 'a second administrator must approve this role');
        await expectNoAxeViolations(page, 'check the user');
        const added = await submit(page, page.getByRole('button', { name: 'Add user' }));
        expect(added.status()).toBe(303);
        expect(await heading(page)).toBe(displayName);
        await expectMainToContain(page, /Waiting for approval[\s\S]*Practitioner/);
        await expectNoAxeViolations(page, 'the new user');

        // The administrator who asked sees that another must approve it, and no Approve button.
        await open(page, baton.url, '/admin');
        const main = await page.locator('main').innerText();
        expect(main).toContain('Another administrator approves this');
        expect(
          await page
            .getByRole('button', { name: `Approve Practitioner for ${displayName}` })
            .count(),
        ).toBe(0);
        await expectNoAxeViolations(page, 'administration with a role waiting');
      });

      it('shows "Your notification settings" and saves a choice of email', async () => {
        await open(page, baton.url, '/admin');
        await page.getByRole('link', { name: 'Your notification settings' }).click();
        await page.waitForURL(/\/account\/notifications$/);
        expect(await heading(page)).toBe('Your notification settings');
        await expectNoAxeViolations(page, 'notification settings');
        await page.getByLabel('In Baton and by email').check();
        // The demo administrator has no account email: an address is needed.
        await page.getByLabel('Email address for notifications').fill('');
        const refused = await submit(page, page.getByRole('button', { name: 'Save settings' }));
        expect(refused.status()).toBe(400);
        expect(await errorSummaryHrefs(page)).toEqual(['#notificationEmail']);
        await expectNoAxeViolations(page, 'notification settings, with errors');
        await page
          .getByLabel('Email address for notifications')
          .fill(`admin.${suffix}@example.org`);
        const saved = await submit(page, page.getByRole('button', { name: 'Save settings' }));
        expect(saved.status()).toBe(303);
        expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
          'Your notification settings have been saved.',
        );
        expect(await page.getByLabel('In Baton and by email').isChecked()).toBe(true);
        await expectNoAxeViolations(page, 'notification settings, saved');
      });
    });
  }
});
