/**
 * The work pages (issue 4) on every database, under Walsall's pack: starting statutory work from
 * a child's record (who may, one open at a time), the work page with its deadlines and next steps,
 * a step's form built from the pack (a category of abuse as radios, a Buddy package's hours as a
 * number), refusals as a GOV.UK error summary with the rules' citations, and a manager declining
 * a request, which returns it to the requester with the reason. People are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/test-databases.js';
import { twoParentContact } from '../../testing/contact-fixtures.js';
import { pageClient, summaryHrefs } from '../../testing/page-forms.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();
const MONDAY = new Date('2026-03-02T10:00:00.000Z');

describe.each(dialects)('work pages on %s (BATON_PACK=walsall)', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const { get, postJson, postForm } = pageClient(() => s.app, cookies);
  let childId = '';

  beforeAll(async () => {
    s = await startTestServer({
      dialect,
      clock: () => MONDAY,
      env: { BATON_PACK: 'walsall', BATON_SIGN_IN_LIMIT: '1000' },
    });
    for (const u of ['practitioner', 'social-worker', 'team-manager'])
      cookies[u] = await apiSignIn(s.app, u);
    const made = await postJson(
      '/api/contacts',
      twoParentContact(
        { givenName: 'Quill', familyName: 'Pagetest', dateOfBirth: '2018-03-03' },
        {
          concerns: 'Quill has a bruise on the cheek and says a parent hit her.',
          referrerLevel: 4,
        },
      ),
      'practitioner',
    );
    expect(made.statusCode, made.body).toBe(201);
    childId = made.json<{ childIds: string[] }>().childIds[0] ?? '';
  });
  afterAll(() => s.close());

  it('lets a social worker start s47 enquiries from the child record, once at a time; a teacher cannot', async () => {
    const record = await get(`/children/${childId}`, 'social-worker');
    expect(record.body).toContain(`/children/${childId}/work/new`);
    expect((await get(`/children/${childId}`, 'practitioner')).body).not.toContain('/work/new');
    const teacher = await get(`/children/${childId}/work/new`, 'practitioner');
    expect(teacher.body).toContain('Your role cannot start statutory work directly');

    const form = `/children/${childId}/work/new`;
    const empty = await postForm(
      form,
      `/children/${childId}/work`,
      { rationale: '' },
      'social-worker',
    );
    expect(empty.statusCode).toBe(400);
    expect(summaryHrefs(empty.body)).toEqual(['#workflowId']);

    const started = await postForm(
      form,
      `/children/${childId}/work`,
      {
        workflowId: 's47',
        rationale: 'Disclosure of being hit: reasonable cause to suspect harm.',
      },
      'social-worker',
    );
    expect(started.statusCode, started.body).toBe(303);
    const workPath = started.headers.location?.split('?')[0] ?? '';
    const page = await get(workPath, 'social-worker');
    expect(page.body).toContain('Section 47 enquiries');
    expect(page.body).toContain('Sam Socialworker (demo)');
    expect(page.body).toContain('Record the strategy discussion');

    const again = await postForm(
      form,
      `/children/${childId}/work`,
      { workflowId: 's47', rationale: 'Again.' },
      'social-worker',
    );
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already has section 47 enquiries open');
    expect(again.body).toContain('Reference: BATON_ALREADY_OPEN');
  });

  it('builds each step from the pack, refuses with an error summary and citations, and opens the ICPC deadline', async () => {
    const work = await postJson(
      `/api/children/${childId}/work`,
      { workflowId: 'looked-after', rationale: 'Police protection.' },
      'social-worker',
    );
    expect(work.statusCode).toBe(201);
    const s47 = (
      await s.database.db
        .selectFrom('work_items')
        .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
        .select('work_items.id')
        .where('work_item_children.child_id', '=', childId)
        .where('work_items.workflow_id', '=', 's47')
        .executeTakeFirstOrThrow()
    ).id;
    const stepUrl = `/work/${s47}/steps/hold-strategy-discussion`;
    const refused = await postForm(
      stepUrl,
      stepUrl,
      { 'answer-attendees': 'Police, health, school' },
      'social-worker',
    );
    expect(refused.statusCode).toBe(422);
    expect(summaryHrefs(refused.body)).toEqual(['#answer-decision']);
    expect(refused.body).toContain('Reference: BATON_TRANSITION_REFUSED');
    expect(refused.body).toContain('Police, health, school');

    // "When did it happen?": one GOV.UK date input, showing today until changed (issue 12 §2).
    const form = await get(stepUrl, 'social-worker');
    expect(form.body).toMatch(/id="occurredAt-day"[^>]*value="2"/);
    expect(form.body).toMatch(/id="occurredAt-month"[^>]*value="3"/);
    expect(form.body).toMatch(/id="occurredAt-year"[^>]*value="2026"/);
    const answers = {
      'answer-attendees': 'Police, health, school',
      'answer-decision': 'Section 47 enquiries.',
    };
    const tomorrow = await postForm(
      stepUrl,
      stepUrl,
      { ...answers, 'occurredAt-day': '3', 'occurredAt-month': '3', 'occurredAt-year': '2026' },
      'social-worker',
    );
    expect(tomorrow.statusCode).toBe(422);
    expect(summaryHrefs(tomorrow.body)).toEqual(['#occurredAt-day']);
    expect(tomorrow.body).toContain('Reference: BATON_OCCURRED_IN_FUTURE');
    // What was typed is kept.
    expect(tomorrow.body).toMatch(/id="occurredAt-day"[^>]*value="3"/);
    const notADate = await postForm(
      stepUrl,
      stepUrl,
      { ...answers, 'occurredAt-day': '31', 'occurredAt-month': '2', 'occurredAt-year': '2026' },
      'social-worker',
    );
    expect(notADate.statusCode).toBe(400);
    expect(summaryHrefs(notADate.body)).toEqual(['#occurredAt-day']);

    const asked = await postForm(
      stepUrl,
      stepUrl,
      { ...answers, 'occurredAt-day': '2', 'occurredAt-month': '3', 'occurredAt-year': '2026' },
      'social-worker',
    );
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toContain('saved=requested');
    const waiting = await get(`/work/${s47}`, 'social-worker');
    expect(waiting.body).toContain('Waiting for authorisation: Record the strategy discussion');
    // No other step while one waits: the form answers 409 and points at the next steps.
    const blocked = await get(`/work/${s47}/steps/nfa`, 'social-worker');
    expect(blocked.statusCode).toBe(409);

    // The team manager declines it with a reason; it comes back to the social worker.
    const trayItems = await get('/api/tray', 'team-manager');
    const rid =
      trayItems
        .json<{ items: { transitionRecordId: string; workItemId: string }[] }>()
        .items.find((i) => i.workItemId === s47)?.transitionRecordId ?? '';
    const declined = await postForm(
      '/tray',
      `/tray/${rid}`,
      { decision: 'decline', note: 'Add the referrer to who took part.' },
      'team-manager',
    );
    expect(declined.statusCode).toBe(303);
    const back = await get(`/work/${s47}`, 'social-worker');
    expect(back.body).toContain('Declined and returned: Add the referrer to who took part.');

    const done = await postForm(
      stepUrl,
      stepUrl,
      {
        'answer-attendees': 'Police, health, school (referrer)',
        'answer-decision': 'Section 47 enquiries.',
      },
      'team-manager',
    );
    expect(done.statusCode).toBe(303);
    const enquiries = await get(`/work/${s47}`, 'team-manager');
    expect(enquiries.body).toContain('Section 47 enquiries under way');
    // The ICPC within 15 working days of the strategy discussion.
    expect(enquiries.body).toContain('23 March 2026');
    // Every decision shows the rules it was made under, with their sources (issue 12 §4).
    expect(enquiries.body).toContain('Rules it was made under');
    expect(enquiries.body).toContain(
      'The step: Record the strategy discussion and its decision to start s47 enquiries',
    );
    expect(enquiries.body).toContain('Chapter 3: strategy discussion');

    await postJson(
      `/api/work-items/${s47}/transitions`,
      { transitionId: 'complete-enquiry-icpc', payload: { rationale: 'Continuing risk.' } },
      'team-manager',
    );
    const icpc = await get(`/work/${s47}/steps/icpc-cp-plan`, 'team-manager');
    expect(icpc.body).toContain('type="radio"');
    expect(icpc.body).toContain('value="neglect"');
  });
});
