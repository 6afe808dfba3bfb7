/**
 * Professional disagreement under Walsall's Concern Resolution Process (002), through the JSON
 * API, on SQLite and PostgreSQL. People and agencies are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
/** A Friday: the line managers' 1 and 5 working-day timescales run over the weekend. */
const FRIDAY = new Date('2026-03-06T10:00:00.000Z');
const NEXT_TUESDAY = new Date('2026-03-10T12:00:00.000Z');

interface WorkItemView {
  id: string;
  workflowId: string;
  state: string;
  final: boolean;
  ownerAgencyId: string;
  version: number;
  data: Record<string, unknown>;
}
interface ErrorBody {
  error: {
    code: string;
    missing?: {
      rule: string;
      message: string;
      citation: { source: string; section: string; quote?: string };
    }[];
  };
}
interface MyWorkView {
  deadlines: {
    name: string;
    due: string;
    workItemId: string;
    status: { state: string };
  }[];
  notifications: { text: string; workItemId: string | null }[];
}

/** One invented child and both parents (a contact names both). */
const contactFor = (child: string, family: string, dateOfBirth: string) => ({
  urgency: 'routine',
  familySpokenTo: true,
  concerns: `${child} is often hungry at school and has missed eleven days this term.`,
  referrerLevel: 3,
  consent: { decision: 'given', givenBy: 'mum' },
  adults: [
    { key: 'mum', person: { givenName: 'Marigold', familyName: family } },
    { key: 'dad', person: { givenName: 'Thistle', familyName: family } },
  ],
  children: [
    {
      person: { givenName: child, familyName: family, dateOfBirth },
      parents: [
        {
          adult: 'mum',
          relationship: 'mother',
          parentalResponsibility: true,
          livesWithChild: true,
        },
        {
          adult: 'dad',
          relationship: 'father',
          parentalResponsibility: true,
          livesWithChild: false,
        },
      ],
    },
  ],
});
const contactBody = contactFor('Rowan', 'Quillfeather', '2016-04-11');

describe.each(dialects)('professional disagreement on %s (BATON_PACK=walsall)', (dialect) => {
  let now = FRIDAY;
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const signIn = async (u: string) => {
    cookies[u] = await apiSignIn(s.app, u);
  };
  const post = (url: string, payload: object, user: string) =>
    s.app.inject({ method: 'POST', url, payload, headers: { cookie: cookies[user] ?? '' } });
  const get = (url: string, user: string) =>
    s.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] ?? '' } });
  const step = (id: string, transitionId: string, payload: object, user = 'lead-professional') =>
    post(`/api/work-items/${id}/transitions`, { transitionId, payload }, user);

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
  });
  afterAll(() => s.close());

  it('runs the Concern Resolution Process (002) without touching the contact decision it is about', async () => {
    // A school contact, decided by the MASH team manager: early help, via the Early Help Hub.
    const made = await post('/api/contacts', contactBody, 'practitioner');
    expect(made.statusCode, made.body).toBe(201);
    const contactId = made.json<{ workItemId: string }>().workItemId;
    const before = await get(`/api/contacts/${contactId}`, 'team-manager');
    const decided = await post(
      `/api/contacts/${contactId}/decision`,
      {
        transitionId: 'decide-early-help-via-ehh',
        version: before.json<{ version: number }>().version,
        rationale: 'Needs are met by an Early Help Assessment and plan.',
      },
      'team-manager',
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const contact = decided.json<{
      contact: { state: string; version: number };
    }>().contact;
    expect(contact.state).toBe('referred-to-early-help-hub');
    const childId = made.json<{ childIds: string[] }>().childIds[0] ?? '';
    const history = await get(`/api/work-items/${contactId}/transitions`, 'team-manager');
    expect(history.statusCode, history.body).toBe(200);
    const decisionId = history
      .json<{ transitions: { id: string; transitionId: string }[] }>()
      .transitions.find((t) => t.transitionId === 'decide-early-help-via-ehh')?.id;
    expect(decisionId).toBeDefined();
    const contactRow = () =>
      s.database.db
        .selectFrom('work_items')
        .select(['state', 'version', 'closed_at'])
        .where('id', '=', contactId)
        .executeTakeFirstOrThrow();
    const contactBefore = await contactRow();

    // Someone who cannot see the child cannot raise a disagreement about it.
    const stranger = await post(
      `/api/children/${childId}/disagreements`,
      { withWhom: 'MASH', summary: 'I disagree.' },
      'police-demo',
    );
    expect([403, 404]).toContain(stranger.statusCode);

    // The Early Help Hub's lead professional, who can see the child, thinks it needs a Child and
    // Family Assessment: they raise a disagreement with the MASH team manager's decision.
    const raised = await post(
      `/api/children/${childId}/disagreements`,
      {
        aboutWorkItemId: contactId,
        aboutTransitionId: decisionId,
        withWhom: 'MASH team manager (Tom Manager)',
        summary: 'The hunger and absence suggest neglect: a Child and Family Assessment is needed.',
      },
      'lead-professional',
    );
    expect(raised.statusCode, raised.body).toBe(201);
    const d = raised.json<WorkItemView>();
    expect(d).toMatchObject({ workflowId: 'disagreement', state: 'stage-1-colleagues' });
    expect(d.data).toMatchObject({
      aboutWorkItemId: contactId,
      aboutTransitionId: decisionId,
      withWhom: 'MASH team manager (Tom Manager)',
    });
    expect(d.data.raisedBy).toMatchObject({ name: 'Lee Leadprof (demo)' });

    // 002 "Concern, action, responses and outcomes must be recorded": step 2 is refused until
    // the step-1 response, who was informed and why it is unresolved are recorded, each rule cited.
    const refused = await step(d.id, 'escalate-to-line-managers', {});
    expect(refused.statusCode).toBe(422);
    const err = refused.json<ErrorBody>().error;
    expect(err.code).toBe('BATON_TRANSITION_REFUSED');
    expect(err.missing?.map((m) => m.rule).sort()).toEqual([
      'requires:informed',
      'requires:outcome',
      'requires:response',
    ]);
    for (const m of err.missing ?? []) {
      expect(m.citation.source).toBe('wal-step-up-step-down');
      expect(m.citation.section).toBe('Concern Resolution Process');
    }

    // 002 step 2: line manager to line manager, raised within 1 working day, the response within
    // 5 working days. Raised on a Friday: due Monday and the following Friday.
    const stage2 = await step(d.id, 'escalate-to-line-managers', {
      response: 'Discussed with the early help designated lead; she shares the concern.',
      informed: 'Lead Professional informed for monitoring',
      outcome: 'MASH maintains its decision; unresolved.',
    });
    expect(stage2.statusCode, stage2.body).toBe(201);
    expect(stage2.json<{ workItem: WorkItemView }>().workItem.state).toBe('stage-2-managers');
    const deadlines = await s.database.db
      .selectFrom('deadlines')
      .select(['timescale_id', 'due', 'met_at', 'owner_agency_id'])
      .where('work_item_id', '=', d.id)
      .orderBy('due')
      .execute();
    expect(deadlines.map((x) => [x.timescale_id, x.due, x.met_at])).toEqual([
      ['disagreement-raise', '2026-03-09', null],
      ['disagreement-response', '2026-03-13', null],
    ]);
    expect(deadlines.every((x) => x.owner_agency_id === d.ownerAgencyId)).toBe(true);

    // The raiser's team manager sees both deadlines on My work, and is told of the escalation.
    const myWork = (await get('/api/my-work', 'eh-manager')).json<MyWorkView>();
    expect(myWork.deadlines.filter((x) => x.workItemId === d.id).map((x) => x.due)).toEqual([
      '2026-03-09',
      '2026-03-13',
    ]);
    expect(myWork.notifications.some((n) => n.workItemId === d.id)).toBe(true);

    // Tuesday: not yet raised with the other manager, so the 1 working day step is overdue.
    now = NEXT_TUESDAY;
    // Sessions lapse over the long weekend: everyone signs in again.
    for (const u of Object.keys(cookies)) await signIn(u);
    const overdue = (await get('/api/my-work', 'eh-manager')).json<MyWorkView>();
    const raise = overdue.deadlines.find((x) => x.workItemId === d.id && x.due === '2026-03-09');
    expect(raise?.status.state).toBe('overdue');

    const raisedWith = await step(d.id, 'raised-with-other-manager', {
      otherManager: 'Tom Manager, MASH team manager',
    });
    expect(raisedWith.statusCode, raisedWith.body).toBe(201);

    // 002 step 3: heads of service, only with the managers' response and why they did not agree.
    const noOutcome = await step(d.id, 'escalate-to-heads-of-service', {
      response: 'MASH: the threshold for assessment is not met.',
    });
    expect(noOutcome.statusCode).toBe(422);
    expect(noOutcome.json<ErrorBody>().error.missing?.map((m) => m.rule)).toEqual([
      'requires:outcome',
    ]);
    const stage3 = await step(d.id, 'escalate-to-heads-of-service', {
      response: 'MASH: the threshold for assessment is not met.',
      outcome: 'Line managers could not agree.',
    });
    expect(stage3.statusCode, stage3.body).toBe(201);
    expect(stage3.json<{ workItem: WorkItemView }>().workItem.state).toBe(
      'stage-3-heads-of-service',
    );
    const open = await s.database.db
      .selectFrom('deadlines')
      .select('id')
      .where('work_item_id', '=', d.id)
      .where('met_at', 'is', null)
      .execute();
    expect(open).toEqual([]);

    // Resolved at step 3, with the response and outcome recorded.
    const resolved = await step(d.id, 'resolve', {
      response: 'Heads of service met on Tuesday.',
      outcome: 'A Child and Family Assessment will be started; early help continues meanwhile.',
    });
    expect(resolved.statusCode, resolved.body).toBe(201);
    expect(resolved.json<{ workItem: WorkItemView }>().workItem).toMatchObject({
      state: 'resolved',
      final: true,
    });

    const list = await get(`/api/children/${childId}/disagreements`, 'lead-professional');
    expect(list.statusCode, list.body).toBe(200);
    expect(
      list.json<{ disagreements: WorkItemView[] }>().disagreements.map((x) => [x.id, x.state]),
    ).toEqual([[d.id, 'resolved']]);

    // 002 "at no time must professional disagreement detract from ensuring a child is
    // safeguarded": the disagreement never changes, locks or holds the decision it is about.
    expect(await contactRow()).toEqual(contactBefore);
    const after = await get(`/api/contacts/${contactId}`, 'team-manager');
    expect(after.json<{ state: string; version: number }>()).toMatchObject({
      state: contact.state,
      version: contact.version,
    });
  });

  it('refuses a disagreement about work that does not concern the child', async () => {
    const made = await post('/api/contacts', contactBody, 'practitioner');
    const contactId = made.json<{ workItemId: string }>().workItemId;
    const other = await post(
      '/api/contacts',
      contactFor('Sorrel', 'Brackenwood', '2019-09-02'),
      'practitioner',
    );
    expect(other.statusCode, other.body).toBe(201);
    const otherChild = other.json<{ childIds: string[] }>().childIds[0] ?? '';
    const res = await post(
      `/api/children/${otherChild}/disagreements`,
      { aboutWorkItemId: contactId, withWhom: 'MASH', summary: 'About another child.' },
      'practitioner',
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_VALIDATION');
  });
});
