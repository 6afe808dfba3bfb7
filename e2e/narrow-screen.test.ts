/**
 * Every main page on a 375 px phone (issue 14 §9): nothing wider than the screen, so no page scrolls
 * sideways (WCAG 2.2 1.4.10 Reflow). A table that must stay a table scrolls inside its own labelled,
 * focusable region; the page itself does not. Also printing, with JavaScript on and off.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedPack } from '../src/core/policy/index.js';
import { signIn as signInActor } from '../src/shell/repositories/auth-repository.js';
import { addInvolvement } from '../src/shell/repositories/child-access.js';
import { insertPerson, insertRelationship } from '../src/shell/repositories/people-repository.js';
import type { RequestContext } from '../src/shell/repositories/request-context.js';
import { startWork } from '../src/shell/repositories/work-repository.js';
import { loadPacks } from '../src/shell/policy/pack-files.js';
import { TEST_PASSWORD } from '../src/shell/testing/test-server.js';
import {
  expectNoAxeViolations,
  fillDateInput,
  JAVASCRIPT_MODES,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
  submit,
} from './browser.js';

const WIDTH = 375;
const SERVER_NOW = new Date('2026-11-24T09:00:00.000Z');
const RECEIVED = '2026-11-20T10:00:00.000Z';
const stockport = loadPacks().get('stockport') as ResolvedPack;

/** How far the page scrolls sideways, and the widest elements that make it, for the message. */
async function overflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate((width) => {
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && culprits.length < 5) {
        const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
        culprits.push(
          `${el.tagName.toLowerCase()}.${cls ?? ''} right=${String(Math.round(r.right))}`,
        );
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  }, WIDTH);
}

/** The page fits 375 px (no sideways scroll), writes dates in words, and passes axe. */
async function expectToFit(page: Page, path: string, mode: string): Promise<void> {
  const o = await overflow(page);
  expect(
    o.scrollWidth,
    `${path} is ${String(o.scrollWidth)} px wide: ${o.culprits.join('; ')}`,
  ).toBeLessThanOrEqual(WIDTH);
  // Dates read "7 December 2026": never ISO, never an abbreviated month.
  const main = await page.locator('main').innerText();
  expect(main, path).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  expect(main, path).not.toMatch(
    /\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b/,
  );
  await expectNoAxeViolations(page, `${path} at ${String(WIDTH)} px (${mode})`);
}

describe.skipIf(skipBrowserTests)('main pages at 375 px wide in Chromium', () => {
  let ids: { child: string; workId: string };

  const ctxFor = async (username: string, now: string): Promise<RequestContext> => {
    const base = { actor: null, requestId: 'e2e', remoteAddress: null, now };
    const { actor } = await signInActor(baton.server.database.db, base, username, TEST_PASSWORD);
    return { ...base, actor };
  };

  /** A child with a lead professional, a parent, and a contact waiting at the front door. */
  async function seed(): Promise<{ child: string; workId: string }> {
    const lead = await ctxFor('lead-professional', RECEIVED);
    const frontDoor = await ctxFor('front-door', RECEIVED);
    const referrer = await ctxFor('practitioner', RECEIVED);
    return baton.server.database.db.transaction().execute(async (trx) => {
      const child = await insertPerson(trx, lead, {
        kind: 'child',
        givenName: 'Juniper',
        familyName: 'Narrowdale-Longfellow',
        dateOfBirth: '2018-02-14',
      });
      const mum = await insertPerson(trx, lead, {
        kind: 'adult',
        givenName: 'Maple',
        familyName: 'Narrowdale-Longfellow',
      });
      await insertRelationship(trx, lead, {
        childId: child,
        personId: mum,
        relationship: 'mother',
        parentalResponsibility: true,
        livesWithChild: true,
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
          concerns:
            'Frequently late and tired; a long run of words without any spaces: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.',
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
      await trx
        .insertInto('contact_people')
        .values({ contact_id: contactId, person_id: child, role: 'child' })
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
      return { child, workId };
    });
  }

  const baton = startBatonAndChromium({
    clock: () => SERVER_NOW,
    env: { BATON_SIGN_IN_LIMIT: '1000' },
  });
  beforeAll(async () => {
    ids = await seed();
  }, 300_000);

  // Each user's main pages: what the menu offers them, and the records they open from it.
  const pagesOf: Record<string, () => string[]> = {
    practitioner: () => ['/', '/my-work', '/check', '/check/stockport', '/checks', '/contacts/new'],
    'front-door': () => ['/triage', `/triage/${ids.workId}`, `/children/${ids.child}`],
    'lead-professional': () => [
      `/children/${ids.child}`,
      `/work/${ids.workId}`,
      '/people/find',
      '/early-help',
      '/panels',
    ],
    'team-manager': () => ['/tray', '/policy-packs', '/policy-packs/stockport'],
    'data-team': () => ['/returns'],
    auditor: () => ['/audit'],
    admin: () => ['/admin'],
  };

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ mode, javaScript }) => {
    it.each(Object.keys(pagesOf))(
      'shows %s’s pages without sideways scrolling and without axe violations',
      async (username) => {
        const page = await signedInPage({ javaScript, width: WIDTH }, baton.url, username);
        try {
          for (const path of pagesOf[username]?.() ?? []) {
            const res = await page.goto(`${baton.url}${path}`);
            expect(res?.status(), path).toBeLessThan(400);
            await expectToFit(page, path, mode);
          }
        } finally {
          await page.context().close();
        }
      },
      120_000,
    );

    it('walks the referral on a phone: check, result and start, family, concerns and consent, check your answers, sent', async () => {
      const page = await signedInPage({ javaScript, width: WIDTH }, baton.url, 'practitioner');
      const go = async (name: string): Promise<string> => {
        await submit(page, page.getByRole('button', { name, exact: true }));
        const path = new URL(page.url()).pathname;
        await expectToFit(page, path, mode);
        return path;
      };
      try {
        await page.goto(`${baton.url}/check/stockport`);
        await page.locator('input[name="immediateDanger"][value="no"]').check();
        await page.locator('input[name="indicators"]').first().check();
        expect(await go('Check level of need')).toMatch(/^\/checks\//);
        expect(await go('Start the contact')).toBe('/contacts/new/family');
        await page.locator('#child0-givenName').fill('Wren');
        await page.locator('#child0-familyName').fill('Narrowdale-Longfellow');
        await fillDateInput(page, 'child0-dob', '2017-06-20');
        await page.locator('#adult0-givenName').fill('Juniper');
        await page.locator('#adult0-relationship').selectOption('mother');
        await page.locator('input[name="adult0-pr"][value="yes"]').check();
        await page.locator('input[name="adult0-lives"][value="yes"]').check();
        await page.locator('#parentDetailsUnknownReason').fill('The father is not known.');
        expect(await go('Continue')).toBe('/contacts/new/concerns');
        await page.locator('input[name="urgency"][value="routine"]').check();
        await page.locator('input[name="familySpokenTo"][value="yes"]').check();
        await page.locator('input[name="consentDecision"][value="given"]').check();
        expect(await go('Continue')).toBe('/contacts/new/check');
        expect(await go('Send contact')).toMatch(/^\/contacts\/[0-9a-f-]{36}$/);
      } finally {
        await page.context().close();
      }
    }, 120_000);
  });

  it.each([
    { mode: 'JavaScript on', javaScript: true },
    { mode: 'JavaScript off', javaScript: false },
  ])(
    'offers printing on the child record with $mode, and prints without the menus',
    async ({ javaScript }) => {
      const page = await signedInPage({ javaScript }, baton.url, 'lead-professional');
      try {
        await page.goto(`${baton.url}/children/${ids.child}`);
        const button = page.getByRole('button', { name: 'Print this page' });
        const hint = page.getByText('To print this page, use your browser’s Print command');
        // The button only where script can open the print dialogue; the words only where it cannot.
        expect(await button.isVisible()).toBe(javaScript);
        expect(await hint.isVisible()).toBe(!javaScript);
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false);
        expect(await page.locator('.govuk-footer').isVisible()).toBe(false);
        expect(await button.isVisible()).toBe(false);
        expect(await hint.isVisible()).toBe(false);
        expect(await page.locator('h1').innerText()).toBe('Juniper Narrowdale-Longfellow');
        expect(await page.getByText('Printed from Baton by').isVisible()).toBe(true);
      } finally {
        await page.context().close();
      }
    },
    60_000,
  );
});
