/**
 * The social care recording pages in Chromium, with JavaScript on and off (issue 14 item 6): from
 * the work page to the assessment form (refused with each error linked to its box, then saved),
 * checked and authorised by the team manager; the child in need plan and an action; a visit
 * (seen, seen alone); the s47 dates and the child protection plan. Every page passes axe-core at
 * WCAG 2.2 AA. People are invented.
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

const MONDAY = new Date('2026-05-04T10:00:00.000Z');
const TODAY = '2026-05-04';

describe.skipIf(skipBrowserTests)('social care recording pages in Chromium', () => {
  const baton = startBatonAndChromium({
    clock: () => MONDAY,
    env: { BATON_SIGN_IN_LIMIT: '1000' },
  });

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ javaScript }) => {
    const pages: Page[] = [];
    afterAll(async () => {
      for (const p of pages) await p.context().close();
    });

    it('records and authorises an assessment, a CIN plan and a visit; shows s47 and CP plan dates', async () => {
      const child = await api(baton.server, 'social-worker', '/api/people', {
        kind: 'child',
        givenName: javaScript ? 'Elowen' : 'Morwenna',
        familyName: 'Penhallow',
        dateOfBirth: '2015-09-09',
      });
      const childId = child.id as string;
      const cf = (
        await api(baton.server, 'social-worker', `/api/children/${childId}/work`, {
          workflowId: 'cf-assessment',
          rationale: 'Concerns about neglect from school.',
        })
      ).id as string;

      const sw = await signedInPage({ javaScript }, baton.url, 'social-worker');
      pages.push(sw);
      await sw.goto(`${baton.url}/work/${cf}`);
      await sw.getByRole('link', { name: /Record the assessment/ }).click();
      await sw.waitForURL(`**/work/${cf}/assessment`);
      await expectNoAxeViolations(sw, 'the assessment form');
      // The start is filled in from when the work began, for checking; emptied here to see the error.
      expect(await sw.locator('#startDate-year').inputValue()).toBe(TODAY.slice(0, 4));
      await sw.locator('#startDate-day').fill('');
      await sw.getByLabel('Neglect', { exact: true }).check();
      await sw.getByLabel('No factors identified').check({ force: true });
      if (!javaScript) await sw.getByLabel('Neglect', { exact: true }).check();
      const refused = await submit(sw, sw.getByRole('button', { name: 'Save the assessment' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryHrefs(sw)).toEqual(
        javaScript ? ['#startDate-day'] : ['#startDate-day', '#factors'],
      );
      await expectNoAxeViolations(sw, 'the assessment form with errors');
      await fillDateInput(sw, 'startDate', TODAY);
      await sw.getByLabel('No factors identified').uncheck();
      await sw.getByLabel('Neglect', { exact: true }).check();
      await sw.getByLabel('Mental health: concerns about the parent or carer').check();
      await sw.getByLabel('The assessment’s findings').fill('Poor home conditions; low mood.');
      await sw.getByLabel('Abuse or neglect').check();
      const saved = await submit(sw, sw.getByRole('button', { name: 'Save the assessment' }));
      expect(saved.status()).toBe(303);
      expect(await sw.locator('.govuk-notification-banner').innerText()).toContain('saved');

      const tm = await signedInPage({ javaScript }, baton.url, 'team-manager');
      pages.push(tm);
      await tm.goto(`${baton.url}/work/${cf}/assessment`);
      await expectNoAxeViolations(tm, 'checking the assessment before authorising it');
      expect(await tm.locator('.govuk-summary-list').innerText()).toContain('Neglect (16A)');
      const authorised = await submit(
        tm,
        tm.getByRole('button', { name: 'Authorise the assessment' }),
      );
      expect(authorised.status()).toBe(303);
      expect(await tm.locator('.govuk-notification-banner').innerText()).toContain('authorised');
      await expectNoAxeViolations(tm, 'the authorised assessment');

      // A visit, from the work page.
      await sw.goto(`${baton.url}/work/${cf}`);
      await sw.getByRole('link', { name: 'Visits (seen, seen alone)' }).click();
      await sw.waitForURL(`**/children/${childId}/visits**`);
      await expectNoAxeViolations(sw, 'the visits page');
      await fillDateInput(sw, 'visitedOn', TODAY);
      await sw.locator('#seen').check();
      await sw.locator('#seenAlone').check();
      const visited = await submit(sw, sw.getByRole('button', { name: 'Record the visit' }));
      expect(visited.status()).toBe(303);
      expect(await sw.locator('table').innerText()).toContain('4 May 2026');
      await expectNoAxeViolations(sw, 'the visits list');

      // The child in need plan the assessment's outcome starts.
      await api(baton.server, 'team-manager', `/api/work-items/${cf}/transitions`, {
        transitionId: 'cin-plan',
        payload: { rationale: 'A child in need plan under s17.' },
      });
      const view = await api(baton.server, 'social-worker', `/api/work-items/${cf}/view`);
      const cin = (view.followedBy as { workItemId: string }).workItemId;
      await sw.goto(`${baton.url}/work/${cin}`);
      await sw.getByRole('link', { name: /The child in need plan/ }).click();
      await sw.waitForURL(`**/work/${cin}/cin-plan`);
      await expectNoAxeViolations(sw, 'the CIN plan');
      await sw.getByLabel('The child’s needs the plan meets').fill('Regular meals');
      await sw.getByLabel('What the plan should achieve').fill('Meals every day');
      expect((await submit(sw, sw.getByRole('button', { name: 'Save the plan' }))).status()).toBe(
        303,
      );
      await sw.getByLabel('What will be done').fill('Food bank referral this week');
      await sw.getByLabel('Who will do it, and their agency').fill('Family support worker');
      await fillDateInput(sw, 'dueDate', '2026-05-08');
      expect((await submit(sw, sw.getByRole('button', { name: 'Add the action' }))).status()).toBe(
        303,
      );
      expect(
        await sw.locator('#actions ~ table, #actions ~ * table').first().innerText(),
      ).toContain('Food bank referral');
      await expectNoAxeViolations(sw, 'the CIN plan with an action');

      // s47 enquiries through an ICPC to a child protection plan (set up through the API).
      const s47 = (
        await api(baton.server, 'social-worker', `/api/children/${childId}/work`, {
          workflowId: 's47',
          rationale: 'A disclosure at school.',
        })
      ).id as string;
      for (const [transitionId, payload] of [
        ['hold-strategy-discussion', { attendees: 'Police, health, school', decision: 'S47.' }],
        ['complete-enquiry-icpc', { rationale: 'Continuing risk.' }],
        ['icpc-cp-plan', { chairIro: 'An IRO (demo)', category: 'neglect' }],
      ] as const)
        await api(baton.server, 'team-manager', `/api/work-items/${s47}/transitions`, {
          transitionId,
          payload,
        });
      await sw.goto(`${baton.url}/work/${s47}/s47`);
      const dates = await sw.locator('.govuk-summary-list').innerText();
      // The strategy discussion and the ICPC today; the target 15 working days on (25 May is a
      // bank holiday).
      expect(dates).toContain('4 May 2026');
      expect(dates).toContain('26 May 2026');
      await expectNoAxeViolations(sw, 'the s47 dates');
      const cp = (
        (await api(baton.server, 'social-worker', `/api/work-items/${s47}/view`)).followedBy as {
          workItemId: string;
        }
      ).workItemId;
      await sw.goto(`${baton.url}/work/${cp}/cp-plan`);
      expect(await sw.locator('.govuk-summary-list').innerText()).toContain('Neglect (NEG)');
      await sw.getByLabel('Emotional abuse').check();
      expect(
        (await submit(sw, sw.getByRole('button', { name: 'Save the category' }))).status(),
      ).toBe(303);
      expect(await sw.locator('.govuk-summary-list').innerText()).toContain(
        'Emotional abuse (EMO)',
      );
      await expectNoAxeViolations(sw, 'the child protection plan');
    });
  });
});
