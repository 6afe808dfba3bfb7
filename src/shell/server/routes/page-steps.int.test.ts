/**
 * Issue 14 items 2 and 7, on every database, under Stockport's pack: every step the pack offers
 * is a link where the user is (child record, early help episode), a form is shown only to someone
 * who may send it with any refusal before typing, and each fact shows one truth (the level after
 * the front door's decision, who gave consent, the child named on work pages, one page for an
 * episode). A school DSL refers a family of two children; the MASSH refers it to the Early Help
 * Hub. People are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/test-databases.js';
import { pageClient } from '../../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();
const MONDAY = new Date('2026-03-02T10:00:00.000Z');

const parents = [
  { adult: 'mum', relationship: 'mother', parentalResponsibility: true, livesWithChild: true },
  { adult: 'dad', relationship: 'father', parentalResponsibility: true, livesWithChild: true },
];

describe.each(dialects)('steps and one truth on %s (BATON_PACK=stockport)', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const { get, postJson, postForm } = pageClient(() => s.app, cookies);
  let childId = '';
  let siblingId = '';
  let episodeId = '';

  beforeAll(async () => {
    s = await startTestServer({
      dialect,
      clock: () => MONDAY,
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    for (const u of ['dsl', 'team-manager', 'eh-manager', 'business-support'])
      cookies[u] = await apiSignIn(s.app, u);
    const made = await postJson(
      '/api/contacts',
      {
        urgency: 'routine',
        familySpokenTo: true,
        concerns: 'Both children often arrive hungry; the family has moved twice this year.',
        referrerLevel: 3,
        consent: { decision: 'given', givenBy: 'mum' },
        adults: [
          { key: 'mum', person: { givenName: 'Juniper', familyName: 'Stepsworth' } },
          { key: 'dad', person: { givenName: 'Caspian', familyName: 'Stepsworth' } },
        ],
        children: [
          {
            person: { givenName: 'Wren', familyName: 'Stepsworth', dateOfBirth: '2017-06-20' },
            parents,
          },
          {
            person: { givenName: 'Ash', familyName: 'Stepsworth', dateOfBirth: '2019-02-11' },
            parents,
          },
        ],
      },
      'dsl',
    );
    expect(made.statusCode, made.body).toBe(201);
    const contact = made.json<{ workItemId: string; childIds: string[] }>();
    childId = contact.childIds[0] ?? '';
    siblingId = contact.childIds[1] ?? '';
    const view = await get(`/api/contacts/${contact.workItemId}`, 'team-manager');
    const decided = await postJson(
      `/api/contacts/${contact.workItemId}/decision`,
      {
        transitionId: 'refer-to-early-help-hub',
        version: view.json<{ version: number }>().version,
        rationale: 'Needs at level 3: the Early Help Hub will find a lead professional.',
      },
      'team-manager',
    );
    expect(decided.statusCode, decided.body).toBe(200);
  });
  afterAll(() => s.close());

  it('shows the level the front door decided, not universal services, before early help opens', async () => {
    const record = await get(`/children/${childId}`, 'dsl');
    expect(record.statusCode).toBe(200);
    expect(record.body).not.toContain('Universal');
    expect(record.body).toMatch(/Level 3<\/strong>/);
    expect(record.body).toContain('Early Help Hub');
  });

  it('links the child record to opening early help, only for a role that may open it', async () => {
    const record = await get(`/children/${childId}`, 'dsl');
    expect(record.body).toContain(`href="/children/${childId}/early-help/new"`);
    // Business support may read the record but not open an episode: no link, and the form
    // says why instead of being shown.
    const bs = await get(`/children/${childId}`, 'business-support');
    if (bs.statusCode === 200) expect(bs.body).not.toContain(`/children/${childId}/early-help/new`);
    const form = await get(`/children/${childId}/early-help/new`, 'business-support');
    expect(form.body).not.toContain('name="consentDecision"');
  });

  it('shows consent to early help already held for checking, rather than asking for it again', async () => {
    const url = `/children/${siblingId}/early-help/new`;
    expect((await get(url, 'dsl')).body).not.toMatch(
      /name="consentGivenByName"[^>]*value="Juniper/,
    );
    const child = (await get(`/api/children/${siblingId}`, 'dsl')).json<{
      relatedAdults: { personId: string; name: string }[];
    }>();
    const mum = child.relatedAdults.find((a) => a.name.startsWith('Juniper'));
    const recorded = await postJson(
      `/api/children/${siblingId}/consents`,
      {
        purpose: 'early-help',
        decision: 'given',
        givenByKind: 'parent-with-pr',
        givenByPersonId: mum?.personId,
        method: 'written',
        documentRef: 'Signed early help consent form (invented)',
        recordedOn: '2026-03-02',
      },
      'dsl',
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    const form = (await get(url, 'dsl')).body;
    expect(form).toMatch(/name="consentGivenByName"[^>]*value="Juniper Stepsworth"/);
    expect(form).toMatch(/name="consentMethod"[^>]*value="written"[^>]*checked/);
  });

  it('records consent given by the mother as given by her, and opens early help for both children', async () => {
    const url = `/children/${childId}/early-help/new`;
    // The family (§4): the form offers the other child of the contact.
    const form = await get(url, 'dsl');
    expect(form.body).toMatch(new RegExp(`name="alsoFor"[^>]*value="${siblingId}"`));
    const opened = await postForm(
      url,
      url,
      {
        consentDecision: 'given',
        consentGivenBy: 'parent-with-pr',
        consentGivenByName: 'Juniper Stepsworth',
        consentMethod: 'verbal',
        leadWho: 'me',
        leadAgreed: 'yes',
        reason: 'Referred by the MASSH to the Early Help Hub.',
        alsoFor: siblingId,
      },
      'dsl',
    );
    expect(opened.statusCode, opened.body).toBe(303);
    episodeId = /\/early-help\/([^?]+)/.exec(opened.headers.location ?? '')?.[1] ?? '';
    const record = await get(`/children/${childId}`, 'dsl');
    const consent = record.body.slice(record.body.indexOf('id="consent"'));
    expect(consent).toContain('Given by Juniper Stepsworth');
    // The ledger row says who and how, in one cell.
    expect(consent).toContain('Juniper Stepsworth, verbal');
    expect(consent).not.toContain('young person');
    expect(consent).not.toMatch(/<td[^>]*>, verbal/);
    // Once open, the record links to the episode rather than offering another.
    expect(record.body).not.toContain(`href="/children/${childId}/early-help/new"`);
    expect(record.body).toContain(`/early-help/${episodeId}`);
    // Ash has an episode of their own, with the same consent, kept on their own record.
    const ash = await get(`/children/${siblingId}`, 'dsl');
    expect(ash.body).toContain('Go to the early help episode');
    expect(ash.body.slice(ash.body.indexOf('id="consent"'))).toContain(
      'Given by Juniper Stepsworth',
    );
    // No review before there is a plan to review: the link is not offered while the EHA is under
    // way; closing (the family withdrawing consent) is.
    const page = await get(`/early-help/${episodeId}`, 'dsl');
    expect(page.body).not.toContain(`href="/early-help/${episodeId}/review"`);
    expect(page.body).toContain(`href="/early-help/${episodeId}/close"`);
    // The close form offers only the reasons the pack allows from the EHA: consent withdrawn.
    const close = await get(`/early-help/${episodeId}/close`, 'dsl');
    expect(close.statusCode).toBe(200);
    expect(
      [...close.body.matchAll(/name="reason" type="radio" value="([^"]+)"/g)].map((m) => m[1]),
    ).toEqual(['consent-declined']);
  });

  it('shows one review date: a review agreed earlier than the guidance allows is when it is due', async () => {
    const call = (method: 'PUT' | 'POST', url: string, payload: object) =>
      s.app.inject({ method, url, payload, headers: { cookie: cookies.dsl ?? '' } });
    const url = `/api/early-help-episodes/${episodeId}/assessment`;
    const full = await call('PUT', url, {
      family: 'Mother, father, Wren and Ash.',
      childVoice: '"I am hungry at school."',
      strengths: 'Both parents want help.',
      needs: 'Food; a settled home.',
      version: 0,
    });
    expect(full.statusCode, full.body).toBe(200);
    const version = full.json<{ version: number }>().version;
    const done = await call('POST', `${url}/complete`, { planLevel: 3, version });
    expect(done.statusCode, done.body).toBe(200);
    type Episode = {
      nextReviewDue: string;
      plan: { version: number };
      deadlines: { timescaleId: string; due: string }[];
    };
    const before = done.json<{ episode: Episode }>().episode;
    const limit = before.nextReviewDue;
    const earlier = '2026-03-30';
    expect(limit > earlier).toBe(true);
    const planned = await call('PUT', `/api/early-help-episodes/${episodeId}/plan`, {
      outcomes: ['Wren and Ash eat breakfast every school day'],
      nextReviewDate: earlier,
      version: before.plan.version,
    });
    expect(planned.statusCode, planned.body).toBe(200);
    const e = planned.json<Episode>();
    expect(e.nextReviewDue).toBe(earlier);
    expect(e.deadlines.find((d) => d.timescaleId === 'eh-review')?.due).toBe(earlier);
    // The page, the record's open deadlines and My work read the same date.
    const page = await get(`/early-help/${episodeId}`, 'dsl');
    const record = await get(`/children/${childId}`, 'dsl');
    for (const body of [page.body, record.body]) {
      expect(body).not.toContain(limit);
      expect(body).not.toMatch(/13 April 2026/);
    }
    expect(record.body).toContain('30 March 2026');
    // With a plan in place, the review is offered.
    expect(page.body).toContain(`href="/early-help/${episodeId}/review"`);
  });

  it('shows each child the family around them: the other children, whom they share, and their open work (§4)', async () => {
    const wren = await get(`/children/${childId}`, 'dsl');
    const family = wren.body.slice(wren.body.indexOf('id="household"'));
    expect(family).toContain(`href="/children/${siblingId}">Ash Stepsworth</a>`);
    expect(family).toContain('Juniper Stepsworth, Caspian Stepsworth');
    const ash = await get(`/children/${siblingId}`, 'dsl');
    const theirs = ash.body.slice(ash.body.indexOf('id="household"'));
    expect(theirs).toContain(`href="/children/${childId}">Wren Stepsworth</a>`);
    // Wren's early help episode shows from Ash's record, so the second child is not left unseen.
    expect(theirs).toContain(`href="/early-help/${episodeId}"`);
    // Listing the family is audited, as every list of children is.
    const audited = await s.database.db
      .selectFrom('audit_events')
      .select('object_id')
      .where('action', '=', 'child.household.list')
      .execute();
    expect(audited.map((a) => a.object_id)).toContain(siblingId);
  });

  it('has one page for the episode: the work page sends you to it', async () => {
    const work = await get(`/work/${episodeId}`, 'dsl');
    expect(work.statusCode).toBe(303);
    expect(work.headers.location).toBe(`/early-help/${episodeId}`);
  });

  it('offers the step up on the episode page, and names the child on the step page', async () => {
    const page = await get(`/early-help/${episodeId}`, 'dsl');
    expect(page.body).toContain(`href="/work/${episodeId}/steps/request-step-up-to-social-care"`);
    const step = await get(`/work/${episodeId}/steps/request-step-up-to-social-care`, 'dsl');
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('Wren Stepsworth');
  });

  it('says before typing that Stockport has no new-concerns step, and offers only what may be sent', async () => {
    const page = await get(`/early-help/${episodeId}/new-concerns`, 'dsl');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('no new-concerns step');
    // The "no, hold a multi-agency meeting" route would be refused, so it is not offered.
    expect(page.body).not.toMatch(/name="childProtection"[^>]*value="no"/);
  });
});
