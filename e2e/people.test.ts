/**
 * Finding and adding a child at intake, and merging duplicates, in a real browser with
 * JavaScript on and off; every page passes axe-core at WCAG 2.2 AA (issue 3, "Person matching
 * at intake").
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../src/core/people/index.js';
import { apiSignIn } from '../src/shell/testing/test-server.js';
import {
  errorSummaryLinks,
  expectNoAxeViolations,
  fillDateInput,
  heading,
  JAVASCRIPT_MODES,
  open,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

/** A valid NHS number in the range reserved for testing. */
function testNhsNumber(serial: number): string {
  for (let s = serial; ; s++) {
    const nine = `999${String(s).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== null) return `${nine}${String(check)}`;
  }
}

describe.skipIf(skipBrowserTests)('people at intake in Chromium', () => {
  const dob = '2017-05-09';
  const ids: Record<string, string> = {};

  const baton = startBatonAndChromium({ env: { BATON_SIGN_IN_LIMIT: '1000' } });
  beforeAll(async () => {
    // An existing record: the search should offer it for a misspelt name.
    const app = baton.server.app;
    const cookie = await apiSignIn(app, 'front-door');
    for (const [key, familyName] of [
      ['smith', 'Smith'],
      ['smithe', 'Smithe'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie },
        payload: { kind: 'child', givenName: 'Araminta', familyName, dateOfBirth: dob },
      });
      ids[key] = res.json<{ id: string }>().id;
    }
  });

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ mode, javaScript }) => {
    let page: Page;

    beforeAll(async () => {
      page = await signedInPage({ javaScript }, baton.url, 'front-door');
    });

    afterAll(async () => {
      await page.context().close();
    });

    it('finds Smith for Smyth with score and reasons, then adds a new child after an error', async () => {
      expect(await open(page, baton.url, '/people/find')).toBe(200);
      expect(await heading(page)).toBe('Find or add a child');
      await expectNoAxeViolations(page, `find (${mode})`);

      await page.getByLabel('Given name').fill('Araminta');
      await page.getByLabel('Family name').fill('Smyth');
      await fillDateInput(page, 'dateOfBirth', dob);
      const searched = await submit(page, page.getByRole('button', { name: 'Search' }), 'GET');
      expect(searched.status()).toBe(200);
      const cards = page.locator('.govuk-summary-card');
      expect(await cards.count()).toBeGreaterThanOrEqual(1);
      // Smith and Smithe both sound like Smyth; find Smith's card.
      const first = cards.filter({
        has: page.locator('.govuk-summary-card__title', { hasText: /^\s*Araminta Smith\s*$/ }),
      });
      expect(await first.count()).toBe(1);
      expect(await first.innerText()).toMatch(/out of 100/);
      expect(await first.innerText()).toContain('Family name sounds the same (Smyth / Smith)');
      expect(await first.getByRole('link', { name: /Use this record/ }).getAttribute('href')).toBe(
        `/children/${ids.smith ?? ''}`,
      );
      await expectNoAxeViolations(page, `find results (${mode})`);

      // None of these: the new-child page is filled in with what was searched for.
      await Promise.all([
        page.waitForURL(/\/people\/new\?/),
        page.getByRole('button', { name: 'None of these: add a new child' }).click(),
      ]);
      expect(await page.getByLabel('Family name').inputValue()).toBe('Smyth');
      expect(await page.locator('#dateOfBirth-year').inputValue()).toBe('2017');
      expect(await page.locator('input[name="kind"][value="child"]').isChecked()).toBe(true);
      await expectNoAxeViolations(page, `add a child (${mode})`);

      // A bad NHS check digit and a birth date in the future are both refused.
      const nhs = testNhsNumber(5000 + (javaScript ? 1 : 2));
      const badNhs = `${nhs.slice(0, 9)}${String((Number(nhs[9]) + 1) % 10)}`;
      await page.getByLabel('NHS number (optional)').fill(badNhs);
      await fillDateInput(page, 'dateOfBirth', '2999-01-01');
      await page.locator('input[name="communicationNeeds"][value="interpreter"]').check();
      const refused = await submit(page, page.getByRole('button', { name: 'Add this person' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryLinks(page)).toEqual([
        '#dateOfBirth-day Date of birth must be today or in the past',
        '#nhsNumber NHS number is not valid: check the 10 digits (the last digit is a check digit)',
      ]);
      expect(await page.title()).toMatch(/^Error: /);
      // What was typed is kept.
      expect(await page.getByLabel('NHS number (optional)').inputValue()).toBe(badNhs);
      expect(
        await page.locator('input[name="communicationNeeds"][value="interpreter"]').isChecked(),
      ).toBe(true);
      await expectNoAxeViolations(page, `add a child with errors (${mode})`);

      await page.getByLabel('NHS number (optional)').fill(nhs);
      await fillDateInput(page, 'dateOfBirth', dob);
      const added = await submit(page, page.getByRole('button', { name: 'Add this person' }));
      expect(added.status()).toBe(303);
      expect(added.headers().location).toMatch(/^\/children\/[0-9a-f-]{36}$/);
    });

    it('refuses an expected date in the past for an unborn baby', async () => {
      await open(page, baton.url, '/people/new');
      await page.locator('input[name="kind"][value="unborn"]').check();
      await page.getByLabel('Given name').fill('Unborn');
      await page.getByLabel('Family name').fill('Quartermain');
      await fillDateInput(page, 'expectedDate', '2020-01-01');
      const refused = await submit(page, page.getByRole('button', { name: 'Add this person' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryLinks(page)).toEqual([
        '#expectedDate-day The expected date must be today or in the future',
      ]);
      // The answer is kept, with the error beside it.
      expect(await page.locator('#expectedDate-year').inputValue()).toBe('2020');
      expect(await page.locator('input[name="kind"][value="unborn"]').isChecked()).toBe(true);
      await expectNoAxeViolations(page, `unborn with errors (${mode})`);
    });

    it('lets a team manager compare two records, merge them with a reason, and undo', async () => {
      const manager = await signedInPage({ javaScript }, baton.url, 'team-manager');
      try {
        expect(await open(manager, baton.url, '/people/merge')).toBe(200);
        await expectNoAxeViolations(manager, `merge search (${mode})`);
        await manager.getByLabel('Given name').fill('Araminta');
        await manager.getByLabel('Family name').fill('Smith');
        await submit(manager, manager.getByRole('button', { name: 'Search' }), 'GET');
        await manager.locator(`input[name="ids"][value="${ids.smith ?? ''}"]`).check();
        // One record only: asked to choose two.
        const one = await submit(
          manager,
          manager.getByRole('button', { name: 'Compare these records' }),
          'GET',
        );
        expect(one.status()).toBe(400);
        expect(await errorSummaryLinks(manager)).toEqual([
          '#ids Select the two records that are the same person',
        ]);
        await expectNoAxeViolations(manager, `merge search with errors (${mode})`);
        await manager.locator(`input[name="ids"][value="${ids.smithe ?? ''}"]`).check();
        const compared = await submit(
          manager,
          manager.getByRole('button', { name: 'Compare these records' }),
          'GET',
        );
        expect(compared.status()).toBe(200);
        expect(await heading(manager)).toBe('Compare two records');
        expect(await manager.locator('table').innerText()).toContain('Differs');
        await expectNoAxeViolations(manager, `compare (${mode})`);

        const noReason = await submit(
          manager,
          manager.getByRole('button', { name: 'Merge records' }),
        );
        expect(noReason.status()).toBe(400);
        expect(await errorSummaryLinks(manager)).toEqual([
          '#keptId Select the record to keep',
          '#reason Say why these records are the same person',
        ]);
        await manager.locator(`input[name="keptId"][value="${ids.smith ?? ''}"]`).check();
        await manager
          .getByLabel('Why are these the same person?')
          .fill('Same date of birth; the school confirmed the spelling is Smith');
        const merged = await submit(
          manager,
          manager.getByRole('button', { name: 'Merge records' }),
        );
        expect(merged.status()).toBe(303);
        expect(await manager.locator('.govuk-panel__title').innerText()).toBe('Records merged');
        await expectNoAxeViolations(manager, `merged (${mode})`);

        const undone = await submit(
          manager,
          manager.getByRole('button', { name: 'Undo this merge' }),
        );
        expect(undone.status()).toBe(303);
        expect(await heading(manager)).toBe('Merge undone');
        expect(await manager.getByRole('button', { name: 'Undo this merge' }).count()).toBe(0);
        await expectNoAxeViolations(manager, `merge undone (${mode})`);
      } finally {
        await manager.context().close();
      }
    });

    it('refuses the merge pages to anyone but a team manager', async () => {
      expect(await open(page, baton.url, '/people/merge')).toBe(403);
      expect(await heading(page)).toBe('You do not have access');
    });
  });
});
