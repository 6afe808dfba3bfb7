/**
 * Issue 14 §1 and §5 on every database, under Stockport's pack: whoever is named on work — a lead
 * professional at the front door, on opening an early help episode or on a step; an allocated
 * worker chosen by the team manager; the manager a disagreement is with — can see the child at
 * once, has the work in My work and is told, in the same transaction; and every step waiting on
 * someone is in their tray and notifies them. The walk-through that found these: a school refers,
 * the front door names an early help lead professional, early help steps up, social care assesses.
 * People are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/test-databases.js';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { pageClient } from '../testing/page-forms.js';
import { createUser } from '../repositories/index.js';
import {
  apiSignIn,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../testing/test-server.js';

const dialects = await testDialects();
const MONDAY = new Date('2026-03-02T10:00:00.000Z');
const USERS = [
  'practitioner',
  'dsl',
  'front-door',
  'team-manager',
  'social-worker',
  'lead-professional',
  'eh-manager',
];

interface Note {
  id: string;
  kind: string;
  text: string;
  read: boolean;
  forTeam: boolean;
  workItemId: string | null;
}
interface Work {
  id: string;
  workflowId: string;
  state: string;
  version: number;
  leadProfessional: { name: string; agency: string; userId: string | null } | null;
}

describe.each(dialects)('named and told on %s (BATON_PACK=stockport)', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const { get, postJson, postForm } = pageClient(() => s.app, cookies);
  const api = async (user: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: object) => {
    const res = await s.app.inject({
      method,
      url,
      headers: { cookie: cookies[user] ?? '' },
      ...(body ? { payload: body } : {}),
    });
    return res;
  };
  const notes = async (user: string): Promise<{ notifications: Note[]; unread: number }> => {
    const res = await api(user, 'GET', '/api/my-work');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ notifications: Note[]; unread: number }>();
  };
  const work = async (user: string, id: string): Promise<Work> => {
    const res = await api(user, 'GET', `/api/work-items/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Work>();
  };
  const emailsTo = (user: string, kind: string) =>
    s.database.db
      .selectFrom('outbox_messages')
      .select(['event_type', 'payload'])
      .where('channel', '=', 'email')
      .where('recipient', '=', ids[user] ?? '')
      .where('event_type', '=', kind)
      .execute();

  // The story, built up test by test.
  let contactId = '';
  let childId = '';
  let episodeId = '';
  let assessmentId = '';

  beforeAll(async () => {
    s = await startTestServer({
      dialect,
      clock: () => MONDAY,
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    // A second early help practitioner, to be named lead professional by a colleague.
    const earlyHelp = await s.database.db
      .selectFrom('agencies')
      .select('id')
      .where('kind', '=', 'early-help')
      .executeTakeFirstOrThrow();
    await createUser(
      s.database.db,
      {
        username: 'eh-worker',
        displayName: 'Wren Earlyhelp (demo)',
        agencyId: earlyHelp.id,
        roles: ['practitioner'],
        password: TEST_PASSWORD,
      },
      MONDAY.toISOString(),
    );
    for (const u of [...USERS, 'eh-worker']) cookies[u] = await apiSignIn(s.app, u);
    for (const u of await s.database.db.selectFrom('users').select(['id', 'username']).execute())
      ids[u.username] = u.id;
    // Those who chose email get one through the outbox as well as the notification.
    await s.database.db
      .updateTable('users')
      .set({ notify_by: 'email', notification_email: 'demo@example.invalid' })
      .where('username', 'in', ['lead-professional', 'social-worker', 'team-manager', 'eh-worker'])
      .execute();
    const made = await postJson(
      '/api/contacts',
      twoParentContact(
        { givenName: 'Arlo', familyName: 'Toldwell', dateOfBirth: '2016-05-05' },
        {
          concerns: 'Arlo is often hungry and late; his mother says she is struggling.',
          referrerLevel: 3,
        },
      ),
      'dsl',
    );
    expect(made.statusCode, made.body).toBe(201);
    contactId = made.json<{ workItemId: string }>().workItemId;
    childId = made.json<{ childIds: string[] }>().childIds[0] ?? '';
  });
  afterAll(() => s.close());

  it('§1: the triage page offers Baton users as lead professional; the one named can see the child, is told and has the work, at once', async () => {
    // Before: the early help lead professional cannot see the child.
    expect((await get(`/children/${childId}`, 'lead-professional')).statusCode).toBe(403);
    const page = await get(`/triage/${contactId}`, 'team-manager');
    expect(page.statusCode).toBe(200);
    // A GOV.UK select of Baton users, with their agency; free text only for people outside Baton.
    expect(page.body).toContain('name="leadProfessionalUserId"');
    expect(page.body).toMatch(
      new RegExp(`<option value="${ids['lead-professional'] ?? '-'}"[^>]*>Lee Leadprof \\(demo\\)`),
    );
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '1';
    const decided = await postForm(
      `/triage/${contactId}`,
      `/triage/${contactId}/decision`,
      {
        transitionId: 'identify-lead-professional',
        rationale: 'Needs at level 3: early help led by the early help service.',
        leadProfessionalUserId: ids['lead-professional'] ?? '',
        version,
      },
      'team-manager',
    );
    expect(decided.statusCode, decided.body).toBe(303);

    // The lead's own child record opens, and so does opening an episode at a typed URL.
    expect((await get(`/children/${childId}`, 'lead-professional')).statusCode).toBe(200);
    const open = await get(`/children/${childId}/early-help/new`, 'lead-professional');
    expect(open.statusCode).toBe(200);
    // Someone else as lead is chosen from Baton users, the team around the family first: the
    // school's safeguarding lead who referred is listed before anyone else.
    const options = [
      ...(/name="leadProfessionalUserId"[\s\S]*?<\/select>/.exec(open.body)?.[0] ?? '').matchAll(
        /<option value="([^"]*)"[^>]*>([^<]*)</g,
      ),
    ].map((m) => [m[1], m[2]?.trim()]);
    expect(options[1]).toEqual([
      ids.dsl,
      'Dan Safeguarding-Lead (demo) (Larkfield Primary School (demo)) – works with the family',
    ]);
    // Told, in My work (and by email, through the outbox, as he chose).
    const mine = await notes('lead-professional');
    expect(
      mine.notifications.filter((n) => !n.forTeam && n.workItemId === contactId).map((n) => n.kind),
    ).toContain('allocation');
    expect(mine.unread).toBeGreaterThan(0);
    expect(await emailsTo('lead-professional', 'allocation')).toHaveLength(1);
    // My work lists the children he leads.
    const myWork = await get('/my-work', 'lead-professional');
    expect(myWork.body).toContain(`/children/${childId}`);
  });

  it('§1: opening an episode that names another Baton user as lead tells them (and emails them) in the same transaction', async () => {
    const opened = await api(
      'lead-professional',
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      {
        consent: {
          decision: 'given',
          givenBy: 'parent-with-pr',
          givenByName: 'Parent Toldwell',
          method: 'verbal',
        },
        leadProfessional: { userId: ids['eh-worker'], agreedWithFamily: true },
        reason: 'Early help agreed at the front door.',
      },
    );
    expect(opened.statusCode, opened.body).toBe(201);
    episodeId = opened.json<{ episode: { id: string } }>().episode.id;
    const told = (await notes('eh-worker')).notifications.filter(
      (n) => n.workItemId === episodeId && !n.forTeam,
    );
    expect(told.map((n) => n.kind)).toEqual(['allocation']);
    expect(await emailsTo('eh-worker', 'allocation')).toHaveLength(1);
    expect((await get(`/children/${childId}`, 'eh-worker')).statusCode).toBe(200);
    expect((await get(`/early-help/${episodeId}`, 'eh-worker')).statusCode).toBe(200);
  });

  it('§5: after the early help manager agrees a step up, the social care team manager has it in his tray and is told', async () => {
    const draft = await api(
      'lead-professional',
      'PUT',
      `/api/early-help-episodes/${episodeId}/assessment`,
      {
        family: 'Mother and Arlo.',
        childVoice: 'Arlo says he is hungry at school.',
        parentViews: 'Mother is struggling.',
        strengths: 'Mother asked for help.',
        needs: 'Food, routines.',
        version: 0,
      },
    );
    expect(draft.statusCode, draft.body).toBe(200);
    const done = await api(
      'lead-professional',
      'POST',
      `/api/early-help-episodes/${episodeId}/assessment/complete`,
      { planLevel: 3, version: draft.json<{ version: number }>().version },
    );
    expect(done.statusCode, done.body).toBe(200);
    const asked = await api(
      'lead-professional',
      'POST',
      `/api/work-items/${episodeId}/transitions`,
      {
        transitionId: 'request-step-up-to-social-care',
        payload: { rationale: 'Arlo was seen with a bruise; needs are rising beyond early help.' },
      },
    );
    expect(asked.statusCode, asked.body).toBe(202);
    const request = asked.json<{ transitionRecordId: string }>().transitionRecordId;
    const agreed = await api('eh-manager', 'POST', `/api/tray/${request}/decision`, {
      decision: 'authorise',
    });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect((await work('lead-professional', episodeId)).state).toBe('step-up-agreed');

    // Asking for it again is the same request, with what it carries updated: one waits, not two.
    const again = await api(
      'lead-professional',
      'POST',
      `/api/work-items/${episodeId}/transitions`,
      {
        transitionId: 'authorise-step-up-to-social-care',
        payload: { rationale: 'EHA attached; bruising seen twice this week.' },
      },
    );
    expect(again.statusCode, again.body).toBe(202);

    // Waiting for the social care team manager: in his tray, and he is told.
    const tray = await api('team-manager', 'GET', '/api/tray');
    expect(tray.statusCode, tray.body).toBe(200);
    const waiting = tray
      .json<{ items: { transitionRecordId: string; workItemId: string; transitionId: string }[] }>()
      .items.filter((i) => i.workItemId === episodeId);
    expect(waiting.map((i) => i.transitionId)).toEqual(['authorise-step-up-to-social-care']);
    expect(waiting[0]?.transitionRecordId).toBe(
      again.json<{ transitionRecordId: string }>().transitionRecordId,
    );
    const told = (await notes('team-manager')).notifications.filter(
      (n) => n.workItemId === episodeId,
    );
    expect(told.map((n) => n.kind)).toContain('authorisation-requested');
    expect(await emailsTo('team-manager', 'authorisation-requested')).not.toHaveLength(0);
    // And in his My work, with the child, linked to the tray.
    const myWork = await get('/my-work', 'team-manager');
    const waitingBox = /id="waiting-for-you"[\s\S]*?<\/div>/.exec(myWork.body)?.[0] ?? '';
    expect(waitingBox).toContain('Step up to social care: authorised by the Locality Social Work');
    expect(waitingBox).toContain(`/children/${childId}`);
    expect(waitingBox).toContain('href="/tray"');

    const authorised = await api(
      'team-manager',
      'POST',
      `/api/tray/${waiting[0]?.transitionRecordId ?? ''}/decision`,
      { decision: 'authorise' },
    );
    expect(authorised.statusCode, authorised.body).toBe(200);
    const followedBy = await s.database.db
      .selectFrom('work_items')
      .select(['id', 'workflow_id'])
      .where('workflow_id', '=', 'cf-assessment')
      .executeTakeFirstOrThrow();
    assessmentId = followedBy.id;
  });

  it('§5: the team manager allocates a worker to the assessment from the team’s social workers: access, My work and a notification at once', async () => {
    expect((await work('team-manager', assessmentId)).leadProfessional).toBeNull();
    // A social worker cannot allocate; the page offers the action to the team manager only.
    expect((await get(`/work/${assessmentId}`, 'social-worker')).body).not.toContain(
      `action="/work/${assessmentId}/allocation"`,
    );
    const page = await get(`/work/${assessmentId}`, 'team-manager');
    expect(page.body).toContain('Allocate a worker');
    expect(page.body).toMatch(
      new RegExp(`<option value="${ids['social-worker'] ?? '-'}"[^>]*>Sam Socialworker \\(demo\\)`),
    );
    // Only the team's social workers are offered: not the early help lead professional.
    expect(page.body).not.toContain(`<option value="${ids['lead-professional'] ?? '-'}"`);
    const refused = await api(
      'social-worker',
      'POST',
      `/api/work-items/${assessmentId}/allocation`,
      {
        userId: ids['social-worker'],
      },
    );
    expect(refused.statusCode).toBe(403);
    const outsider = await api(
      'team-manager',
      'POST',
      `/api/work-items/${assessmentId}/allocation`,
      {
        userId: ids['lead-professional'],
      },
    );
    expect(outsider.statusCode).toBe(400);

    const allocated = await postForm(
      `/work/${assessmentId}`,
      `/work/${assessmentId}/allocation`,
      { userId: ids['social-worker'] ?? '' },
      'team-manager',
    );
    expect(allocated.statusCode, allocated.body).toBe(303);
    const after = await work('social-worker', assessmentId);
    expect(after.leadProfessional).toMatchObject({
      name: 'Sam Socialworker (demo)',
      userId: ids['social-worker'],
    });
    expect((await get(`/work/${assessmentId}`, 'social-worker')).body).not.toContain('Not named');
    const told = (await notes('social-worker')).notifications.filter(
      (n) => n.workItemId === assessmentId && !n.forTeam,
    );
    expect(told.map((n) => n.kind)).toEqual(['allocation']);
    expect(await emailsTo('social-worker', 'allocation')).not.toHaveLength(0);
    // The assessment's deadline is now his own in My work.
    const mine = await api('social-worker', 'GET', '/api/my-work');
    const deadlines = mine.json<{ deadlines: { workItemId: string; mine: boolean }[] }>().deadlines;
    expect(deadlines.filter((d) => d.workItemId === assessmentId).map((d) => d.mine)).toEqual([
      true,
    ]);
    const involved = await s.database.db
      .selectFrom('involvements')
      .select('role')
      .where('child_id', '=', childId)
      .where('user_id', '=', ids['social-worker'] ?? '')
      .execute();
    expect(involved.map((r) => r.role)).toContain('allocated-worker');
  });

  it('§5: the manager a disagreement is raised with is told', async () => {
    const raised = await api(
      'lead-professional',
      'POST',
      `/api/children/${childId}/disagreements`,
      {
        aboutWorkItemId: assessmentId,
        withWhomUserId: ids['team-manager'],
        withWhom: '',
        summary: 'The assessment should include the school’s attendance records.',
      },
    );
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json<{ id: string }>().id;
    const told = (await notes('team-manager')).notifications.filter(
      (n) => n.workItemId === id && !n.forTeam,
    );
    expect(told.map((n) => n.kind)).toEqual(['disagreement']);
  });

  it('§5: the header shows unread notifications, linked to a page where they are read and marked read', async () => {
    const before = (await notes('social-worker')).unread;
    expect(before).toBeGreaterThan(0);
    const home = await get('/my-work', 'social-worker');
    expect(home.body).toMatch(
      new RegExp(`href="/notifications"[^>]*>[^<]*Notifications[^<]*<[^>]*>\\s*${String(before)}`),
    );
    const page = await get('/notifications', 'social-worker');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You are the allocated worker');
    const first = /action="\/notifications\/([^/"]+)\/read"/.exec(page.body)?.[1] ?? '';
    expect(first).not.toBe('');
    // The form sends its hidden returnTo, as a browser would.
    expect(page.body).toContain('name="returnTo" value="/notifications"');
    const marked = await postForm(
      '/notifications',
      `/notifications/${first}/read`,
      { returnTo: '/notifications' },
      'social-worker',
    );
    expect(marked.statusCode).toBe(303);
    expect(marked.headers.location).toBe('/notifications');
    expect((await notes('social-worker')).unread).toBe(before - 1);
  });
  it('§1: the triage page’s person picker takes someone outside Baton as free text, name and agency', async () => {
    const made = await postJson(
      '/api/contacts',
      twoParentContact(
        { givenName: 'Ivy', familyName: 'Outsidewell', dateOfBirth: '2015-09-09' },
        {
          concerns: 'Ivy misses school most Mondays; her father says he needs help with routines.',
          referrerLevel: 3,
        },
      ),
      'dsl',
    );
    expect(made.statusCode, made.body).toBe(201);
    const outsideContact = made.json<{ workItemId: string }>().workItemId;
    const page = await get(`/triage/${outsideContact}`, 'team-manager');
    expect(page.statusCode).toBe(200);
    // The shared person picker: a placeholder, the Baton users, then "someone outside Baton"
    // last, followed by its name and agency boxes.
    const picker =
      /<select[^>]*name="leadProfessionalUserId"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? '';
    const values = [...picker.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(values[0]).toBe('');
    expect(values).toContain(ids['lead-professional']);
    expect(values.at(-1)).toBe('outside');
    expect(page.body).toContain('Someone outside Baton (enter their details below)');
    expect(page.body).toMatch(/name="leadProfessionalName"[\s\S]*name="leadProfessionalAgency"/);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '1';
    const decided = await postForm(
      `/triage/${outsideContact}`,
      `/triage/${outsideContact}/decision`,
      {
        transitionId: 'identify-lead-professional',
        rationale: 'Needs at level 3: the school will lead early help.',
        leadProfessionalUserId: 'outside',
        leadProfessionalName: 'Rowan Example',
        leadProfessionalAgency: 'Larkfield Primary School (demo)',
        version,
      },
      'team-manager',
    );
    expect(decided.statusCode, decided.body).toBe(303);
    const step = await s.database.db
      .selectFrom('transitions')
      .select('payload')
      .where('work_item_id', '=', outsideContact)
      .where('transition_id', '=', 'identify-lead-professional')
      .executeTakeFirstOrThrow();
    const payload = JSON.parse(step.payload) as Record<string, unknown>;
    expect(payload).toMatchObject({
      leadProfessionalName: 'Rowan Example',
      leadProfessionalAgency: 'Larkfield Primary School (demo)',
    });
    // "outside" is the picker's choice, not a user id: it is not sent on.
    expect(payload.leadProfessionalUserId).toBeUndefined();
  });

  it('issue 14: the triage page shows each parent’s phone number held on the person, or "Not known"', async () => {
    const body = twoParentContact(
      { givenName: 'Juno', familyName: 'Phonewell', dateOfBirth: '2017-02-02' },
      {
        concerns: 'Juno is often tired at school; her mother has asked for help at home.',
        referrerLevel: 2,
      },
    );
    const [mum, dad] = body.adults;
    const made = await postJson(
      '/api/contacts',
      { ...body, adults: [{ ...mum, phone: '07700 900 982' }, dad] },
      'dsl',
    );
    expect(made.statusCode, made.body).toBe(201);
    const phoned = made.json<{ workItemId: string }>().workItemId;
    const page = await get(`/triage/${phoned}`, 'front-door');
    expect(page.statusCode).toBe(200);
    // Each parent's row: the mother's number as the contact gave it, the father's not known.
    const rows = [
      ...page.body.matchAll(/<div class="govuk-summary-list__row[^"]*">[\s\S]*?<\/div>/g),
    ]
      .map((m) => m[0].replace(/\s+/g, ' '))
      .filter((r) => r.includes('Phonewell:'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Mother[\s\S]*Parent Phonewell:[\s\S]*<br>Phone: 07700 900 982/);
    expect(rows[1]).toMatch(/Father[\s\S]*Other Parent Phonewell:[\s\S]*<br>Phone: Not known/);
    // The referrer, who may read the contact, sees the same numbers.
    const referrer = await get(`/triage/${phoned}`, 'dsl');
    expect(referrer.statusCode).toBe(200);
    expect(referrer.body).toContain('Phone: 07700 900 982');
  });
});
