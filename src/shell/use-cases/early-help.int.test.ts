/**
 * Early help through the JSON API on every database: opening an episode with consent, the EHA,
 * the Team Around the Family plan, meetings, reviews, step up and down, closure, and panels.
 * Each rule cites the seed it comes from. The deployment runs Stockport's pack (the default).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addInvolvement } from '../repositories/index.js';
import { insertPerson, insertRelationship } from '../repositories/people-repository.js';
import {
  actionView,
  agendaItemView,
  assessmentView,
  episodeSummary,
  episodeView,
  panelMeetingView,
  panelView,
  stepResponse,
} from '../server/api-early-help-schemas.js';
import { testDialects } from '../testing/test-databases.js';
import { actorFor, ApiCaller, read, type ApiReply } from '../testing/api-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();

// Monday 2 March 2026, 10:00. Easter 2026: Good Friday 3 April, Easter Monday 6 April.
const NOW = new Date('2026-03-02T10:00:00.000Z');

/** A synthetic child known to `username`'s agency, with a mother who holds parental responsibility. */
async function childKnownTo(
  server: TestServer,
  username: string,
  name: { given: string; family: string },
): Promise<{ childId: string; motherId: string }> {
  const actor = await actorFor(server, username);
  const db = server.database.db;
  const ctx = { actor, requestId: 'test', remoteAddress: null, now: NOW.toISOString() };
  const childId = await insertPerson(db, ctx, {
    kind: 'child',
    givenName: name.given,
    familyName: name.family,
    dateOfBirth: '2016-05-04',
  });
  const motherId = await insertPerson(db, ctx, {
    kind: 'adult',
    givenName: 'Morag',
    familyName: name.family,
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
    role: 'universal-service',
    from: '2025-09-01',
    now: ctx.now,
  });
  return { childId, motherId };
}

const consentFrom = (motherId: string, decision: 'given' | 'refused' = 'given') => ({
  decision,
  givenBy: 'parent-with-pr' as const,
  givenByName: 'Morag (demo)',
  givenByPersonId: motherId,
  method: 'written' as const,
});

/** An API error as the tests read it (see docs/errors.md). */
const apiError = z.object({
  error: z.object({
    code: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    missing: z
      .array(
        z.object({
          rule: z.string(),
          message: z.string(),
          citation: z.object({ source: z.string(), section: z.string() }),
        }),
      )
      .optional(),
  }),
});
type Reply = ApiReply;
const err = (r: Reply) => read(apiError, r).error;
const step = (r: Reply) => read(stepResponse, r);
const rules = (r: Reply) => (err(r).missing ?? []).map((m) => m.rule);
const paths = (r: Reply) => err(r).details.map((d) => d.path);

describe.each(dialects)('early help API on %s', (dialect) => {
  let server: TestServer;
  let app: FastifyInstance;
  let leadUserId = '';
  let dslUserId = '';

  const api = new ApiCaller(() => app);
  const call = api.call.bind(api);

  const open = async (childId: string, motherId: string) => {
    const res = await call('practitioner', 'POST', `/api/children/${childId}/early-help-episodes`, {
      consent: consentFrom(motherId),
      leadProfessional: { userId: leadUserId, agreedWithFamily: true },
      reason: 'Behaviour at home and school; parents asked for help.',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return step(res).episode;
  };

  const completeTo = async (episodeId: string, planLevel: 2 | 3) => {
    const draft = await call(
      'lead-professional',
      'PUT',
      `/api/early-help-episodes/${episodeId}/assessment`,
      {
        family: 'Mother, her partner and two children.',
        childVoice: '"I get cross when people shout."',
        strengths: 'Loving parents; good attendance.',
        needs: 'Routines at home; support with behaviour.',
        version: 0,
      },
    );
    expect(draft.status).toBe(200);
    const done = await call(
      'lead-professional',
      'POST',
      `/api/early-help-episodes/${episodeId}/assessment/complete`,
      { planLevel, version: read(assessmentView, draft).version },
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return step(done).episode;
  };

  beforeAll(async () => {
    server = await startTestServer({ dialect, clock: () => NOW });
    app = server.app;
    await api.signIn(
      'practitioner',
      'lead-professional',
      'dsl',
      'team-manager',
      'front-door',
      'business-support',
    );
    leadUserId = (await actorFor(server, 'lead-professional')).userId;
    dslUserId = (await actorFor(server, 'dsl')).userId;
  });
  afterAll(async () => {
    await server.close();
  });

  it('any practitioner opens an episode with consent, no front-door referral needed (Stockport 001 "Step up from universal to early help")', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Ada',
      family: 'Testfield',
    });
    const res = await call('practitioner', 'POST', `/api/children/${childId}/early-help-episodes`, {
      consent: consentFrom(motherId),
      leadProfessional: { userId: leadUserId, agreedWithFamily: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(step(res).status).toBe('applied');
    const ep = step(res).episode;
    expect(ep).toMatchObject({ state: 'assessment', packId: 'stockport', level: null });
    expect(ep.leadProfessional).toMatchObject({ name: 'Lee Leadprof (demo)', userId: leadUserId });
    // 001: "It is necessary for the EHA to be completed in 30 working days" - 30 working days
    // from Monday 2 March 2026, skipping Good Friday and Easter Monday, is Wednesday 15 April.
    expect(ep.ehaDue).toBe('2026-04-15');
    // No contact at the front door was made.
    expect(await server.database.db.selectFrom('contacts').selectAll().execute()).toHaveLength(0);
    // Consent is on the ledger for the journey's guard; the opener and the lead are involved.
    const consents = await server.database.db
      .selectFrom('consents')
      .selectAll()
      .where('child_id', '=', childId)
      .execute();
    expect(consents).toMatchObject([
      { purpose: 'early-help', decision: 'given', given_by_kind: 'parent-with-pr' },
    ]);
    const involvements = await server.database.db
      .selectFrom('involvements')
      .select(['role', 'user_id'])
      .where('child_id', '=', childId)
      .execute();
    expect(involvements.map((i) => i.role).sort()).toEqual([
      'early-help',
      'lead-professional',
      'universal-service',
    ]);
    // The lead professional (another agency) can now read the episode.
    expect(
      (await call('lead-professional', 'GET', `/api/early-help-episodes/${ep.id}`)).status,
    ).toBe(200);
    const timeline = await server.database.db
      .selectFrom('child_timeline')
      .select('kind')
      .where('child_id', '=', childId)
      .execute();
    expect(timeline.map((t) => t.kind)).toContain('early-help-episode.started');
  });

  it('refuses to open without consent: 422 naming the rule and its citation, and nothing is opened (001 "Process/Practice Step Up: Consent")', async () => {
    const { childId } = await childKnownTo(server, 'practitioner', {
      given: 'Bo',
      family: 'Testfield',
    });
    const res = await call('practitioner', 'POST', `/api/children/${childId}/early-help-episodes`, {
      leadProfessional: { userId: leadUserId, agreedWithFamily: true },
    });
    expect(res.status).toBe(422);
    expect(err(res).code).toBe('BATON_TRANSITION_REFUSED');
    expect(rules(res)).toEqual(['consentRecorded']);
    expect(err(res).missing?.[0]?.citation).toEqual({
      source: 'stk-step-up-step-down',
      section: 'Process/Practice Step Up: Consent',
    });
    const list = await call('practitioner', 'GET', `/api/children/${childId}/early-help-episodes`);
    expect(read(z.object({ episodes: z.array(episodeSummary) }), list).episodes).toEqual([]);
  });

  it('refuses to open without a named lead professional, and asks that the lead is agreed with the family (001 "How levels of need are met")', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Cy',
      family: 'Testfield',
    });
    const unnamed = await call(
      'practitioner',
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      {
        consent: consentFrom(motherId),
        leadProfessional: { agreedWithFamily: false },
      },
    );
    expect(unnamed.status).toBe(422);
    expect(rules(unnamed)).toEqual(['leadProfessionalNamed']);
    const notAgreed = await call(
      'practitioner',
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      {
        consent: consentFrom(motherId),
        leadProfessional: {
          name: 'Val Outreach (demo)',
          agency: 'Harbour Family Support (demo)',
          agreedWithFamily: false,
        },
      },
    );
    expect(notAgreed.status).toBe(400);
    expect(paths(notAgreed)).toEqual(['leadProfessional.agreedWithFamily']);
    // A carer without parental responsibility cannot consent (001: one parent with PR suffices).
    const carer = await call(
      'practitioner',
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      {
        consent: {
          ...consentFrom(motherId),
          givenBy: 'carer-without-pr',
          givenByPersonId: undefined,
        },
        leadProfessional: {
          name: 'Val Outreach (demo)',
          agency: 'Harbour Family Support (demo)',
          agreedWithFamily: true,
        },
      },
    );
    expect(carer.status).toBe(422);
  });

  it('refuses a practitioner who does not work with the child (involvement drives access)', async () => {
    const { childId, motherId } = await childKnownTo(server, 'lead-professional', {
      given: 'Di',
      family: 'Elsewhere',
    });
    const res = await call('practitioner', 'POST', `/api/children/${childId}/early-help-episodes`, {
      consent: consentFrom(motherId),
      leadProfessional: { userId: leadUserId, agreedWithFamily: true },
    });
    expect(res.status).toBe(403);
  });

  it('keeps EHA drafts with versions, refuses stale edits, and completes to a TAF plan with reviews due (001; Worcestershire 004 App. 3)', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Eli',
      family: 'Testfield',
    });
    const ep = await open(childId, motherId);
    const url = `/api/early-help-episodes/${ep.id}/assessment`;
    const first = await call('lead-professional', 'PUT', url, {
      family: 'Mother and Eli.',
      strengths: 'Warm relationship.',
      version: 0,
    });
    expect(read(assessmentView, first)).toMatchObject({
      status: 'draft',
      version: 1,
      source: 'eha',
    });
    const second = await call('lead-professional', 'PUT', url, {
      family: 'Mother, Eli and baby Fen.',
      strengths: 'Warm relationship.',
      version: 1,
    });
    expect(read(assessmentView, second).version).toBe(2);
    const stale = await call('practitioner', 'PUT', url, { family: 'Mother only.', version: 1 });
    expect(stale.status).toBe(409);
    expect(err(stale).code).toBe('BATON_STALE_EDIT');
    // The child's own words and the family's needs are part of the EHA.
    const incomplete = await call('lead-professional', 'POST', `${url}/complete`, {
      planLevel: 3,
      version: 2,
    });
    expect(incomplete.status).toBe(400);
    expect(paths(incomplete)).toEqual(['childVoice', 'needs']);
    const full = await call('lead-professional', 'PUT', url, {
      family: 'Mother, Eli and baby Fen.',
      childVoice: '"I worry about Fen."',
      strengths: 'Warm relationship.',
      needs: 'Housing; routines.',
      version: 2,
    });
    const done = await call('lead-professional', 'POST', `${url}/complete`, {
      planLevel: 3,
      version: read(assessmentView, full).version,
    });
    expect(done.status).toBe(200);
    const e = step(done).episode;
    expect(e).toMatchObject({ state: 'taf-plan', level: 3, ehaDue: null });
    expect(e.assessment).toMatchObject({ status: 'complete', planLevel: 3 });
    expect(e.deadlines.find((d) => d.timescaleId === 'eha-completion')?.metAt).not.toBeNull();
    // Stockport's review interval is Baton's six-week default (the pack says so).
    expect(e.nextReviewDue).toBe('2026-04-13');
  });

  it('records SMART actions with owner, agency, due date and status, and refuses stale changes (004 App. 3 "Create a plan")', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Flo',
      family: 'Testfield',
    });
    const ep = await open(childId, motherId);
    await completeTo(ep.id, 3);
    const plan = await call('lead-professional', 'PUT', `/api/early-help-episodes/${ep.id}/plan`, {
      outcomes: ['Calmer mornings before school', 'Flo sleeps in her own bed'],
      nextReviewDate: '2026-04-01',
      version: 1,
    });
    expect(plan.status).toBe(200);
    expect(read(episodeView, plan).plan).toMatchObject({
      outcomes: ['Calmer mornings before school', 'Flo sleeps in her own bed'],
      nextReviewDate: '2026-04-01',
    });
    const tooLate = await call(
      'lead-professional',
      'PUT',
      `/api/early-help-episodes/${ep.id}/plan`,
      { outcomes: [], nextReviewDate: '2026-06-01', version: 2 },
    );
    expect(tooLate.status).toBe(400);
    const action = await call(
      'lead-professional',
      'POST',
      `/api/early-help-episodes/${ep.id}/plan/actions`,
      {
        outcome: 'Calmer mornings before school',
        action: 'Run four parenting sessions on morning routines',
        ownerName: 'Harbour worker (demo)',
        ownerAgency: 'Harbour Family Support Charity (demo)',
        dueDate: '2026-03-27',
      },
    );
    expect(action.status).toBe(201);
    const created = read(actionView, action);
    expect(created).toMatchObject({ status: 'not-started', version: 1, overdue: false });
    const past = await call(
      'lead-professional',
      'POST',
      `/api/early-help-episodes/${ep.id}/plan/actions`,
      {
        action: 'Something already late',
        ownerName: 'X',
        ownerAgency: 'Y',
        dueDate: '2026-01-01',
      },
    );
    expect(past.status).toBe(400);
    const actionUrl = `/api/early-help-episodes/${ep.id}/plan/actions/${created.id}`;
    const moved = await call('practitioner', 'PATCH', actionUrl, {
      status: 'in-progress',
      version: 1,
    });
    expect(read(actionView, moved)).toMatchObject({ status: 'in-progress', version: 2 });
    const stale = await call('lead-professional', 'PATCH', actionUrl, {
      status: 'dropped',
      version: 1,
    });
    expect(stale.status).toBe(409);
    const done = await call('lead-professional', 'PATCH', actionUrl, {
      status: 'done',
      version: 2,
    });
    expect(read(actionView, done).status).toBe('done');
  });

  it('records TAF meetings with attendees, minutes and decisions, and to whom the minutes and plan were sent (001 "Step Down ... TAC meeting")', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Gus',
      family: 'Testfield',
    });
    const ep = await open(childId, motherId);
    await completeTo(ep.id, 3);
    const res = await call(
      'lead-professional',
      'POST',
      `/api/early-help-episodes/${ep.id}/meetings`,
      {
        kind: 'taf',
        heldOn: '2026-03-02',
        attendees: [
          { name: 'Morag (demo)', role: 'Mother', family: true },
          { name: 'Lee Leadprof (demo)', role: 'Lead professional' },
          { name: 'Priya Teacher (demo)', role: 'Class teacher' },
        ],
        apologies: ['School nurse (demo)'],
        minutes: 'Agreed the plan; mother wants help with bedtime.',
        decisions: ['Parenting sessions to start', 'Review in six weeks'],
        distribution: {
          sentOn: '2026-03-02',
          recipients: [
            { name: 'Morag (demo)', kind: 'family', method: 'by-hand' },
            { name: 'Priya Teacher (demo)', kind: 'partner', method: 'secure-email' },
          ],
        },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const meeting = read(episodeView, res).meetings[0];
    if (!meeting) throw new Error('no meeting recorded');
    expect(meeting).toMatchObject({
      kind: 'taf',
      heldOn: '2026-03-02',
      decisions: ['Parenting sessions to start', 'Review in six weeks'],
    });
    expect(
      meeting.distribution.map(
        (d: { recipient: string; recipientKind: string }) => `${d.recipient}:${d.recipientKind}`,
      ),
    ).toEqual(['Morag (demo):family', 'Priya Teacher (demo):partner']);
    const plan = await call(
      'lead-professional',
      'POST',
      `/api/early-help-episodes/${ep.id}/distributions`,
      {
        document: 'plan',
        sentOn: '2026-03-02',
        recipients: [{ name: 'Morag (demo)', kind: 'family', method: 'post' }],
      },
    );
    expect(read(episodeView, plan).plan.distribution).toHaveLength(1);
    const fix = await call(
      'lead-professional',
      'PATCH',
      `/api/early-help-episodes/${ep.id}/meetings/${meeting.id}`,
      {
        minutes: 'Agreed the plan; mother wants help with bedtime and mornings.',
        version: 1,
      },
    );
    expect(read(episodeView, fix).meetings[0]?.version).toBe(2);
    const stale = await call(
      'lead-professional',
      'PATCH',
      `/api/early-help-episodes/${ep.id}/meetings/${meeting.id}`,
      {
        minutes: 'Other text',
        version: 1,
      },
    );
    expect(stale.status).toBe(409);
  });

  it('reviews: outcome and decision take the matching step; a review brought forward says why (004 App. 3 "Review progress")', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Hal',
      family: 'Testfield',
    });
    const ep = await open(childId, motherId);
    const e = await completeTo(ep.id, 2);
    const url = `/api/early-help-episodes/${ep.id}/reviews`;
    const early = await call('lead-professional', 'POST', url, {
      reviewDate: '2026-03-02',
      outcome: 'deterioration',
      decision: 'continue',
      summary: 'Things got worse at home.',
    });
    expect(early.status).toBe(400);
    expect(paths(early)).toEqual(['broughtForwardReason']);
    const stale = await call('lead-professional', 'POST', url, {
      reviewDate: '2026-03-02',
      outcome: 'deterioration',
      decision: 'amend',
      summary: 'Worse.',
      broughtForwardReason: 'Needs escalated',
      version: e.version - 1,
    });
    expect(stale.status).toBe(409);
    const ok = await call('lead-professional', 'POST', url, {
      reviewDate: '2026-03-02',
      outcome: 'deterioration',
      decision: 'amend',
      summary: 'Things got worse at home; add a sleep action.',
      broughtForwardReason: 'The needs escalated after a house move',
      version: e.version,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(step(ok).episode.reviews[0]).toMatchObject({
      outcome: 'deterioration',
      decision: 'amend',
      transitionId: 'review-continue-single-agency',
      plannedDate: '2026-04-13',
      broughtForwardReason: 'The needs escalated after a house move',
    });
    expect(step(ok).episode.state).toBe('single-agency-plan');
    // A decision that is not open from the current state is refused by the journey.
    const down = await call('lead-professional', 'POST', url, {
      reviewDate: '2026-03-02',
      outcome: 'positive-change',
      decision: 'step-down',
      summary: 'x',
      broughtForwardReason: 'x',
    });
    expect(down.status).toBe(409);
    expect(err(down).code).toBe('BATON_TRANSITION_NOT_ALLOWED');
  });

  it('steps up inside early help only with consent to share information, and steps down again (001 "Definition of Step Up"; "Process/Practice Step Up: Consent")', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Ivy',
      family: 'Testfield',
    });
    const ep = await open(childId, motherId);
    await completeTo(ep.id, 2);
    const url = `/api/early-help-episodes/${ep.id}`;
    const noConsent = await call('lead-professional', 'POST', `${url}/step-up`, {
      rationale: 'School and health now involved.',
    });
    expect(noConsent.status).toBe(422);
    expect(rules(noConsent)).toEqual(['consentRecorded']);
    const up = await call('lead-professional', 'POST', `${url}/step-up`, {
      rationale: 'School and health now involved.',
      consent: consentFrom(motherId),
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(step(up).episode).toMatchObject({ state: 'taf-plan', level: 3 });
    const down = await call('lead-professional', 'POST', `${url}/step-down`, {
      rationale: 'Only school still needed.',
    });
    expect(step(down).episode).toMatchObject({ state: 'single-agency-plan', level: 2 });
  });

  it('closure needs where the family can get help later and what to do if concerns rise again (001 "Step Down ... to Universal Services")', async () => {
    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Jo',
      family: 'Testfield',
    });
    const ep = await open(childId, motherId);
    await completeTo(ep.id, 2);
    const url = `/api/early-help-episodes/${ep.id}/close`;
    const bare = await call('lead-professional', 'POST', url, { reason: 'needs-met' });
    expect(bare.status).toBe(422);
    expect(rules(bare)).toEqual(['requires:whereToGetHelp', 'requires:ifConcernsRise']);
    const closed = await call('lead-professional', 'POST', url, {
      reason: 'needs-met',
      summary: 'All actions done; family feel confident.',
      whereToGetHelp: 'School pastoral team; family hub drop-in on Tuesdays.',
      ifConcernsRise: 'Mother will call the school; school will restart an EHA with her consent.',
    });
    expect(closed.status).toBe(200);
    expect(step(closed).episode).toMatchObject({ state: 'closed', final: true });
    expect(step(closed).episode.closure).toMatchObject({
      outcome: 'needs-met',
      whereToGetHelp: 'School pastoral team; family hub drop-in on Tuesdays.',
    });
    expect(step(closed).episode.deadlines.every((d) => d.metAt !== null)).toBe(true);
    const after = await call(
      'lead-professional',
      'POST',
      `/api/early-help-episodes/${ep.id}/plan/actions`,
      {
        action: 'Too late now',
        ownerName: 'X',
        ownerAgency: 'Y',
        dueDate: '2026-04-01',
      },
    );
    expect(after.status).toBe(409);
  });

  it('Stockport\'s Early Help Hub meets weekly: agenda, allocation of a lead professional, who is notified (001 "How levels of need are met")', async () => {
    const panels = await call('lead-professional', 'GET', '/api/panels');
    expect(panels.status).toBe(200);
    const hub = read(z.object({ panels: z.array(panelView) }), panels).panels;
    expect(hub).toHaveLength(1);
    expect(hub[0]).toMatchObject({
      id: 'stk-early-help-hub',
      cadence: { every: 1, unit: 'weeks' },
    });
    expect(hub[0]?.nextMeetings.map((m) => m.date)).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
    ]);
    const meetings = await call(
      'lead-professional',
      'GET',
      '/api/panels/stk-early-help-hub/meetings?from=2026-03-03&count=2',
    );
    expect(read(panelView, meetings).nextMeetings.map((m) => m.date)).toEqual([
      '2026-03-09',
      '2026-03-16',
    ]);

    const { childId, motherId } = await childKnownTo(server, 'practitioner', {
      given: 'Kit',
      family: 'Testfield',
    });
    const ep = await open(childId, motherId);
    const agendaUrl = '/api/panels/stk-early-help-hub/meetings/2026-03-09/agenda';
    // Only the roles the pack names put cases before the hub.
    const byTeacher = await call('practitioner', 'POST', agendaUrl, {
      episodeId: ep.id,
      reason: 'Who should lead?',
    });
    expect(byTeacher.status).toBe(403);
    const notAMeeting = await call(
      'lead-professional',
      'POST',
      '/api/panels/stk-early-help-hub/meetings/2026-03-10/agenda',
      { episodeId: ep.id, reason: 'x' },
    );
    expect(notAMeeting.status).toBe(400);
    const listed = await call('lead-professional', 'POST', agendaUrl, {
      episodeId: ep.id,
      reason: 'Unclear who is best placed to lead',
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
    const agenda = await call(
      'team-manager',
      'GET',
      '/api/panels/stk-early-help-hub/meetings/2026-03-09',
    );
    const items = read(panelMeetingView, agenda).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ childName: 'Kit Testfield', status: 'listed' });

    const allocUrl = '/api/panels/stk-early-help-hub/meetings/2026-03-09/allocations';
    const allocated = await call('team-manager', 'POST', allocUrl, {
      agendaItemId: read(agendaItemView, listed).id,
      userId: dslUserId,
      note: 'School knows the family best',
      version: 1,
    });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
    expect(read(agendaItemView, allocated)).toMatchObject({
      status: 'allocated',
      allocated: { userId: dslUserId, name: 'Dan Safeguarding-Lead (demo)' },
    });
    const episode = await call('dsl', 'GET', `/api/early-help-episodes/${ep.id}`);
    expect(read(episodeView, episode).leadProfessional).toMatchObject({
      userId: dslUserId,
      agency: 'Larkfield Primary School (demo)',
    });
    const notes = await server.database.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', dslUserId)
      .execute();
    expect(notes).toEqual([expect.objectContaining({ kind: 'allocation', object_id: ep.id })]);
    const audit = await server.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', ep.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('early-help-episode.lead-professional');
    const again = await call('team-manager', 'POST', allocUrl, {
      agendaItemId: read(agendaItemView, listed).id,
      userId: leadUserId,
      version: 1,
    });
    expect(again.status).toBe(409);
  });

  it('publishes every early help route in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    for (const p of [
      '/api/children/{childId}/early-help-episodes',
      '/api/early-help-episodes/{id}',
      '/api/early-help-episodes/{id}/assessment',
      '/api/early-help-episodes/{id}/assessment/complete',
      '/api/early-help-episodes/{id}/plan/actions',
      '/api/early-help-episodes/{id}/plan/actions/{actionId}',
      '/api/early-help-episodes/{id}/meetings',
      '/api/early-help-episodes/{id}/reviews',
      '/api/early-help-episodes/{id}/close',
      '/api/early-help-episodes/{id}/new-concerns',
      '/api/panels',
      '/api/panels/{panelId}/meetings',
      '/api/panels/{panelId}/meetings/{date}/agenda',
      '/api/panels/{panelId}/meetings/{date}/allocations',
    ])
      expect(paths, p).toContain(p);
  });
});
