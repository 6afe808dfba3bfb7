/**
 * Decisions that cannot both win, access that ends with the request it was granted for, and a
 * payload that cannot write a column (issue 13, findings 1, 3 and 4), on every database. Each
 * failed on the code before the journey's effects moved into the core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startWork } from '../repositories/index.js';
import { insertPerson } from '../repositories/people-repository.js';
import { addInvolvement } from '../repositories/child-access.js';
import { loadPacks } from '../policy/pack-files.js';
import { testDialects } from '../testing/test-databases.js';
import { actorFor, ApiCaller } from '../testing/api-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
const NOW = '2026-12-07T10:00:00.000Z';
const outcome = z.object({
  status: z.string(),
  transitionRecordId: z.string(),
  workItem: z.object({ level: z.number().nullable(), version: z.number() }),
});
const errorCode = (body: unknown) =>
  z.object({ error: z.object({ code: z.string() }) }).parse(body).error.code;

describe.each(dialects)('decisions on a waiting request on %s', (dialect) => {
  let server: TestServer;
  let api: ApiCaller;
  beforeAll(async () => {
    server = await startTestServer({
      dialect,
      clock: () => new Date(NOW),
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    api = new ApiCaller(() => server.app);
  }, 180_000);
  afterAll(async () => {
    await server.close();
  });

  /** A child on a Stockport CIN plan led by the social worker, ready to step down to early help. */
  async function cinPlan(): Promise<{ childId: string; workItemId: string }> {
    const db = server.database.db;
    const sw = await actorFor(server, 'social-worker');
    const ctx = { actor: sw, requestId: 'fixture', remoteAddress: null, now: NOW };
    const childId = await insertPerson(db, ctx, {
      kind: 'child',
      givenName: 'Robin',
      familyName: 'Testwood',
      dateOfBirth: '2011-05-01',
    });
    await addInvolvement(db, {
      childId,
      agencyId: sw.agencyId,
      userId: sw.userId,
      role: 'allocated-worker',
      from: NOW.slice(0, 10),
      now: NOW,
    });
    const pack = loadPacks().get('stockport');
    if (!pack) throw new Error('stockport pack');
    const workItemId = await startWork(db, ctx, {
      pack,
      workflowId: 'cin-plan',
      subjectType: 'child',
      subjectId: childId,
      childIds: [childId],
      level: 4,
      ownerAgencyId: sw.agencyId,
      leadProfessional: { name: sw.displayName, agency: 'Social care', userId: sw.userId },
    });
    // The step-down TAC meeting the transfer needs has been held (001 "Step down").
    await db
      .updateTable('work_items')
      .set({ events: JSON.stringify([{ id: 'step-down-tac-meeting', on: NOW.slice(0, 10) }]) })
      .where('id', '=', workItemId)
      .execute();
    const consent = await api.call('social-worker', 'POST', `/api/children/${childId}/consents`, {
      purpose: 'step-down-transfer',
      decision: 'given',
      givenByKind: 'young-person',
      method: 'verbal',
      recordedOn: NOW.slice(0, 10),
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    return { childId, workItemId };
  }

  const askTransfer = async (workItemId: string) => {
    const r = await api.call('social-worker', 'POST', `/api/work-items/${workItemId}/transitions`, {
      transitionId: 'request-step-down-transfer',
      payload: {
        stepDownPlan: 'TAF plan led by the early help service.',
        ifConcernsRise: 'Call the MASSH.',
        stepDownMeetingMinutes: 'Minutes of the step-down TAC meeting.',
        closureSummary: 'Risks reduced and sustained.',
        leadProfessionalName: 'Lee Leadprof (demo)',
        leadProfessionalAgency: 'Early help',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return outcome.parse(r.body).transitionRecordId;
  };

  it('access the authorising agency gets while a request waits ends when it is declined', async () => {
    const { childId, workItemId } = await cinPlan();
    expect((await api.call('lead-professional', 'GET', `/api/children/${childId}`)).status).toBe(
      403,
    );
    const requestId = await askTransfer(workItemId);
    // While it waits, the early help service can read the child it is asked to take.
    expect((await api.call('lead-professional', 'GET', `/api/children/${childId}`)).status).toBe(
      200,
    );
    const declined = await api.call('eh-manager', 'POST', `/api/tray/${requestId}/decision`, {
      decision: 'decline',
      note: 'The family has not met the early help service yet.',
    });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    for (const url of [`/api/children/${childId}`, `/api/children/${childId}/timeline`])
      expect((await api.call('lead-professional', 'GET', url)).status, url).toBe(403);
    const patched = await api.call('lead-professional', 'PATCH', `/api/people/${childId}`, {
      version: 1,
      givenName: 'Changed',
    });
    expect([403, 404]).toContain(patched.status);
  });

  it('of an authorise and a decline sent at once, exactly one wins and only its effects happen', async () => {
    const { workItemId } = await cinPlan();
    const requestId = await askTransfer(workItemId);
    await api.signIn('eh-manager');
    const [a, b] = await Promise.all([
      api.call('eh-manager', 'POST', `/api/tray/${requestId}/decision`, { decision: 'authorise' }),
      api.call('eh-manager', 'POST', `/api/tray/${requestId}/decision`, {
        decision: 'decline',
        note: 'Not yet.',
      }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses, JSON.stringify([a.body, b.body])).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(errorCode(loser.body)).toBe('BATON_STALE_EDIT');
    const db = server.database.db;
    const told = await db
      .selectFrom('notifications')
      .select('kind')
      .where('object_id', '=', workItemId)
      .where('kind', 'in', ['request-authorised', 'request-declined'])
      .execute();
    expect(told).toHaveLength(1);
    const record = await db
      .selectFrom('transitions')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    const work = await db
      .selectFrom('work_items')
      .select('state')
      .where('id', '=', workItemId)
      .executeTakeFirstOrThrow();
    // The record and the work agree: declined and still active, or applied and moved on.
    expect(
      record.status === 'declined'
        ? work.state === 'active'
        : work.state === 'closed-to-early-help',
    ).toBe(true);
  });

  it('a step refuses a payload field its pack does not declare, and the record still reads', async () => {
    const { workItemId } = await cinPlan();
    const r = await api.call('social-worker', 'POST', `/api/work-items/${workItemId}/transitions`, {
      transitionId: 'request-step-down-transfer',
      payload: { level: -7 },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(errorCode(r.body)).toBe('BATON_VALIDATION');
    const item = await api.call('team-manager', 'GET', `/api/work-items/${workItemId}`);
    expect(item.status, JSON.stringify(item.body)).toBe(200);
    expect(z.object({ level: z.number().nullable() }).parse(item.body).level).toBe(4);
  });
});
