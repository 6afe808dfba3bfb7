/**
 * The child record, recording consent, my work and the authorisation tray in a real browser,
 * with JavaScript on and off, each page checked with axe-core at WCAG 2.2 AA.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedPack } from '../src/core/policy/index.js';
import { signIn as signInActor } from '../src/shell/repositories/auth-repository.js';
import { addInvolvement } from '../src/shell/repositories/child-access.js';
import { insertPerson, insertRelationship } from '../src/shell/repositories/people-repository.js';
import type { RequestContext } from '../src/shell/repositories/request-context.js';
import { startWork } from '../src/shell/repositories/work-repository.js';
import { loadPacks } from '../src/shell/policy/pack-files.js';
import { TEST_PASSWORD } from '../src/shell/testing/test-server.js';
import {
  errorSummaryHrefs,
  expectMainToContain,
  expectNoAxeViolations,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

// The server's clock: Tuesday 24 November 2026. Seeded contacts arrive the Friday before, so
// their one-working-day decision (due Monday) is overdue.
const SERVER_NOW = new Date('2026-11-24T09:00:00.000Z');
const RECEIVED = '2026-11-20T10:00:00.000Z';
const stockport = loadPacks().get('stockport') as ResolvedPack;

describe.skipIf(skipBrowserTests)('child record, my work and the tray in Chromium', () => {
  const ctxFor = async (username: string, now: string): Promise<RequestContext> => {
    const base = { actor: null, requestId: 'e2e', remoteAddress: null, now };
    const { actor } = await signInActor(baton.server.database.db, base, username, TEST_PASSWORD);
    return { ...base, actor };
  };

  /** A family, the lead professional involved, and a contact awaiting a manager's decision. */
  async function seed(familyName: string) {
    const db = baton.server.database.db;
    const lead = await ctxFor('lead-professional', RECEIVED);
    const frontDoor = await ctxFor('front-door', RECEIVED);
    const referrer = await ctxFor('practitioner', RECEIVED);
    const ids = await db.transaction().execute(async (trx) => {
      const child = await insertPerson(trx, lead, {
        kind: 'child',
        givenName: 'Juniper',
        familyName,
        dateOfBirth: '2018-02-14',
      });
      const mum = await insertPerson(trx, lead, { kind: 'adult', givenName: 'Maple', familyName });
      const uncle = await insertPerson(trx, lead, {
        kind: 'adult',
        givenName: 'Alder',
        familyName,
      });
      await insertRelationship(trx, lead, {
        childId: child,
        personId: mum,
        relationship: 'mother',
        parentalResponsibility: true,
        livesWithChild: true,
      });
      await insertRelationship(trx, lead, {
        childId: child,
        personId: uncle,
        relationship: 'uncle',
        parentalResponsibility: false,
        livesWithChild: false,
      });
      await addInvolvement(trx, {
        childId: child,
        agencyId: lead.actor?.agencyId ?? '',
        userId: lead.actor?.userId ?? null,
        role: 'lead-professional',
        from: RECEIVED.slice(0, 10),
        now: RECEIVED,
      });
      const contactId = randomUUID();
      await trx
        .insertInto('contacts')
        .values({
          id: contactId,
          referrer_user_id: referrer.actor?.userId ?? null,
          referrer_name: 'Priya Teacher (demo)',
          referrer_agency_id: referrer.actor?.agencyId ?? null,
          referrer_agency_name: 'Larkfield Primary School (demo)',
          referrer_phone: null,
          channel: 'online',
          concerns: 'Frequently late and tired.',
          threshold_check_id: null,
          referrer_level: 2,
          urgency: 'routine',
          consent_decision: 'given',
          consent_reason: null,
          consulted: null,
          family_spoken_to: 1,
          received_at: RECEIVED,
          idempotency_key: null,
          created_by: referrer.actor?.userId ?? '',
        })
        .execute();
      const workId = await startWork(trx, frontDoor, {
        pack: stockport,
        workflowId: 'contact',
        subjectType: 'contact',
        subjectId: contactId,
        childIds: [child],
        level: 2,
        ownerAgencyId: frontDoor.actor?.agencyId ?? '',
      });
      return { child, mum, workId };
    });
    return ids;
  }

  const baton = startBatonAndChromium({
    clock: () => SERVER_NOW,
    env: { BATON_SIGN_IN_LIMIT: '1000' },
  });

  describe.each([
    { mode: 'JavaScript on', javaScript: true, family: 'Oakfield' },
    { mode: 'JavaScript off', javaScript: false, family: 'Elmstead' },
  ])('with $mode', ({ mode, javaScript, family }) => {
    let ids: { child: string; mum: string; workId: string };
    const pages: Page[] = [];
    const pageAs = async (username: string): Promise<Page> => {
      const page = await signedInPage({ javaScript }, baton.url, username);
      pages.push(page);
      return page;
    };

    beforeAll(async () => {
      ids = await seed(family);
    });
    afterAll(async () => {
      for (const p of pages) await p.context().close();
    });

    it('shows the child record, records consent after correcting an error, and prints without the forms', async () => {
      const page = await pageAs('lead-professional');
      const opened = await page.goto(`${baton.url}/children/${ids.child}`);
      expect(opened?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe(`Juniper ${family}`);
      // The open contact carries the referrer's level 2: the highest level among open work.
      await expectMainToContain(page, 'Level 2');
      await expectNoAxeViolations(page, `child record (${mode})`);

      await Promise.all([
        page.waitForURL(/\/consents\/new$/),
        page.getByRole('link', { name: 'Record consent' }).click(),
      ]);
      // Only an adult with parental responsibility is offered (001 "Consent").
      expect(await page.locator('input[name="givenBy"]').count()).toBe(1);
      await expectMainToContain(page, 'Alder');
      await expectNoAxeViolations(page, `consent form (${mode})`);

      await page.locator('input[name="purpose"][value="early-help"]').check();
      await page.locator('input[name="decision"][value="given"]').check();
      await page.locator('input[name="method"][value="written"]').check();
      const refused = await submit(page, page.getByRole('button', { name: 'Record consent' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual(['#givenBy', '#documentRef']);
      expect(await page.title()).toMatch(/^Error: /);
      // What was chosen is kept.
      expect(await page.locator('input[name="method"][value="written"]').isChecked()).toBe(true);
      await expectNoAxeViolations(page, `consent form with errors (${mode})`);

      await page.locator(`input[name="givenBy"][value="person:${ids.mum}"]`).check();
      await page.locator('#documentRef').fill('EHA-CONSENT-0099');
      const saved = await submit(page, page.getByRole('button', { name: 'Record consent' }));
      expect(saved.status()).toBe(303);
      expect(new URL(page.url()).pathname).toBe(`/children/${ids.child}`);
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        'consent decision has been recorded',
      );
      const ledger = await page.locator('table:has(caption:text("Consent ledger"))').innerText();
      expect(ledger).toContain('Maple');
      expect(ledger).toContain('EHA-CONSENT-0099');
      expect(await page.locator('ol.baton-timeline li').first().innerText()).toContain(
        'Consent for early help',
      );
      await expectNoAxeViolations(page, `child record after consent (${mode})`);

      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('link', { name: 'Record consent' }).isVisible()).toBe(false);
      expect(await page.locator('.baton-print-only').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
    });

    it('records a decision not to share, after an error (001 Appendix 2, golden rule 7)', async () => {
      const page = await pageAs('lead-professional');
      expect((await page.goto(`${baton.url}/children/${ids.child}/sharing/new`))?.status()).toBe(
        200,
      );
      await expectNoAxeViolations(page, `sharing form (${mode})`);
      await page.locator('input[name="decision"][value="not-shared"]').check();
      await page.locator('#what').fill('Attendance record');
      const refused = await submit(page, page.getByRole('button', { name: 'Record the decision' }));
      expect(refused.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual(['#withWhom', '#purpose', '#reason']);
      expect(await page.locator('#what').inputValue()).toBe('Attendance record');
      await expectNoAxeViolations(page, `sharing form with errors (${mode})`);
      await page.locator('#withWhom').fill('Harbour Family Support Charity (demo)');
      await page.locator('#purpose').fill('Befriending scheme');
      await page.locator('#reason').fill('Not necessary for befriending');
      const saved = await submit(page, page.getByRole('button', { name: 'Record the decision' }));
      expect(saved.status()).toBe(303);
      expect(
        await page.locator('table:has(caption:text("Decisions to share"))').innerText(),
      ).toContain('Not shared: Attendance record');
    });

    it('offers emergency access when refused, and lists its use for a team manager to review', async () => {
      const page = await pageAs('dsl');
      expect((await page.goto(`${baton.url}/children/${ids.child}`))?.status()).toBe(403);
      await expectNoAxeViolations(page, `refused record (${mode})`);
      await page.locator('#reason').fill('urgent');
      const tooShort = await submit(
        page,
        page.getByRole('button', { name: 'Get emergency access' }),
      );
      expect(tooShort.status()).toBe(400);
      expect(await errorSummaryHrefs(page)).toEqual(['#reason']);
      await expectNoAxeViolations(page, `refused record with errors (${mode})`);
      await page.locator('#reason').fill(`Police found ${family} child alone and ask if known`);
      const granted = await submit(
        page,
        page.getByRole('button', { name: 'Get emergency access' }),
      );
      expect(granted.status()).toBe(303);
      expect(await page.locator('.govuk-warning-text').first().innerText()).toContain(
        'emergency access',
      );

      const manager = await pageAs('team-manager');
      expect((await manager.goto(`${baton.url}/break-glass`))?.status()).toBe(200);
      const row = manager.locator('tr', { hasText: `Police found ${family}` });
      expect(await row.count()).toBe(1);
      await expectNoAxeViolations(manager, `emergency access review (${mode})`);
      const reviewed = await submit(manager, row.getByRole('button', { name: /Mark reviewed/ }));
      expect(reviewed.status()).toBe(303);
      expect(await manager.locator('tr', { hasText: `Police found ${family}` }).count()).toBe(0);
    });

    it("shows the front door's overdue referral decision on my work", async () => {
      const page = await pageAs('front-door');
      const opened = await page.goto(`${baton.url}/my-work`);
      expect(opened?.status()).toBe(200);
      const row = page.locator('table.baton-deadlines tr', { hasText: `Juniper ${family}` });
      expect(await row.innerText()).toContain('Overdue');
      expect(await row.innerText()).toContain('Your team');
      const summary = await page.locator('.baton-deadline-summary').innerText();
      expect(summary).toMatch(/Overdue\s+[1-9]/);
      expect(
        await page.locator('.govuk-service-navigation [aria-current]').allInnerTexts(),
      ).toEqual(['My work']);
      await expectNoAxeViolations(page, `my work (${mode})`);
    });

    it('pages through the team’s deadlines with Previous and Next links', async () => {
      const frontDoor = await ctxFor('front-door', RECEIVED);
      await baton.server.database.db
        .insertInto('deadlines')
        .values(
          Array.from({ length: 30 }, (_, i) => ({
            id: randomUUID(),
            work_item_id: ids.workId,
            timescale_id: 'referral-decision',
            name: `Check ${family} ${String(i + 1).padStart(2, '0')}`,
            due: `2026-12-${String(i + 1).padStart(2, '0')}`,
            citation: '{}',
            owner_agency_id: frontDoor.actor?.agencyId ?? '',
            owner_user_id: null,
            opened_at: RECEIVED,
          })),
        )
        .execute();
      const page = await pageAs('front-door');
      await page.goto(`${baton.url}/my-work`);
      const table = page.locator('table.baton-deadlines');
      expect(await table.innerText()).toContain(`Check ${family} 01`);
      expect(await table.innerText()).not.toContain(`Check ${family} 30`);
      expect(await page.locator('.govuk-pagination__prev').count()).toBe(0);
      const seen: string[] = [];
      for (let i = 0; i < 10 && (await page.locator('.govuk-pagination__next').count()) > 0; i++) {
        await Promise.all([
          page.waitForURL(/\/my-work\?after=/),
          page.locator('.govuk-pagination__next a').click(),
        ]);
        seen.push(await table.innerText());
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.at(-1)).toContain(`Check ${family} 30`);
      expect(seen.join('\n')).not.toContain(`Check ${family} 01`);
      await expectNoAxeViolations(page, `my work, a later page (${mode})`);
      await Promise.all([
        page.waitForURL(/\/my-work\?(before=|$)/),
        page.locator('.govuk-pagination__prev a').click(),
      ]);
      expect(await table.innerText()).not.toContain(`Check ${family} 30`);
    });

    it('lets a team manager decline only with a note, then authorise; the referrer is told', async () => {
      const frontDoor = await pageAs('front-door');
      const t = stockport.workflows
        .get('contact')
        ?.transitions.find(
          (x) =>
            x.from.includes('received') &&
            (x.authorisedBy ?? []).includes('team-manager') &&
            x.notify.includes('referrer') &&
            x.guards.length === 0,
        );
      if (!t) throw new Error('no guard-free contact decision in the stockport pack');
      const asked = await frontDoor.request.post(
        `${baton.url}/api/work-items/${ids.workId}/transitions`,
        {
          data: {
            transitionId: t.id,
            payload: { rationale: `Advice given to school about ${family}` },
          },
        },
      );
      expect(asked.status()).toBe(202);

      const page = await pageAs('team-manager');
      expect((await page.goto(`${baton.url}/tray`))?.status()).toBe(200);
      const card = page.locator('.govuk-summary-card', { hasText: `Juniper ${family}` });
      expect(await card.innerText()).toContain(`Advice given to school about ${family}`);
      await expectNoAxeViolations(page, `tray (${mode})`);

      const declined = await submit(page, card.getByRole('button', { name: 'Decline' }));
      expect(declined.status()).toBe(400);
      const [link] = await errorSummaryHrefs(page);
      expect(link).toMatch(/^#note-/);
      expect(await page.locator(link ?? '').count()).toBe(1);
      await expectNoAxeViolations(page, `tray with errors (${mode})`);

      const again = page.locator('.govuk-summary-card', { hasText: `Juniper ${family}` });
      const authorised = await submit(page, again.getByRole('button', { name: 'Authorise' }));
      expect(authorised.status()).toBe(303);
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain('authorised');
      expect(
        await page.locator('.govuk-summary-card', { hasText: `Juniper ${family}` }).count(),
      ).toBe(0);

      const referrer = await pageAs('practitioner');
      await referrer.goto(`${baton.url}/my-work`);
      // The notification carries the decision and its rationale, which names this family.
      const note = referrer
        .locator('.baton-notifications li', { hasText: 'Outcome of your contact' })
        .filter({ hasText: family });
      expect(await note.count()).toBe(1);
      await expectNoAxeViolations(referrer, `referrer's my work (${mode})`);
      const read = await submit(referrer, note.getByRole('button', { name: /Mark as read/ }));
      expect(read.status()).toBe(303);
      expect(new URL(referrer.url()).pathname).toBe('/my-work');
    });
  });
});
