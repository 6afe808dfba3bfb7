/**
 * The front door in a real browser, with JavaScript on and off: a contact made from a
 * levels-of-need check through the question pages (an error, check your answers, a change,
 * sending it), then the triage tray and a contact's page at the front door. Every page passes
 * axe-core at WCAG 2.2 AA. All names are invented.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  button,
  errorSummaryLinks,
  expectMainToContain,
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

// An indicator from policy-packs/stockport.yaml (the default deployment pack).
const STK_L4_SERIOUS_HARM = 'stk-urgent-serious-harm';

const path = (page: Page): string => new URL(page.url()).pathname;

describe.skipIf(skipBrowserTests)('the front door in Chromium', () => {
  const baton = startBatonAndChromium({ env: { BATON_SIGN_IN_LIMIT: '1000' } });

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ mode, javaScript }) => {
    let page: Page;
    let reference = '';
    let workItemId = '';
    const family = javaScript ? 'Ravensworth' : 'Thistlewood';

    beforeAll(async () => {
      page = await signedInPage({ javaScript }, baton.url, 'practitioner');
    });

    afterAll(async () => {
      await page.context().close();
    });

    it('starts a contact on the check result, from the signed-in user shown for checking, so its reasons fill in the concerns', async () => {
      await open(page, baton.url, '/check/stockport');
      await page.locator('input[name="immediateDanger"][value="no"]').check();
      await page.locator(`input[name="indicators"][value="${STK_L4_SERIOUS_HARM}"]`).check();
      await submit(page, page.getByRole('button', { name: 'Check level of need' }));
      const checkId = path(page).split('/').pop() ?? '';

      // The result is where the referral starts (issue 14 §3): the referrer is the signed-in
      // user, named with their agency, not asked.
      const me = (await page.locator('.baton-signed-in > strong').innerText()).trim();
      const start = page.locator('#make-a-contact');
      expect(await start.innerText()).toMatch(/^Make a contact to /);
      await expectMainToContain(
        page,
        new RegExp(`From\\s+You, ${me.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, \\S`),
      );
      await expectNoAxeViolations(page, `check result with the contact's start (${mode})`);
      const begun = await submit(page, button(page, 'Start the contact'));
      expect(begun.status()).toBe(303);
      expect(path(page)).toBe('/contacts/new/family');
      // Back goes to the check it started from.
      expect(await page.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe(
        `/checks/${checkId}`,
      );

      // The start page, for a contact from a check reached another way, starts afresh the same.
      expect(await open(page, baton.url, `/contacts/new?thresholdCheckId=${checkId}`)).toBe(200);
      expect(await heading(page)).toMatch(/^Make a contact to /);
      expect(await page.locator('.govuk-inset-text').innerText()).toContain('levels-of-need check');
      await expectNoAxeViolations(page, `contact start (${mode})`);
      const started = await submit(page, button(page, 'Start a new contact'));
      expect(started.status()).toBe(303);
      expect(path(page)).toBe('/contacts/new/family');
    });

    it('refuses the family page empty: 400 and an error summary linking to the field', async () => {
      const refused = await submit(page, button(page, 'Continue'));
      expect(refused.status()).toBe(400);
      const links = await errorSummaryLinks(page);
      expect(links[0]).toMatch(/^#child0-givenName Enter a first name/);
      // The empty rows are not refused: only the first child, and both parents or why not.
      expect(links.filter((l) => /^#(child[1-9]|adult)/.test(l))).toEqual([]);
      expect(await page.locator('#child0-givenName').count()).toBe(1);
      expect(await page.title()).toMatch(/^Error: /);
      await expectNoAxeViolations(page, `family with errors (${mode})`);
    });

    it('takes every child and both parents on one page, adding a row beyond those shown without JavaScript (001)', async () => {
      // Rows for more than one child and both parents are there already: no round trip.
      expect(await page.locator('#child1-givenName').count()).toBe(1);
      expect(await page.locator('#adult1-givenName').count()).toBe(1);
      const shown = await page.locator('fieldset[id^="child"].baton-repeat').count();
      await page.locator('#child0-givenName').fill('Ottilie');
      await page.locator('#child0-familyName').fill(family);
      await fillDateInput(page, 'child0-dob', '2018-04-02');
      await page.locator('#child0-nhsNumber').fill('999 000 1235');
      // A brother's last name left blank is the first child's: told once.
      await page.locator('#child1-givenName').fill('Percy');
      const added = await submit(page, button(page, 'Add another child'));
      expect(added.status()).toBe(303);
      // What was typed survives the round trip, the surname is filled in for checking, and
      // there is one more row than before.
      expect(await page.locator('#child0-givenName').inputValue()).toBe('Ottilie');
      expect(await page.locator('#child1-familyName').inputValue()).toBe(family);
      expect(await page.locator('fieldset[id^="child"].baton-repeat').count()).toBe(shown + 1);
      // The draft kept between pages is encrypted: the browser never holds the names in clear.
      const jar = await page.context().cookies();
      expect(jar.some((c) => c.name.startsWith('baton_contact'))).toBe(true);
      expect(JSON.stringify(jar)).not.toContain('Ottilie');
      await expectNoAxeViolations(page, `family (${mode})`);

      // Only one parent: the page asks for the other, or why not.
      await page.locator('#adult0-givenName').fill('Imogen');
      await page.locator('#adult0-familyName').fill(family);
      await page.locator('#adult0-relationship').selectOption('mother');
      await page.locator('input[name="adult0-pr"][value="yes"]').check();
      await page.locator('input[name="adult0-lives"][value="yes"]').check();
      await page.locator('input[name="adult0-children"][value="0"]').check();
      await page.locator('input[name="adult0-children"][value="1"]').check();
      // The family's home (the GOV.UK address pattern, optional).
      await page.locator('#adult0-addressLine1').fill('12 Ash Road (demo)');
      await page.locator('#adult0-town').fill('Stockport');
      await page.locator('#adult0-postcode').fill('SK1 3XE');
      const refused = await submit(page, button(page, 'Continue'));
      expect(refused.status()).toBe(400);
      expect((await errorSummaryLinks(page)).join('\n')).toContain(
        "#parentDetailsUnknownReason Give both parents' details for Ottilie",
      );
      // The children are named on the parents' boxes once the page has them.
      expect(await page.locator('label[for="adult1-children-2"]').innerText()).toBe(
        `Percy ${family}`,
      );
      if (javaScript) {
        // With JavaScript the boxes name a child as soon as it is typed (blank surname: the first's).
        await page.locator('#child2-givenName').fill('Wilf');
        expect(await page.locator('label[for="adult0-children-3"]').innerText()).toBe(
          `Wilf ${family}`,
        );
        await page.locator('#child2-givenName').fill('');
        expect(await page.locator('label[for="adult0-children-3"]').innerText()).toBe('Child 3');
      }
      await expectNoAxeViolations(page, `parents with errors (${mode})`);

      await page.locator('#adult1-givenName').fill('Rupert');
      await page.locator('#adult1-familyName').fill(`${family}-Demo`);
      await page.locator('#adult1-relationship').selectOption('father');
      await page.locator('input[name="adult1-pr"][value="yes"]').check();
      await page.locator('input[name="adult1-lives"][value="no"]').check();
      await page.locator('input[name="adult1-children"][value="0"]').check();
      await page.locator('input[name="adult1-children"][value="1"]').check();
      expect((await submit(page, button(page, 'Continue'))).status()).toBe(303);
      expect(path(page)).toBe('/contacts/new/concerns');
    });

    it('shows the concerns filled in from the check, and asks about consent on the same page', async () => {
      expect(await page.locator('#concerns').inputValue()).toMatch(/^From a levels-of-need check/);
      expect(await page.locator('input[name="referrerLevel"][value="4"]').isChecked()).toBe(true);
      await page.locator('input[name="urgency"][value="today"]').check();
      await expectNoAxeViolations(page, `concerns and consent (${mode})`);

      await page.locator('input[name="familySpokenTo"][value="yes"]').check();
      await page.locator('input[name="consentDecision"][value="refused"]').check();
      const refused = await submit(page, button(page, 'Continue'));
      expect(refused.status()).toBe(400);
      // 004 §4: a refusal is recorded with why, and who was consulted.
      expect(await errorSummaryLinks(page)).toEqual([
        '#consulted Select whether you consulted your manager or your safeguarding lead',
        '#consentNotes Say why consent was refused and why you are making the contact without it',
      ]);
      // What was answered above the errors is kept.
      expect(await page.locator('input[name="urgency"][value="today"]').isChecked()).toBe(true);
      await expectNoAxeViolations(page, `consent with errors (${mode})`);
      await page.locator('input[name="consulted"][value="safeguarding-lead"]').check();
      await page
        .locator('#consentNotes')
        .fill('Mother refused; the concerns are serious, so the contact goes ahead.');
      await page.locator('input[name="consentGivenBy"][value="a0"]').check();
      expect((await submit(page, button(page, 'Continue'))).status()).toBe(303);
      expect(path(page)).toBe('/contacts/new/check');
    });

    it('checks the answers, changes one and comes back, then sends the contact', async () => {
      expect(await heading(page)).toBe('Check your answers before sending the contact');
      const text = await page.locator('main').innerText();
      expect(text).toContain(`Ottilie ${family}`);
      expect(text).toContain(`Percy ${family}`);
      expect(text).toContain('Mother of Ottilie and Percy');
      expect(text).toContain('Address: 12 Ash Road (demo), Stockport, SK1 3XE');
      // Three pages in all for a practitioner: the family, the concerns and consent, then this.
      expect(text).toContain('Make a contact · step 3 of 3');
      expect(text).toMatch(/From\s+You, .+, .+/);
      await expectNoAxeViolations(page, `check your answers (${mode})`);

      await Promise.all([
        page.waitForURL(/\/contacts\/new\/concerns\?change=1$/),
        page.getByRole('link', { name: 'Change your concerns' }).click(),
      ]);
      await page.locator('#concerns').fill(`Ottilie said she is frightened at home (${mode}).`);
      const saved = await submit(page, button(page, 'Save and return to check your answers'));
      expect(saved.status()).toBe(303);
      expect(path(page)).toBe('/contacts/new/check');
      await expectMainToContain(page, `Ottilie said she is frightened at home (${mode}).`);

      const sent = await submit(page, button(page, 'Send contact'));
      expect(sent.status()).toBe(303);
      expect(path(page)).toMatch(/^\/contacts\/[0-9a-f-]{36}$/);
      workItemId = path(page).split('/').pop() ?? '';
      const panel = page.locator('.govuk-panel');
      expect(await panel.innerText()).toMatch(/Contact sent to/);
      reference = (await panel.locator('strong').innerText()).trim();
      expect(reference).toMatch(/^FD-[0-9A-F]{4}-[0-9A-F]{4}$/);
      await expectNoAxeViolations(page, `contact sent (${mode})`);
      // The draft is gone: the form starts afresh.
      await open(page, baton.url, '/contacts/new/check');
      expect(path(page)).toBe('/contacts/new');
    });

    it('shows the front door the contact in the triage tray, and its page, where a worker sends a decision to a manager', async () => {
      const fd = await signedInPage({ javaScript }, baton.url, 'front-door');
      try {
        expect(await open(fd, baton.url, '/triage')).toBe(200);
        expect(await heading(fd)).toBe('Contacts to triage');
        const row = fd.locator('tbody tr', { hasText: reference });
        expect(await row.count()).toBe(1);
        expect(await row.innerText()).toContain('Level 4');
        await expectNoAxeViolations(fd, `triage tray (${mode})`);

        await Promise.all([
          fd.waitForURL(new RegExp(`/triage/${workItemId}$`)),
          row.getByRole('link').click(),
        ]);
        expect(await heading(fd)).toBe(`Contact ${reference}`);
        const main = await fd.locator('main').innerText();
        expect(main).toContain(`Ottilie ${family}`);
        expect(main).toContain('Levels-of-need check');
        // The children's home: the address of the mother they live with, kept on each child.
        expect(main).toContain('Home address\t12 Ash Road (demo), Stockport, SK1 3XE');
        await expectNoAxeViolations(fd, `triage contact (${mode})`);

        // A MASH request to a partner agency.
        await fd.locator('#agency').fill('Eastshire Police (demo)');
        await fd.locator('#question').fill('Any incidents at the address this year?');
        expect((await submit(fd, button(fd, 'Record the request'))).status()).toBe(303);
        expect(await fd.locator('.govuk-notification-banner--success').innerText()).toContain(
          'Request for information recorded',
        );

        await fd.locator('textarea[name="answer"]').fill('Two call-outs in January.');
        expect(
          (await submit(fd, fd.getByRole('button', { name: /^Record the answer from/ }))).status(),
        ).toBe(303);
        expect(
          await fd.locator('#mash').locator('xpath=following-sibling::*[1]').innerText(),
        ).toContain('Two call-outs in January.');

        // A decision without a choice is refused with the error summary.
        const refused = await submit(fd, button(fd, 'Record decision'));
        expect(refused.status()).toBe(400);
        expect(await errorSummaryLinks(fd)).toEqual(['#transitionId Select a decision']);
        await expectNoAxeViolations(fd, `triage decision with errors (${mode})`);

        // The pack's rules refuse a route for levels 2 and 3, naming the rule and its source.
        await fd.locator('input[name="transitionId"][value="identify-lead-professional"]').check();
        await fd.locator('#rationale').fill('A lead professional at school.');
        await fd.locator('#leadProfessionalName').fill('Rowan Example');
        await fd.locator('#leadProfessionalAgency').fill('Larkfield Primary School (demo)');
        const ruled = await submit(fd, button(fd, 'Record decision'));
        expect(ruled.status()).toBe(400);
        const ruleLinks = await errorSummaryLinks(fd);
        expect(ruleLinks).toHaveLength(1);
        expect(ruleLinks[0]).toMatch(
          /^#transitionId This route is for a level of need assessed at level 2 or 3.*Source: .*Step up from universal to early help/,
        );
        // What was typed is kept.
        expect(await fd.locator('#rationale').inputValue()).toBe('A lead professional at school.');
        await expectNoAxeViolations(fd, `triage decision refused by a rule (${mode})`);

        await fd.locator('input[name="transitionId"][value="decide-cf-assessment"]').check();
        await fd
          .locator('#rationale')
          .fill('Disclosure of fear at home: a Children and Family Assessment is needed.');
        const decided = await submit(fd, button(fd, 'Record decision'));
        expect(decided.status()).toBe(303);
        expect(await fd.locator('.govuk-notification-banner--success').innerText()).toContain(
          'Sent to a manager to authorise',
        );
        await expectNoAxeViolations(fd, `triage after decision (${mode})`);
        // Front-door staff begin by saying whether they are recording a call for someone else.
        await open(fd, baton.url, '/contacts/new');
        expect((await submit(fd, button(fd, 'Start now'))).status()).toBe(303);
        expect(path(fd)).toBe('/contacts/new/referrer');
        await fd.locator('input[name="channel"][value="telephone"]').check();
        const noName = await submit(fd, button(fd, 'Continue'));
        expect(noName.status()).toBe(400);
        expect(await errorSummaryLinks(fd)).toEqual([
          "#referrerName Enter the referrer's name",
          '#referrerAgency Enter the referrer\'s agency, or "member of the public"',
        ]);
        await expectNoAxeViolations(fd, `referrer with errors (${mode})`);
      } finally {
        await fd.context().close();
      }
    });
  });
});
