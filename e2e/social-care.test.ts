/**
 * Step down and step up in a real browser, with JavaScript on and off, under Stockport's pack
 * (001): a step-down transfer request refused for missing consent, corrected and resubmitted,
 * then authorised by the lead professional's manager from the tray, which starts the early help
 * episode; and route 2, the EHA outcome "Request step up to social care", agreed by the delegated
 * person and authorised by the social care team manager from their tray, which starts the Child
 * and Family Assessment. Every page passes axe-core at WCAG 2.2 AA. People are invented.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addInvolvement } from '../src/shell/repositories/index.js';
import { twoParentContact } from '../src/shell/testing/contact-fixtures.js';
import { type TestServer } from '../src/shell/testing/test-server.js';
import {
  api,
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

const MONDAY = new Date('2026-03-02T10:00:00.000Z');

/** A school contact about one child; returns the child and mother ids and the contact's work id. */
async function contact(server: TestServer, givenName: string) {
  const made = await api(
    server,
    'practitioner',
    '/api/contacts',
    twoParentContact(
      { givenName, familyName: 'Stepwell', dateOfBirth: '2016-05-05' },
      {
        concerns: `${givenName}'s family needs more help than the school can give.`,
        referrerLevel: 4,
        mother: 'Rowan',
        father: 'Ash',
        fatherLivesWithChild: false,
      },
    ),
  );
  const childId = (made.childIds as string[])[0] ?? '';
  const record = await api(server, 'team-manager', `/api/children/${childId}`);
  const adults = record.relatedAdults as { personId: string; relationship: string }[];
  const motherId = adults.find((a) => a.relationship === 'mother')?.personId ?? '';
  return { childId, motherId, contactId: made.workItemId as string };
}

const followedBy = async (server: TestServer, user: string, id: string): Promise<string> => {
  const view = await api(server, user, `/api/work-items/${id}/view`);
  const next = view.followedBy as { workItemId: string } | null;
  if (!next) throw new Error(`no work followed ${id}`);
  return next.workItemId;
};

describe.skipIf(skipBrowserTests)('step down and step up in Chromium (Stockport)', () => {
  const baton = startBatonAndChromium({
    clock: () => MONDAY,
    env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
  });

  /** Authorise the first request in the user's tray whose title is `name`. */
  const authoriseFromTray = async (javaScript: boolean, user: string, name: string) => {
    const manager = await signedInPage({ javaScript }, baton.url, user);
    try {
      await manager.goto(`${baton.url}/tray`);
      const card = manager.locator('.govuk-summary-card').filter({ hasText: name }).first();
      await expectNoAxeViolations(manager, `${user}'s tray`);
      const done = await submit(manager, card.getByRole('button', { name: 'Authorise' }));
      expect(done.status()).toBe(303);
      expect(await manager.locator('.govuk-notification-banner').innerText()).toContain(
        'authorised',
      );
    } finally {
      await manager.context().close();
    }
  };

  describe.each(JAVASCRIPT_MODES)('with $mode', ({ mode, javaScript }) => {
    let page: Page;
    afterAll(async () => {
      await page.context().close();
    });

    it('refuses a step-down transfer without consent, then authorises it once consent is recorded (001)', async () => {
      const { childId, motherId, contactId } = await contact(
        baton.server,
        javaScript ? 'Tam' : 'Lou',
      );
      // The front door accepts it for an assessment, which ends in a CIN / TAC plan.
      const decided = await api(
        baton.server,
        'team-manager',
        `/api/work-items/${contactId}/transitions`,
        {
          transitionId: 'decide-cf-assessment',
          payload: { rationale: 'Level 4 needs: a Children and Family Assessment.' },
        },
      );
      expect(decided.status).toBe('applied');
      const assessment = await followedBy(baton.server, 'team-manager', contactId);
      await api(baton.server, 'team-manager', `/api/work-items/${assessment}/transitions`, {
        transitionId: 'cin-plan',
        payload: { rationale: 'A child in need plan under s17.' },
      });
      const cin = await followedBy(baton.server, 'team-manager', assessment);
      await api(baton.server, 'social-worker', `/api/work-items/${cin}/transitions`, {
        transitionId: 'step-down-tac-meeting',
        payload: { minutes: 'Needs have reduced; an early help lead professional will take over.' },
      });

      page = await signedInPage({ javaScript }, baton.url, 'social-worker');
      await page.goto(`${baton.url}/children/${childId}`);
      await page.getByRole('link', { name: 'Child in need (CIN / TAC) plan' }).click();
      await page.waitForLoadState('load');
      expect(await heading(page)).toBe('Child in need (CIN / TAC) plan');
      await expectNoAxeViolations(page, `CIN plan (${mode})`);
      const stepName =
        'Transfer request: step down to early help (lead professional in Stockport Family)';
      await page.getByRole('link', { name: stepName }).click();
      await page.waitForLoadState('load');
      expect(await heading(page)).toBe(stepName);
      await expectNoAxeViolations(page, `transfer request form (${mode})`);

      await page
        .locator('#answer-leadProfessionalUserId')
        .selectOption({ label: 'Lee Leadprof (demo) (Millbrook Early Help Hub (demo))' });
      await page.locator('#answer-stepDownPlan').fill('Six-weekly TAF meetings led by early help.');
      await page.locator('#answer-ifConcernsRise').fill('The lead professional calls the MASSH.');
      await page.locator('#answer-stepDownMeetingMinutes').fill('Minutes of 2 March 2026.');
      await page.locator('#answer-closureSummary').fill('Needs reduced and sustained.');
      const refused = await submit(
        page,
        page.getByRole('button', { name: 'Ask for authorisation' }),
      );
      // "If consent is not given ... the transfer request will be refused"
      expect(refused.status()).toBe(422);
      expect(await errorSummaryHrefs(page)).toEqual(['#step']);
      const why = await page.locator('.govuk-inset-text').innerText();
      expect(why).toContain('The transfer request includes consent from the parents or carers');
      expect(why).toContain('Step Down from Social care to Early Help support');
      expect(await page.locator('#answer-closureSummary').inputValue()).toBe(
        'Needs reduced and sustained.',
      );
      await expectNoAxeViolations(page, `transfer refused (${mode})`);

      // Corrected: the parents' consent is recorded at the step-down TAC meeting...
      await api(baton.server, 'social-worker', `/api/children/${childId}/consents`, {
        purpose: 'step-down-transfer',
        decision: 'given',
        givenByKind: 'parent-with-pr',
        givenByPersonId: motherId,
        method: 'verbal',
        recordedOn: '2026-03-02',
      });
      // ...and the same request, with everything typed still there, is sent again.
      const sent = await submit(page, page.getByRole('button', { name: 'Ask for authorisation' }));
      expect(sent.status()).toBe(303);
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        "waiting in a manager's tray",
      );

      // The lead professional's manager (early help) authorises it from their tray.
      await authoriseFromTray(javaScript, 'eh-manager', stepName);
      await page.reload();
      const main = await page.locator('main').innerText();
      expect(main).toContain('Closed: stepped down to a TAF plan led by early help');
      await page.getByRole('link', { name: 'Early help episode' }).click();
      await page.waitForLoadState('load');
      const episode = await page.locator('main').innerText();
      expect(episode).toContain('Early Help Assessment under way');
      expect(episode).toContain('Lee Leadprof (demo)');
      // The EHA is due 30 working days after the step down (Good Friday and Easter Monday skipped).
      expect(episode).toContain('15 April 2026');
      await expectNoAxeViolations(page, `early help episode after step down (${mode})`);
    });

    it('steps up through route 2: agreed by the delegated person, authorised in social care’s tray (001)', async () => {
      const { childId, motherId } = await contact(baton.server, javaScript ? 'Kai' : 'Remy');
      // The school's teacher leads the EHA; the school's safeguarding lead is the delegated person.
      const lead = await baton.server.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'practitioner')
        .select('agency_id')
        .executeTakeFirstOrThrow();
      // The teacher works with the child (the school is a universal service for them).
      await addInvolvement(baton.server.database.db, {
        childId,
        agencyId: lead.agency_id,
        userId: lead.id,
        role: 'universal-service',
        from: '2026-03-02',
        now: MONDAY.toISOString(),
      });
      const opened = await api(
        baton.server,
        'practitioner',
        `/api/children/${childId}/early-help-episodes`,
        {
          consent: {
            decision: 'given',
            givenBy: 'parent-with-pr',
            givenByName: 'Rowan Stepwell',
            givenByPersonId: motherId,
            method: 'verbal',
          },
          leadProfessional: { userId: lead.id, agreedWithFamily: true },
          reason: 'Family asks for help.',
        },
      );
      const episodeId = (opened.episode as { id: string }).id;
      await api(baton.server, 'practitioner', `/api/children/${childId}/consents`, {
        purpose: 'front-door-referral',
        decision: 'given',
        givenByKind: 'parent-with-pr',
        givenByPersonId: motherId,
        method: 'verbal',
        recordedOn: '2026-03-02',
      });

      const leadPage = await signedInPage({ javaScript }, baton.url, 'practitioner');
      try {
        const ask = async (name: string) => {
          await leadPage.goto(`${baton.url}/work/${episodeId}`);
          await leadPage.getByRole('link', { name }).click();
          await leadPage.waitForLoadState('load');
          expect(await heading(leadPage)).toBe(name);
          await leadPage.locator('#answer-rationale').fill('The EHA shows needs at level 4.');
          const sent = await submit(
            leadPage,
            leadPage.getByRole('button', { name: 'Ask for authorisation' }),
          );
          expect(sent.status()).toBe(303);
        };
        const first =
          'EHA outcome: request step up to social care (agreed by the delegated person)';
        await ask(first);
        await expectNoAxeViolations(leadPage, `step up requested (${mode})`);
        await authoriseFromTray(javaScript, 'dsl', first);
        // Once agreed, it goes straight to the social care team manager's tray (issue 14 §5):
        // nobody has to ask again, and the page says whom it waits for.
        const second =
          'Step up to social care: authorised by the Locality Social Work team manager';
        await leadPage.goto(`${baton.url}/work/${episodeId}`);
        await expectMainToContain(leadPage, `Waiting for authorisation: ${second}`);
        await authoriseFromTray(javaScript, 'team-manager', second);
        await leadPage.goto(`${baton.url}/work/${episodeId}`);
        const main = await leadPage.locator('main').innerText();
        expect(main).toContain('Stepped up to social care');
        expect(main).toContain('Child and Family Assessment');
        await expectNoAxeViolations(leadPage, `episode stepped up (${mode})`);

        // The team manager allocates a social worker to the assessment, who is told at once.
        const assessment = await leadPage
          .getByRole('link', { name: 'Child and Family Assessment' })
          .first()
          .getAttribute('href');
        const manager = await signedInPage({ javaScript }, baton.url, 'team-manager');
        try {
          await manager.goto(`${baton.url}${assessment ?? ''}`);
          await expectMainToContain(manager, 'Not allocated yet');
          await expectNoAxeViolations(manager, `assessment to allocate (${mode})`);
          await manager.locator('#userId').selectOption({ label: 'Sam Socialworker (demo)' });
          const allocated = await submit(
            manager,
            manager.getByRole('button', { name: 'Allocate' }),
          );
          expect(allocated.status()).toBe(303);
          await expectMainToContain(manager, 'Sam Socialworker (demo)');
        } finally {
          await manager.context().close();
        }
        const worker = await signedInPage({ javaScript }, baton.url, 'social-worker');
        try {
          await worker.goto(`${baton.url}/notifications`);
          await expectMainToContain(
            worker,
            'You are the allocated worker: Child and Family Assessment',
          );
          expect(await worker.locator('a[href="/notifications"]').innerText()).toMatch(
            /Notifications \d+/,
          );
          await expectNoAxeViolations(worker, `notifications (${mode})`);
        } finally {
          await worker.context().close();
        }
      } finally {
        await leadPage.context().close();
      }
    });
  });
});
