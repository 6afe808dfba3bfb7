/**
 * Pre-proceedings (PLO) pages in Chromium, with JavaScript on and off (issue 16 §1): from the child
 * record, begin pre-proceedings (refused without a date, each error linked to its box, then
 * begun), record the first meeting, then the letter before proceedings with a family group
 * conference offered, the decision to start care proceedings and the court application. Every
 * page passes axe-core at WCAG 2.2 AA. People are invented.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  api,
  errorSummaryHrefs,
  expectNoAxeViolations,
  fillDateInput,
  JAVASCRIPT_MODES,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

const WORK_BEGINS = new Date('2026-10-05T10:00:00.000Z');
const NOW = new Date('2026-10-19T10:00:00.000Z');
let clock = WORK_BEGINS;

describe.skipIf(skipBrowserTests)('pre-proceedings pages in Chromium', () => {
  const baton = startBatonAndChromium({
    clock: () => clock,
    env: { BATON_SIGN_IN_LIMIT: '1000' },
  });

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ javaScript }) => {
    const pages: Page[] = [];
    afterAll(async () => {
      for (const p of pages) await p.context().close();
    });

    it('begins pre-proceedings from the child record and records the steps to a court application', async () => {
      const child = await api(baton.server, 'social-worker', '/api/people', {
        kind: 'child',
        givenName: javaScript ? 'Tamsin' : 'Demelza',
        familyName: 'Trevorrow',
        dateOfBirth: '2016-02-02',
      });
      const childId = child.id as string;
      clock = WORK_BEGINS;
      await api(baton.server, 'social-worker', `/api/children/${childId}/work`, {
        workflowId: 'cf-assessment',
        rationale: 'Long-standing neglect; support has not brought change.',
      });

      clock = NOW;
      const sw = await signedInPage({ javaScript }, baton.url, 'social-worker');
      pages.push(sw);
      await sw.goto(`${baton.url}/children/${childId}`);
      await sw.getByRole('link', { name: 'Pre-proceedings (Public Law Outline)' }).click();
      await sw.waitForURL(`**/children/${childId}/pre-proceedings`);
      await expectNoAxeViolations(sw, 'the child’s pre-proceedings');
      await sw.locator('#startedOn-day').fill('');
      const refused = await submit(sw, sw.getByRole('button', { name: 'Begin pre-proceedings' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryHrefs(sw)).toEqual(['#startedOn-day']);
      await expectNoAxeViolations(sw, 'beginning pre-proceedings, with an error');
      await fillDateInput(sw, 'startedOn', '2026-10-12');
      const begun = await submit(sw, sw.getByRole('button', { name: 'Begin pre-proceedings' }));
      expect(begun.status()).toBe(303);
      expect(await sw.locator('.govuk-notification-banner').innerText()).toContain('begun');
      await expectNoAxeViolations(sw, 'a period of pre-proceedings');

      // The letter without saying whether it offered a family group meeting: rule 9007.
      await fillDateInput(sw, 'lbpSentOn', '2026-10-13');
      const noOffer = await submit(sw, sw.getByRole('button', { name: 'Save', exact: true }));
      expect(noOffer.status()).toBe(400);
      expect(await errorSummaryHrefs(sw)).toEqual(['#fgdmOffered']);
      await expectNoAxeViolations(sw, 'pre-proceedings, with an error');
      await sw.locator('#fgdmOffered').check();
      const letter = await submit(sw, sw.getByRole('button', { name: 'Save', exact: true }));
      expect(letter.status()).toBe(303);

      await fillDateInput(sw, 'heldOn', '2026-10-14');
      const met = await submit(sw, sw.getByRole('button', { name: 'Record the meeting' }));
      expect(met.status()).toBe(303);
      expect(await sw.locator('.govuk-notification-banner').innerText()).toContain('meeting');

      await fillDateInput(sw, 'stepDecisionOn', '2026-10-16');
      await sw.getByLabel('Step up: decision to start care proceedings').check();
      await fillDateInput(sw, 'courtApplicationOn', '2026-10-19');
      const decided = await submit(sw, sw.getByRole('button', { name: 'Save', exact: true }));
      expect(decided.status()).toBe(303);
      const summary = await sw.locator('.govuk-summary-list').innerText();
      expect(summary).toContain('13 October 2026');
      expect(summary).toContain('14 October 2026');
      expect(summary).toContain('Step up: decision to start care proceedings (B)');
      expect(summary).toContain('19 October 2026');
      await expectNoAxeViolations(sw, 'pre-proceedings recorded to the court application');
    });
  });
});
