/**
 * A panel decides on work the pack sends to it (issue 12 §3), through the JSON API on every
 * database: Peterborough 003 §2, a Child and Family Assessment whose outcome is "Referral to
 * Early Help" goes to the MASG; it is listed on the MASG's agenda, heard, and the MASG's decision
 * is recorded as the assessment's own step, which starts the early help episode under the lead
 * professional the MASG identifies. Every person is invented.
 */
import type { FastifyInstance } from 'fastify';
import { dayText } from '../../core/calendar/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addInvolvement } from '../repositories/index.js';
import { insertPerson, insertRelationship } from '../repositories/people-repository.js';
import { actorFor, ApiCaller, type ApiReply } from '../testing/api-client.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();

const errorOf = (r: ApiReply) =>
  z
    .object({
      error: z.object({
        code: z.string(),
        details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
        missing: z
          .array(
            z.object({
              rule: z.string(),
              citation: z.object({ source: z.string(), section: z.string() }),
            }),
          )
          .optional(),
      }),
    })
    .parse(r.body).error;
const agendaItem = z.object({
  id: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  status: z.string(),
  decision: z.object({ transitionId: z.string(), recordId: z.string() }).nullable(),
  version: z.number(),
});
const S2 = '2. Stepping-down Assessment/Family Safeguarding following Child and Family Assessment';

describe.each(dialects)('panel decisions on %s', (dialect) => {
  let server: TestServer;
  let app: FastifyInstance;
  let now = new Date('2026-03-02T09:30:00.000Z');
  const api = new ApiCaller(() => app);
  const call = (who: string, method: 'GET' | 'POST', url: string, body?: object) =>
    api.call(who, method, url, body);
  let childId = '';
  let motherId = '';
  let assessmentId = '';

  beforeAll(async () => {
    server = await startTestServer({
      dialect,
      clock: () => now,
      env: { BATON_PACK: 'peterborough', BATON_SIGN_IN_LIMIT: '1000' },
    });
    app = server.app;
    const actor = await actorFor(server, 'social-worker');
    const db = server.database.db;
    const ctx = { actor, requestId: 'panel', remoteAddress: null, now: now.toISOString() };
    motherId = await insertPerson(db, ctx, {
      kind: 'adult',
      givenName: 'Parent',
      familyName: 'Masgfield',
    });
    childId = await insertPerson(db, ctx, {
      kind: 'child',
      givenName: 'Mia',
      familyName: 'Masgfield',
      dateOfBirth: '2017-06-01',
    });
    await insertRelationship(db, ctx, {
      childId,
      personId: motherId,
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    });
    await addInvolvement(db, {
      childId,
      agencyId: actor.agencyId,
      userId: actor.userId,
      role: 'allocated-worker',
      from: '2026-03-02',
      now: now.toISOString(),
    });
  }, 300_000);
  afterAll(() => server.close());

  const state = async () => {
    const r = await call('social-worker', 'GET', `/api/work-items/${assessmentId}/view`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return z
      .object({
        item: z.object({ state: z.string() }),
        followedBy: z.object({ workItemId: z.string() }).nullable(),
      })
      .parse(r.body);
  };

  it('a C&F assessment not yet waiting for the MASG cannot be put on its agenda', async () => {
    const started = await call('social-worker', 'POST', `/api/children/${childId}/work`, {
      workflowId: 'cf-assessment',
      rationale: 'Referral accepted: a Child and Family Assessment.',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    assessmentId = z.object({ id: z.string() }).parse(started.body).id;
    const r = await call(
      'social-worker',
      'POST',
      '/api/panels/pet-masg/meetings/2026-04-05/agenda',
      {
        workItemId: assessmentId,
        reason: 'Step down via the MASG',
      },
    );
    expect(r.status).toBe(400);
    expect(errorOf(r).details?.[0]).toMatchObject({ path: 'workItemId' });
    expect(errorOf(r).details?.[0]?.message).toMatch(
      /not waiting for the Multi-Agency Support Group/,
    );
  });

  it('the outcome "Referral to Early Help" sends it to the MASG; it is listed, heard and decided as its own step', async () => {
    const consent = await call('social-worker', 'POST', `/api/children/${childId}/consents`, {
      purpose: 'information-sharing',
      decision: 'given',
      givenByKind: 'parent-with-pr',
      givenByPersonId: motherId,
      method: 'verbal',
      recordedOn: '2026-03-02',
      scope: ['The agencies of the MASG'],
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    const asked = await call(
      'social-worker',
      'POST',
      `/api/work-items/${assessmentId}/transitions`,
      {
        transitionId: 'referral-to-early-help-via-masg',
        payload: {
          masgNarrative: 'The case is to be stepped down via the MASG.',
          earlyHelpDiscussion: 'Discussed with the Early Help Service on 2 March.',
        },
      },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const recordId = z
      .object({ transitionRecordId: z.string() })
      .parse(asked.body).transitionRecordId;
    const authorised = await call('team-manager', 'POST', `/api/tray/${recordId}/decision`, {
      decision: 'authorise',
    });
    expect(authorised.status, JSON.stringify(authorised.body)).toBe(200);
    expect((await state()).item.state).toBe('awaiting-masg');

    // The MASG's next meeting, from the pack's cadence.
    const meetings = await call('social-worker', 'GET', '/api/panels/pet-masg/meetings');
    expect(meetings.status).toBe(200);
    const date =
      z.object({ nextMeetings: z.array(z.object({ date: z.string() })) }).parse(meetings.body)
        .nextMeetings[0]?.date ?? '';
    expect(date).toBe('2026-03-05');

    // A practitioner does not coordinate the MASG.
    const notCoordinator = await call(
      'practitioner',
      'POST',
      `/api/panels/pet-masg/meetings/${date}/agenda`,
      {
        workItemId: assessmentId,
        reason: 'Step down via the MASG',
      },
    );
    expect(notCoordinator.status).toBe(403);

    const listed = await call(
      'social-worker',
      'POST',
      `/api/panels/pet-masg/meetings/${date}/agenda`,
      {
        workItemId: assessmentId,
        reason: 'Multi-agency support plan indicated: identify a lead professional and resources.',
      },
    );
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
    const item = agendaItem.parse(listed.body);
    expect(item).toMatchObject({
      subjectType: 'work-item',
      subjectId: assessmentId,
      status: 'listed',
    });
    const decisions = `/api/panels/pet-masg/meetings/${date}/decisions`;

    // Not before the meeting has met.
    const early = await call('social-worker', 'POST', decisions, {
      agendaItemId: item.id,
      transitionId: 'masg-accepts',
      payload: {},
    });
    expect(early.status).toBe(400);
    expect(errorOf(early).details?.[0]?.path).toBe('date');

    now = new Date(`${date}T14:00:00.000Z`);
    api.forgetSessions();

    // The meeting page links each waiting case to the form for the panel's decision, built from
    // the pack's step, which posts back to the meeting.
    const cookie = await apiSignIn(app, 'social-worker');
    const page = await app.inject({
      method: 'GET',
      url: `/panels/pet-masg/${date}`,
      headers: { cookie },
    });
    expect(page.statusCode).toBe(200);
    const formUrl = `/panels/pet-masg/${date}/decisions/${item.id}/masg-accepts`;
    expect(page.body).toContain(formUrl);
    const form = await app.inject({ method: 'GET', url: formUrl, headers: { cookie } });
    expect(form.statusCode, form.body.slice(0, 500)).toBe(200);
    expect(form.body).toContain(`action="${formUrl}"`);
    expect(form.body).toContain('name="answer-masgDecision"');
    expect(form.body).toContain('name="answer-leadProfessionalName"');

    // Only the steps the pack marks as this panel's decision.
    const wrongStep = await call('social-worker', 'POST', decisions, {
      agendaItemId: item.id,
      transitionId: 'cin-plan',
      payload: { rationale: 'x' },
    });
    expect(wrongStep.status).toBe(400);
    expect(errorOf(wrongStep).details?.[0]?.message).toMatch(/masg-accepts/);

    // The step's own rules apply: the MASG identifies the lead professional (003 §2).
    const noLead = await call('social-worker', 'POST', decisions, {
      agendaItemId: item.id,
      transitionId: 'masg-accepts',
      payload: { masgDecision: 'Accepted; resources agreed.' },
    });
    expect(noLead.status).toBe(422);
    expect(errorOf(noLead)).toMatchObject({
      code: 'BATON_TRANSITION_REFUSED',
      missing: [
        { rule: 'leadProfessionalNamed', citation: { source: 'pet-stepping-down', section: S2 } },
      ],
    });
    expect((await state()).item.state).toBe('awaiting-masg');

    const decided = await call('social-worker', 'POST', decisions, {
      agendaItemId: item.id,
      transitionId: 'masg-accepts',
      payload: {
        masgDecision: 'Accepted; family support and a school nurse agreed.',
        leadProfessionalName: 'Max Mentor',
        leadProfessionalAgency: 'Family Support (Early Help)',
      },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const body = z
      .object({ agendaItem: agendaItem, status: z.string(), transitionRecordId: z.string() })
      .parse(decided.body);
    expect(body.status).toBe('applied');
    expect(body.agendaItem).toMatchObject({
      status: 'decided',
      decision: { transitionId: 'masg-accepts', recordId: body.transitionRecordId },
    });

    // The decision is the assessment's step: it closes to social care and starts early help,
    // led by the lead professional the MASG named.
    const after = await state();
    expect(after.item.state).toBe('closed-to-early-help');
    const steps = await call('social-worker', 'GET', `/api/work-items/${assessmentId}/transitions`);
    expect(JSON.stringify(steps.body)).toContain(body.transitionRecordId);
    expect(JSON.stringify(steps.body)).toContain(
      `Decision of the Multi-Agency Support Group (MASG) on ${dayText(date)}`,
    );
    const episode = await call(
      'social-worker',
      'GET',
      `/api/work-items/${after.followedBy?.workItemId ?? ''}`,
    );
    expect(episode.status, JSON.stringify(episode.body)).toBe(200);
    expect(episode.body).toMatchObject({
      workflowId: 'early-help-episode',
      leadProfessional: { name: 'Max Mentor', agency: 'Family Support (Early Help)' },
    });

    // Recorded once.
    const again = await call('social-worker', 'POST', decisions, {
      agendaItemId: item.id,
      transitionId: 'masg-accepts',
      payload: { masgDecision: 'Again', leadProfessionalName: 'X', leadProfessionalAgency: 'Y' },
    });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('BATON_TRANSITION_NOT_ALLOWED');
  });
});
