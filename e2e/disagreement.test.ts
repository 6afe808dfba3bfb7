/**
 * Professional disagreement in a real browser, with JavaScript on and off, under Walsall's
 * Concern Resolution Process (002): raised from the child record about the MASH decision, refused
 * without what step 2 needs, escalated through line managers, heads of service and the
 * safeguarding partnership chair to resolution. With the clock moved past step 2's 1 working day,
 * the Early Help team manager's My work shows the stage overdue. Every page passes axe-core at
 * WCAG 2.2 AA, with and without errors. People and agencies are invented.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoParentContact } from '../src/shell/testing/contact-fixtures.js';
import { apiSignIn, type TestServer } from '../src/shell/testing/test-server.js';
import {
  errorSummaryHrefs,
  expectMainToContain,
  expectNoAxeViolations,
  heading,
  JAVASCRIPT_MODES,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

/** A Friday: step 2's line managers' timescales (1 and 5 working days) run over the weekend. */
const FRIDAY = new Date('2026-03-06T10:00:00.000Z');
/** Past Monday 9 March, when the disagreement should have been raised with the other manager. */
const NEXT_TUESDAY = new Date('2026-03-10T12:00:00.000Z');

/** A school contact about one child, decided by the MASH team manager: early help via the EHH. */
async function decidedContact(server: TestServer, givenName: string): Promise<string> {
  const inject = async (user: string, url: string, payload?: object) =>
    server.app.inject({
      method: payload ? 'POST' : 'GET',
      url,
      ...(payload ? { payload } : {}),
      headers: { cookie: await apiSignIn(server.app, user) },
    });
  const made = await inject(
    'practitioner',
    '/api/contacts',
    twoParentContact(
      { givenName, familyName: 'Browsertest', dateOfBirth: '2017-02-14' },
      {
        concerns: `${givenName} is often hungry at school and has missed nine days this term.`,
        referrerLevel: 3,
        mother: 'Bryony',
        father: 'Fennel',
        fatherLivesWithChild: false,
      },
    ),
  );
  expect(made.statusCode, made.body).toBe(201);
  const { workItemId, childIds } = made.json<{ workItemId: string; childIds: string[] }>();
  const contact = await inject('team-manager', `/api/contacts/${workItemId}`);
  const decided = await inject('team-manager', `/api/contacts/${workItemId}/decision`, {
    transitionId: 'decide-early-help-via-ehh',
    version: contact.json<{ version: number }>().version,
    rationale: 'Needs are met by an Early Help Assessment and plan.',
  });
  expect(decided.statusCode, decided.body).toBe(200);
  return childIds[0] ?? '';
}

describe.skipIf(skipBrowserTests)('professional disagreement in Chromium (Walsall)', () => {
  let now = FRIDAY;

  const baton = startBatonAndChromium({
    clock: () => now,
    env: { BATON_PACK: 'walsall', BATON_SIGN_IN_LIMIT: '1000' },
  });

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ mode, javaScript }) => {
    let page: Page;
    let childId = '';
    let disagreementPath = '';
    const givenName = javaScript ? 'Wren' : 'Linnet';

    /** Open a next step from the disagreement page, fill its answers and record it. */
    const takeStep = async (name: string, answers: Record<string, string>) => {
      await page.goto(`${baton.url}${disagreementPath}`);
      await page.getByRole('link', { name }).click();
      await page.waitForLoadState('load');
      expect(await heading(page)).toBe(name);
      for (const [field, text] of Object.entries(answers))
        await page.locator(`#answer-${field}`).fill(text);
      return submit(page, page.getByRole('button', { name: 'Record this step' }));
    };

    beforeAll(async () => {
      now = FRIDAY;
      childId = await decidedContact(baton.server, givenName);
      page = await signedInPage({ javaScript }, baton.url, 'lead-professional');
    });

    afterAll(async () => {
      await page.context().close();
    });

    it('raises a disagreement from the child record, with the front door never waiting on it (002)', async () => {
      await page.goto(`${baton.url}/children/${childId}`);
      await page.getByRole('link', { name: 'Raise a professional disagreement' }).click();
      await page.waitForLoadState('load');
      expect(await heading(page)).toBe('Raise a professional disagreement');
      const warning = await page.locator('.govuk-warning-text').innerText();
      expect(warning).toContain('never blocks or delays a referral');
      expect(warning).toContain('0300 555 2866');
      await expectNoAxeViolations(page, `raise form (${mode})`);

      const empty = await submit(
        page,
        page.getByRole('button', { name: 'Raise the disagreement' }),
      );
      expect(empty.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual(['#about']);
      await expectNoAxeViolations(page, `raise form with errors (${mode})`);

      await page.getByLabel(/MASH contact: Early Help Assessment/).check();
      await page.locator('#withWhom').fill('MASH team manager');
      await page
        .locator('#summary')
        .fill('Hunger and absence suggest neglect: a Child and Family Assessment is needed.');
      const raised = await submit(
        page,
        page.getByRole('button', { name: 'Raise the disagreement' }),
      );
      expect(raised.status()).toBe(303);
      expect(await heading(page)).toBe('Professional disagreement');
      disagreementPath = new URL(page.url()).pathname;
      expect(await page.locator('.govuk-summary-list').first().innerText()).toContain(
        'Stage 1 of 4',
      );
      await expectNoAxeViolations(page, `disagreement at stage 1 (${mode})`);
    });

    it('refuses step 2 without the discussion, who was informed and why, each rule cited', async () => {
      const name =
        "Step 2: refer to your line manager, to take up with the other practitioner's line manager";
      const refused = await takeStep(name, {
        response: 'Discussed with our designated lead; she shares the concern.',
      });
      expect(refused.status()).toBe(422);
      expect(await errorSummaryHrefs(page)).toEqual(['#answer-informed', '#answer-outcome']);
      expect(await page.locator('.govuk-inset-text').innerText()).toContain(
        "Source: Walsall's Step Up/ Step Down Practice Guidance, Concern Resolution Process",
      );
      expect(await page.locator('#answer-response').inputValue()).toContain('shares the concern');
      await expectNoAxeViolations(page, `step 2 refused (${mode})`);

      await page.locator('#answer-informed').fill('Lead Professional informed for monitoring');
      await page.locator('#answer-outcome').fill('MASH keeps its decision.');
      const escalated = await submit(page, page.getByRole('button', { name: 'Record this step' }));
      expect(escalated.status()).toBe(303);
      const main = await page.locator('main').innerText();
      expect(main).toContain('Stage 2 of 4');
      expect(main).toContain('9 March 2026');
      await expectNoAxeViolations(page, `disagreement at stage 2 (${mode})`);
    });

    it("shows the stage overdue on the Early Help team manager's My work once the day has passed", async () => {
      now = NEXT_TUESDAY;
      const manager = await signedInPage({ javaScript }, baton.url, 'eh-manager');
      try {
        await manager.goto(`${baton.url}/my-work`);
        const row = manager.locator('tr.baton-row--overdue').filter({ hasText: givenName });
        expect(await row.innerText()).toContain('Overdue');
        expect(await row.innerText()).toContain('Step 2: line manager to line manager');
        await expectNoAxeViolations(manager, `manager's My work with an overdue stage (${mode})`);
        await row.getByRole('link').click();
        await manager.waitForLoadState('load');
        expect(new URL(manager.url()).pathname).toBe(disagreementPath);
      } finally {
        await manager.context().close();
      }
    });

    it('escalates to heads of service and the partnership chair, then resolves', async () => {
      // Sessions lapse over the weekend: sign in again.
      await page.context().close();
      page = await signedInPage({ javaScript }, baton.url, 'lead-professional');
      expect(
        (
          await takeStep(
            'Step 2: record that the disagreement was raised with the other line manager',
            {
              otherManager: 'Tom Manager, MASH',
            },
          )
        ).status(),
      ).toBe(303);
      expect(
        (
          await takeStep('Step 3: refer to the head of service for each agency', {
            response: 'MASH: the threshold for assessment is not met.',
            outcome: 'Line managers could not agree.',
          })
        ).status(),
      ).toBe(303);
      await expectMainToContain(page, 'Stage 3 of 4');
      expect(
        (
          await takeStep('Step 4: refer to the chair of the Walsall Safeguarding Children Board', {
            response: 'Heads of service could not agree.',
            outcome: 'It raises a policy question about neglect thresholds.',
          })
        ).status(),
      ).toBe(303);
      await expectMainToContain(page, 'Stage 4 of 4');
      const resolved = await takeStep('Record the disagreement as resolved', {
        response: 'The chair met both heads of service.',
        outcome: 'A Child and Family Assessment will start; early help continues meanwhile.',
      });
      expect(resolved.status()).toBe(303);
      const main = await page.locator('main').innerText();
      expect(main).toContain('Resolved');
      expect(main).toContain('The chair met both heads of service.');
      expect(main).toContain('It raises a policy question about neglect thresholds.');
      await expectNoAxeViolations(page, `resolved disagreement (${mode})`);

      const manager = await signedInPage({ javaScript }, baton.url, 'eh-manager');
      try {
        await manager.goto(`${baton.url}/my-work`);
        expect(await manager.locator('#disagreements').isVisible()).toBe(true);
        expect(await manager.locator('main').innerText()).not.toContain(
          `${givenName} Browsertest: disagreement`,
        );
      } finally {
        await manager.context().close();
      }
    });
  });
});
