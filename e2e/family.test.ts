/**
 * The household view (issue 14 §4) in a real browser, with JavaScript on and off, checked with
 * axe-core at WCAG 2.2 AA: reached from the child record's "Other children in the family", it
 * shows the family's children the reader may see, their adults with parental responsibility, and
 * each child's open work and level. A half-brother the reader does not work with is left out.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
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
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
} from './browser.js';

const SERVER_NOW = new Date('2026-11-24T09:00:00.000Z');
const stockport = loadPacks().get('stockport') as ResolvedPack;

describe.skipIf(skipBrowserTests)('the household view in Chromium', () => {
  const ctxFor = async (username: string): Promise<RequestContext> => {
    const now = SERVER_NOW.toISOString();
    const base = { actor: null, requestId: 'e2e', remoteAddress: null, now };
    const { actor } = await signInActor(baton.server.database.db, base, username, TEST_PASSWORD);
    return { ...base, actor };
  };

  /** Two children the lead professional works with, both parents, and a half-brother he does not. */
  async function seed(familyName: string) {
    const lead = await ctxFor('lead-professional');
    return baton.server.database.db.transaction().execute(async (trx) => {
      const person = (kind: 'child' | 'adult', givenName: string, dateOfBirth?: string) =>
        insertPerson(trx, lead, { kind, givenName, familyName, dateOfBirth });
      const poppy = await person('child', 'Poppy', '2017-03-09');
      const reed = await person('child', 'Reed', '2020-10-01');
      const hidden = await person('child', 'Sorrel', '2010-06-15');
      const mum = await person('adult', 'Linden');
      const dad = await person('adult', 'Birch');
      const link = (childId: string, personId: string, relationship: string, pr: boolean) =>
        insertRelationship(trx, lead, {
          childId,
          personId,
          relationship,
          parentalResponsibility: pr,
          livesWithChild: relationship === 'mother',
        });
      await link(poppy, mum, 'mother', true);
      await link(reed, mum, 'mother', true);
      await link(hidden, mum, 'mother', true);
      await link(poppy, dad, 'father', true);
      await link(reed, dad, 'father', false);
      for (const childId of [poppy, reed])
        await addInvolvement(trx, {
          childId,
          agencyId: lead.actor?.agencyId ?? '',
          userId: lead.actor?.userId ?? null,
          role: 'lead-professional',
          from: '2026-11-01',
          now: lead.now,
        });
      const episode = await startWork(trx, lead, {
        pack: stockport,
        workflowId: 'early-help-episode',
        subjectType: 'child',
        subjectId: reed,
        childIds: [reed],
        level: 3,
        ownerAgencyId: lead.actor?.agencyId ?? '',
      });
      return { poppy, reed, episode };
    });
  }

  const baton = startBatonAndChromium({
    clock: () => SERVER_NOW,
    env: { BATON_SIGN_IN_LIMIT: '1000' },
  });

  describe.each([
    { mode: 'JavaScript on', javaScript: true, family: 'Hollins' },
    { mode: 'JavaScript off', javaScript: false, family: 'Ashgrove' },
  ])('with $mode', ({ mode, javaScript, family }) => {
    let page: Page | undefined;
    afterAll(async () => {
      await page?.context().close();
    });

    it('is reached from the child record and shows the children, adults with parental responsibility and open work, without axe violations', async () => {
      const ids = await seed(family);
      page = await signedInPage({ javaScript }, baton.url, 'lead-professional');
      expect((await page.goto(`${baton.url}/children/${ids.poppy}`))?.status()).toBe(200);
      await Promise.all([
        page.waitForURL(/\/family$/),
        page.getByRole('link', { name: /See the whole family/ }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe(`/children/${ids.poppy}/family`);
      expect(await page.locator('h1').innerText()).toBe(`Poppy ${family}’s family`);
      const children = await page
        .locator('table:has(caption:text("Children in the family"))')
        .innerText();
      expect(children).toContain(`Poppy ${family}`);
      expect(children).toContain(`Reed ${family}`);
      expect(children).toMatch(/Level 3/);
      expect(children).toContain('Early help episode');
      expect(children).toContain('Universal');
      expect(await page.locator('main').innerText()).not.toContain('Sorrel');
      const adults = await page
        .locator('table:has(caption:text("Adults in the family"))')
        .innerText();
      expect(adults).toContain(`Mother of Reed ${family}: has parental responsibility`);
      expect(adults).toContain(`Father of Reed ${family}: no parental responsibility`);
      await expectNoAxeViolations(page, `household view (${mode})`);

      // The early help episode page links to the same view for its child.
      await page.goto(`${baton.url}/early-help/${ids.episode}`);
      await Promise.all([
        page.waitForURL(/\/family$/),
        page.getByRole('link', { name: /See the whole family/ }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe(`/children/${ids.reed}/family`);
      await expectNoAxeViolations(page, `household view from early help (${mode})`);
    });
  });
});
