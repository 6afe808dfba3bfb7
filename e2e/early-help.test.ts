/**
 * Early help in a real browser, with JavaScript on and off: open an episode (consent questions),
 * write and complete the Early Help Assessment, add an action to the plan and change its status,
 * and record a review. Every page passes axe-core at WCAG 2.2 AA, with and without errors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyKind, Role } from '../src/core/access/index.js';
import { addInvolvement } from '../src/shell/repositories/index.js';
import { insertPerson } from '../src/shell/repositories/people-repository.js';
import { type TestServer } from '../src/shell/testing/test-server.js';
import {
  errorSummaryHrefs,
  expectMainToContain,
  expectNoAxeViolations,
  fillDateInput,
  heading,
  JAVASCRIPT_MODES,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

// Monday 2 March 2026: the EHA is due 30 working days later, on 15 April (Easter falls between).
const NOW = new Date('2026-03-02T10:00:00.000Z');

/** A synthetic child the school practitioner works with. */
async function schoolChild(server: TestServer, givenName: string): Promise<string> {
  const db = server.database.db;
  const u = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['users.id', 'users.agency_id', 'agencies.kind'])
    .where('users.username', '=', 'practitioner')
    .executeTakeFirstOrThrow();
  const ctx = {
    actor: {
      userId: u.id,
      username: 'practitioner',
      displayName: 'Priya Teacher (demo)',
      agencyId: u.agency_id,
      agencyKind: u.kind as AgencyKind,
      roles: ['practitioner'] as Role[],
    },
    requestId: 'e2e',
    remoteAddress: null,
    now: NOW.toISOString(),
  };
  const childId = await insertPerson(db, ctx, {
    kind: 'child',
    givenName,
    familyName: 'Browsertest',
    dateOfBirth: '2016-06-01',
  });
  await addInvolvement(db, {
    childId,
    agencyId: u.agency_id,
    userId: u.id,
    role: 'universal-service',
    from: '2025-09-01',
    now: ctx.now,
  });
  return childId;
}

describe.skipIf(skipBrowserTests)('early help in Chromium', () => {
  const baton = startBatonAndChromium({
    clock: () => NOW,
    env: { BATON_SIGN_IN_LIMIT: '1000' },
  });

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ mode, javaScript }) => {
    let page: Page;
    let childId = '';
    let episodePath = '';
    const givenName = javaScript ? 'Jess' : 'Noel';

    beforeAll(async () => {
      childId = await schoolChild(baton.server, givenName);
      page = await signedInPage({ javaScript }, baton.url, 'practitioner');
    });

    afterAll(async () => {
      await page.context().close();
    });

    it('opens an episode: without consent the journey refuses and the summary links to the question (Stockport 001)', async () => {
      await page.goto(`${baton.url}/children/${childId}/early-help/new`);
      expect(await heading(page)).toBe('Open an early help episode');
      await expectNoAxeViolations(page, `open episode (${mode})`);

      await page.locator('#leadAgreed').check();
      const refused = await submit(page, page.getByRole('button', { name: 'Open the episode' }));
      expect(refused.status()).toBe(422);
      expect(await errorSummaryHrefs(page)).toEqual(['#consentDecision']);
      expect(await page.locator('.govuk-inset-text').innerText()).toContain(
        'Source: Stockport multi-agency step up/step down protocol',
      );
      await expectNoAxeViolations(page, `open episode refused (${mode})`);

      await page.locator('input[name="consentDecision"][value="given"]').check();
      await page.locator('#consentGivenByName').fill('Parent (demo)');
      expect(await page.locator('#leadAgreed').isChecked()).toBe(true);
      const opened = await submit(page, page.getByRole('button', { name: 'Open the episode' }));
      expect(opened.status()).toBe(303);
      expect(await heading(page)).toBe('Early help episode');
      episodePath = new URL(page.url()).pathname;
      const summary = await page.locator('.govuk-summary-list').first().innerText();
      expect(summary).toContain('Early Help Assessment under way');
      expect(summary).toContain('15 April 2026');
      await expectNoAxeViolations(page, `episode overview (${mode})`);
    });

    it('writes the EHA, saves a draft, and completes it with a Team Around the Family plan', async () => {
      await page.goto(`${baton.url}${episodePath}/assessment`);
      await expectNoAxeViolations(page, `EHA form (${mode})`);
      await page.locator('#family').fill('Mother, father and two children.');
      await page.locator('#childVoice').fill('"I like football and I want mornings to be calmer."');
      const draft = await submit(page, page.getByRole('button', { name: 'Save draft' }));
      expect(draft.status()).toBe(303);
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        'draft has been saved',
      );
      expect(await page.locator('#childVoice').inputValue()).toContain('football');

      await page.locator('input[name="planLevel"][value="3"]').check();
      const incomplete = await submit(
        page,
        page.getByRole('button', { name: 'Complete the assessment' }),
      );
      expect(incomplete.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual(['#strengths', '#needs']);
      await expectNoAxeViolations(page, `EHA with errors (${mode})`);

      await page.locator('#strengths').fill('Loving parents; the school knows the family well.');
      await page.locator('#needs').fill('Morning routines; behaviour at home.');
      await page.locator('input[name="planLevel"][value="3"]').check();
      const done = await submit(
        page,
        page.getByRole('button', { name: 'Complete the assessment' }),
      );
      expect(done.status()).toBe(303);
      expect(await heading(page)).toBe('Team Around the Family plan');
    });

    it('adds a SMART action to the plan and moves it on', async () => {
      await expectNoAxeViolations(page, `plan (${mode})`);
      const empty = await submit(page, page.getByRole('button', { name: 'Add action' }));
      expect(empty.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual([
        '#action',
        '#ownerName',
        '#ownerAgency',
        '#dueDate',
      ]);
      await expectNoAxeViolations(page, `plan with errors (${mode})`);

      await page.locator('#action').fill('Four parenting sessions on morning routines');
      await page.locator('#ownerName').fill('Harbour worker (demo)');
      await page.locator('#ownerAgency').fill('Harbour Family Support Charity (demo)');
      await fillDateInput(page, 'dueDate', '2026-03-27');
      const added = await submit(page, page.getByRole('button', { name: 'Add action' }));
      expect(added.status()).toBe(303);
      const row = page.locator('table.govuk-table tbody tr').first();
      expect(await row.innerText()).toContain('Four parenting sessions on morning routines');

      await row.locator('select[name="status"]').selectOption('in-progress');
      const moved = await submit(page, row.getByRole('button', { name: /Update status/ }));
      expect(moved.status()).toBe(303);
      expect(
        await page.locator('table.govuk-table tbody tr select[name="status"]').first().inputValue(),
      ).toBe('in-progress');
      await expectNoAxeViolations(page, `plan with an action (${mode})`);
    });

    it('records a review brought forward, with outcome and decision radios (Worcestershire 004 App. 3)', async () => {
      await page.goto(`${baton.url}${episodePath}/review`);
      await expectNoAxeViolations(page, `review form (${mode})`);
      const empty = await submit(page, page.getByRole('button', { name: 'Save the review' }));
      expect(empty.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual(['#outcome', '#decision']);
      await expectNoAxeViolations(page, `review with errors (${mode})`);

      await page.locator('input[name="outcome"][value="no-change"]').check();
      await page.locator('input[name="decision"][value="amend"]').check();
      await page
        .locator('#summary')
        .fill('Mornings still hard; add a school breakfast club action.');
      const early = await submit(page, page.getByRole('button', { name: 'Save the review' }));
      expect(early.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual(['#broughtForwardReason']);
      expect(await page.locator('#summary').inputValue()).toContain('breakfast club');

      await page.locator('#broughtForwardReason').fill('The school asked for an early review');
      const saved = await submit(page, page.getByRole('button', { name: 'Save the review' }));
      expect(saved.status()).toBe(303);
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        'review has been recorded',
      );
      await expectMainToContain(page, 'Found: no change. Decided: amend');
      await expectNoAxeViolations(page, `episode after review (${mode})`);
    });

    it("puts the episode on the Early Help Hub's agenda and allocates a lead professional (001: the hub meets weekly)", async () => {
      const coordinator = await signedInPage({ javaScript }, baton.url, 'team-manager');
      try {
        await coordinator.goto(`${baton.url}/panels`);
        expect(await coordinator.locator('h2').first().innerText()).toBe('Early Help Hub');
        await expectNoAxeViolations(coordinator, `panels (${mode})`);
        await coordinator.getByRole('link', { name: '9 March 2026' }).click();
        await coordinator.waitForLoadState('load');
        expect(await heading(coordinator)).toBe('Early Help Hub: 9 March 2026');
        const episodeId = episodePath.split('/')[2] ?? '';
        await coordinator.locator('#episodeId').selectOption(episodeId);
        await coordinator.locator('#reason').fill('Unclear who is best placed to lead');
        const listed = await submit(
          coordinator,
          coordinator.getByRole('button', { name: 'Add to the agenda' }),
        );
        expect(listed.status()).toBe(303);
        await expectNoAxeViolations(coordinator, `panel meeting (${mode})`);
        const card = coordinator
          .locator('.govuk-summary-card')
          .filter({ hasText: `${givenName} Browsertest` });
        await card
          .locator('select[name="userId"]')
          .selectOption({ label: 'Lee Leadprof (demo) (Millbrook Early Help Hub (demo))' });
        const allocated = await submit(coordinator, card.getByRole('button', { name: 'Allocate' }));
        expect(allocated.status()).toBe(303);
        expect(
          await coordinator
            .locator('.govuk-summary-card')
            .filter({ hasText: `${givenName} Browsertest` })
            .innerText(),
        ).toContain('Lee Leadprof (demo)');
      } finally {
        await coordinator.context().close();
      }
    });
  });
});
