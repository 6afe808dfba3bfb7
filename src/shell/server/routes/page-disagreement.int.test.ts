/**
 * The professional disagreement pages under Walsall's Concern Resolution Process (002), on SQLite
 * and PostgreSQL: raising one from the child record, GOV.UK error summaries, coded refusals with
 * the pack's citations, each stage to resolution, and the overdue stage on the manager's My work
 * with a fixed clock. People and agencies are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/test-databases.js';
import { twoParentContact } from '../../testing/contact-fixtures.js';
import { pageClient, summaryHrefs } from '../../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();
/** A Friday: step 2's 1 working day runs to Monday 9 March, its 5 working days to Friday 13th. */
const FRIDAY = new Date('2026-03-06T10:00:00.000Z');
const NEXT_TUESDAY = new Date('2026-03-10T12:00:00.000Z');

const contactBody = twoParentContact(
  { givenName: 'Wren', familyName: 'Larkspur', dateOfBirth: '2017-02-14' },
  {
    concerns: 'Wren is often hungry at school and has missed nine days this term.',
    referrerLevel: 3,
    mother: 'Bryony',
    father: 'Fennel',
    fatherLivesWithChild: false,
  },
);

describe.each(dialects)('professional disagreement pages on %s (BATON_PACK=walsall)', (dialect) => {
  let now = FRIDAY;
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const signIn = async (u: string) => {
    cookies[u] = await apiSignIn(s.app, u);
  };
  const { get, postJson, postForm } = pageClient(() => s.app, cookies);
  const step = (
    id: string,
    transitionId: string,
    fields: Record<string, string>,
    user = 'lead-professional',
  ) =>
    postForm(
      `/disagreements/${id}/steps/${transitionId}`,
      `/disagreements/${id}/steps/${transitionId}`,
      fields,
      user,
    );

  let childId = '';
  let decisionId = '';
  let disagreementId = '';

  beforeAll(async () => {
    s = await startTestServer({ dialect, clock: () => now, env: { BATON_PACK: 'walsall' } });
    for (const u of [
      'practitioner',
      'team-manager',
      'lead-professional',
      'eh-manager',
      'police-demo',
    ])
      await signIn(u);
    // A school contact, decided by the MASH team manager: early help via the Early Help Hub,
    // which makes the Early Help Hub's lead professional and manager involved with the child.
    const made = await postJson('/api/contacts', contactBody, 'practitioner');
    expect(made.statusCode, made.body).toBe(201);
    const contactId = made.json<{ workItemId: string }>().workItemId;
    childId = made.json<{ childIds: string[] }>().childIds[0] ?? '';
    const before = await get(`/api/contacts/${contactId}`, 'team-manager');
    const decided = await postJson(
      `/api/contacts/${contactId}/decision`,
      {
        transitionId: 'decide-early-help-via-ehh',
        version: before.json<{ version: number }>().version,
        rationale: 'Needs are met by an Early Help Assessment and plan.',
      },
      'team-manager',
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const history = await get(`/api/work-items/${contactId}/transitions`, 'team-manager');
    decisionId =
      history
        .json<{ transitions: { id: string; transitionId: string }[] }>()
        .transitions.find((t) => t.transitionId === 'decide-early-help-via-ehh')?.id ?? '';
    expect(decisionId).not.toBe('');
  });
  afterAll(() => s.close());

  it('offers the child’s decisions and says a disagreement never blocks a referral (002)', async () => {
    const page = await get(`/children/${childId}/disagreements/new`, 'lead-professional');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain(`value="${decisionId}"`);
    expect(page.body).toContain('MASH contact: Early Help Assessment');
    expect(page.body).toContain('A disagreement never blocks or delays a referral');
    // The pack's front door: Walsall MASH, 0300 555 2866 option 2.
    expect(page.body).toContain('Walsall MASH');
    expect(page.body).toContain('0300 555 2866');
    const record = await get(`/children/${childId}`, 'lead-professional');
    expect(record.body).toContain(`/children/${childId}/disagreements/new`);
  });

  it('shows GOV.UK error summaries for a missing decision, person and description', async () => {
    const url = `/children/${childId}/disagreements`;
    const form = `${url}/new`;
    const none = await postForm(form, url, { withWhom: 'MASH', summary: 'x' }, 'lead-professional');
    expect(none.statusCode).toBe(400);
    expect(summaryHrefs(none.body)).toEqual(['#about']);
    expect(none.body).toContain('Choose which decision you disagree with');
    const blank = await postForm(
      form,
      url,
      { about: decisionId, withWhom: '', summary: ' ' },
      'lead-professional',
    );
    expect(blank.statusCode).toBe(400);
    expect(summaryHrefs(blank.body)).toEqual(['#withWhom', '#summary']);
    expect(blank.body).toContain(`value="${decisionId}" checked`);
    const other = await get(`/api/children/${childId}/disagreements`, 'lead-professional');
    expect(other.json<{ disagreements: unknown[] }>().disagreements).toEqual([]);
  });

  it('raises one and links it from the child record', async () => {
    const res = await postForm(
      `/children/${childId}/disagreements/new`,
      `/children/${childId}/disagreements`,
      {
        about: decisionId,
        withWhom: 'MASH team manager',
        summary: 'Hunger and absence suggest neglect: a Child and Family Assessment is needed.',
      },
      'lead-professional',
    );
    expect(res.statusCode, res.body).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/disagreements\/[^/?]+\?saved=raised$/);
    disagreementId = location.slice('/disagreements/'.length).split('?')[0] ?? '';
    const page = await get(location, 'lead-professional');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Stage 1 of 4: Step 1: discussion with colleagues');
    expect(page.body).toContain('MASH contact: Early Help Assessment');
    expect(page.body).toContain(`/disagreements/${disagreementId}/steps/escalate-to-line-managers`);
    expect(page.body).toContain(`/disagreements/${disagreementId}/steps/resolve`);
    expect(page.body).not.toContain('/steps/escalate-to-heads-of-service');
    const record = await get(`/children/${childId}`, 'lead-professional');
    expect(record.body).toContain(`href="/disagreements/${disagreementId}"`);
    // Someone who cannot see the child cannot read the disagreement either.
    const stranger = await get(`/disagreements/${disagreementId}`, 'police-demo');
    expect([403, 404]).toContain(stranger.statusCode);
    expect(stranger.body).not.toContain('Hunger and absence');
  });

  it('refuses a step without what the pack requires, in plain words with its citations', async () => {
    const refused = await step(disagreementId, 'escalate-to-line-managers', {
      'answer-response': 'Discussed with our designated lead; she shares the concern.',
    });
    expect(refused.statusCode).toBe(422);
    expect(summaryHrefs(refused.body)).toEqual(['#answer-informed', '#answer-outcome']);
    expect(refused.body).toContain('Reference: BATON_TRANSITION_REFUSED');
    expect(refused.body).toContain('Concern Resolution Process');
    expect(refused.body).toContain('Inform the Lead Professional/IRO/Chair');
    expect(refused.body).toContain('she shares the concern');
    // A step the pack does not allow at this stage is refused with its code, not taken.
    const early = await step(disagreementId, 'escalate-to-partnership-chair', {
      'answer-response': 'x',
      'answer-outcome': 'y',
    });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Reference: BATON_TRANSITION_NOT_ALLOWED');
    expect(early.body).toContain('cannot be taken from');
  });

  it('escalates to line managers with deadlines on the manager’s My work, overdue once the clock passes them', async () => {
    const res = await step(disagreementId, 'escalate-to-line-managers', {
      'answer-response': 'Discussed with our designated lead; she shares the concern.',
      'answer-informed': 'Lead Professional informed for monitoring',
      'answer-outcome': 'MASH keeps its decision.',
    });
    expect(res.statusCode, res.body).toBe(303);
    const page = await get(`/disagreements/${disagreementId}`, 'lead-professional');
    expect(page.body).toContain('Stage 2 of 4: Step 2: line manager to line manager');
    expect(page.body).toContain('9 March 2026');
    expect(page.body).toContain('13 March 2026');
    expect(page.body).toContain('MASH keeps its decision.');
    expect(page.body).not.toContain('Overdue');

    const myWork = await get('/my-work', 'eh-manager');
    expect(myWork.statusCode).toBe(200);
    expect(myWork.body).toContain('Professional disagreements your team has raised');
    expect(myWork.body).toContain(`href="/disagreements/${disagreementId}"`);
    expect(myWork.body).not.toContain('baton-row--overdue');
    // A practitioner's own My work has no manager's section.
    const practitioner = await get('/my-work', 'lead-professional');
    expect(practitioner.body).not.toContain('Professional disagreements your team has raised');

    // Tuesday: not yet raised with the other line manager, so the 1 working day is overdue.
    now = NEXT_TUESDAY;
    for (const u of Object.keys(cookies)) await signIn(u);
    const overdue = await get('/my-work', 'eh-manager');
    expect(overdue.body).toContain('baton-row--overdue');
    expect(overdue.body).toContain('1 overdue');
    const row = /<tr class="govuk-table__row baton-row--overdue">[\s\S]*?<\/tr>/.exec(
      overdue.body,
    )?.[0];
    expect(row).toContain(`/disagreements/${disagreementId}`);
    expect(row).toContain('Overdue');
    expect((await get(`/disagreements/${disagreementId}`, 'lead-professional')).body).toContain(
      'Overdue',
    );
  });

  it('keeps what was typed when someone else moved the disagreement on first', async () => {
    const stale = await postForm(
      `/disagreements/${disagreementId}/steps/raised-with-other-manager`,
      `/disagreements/${disagreementId}/steps/raised-with-other-manager`,
      { version: '1', 'answer-otherManager': 'Tom Manager, MASH' },
      'lead-professional',
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this record');
    expect(stale.body).toContain('Tom Manager, MASH');
  });

  it('moves through heads of service to resolution, and leaves the manager’s list', async () => {
    expect(
      (
        await step(disagreementId, 'raised-with-other-manager', {
          'answer-otherManager': 'Tom Manager, MASH',
        })
      ).statusCode,
    ).toBe(303);
    const stage3 = await step(disagreementId, 'escalate-to-heads-of-service', {
      'answer-response': 'MASH: the threshold for assessment is not met.',
      'answer-outcome': 'Line managers could not agree.',
    });
    expect(stage3.statusCode, stage3.body).toBe(303);
    expect((await get(`/disagreements/${disagreementId}`, 'eh-manager')).body).toContain(
      'Stage 3 of 4',
    );
    const resolved = await step(
      disagreementId,
      'resolve',
      {
        'answer-response': 'Heads of service met.',
        'answer-outcome': 'A Child and Family Assessment will start; early help continues.',
      },
      'eh-manager',
    );
    expect(resolved.statusCode, resolved.body).toBe(303);
    const page = await get(`/disagreements/${disagreementId}`, 'lead-professional');
    expect(page.body).toContain('govuk-tag--green">Resolved');
    expect(page.body).toContain('A Child and Family Assessment will start');
    expect(page.body).toContain('None: the disagreement is resolved.');
    expect(page.body).not.toContain('/steps/');
    const myWork = await get('/my-work', 'eh-manager');
    expect(myWork.body).not.toContain(`/disagreements/${disagreementId}`);
    expect(myWork.body).toContain('Your team has no open professional disagreements.');
  });
});

describe.each(dialects)(
  'professional disagreement pages on %s (Stockport: the national stages)',
  (dialect) => {
    let s: TestServer;
    const cookies: Record<string, string> = {};

    beforeAll(async () => {
      s = await startTestServer({ dialect, clock: () => FRIDAY });
      for (const u of ['practitioner', 'dsl']) cookies[u] = await apiSignIn(s.app, u);
    });
    afterAll(() => s.close());

    const get = (url: string, user: string) =>
      s.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] ?? '' } });
    const postForm = async (formUrl: string, url: string, fields: Record<string, string>) => {
      const form = await get(formUrl, 'practitioner');
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const csrfCookie = form.cookies.find((c) => c.name === '_csrf')?.value ?? '';
      return s.app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: `${cookies.practitioner ?? ''}; _csrf=${csrfCookie}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });
    };

    it('builds its forms from the pack in use: the national two stages (Working Together 2023)', async () => {
      const made = await s.app.inject({
        method: 'POST',
        url: '/api/contacts',
        payload: contactBody,
        headers: { cookie: cookies.practitioner ?? '' },
      });
      expect(made.statusCode, made.body).toBe(201);
      const childId = made.json<{ childIds: string[] }>().childIds[0] ?? '';
      const raised = await postForm(
        `/children/${childId}/disagreements/new`,
        `/children/${childId}/disagreements`,
        { about: 'other', withWhom: 'Children’s social care', summary: 'No feedback was given.' },
      );
      expect(raised.statusCode, raised.body).toBe(303);
      const path = String(raised.headers.location).split('?')[0] ?? '';
      const page = await get(path, 'practitioner');
      expect(page.body).toContain('Stage 1 of 2');
      // Stockport has no escalation stages of its own: the national ones, with its front door.
      // (The page's first MASSH links to the glossary: read the words, not the markup.)
      expect(page.body.replace(/<[^>]*>/g, '')).toContain('contact MASSH now');
      const form = await get(`${path}/steps/escalate`, 'practitioner');
      expect(form.body).toContain('The response received when the disagreement was discussed');
      expect(form.body).toContain('Working Together to Safeguard Children');
      const escalated = await postForm(`${path}/steps/escalate`, `${path}/steps/escalate`, {
        'answer-response': 'Social care will not reconsider.',
      });
      expect(escalated.statusCode, escalated.body).toBe(303);
      expect((await get(path, 'practitioner')).body).toContain('Stage 2 of 2');
      // The school's designated safeguarding lead oversees the school's disagreements.
      const dsl = await get('/my-work', 'dsl');
      expect(dsl.body).toContain(`href="${path}"`);
    });
  },
);
