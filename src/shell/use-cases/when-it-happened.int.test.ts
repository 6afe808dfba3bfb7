/**
 * When it happened is not when it was typed (issue 12 §2), and every decision cites its rule
 * (§4), through the JSON API on every database. Stockport 001 (s17 → s47): "The Initial Child
 * Protection Conference will be convened and take place in 15 working days of the strategy
 * discussion taking place" — counted from the discussion, not from the manager's sign-off, over
 * Christmas 2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { insertPerson } from '../repositories/people-repository.js';
import { testDialects } from '../testing/test-databases.js';
import { actorFor, ApiCaller } from '../testing/api-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();

const citation = z.object({ source: z.string(), section: z.string() });
const ruleCitation = z.object({ rule: z.string(), text: z.string(), citation });
const outcome = z.object({
  status: z.string(),
  transitionRecordId: z.string().optional(),
  occurredAt: z.string(),
  citations: z.array(ruleCitation),
  workItem: z.object({ state: z.string(), version: z.number() }),
});
const view = z.object({
  deadlines: z.array(
    z.object({ name: z.string(), due: z.string(), status: z.object({ state: z.string() }) }),
  ),
  metDeadlines: z.array(z.object({ name: z.string(), due: z.string(), missed: z.boolean() })),
});
const history = z.object({
  transitions: z.array(
    z.object({
      transitionId: z.string(),
      occurredAt: z.string(),
      requestedAt: z.string(),
      decidedAt: z.string().nullable(),
      citations: z.array(ruleCitation),
    }),
  ),
});
const errorCode = (body: unknown) =>
  z.object({ error: z.object({ code: z.string() }) }).parse(body).error.code;

const strategyDiscussion = {
  attendees: 'GP, health visitor, police, paediatrician, duty social worker',
  decision: 'Section 47 enquiries; a child protection medical today.',
};

describe.each(dialects)('when a step happened, and the rules it cites, on %s', (dialect) => {
  let server: TestServer;
  let now = new Date('2026-12-07T09:00:00.000Z');
  const api = new ApiCaller(() => server.app);
  const at = (iso: string) => {
    now = new Date(iso);
    api.forgetSessions();
  };
  beforeAll(async () => {
    server = await startTestServer({
      dialect,
      clock: () => now,
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
  }, 180_000);
  afterAll(async () => {
    await server.close();
  });

  /** Monday 7 December 2026: the social worker starts s47 enquiries for a new child. */
  async function s47(familyName: string): Promise<string> {
    at('2026-12-07T09:00:00.000Z');
    const sw = await actorFor(server, 'social-worker');
    const childId = await insertPerson(
      server.database.db,
      { actor: sw, requestId: 'fixture', remoteAddress: null, now: now.toISOString() },
      { kind: 'child', givenName: 'Sky', familyName, dateOfBirth: '2019-02-03' },
    );
    const r = await api.call('social-worker', 'POST', `/api/children/${childId}/work`, {
      workflowId: 's47',
      rationale: 'Unexplained injury reported by school.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return z.object({ id: z.string() }).parse(r.body).id;
  }

  const step = (workItemId: string, transitionId: string, body: Record<string, unknown>) =>
    api.call('social-worker', 'POST', `/api/work-items/${workItemId}/transitions`, {
      transitionId,
      ...body,
    });

  it('the ICPC is due 15 working days from the strategy discussion, however late it is recorded and authorised', async () => {
    const work = await s47('Hollybank');
    // Recorded on Wednesday 9 December; held on Tuesday 8 December.
    at('2026-12-09T15:00:00.000Z');
    const asked = await step(work, 'hold-strategy-discussion', {
      payload: strategyDiscussion,
      occurredAt: '2026-12-08',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const request = outcome.parse(asked.body);
    expect(request.occurredAt).toBe('2026-12-08');

    // The team manager authorises on Friday 18 December, ten days after the discussion.
    at('2026-12-18T11:00:00.000Z');
    const decided = await api.call(
      'team-manager',
      'POST',
      `/api/tray/${request.transitionRecordId ?? ''}/decision`,
      { decision: 'authorise' },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const authorised = outcome.parse(decided.body);
    expect(authorised.occurredAt).toBe('2026-12-08');
    // Every decision returns the rules it was made under: the step's own citation.
    expect(authorised.citations[0]).toEqual({
      rule: 'step',
      text: 'Record the strategy discussion and its decision to start s47 enquiries',
      citation: { source: 'wt2023', section: 'Chapter 3: strategy discussion' },
    });

    const v = view.parse(
      (await api.call('social-worker', 'GET', `/api/work-items/${work}/view`)).body,
    );
    // 8 December + 15 working days, skipping 25 and 28 December: Thursday 31 December 2026.
    // From the sign-off on 18 December it would have been 13 January 2027.
    expect(v.deadlines).toEqual([
      expect.objectContaining({ name: 'Initial child protection conference', due: '2026-12-31' }),
    ]);

    // The decision history keeps all three times and the citations.
    const h = history.parse(
      (await api.call('social-worker', 'GET', `/api/work-items/${work}/transitions`)).body,
    ).transitions;
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({
      transitionId: 'hold-strategy-discussion',
      occurredAt: '2026-12-08',
      requestedAt: '2026-12-09T15:00:00.000Z',
      decidedAt: '2026-12-18T11:00:00.000Z',
    });
    expect(h[0]?.citations.map((c) => c.citation.source)).toEqual(['wt2023']);

    // The enquiries end and the conference is held on 5 January, recorded on 20 January: the
    // deadline (31 December) was missed and shows so; it is not re-based.
    at('2027-01-20T10:00:00.000Z');
    const before = await step(work, 'complete-enquiry-icpc', {
      payload: { rationale: 'Continuing risk of significant harm.' },
      occurredAt: '2026-12-07',
    });
    expect(before.status, JSON.stringify(before.body)).toBe(422);
    expect(errorCode(before.body)).toBe('BATON_OCCURRED_BEFORE_PREVIOUS_STEP');
    const icpcDue = view.parse(
      (await api.call('social-worker', 'GET', `/api/work-items/${work}/view`)).body,
    ).deadlines[0];
    expect(icpcDue).toMatchObject({ due: '2026-12-31', status: { state: 'overdue' } });
    const enquiries = await api.call(
      'team-manager',
      'POST',
      `/api/work-items/${work}/transitions`,
      {
        transitionId: 'complete-enquiry-icpc',
        payload: { rationale: 'Continuing risk of significant harm.' },
        occurredAt: '2027-01-04',
      },
    );
    expect(enquiries.status, JSON.stringify(enquiries.body)).toBe(201);
    const conference = await api.call(
      'team-manager',
      'POST',
      `/api/work-items/${work}/transitions`,
      {
        transitionId: 'icpc-cp-plan',
        payload: { chairIro: 'An IRO (demo)', category: 'physical' },
        occurredAt: '2027-01-05',
      },
    );
    expect(conference.status, JSON.stringify(conference.body)).toBe(201);
    const made = outcome.parse(conference.body);
    // The step's citation and the guard it passed (the category of abuse).
    expect(made.citations.map((c) => c.rule)).toEqual(['step', 'fieldOneOf']);
    const after = view.parse(
      (await api.call('social-worker', 'GET', `/api/work-items/${work}/view`)).body,
    );
    expect(after.metDeadlines).toEqual([
      expect.objectContaining({ due: '2026-12-31', missed: true }),
    ]);
  });

  it('refuses a date in the future, before the work began, or in the wrong form, with a code', async () => {
    const work = await s47('Ashdown');
    at('2026-12-09T15:00:00.000Z');
    for (const [occurredAt, status, code] of [
      ['2026-12-10', 422, 'BATON_OCCURRED_IN_FUTURE'],
      ['2026-12-09T16:00:00Z', 422, 'BATON_OCCURRED_IN_FUTURE'],
      ['2026-12-04', 422, 'BATON_OCCURRED_BEFORE_WORK_BEGAN'],
      ['9/12/2026', 400, 'BATON_VALIDATION'],
    ] as const) {
      const r = await step(work, 'hold-strategy-discussion', {
        payload: strategyDiscussion,
        occurredAt,
      });
      expect(r.status, `${occurredAt}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(errorCode(r.body), occurredAt).toBe(code);
    }
    // Nothing was written by the refusals: the step can still be asked for.
    const ok = await step(work, 'hold-strategy-discussion', {
      payload: strategyDiscussion,
      occurredAt: '2026-12-07',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    // No date: it happened now.
    expect(outcome.parse(ok.body).occurredAt).toBe('2026-12-07');
  });

  it('a step given no date happened when it was recorded', async () => {
    const work = await s47('Brookfield');
    at('2026-12-09T15:00:00.000Z');
    const r = await api.call('team-manager', 'POST', `/api/work-items/${work}/transitions`, {
      transitionId: 'hold-strategy-discussion',
      payload: strategyDiscussion,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(outcome.parse(r.body).occurredAt).toBe('2026-12-09T15:00:00.000Z');
    const v = view.parse(
      (await api.call('team-manager', 'GET', `/api/work-items/${work}/view`)).body,
    );
    // 9 December + 15 working days: 4 January 2027 (25, 28 December and 1 January are holidays).
    expect(v.deadlines[0]?.due).toBe('2027-01-04');
  });
});
