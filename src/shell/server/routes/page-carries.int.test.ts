/**
 * Issue 14 §3, the facts still typed twice, on every database under Stockport's pack: the
 * transfer request starts with the step-down TAC meeting's minutes; the stepped-down early help
 * episode starts from the social care plan (the Child and Family Assessment standing in for the
 * EHA, the CIN plan's needs, outcomes and actions, the earlier EHA's strengths, the lead
 * professional), shown on the episode page for checking; the step up starts from the latest new
 * concerns; closing starts from what the transfer request carried. People are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPacks } from '../../policy/pack-files.js';
import { startWork } from '../../repositories/index.js';
import { insertPerson } from '../../repositories/people-repository.js';
import { addInvolvement } from '../../repositories/child-access.js';
import { actorFor, ApiCaller } from '../../testing/api-client.js';
import { pageClient } from '../../testing/page-forms.js';
import { testDialects } from '../../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();
const NOW = '2026-12-07T10:00:00.000Z';
const MINUTES = 'Bruising explained and treated; food and routines steady for three months.';
const SUMMARY = 'Needs reduced and sustained over three months.';
const IF_RISE = 'The lead professional calls the MASSH the same day.';
const FINDINGS = 'Neglect (food) and unexplained bruising; the parents engage well.';
const STRENGTHS = 'Warm parents who asked for help.';
const CONCERN = 'Alfie has new bruises his nursery cannot explain.';

/** A textarea's text as the page shows it (HTML-escaped). */
const textarea = (html: string, id: string): string =>
  new RegExp(`<textarea[^>]*id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1]?.trim() ?? '';
const unescape = (s: string) =>
  s.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

describe.each(dialects)('facts carried, not typed again, on %s (stockport)', (dialect) => {
  let s: TestServer;
  let api: ApiCaller;
  const cookies: Record<string, string> = {};
  const { get, postForm } = pageClient(() => s.app, cookies);
  let cinId = '';
  let episodeId = '';

  beforeAll(async () => {
    s = await startTestServer({
      dialect,
      clock: () => new Date(NOW),
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    api = new ApiCaller(() => s.app);
    for (const u of ['social-worker', 'lead-professional', 'eh-manager'])
      cookies[u] = await apiSignIn(s.app, u);
    const db = s.database.db;
    const sw = await actorFor(s, 'social-worker');
    const ctx = { actor: sw, requestId: 'fixture', remoteAddress: null, now: NOW };
    const childId = await insertPerson(db, ctx, {
      kind: 'child',
      givenName: 'Maisie',
      familyName: 'Carryworth',
      dateOfBirth: '2011-05-01',
    });
    await addInvolvement(db, {
      childId,
      agencyId: sw.agencyId,
      userId: sw.userId,
      role: 'allocated-worker',
      from: '2026-09-01',
      now: NOW,
    });
    const pack = loadPacks().get('stockport');
    if (!pack) throw new Error('stockport pack');
    const start = (workflowId: string, data: Record<string, unknown>, level: 3 | 4) =>
      startWork(db, ctx, {
        pack,
        workflowId,
        subjectType: 'child',
        subjectId: childId,
        childIds: [childId],
        level,
        ownerAgencyId: sw.agencyId,
        leadProfessional: { name: 'Sam Socialworker (demo)', agency: 'Social care', userId: null },
        data,
      });
    // The journey so far: an early help episode whose EHA found the family's strengths, a
    // Child and Family Assessment, and the child in need plan it led to.
    const earlier = await start('early-help-episode', {}, 3);
    await db
      .insertInto('eh_assessments')
      .values({
        id: `eha-${dialect}`,
        work_item_id: earlier,
        status: 'complete',
        source: 'eha',
        source_note: null,
        family: 'Gemma and Craig Carryworth; Maisie and Alfie.',
        child_voice: '',
        parent_views: '',
        strengths: STRENGTHS,
        needs: 'Food at home.',
        other_agencies: '',
        analysis: '',
        plan_level: 3,
        completed_at: '2026-09-01T10:00:00.000Z',
        completed_by: sw.userId,
        created_by: sw.userId,
        created_at: '2026-09-01T10:00:00.000Z',
        updated_by: sw.userId,
        updated_at: '2026-09-01T10:00:00.000Z',
        version: 1,
      })
      .execute();
    const link = (workItemId: string, workflowId: string) => ({
      steppedFrom: { workItemId, workflowId, transitionId: 'x', outcome: null },
    });
    const cf = await start(
      'cf-assessment',
      {
        ...link(earlier, 'early-help-episode'),
        census: {
          startDate: '2026-09-02',
          factors: ['16A', '17A'],
          primaryNeed: 'N1',
          authorisedOn: '2026-09-20',
        },
        assessment: { findings: FINDINGS, authorisedBy: 'Tom Teammanager (demo)' },
      },
      4,
    );
    cinId = await start(
      'cin-plan',
      {
        ...link(cf, 'cf-assessment'),
        cinPlan: {
          needs: ['Food at home every day'],
          outcomes: ['Maisie eats breakfast before school'],
          actions: [
            { id: 'a1', action: 'Breakfast club', owner: 'Larkfield', dueDate: '2027-01-08' },
          ],
        },
      },
      4,
    );
    const consent = await api.call('social-worker', 'POST', `/api/children/${childId}/consents`, {
      purpose: 'step-down-transfer',
      decision: 'given',
      givenByKind: 'young-person',
      method: 'verbal',
      recordedOn: NOW.slice(0, 10),
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
  }, 180_000);
  afterAll(() => s.close());

  it('the transfer request starts with the step-down TAC meeting’s minutes, for checking', async () => {
    const held = await api.call('social-worker', 'POST', `/api/work-items/${cinId}/transitions`, {
      transitionId: 'step-down-tac-meeting',
      payload: { minutes: MINUTES },
    });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const form = await get(`/work/${cinId}/steps/request-step-down-transfer`, 'social-worker');
    expect(form.statusCode, form.body).toBe(200);
    expect(unescape(textarea(form.body, 'answer-stepDownMeetingMinutes'))).toBe(MINUTES);
    expect(form.body).toContain('Filled in from what Baton holds: check it.');
    // Fields with nothing to carry are empty, as before.
    expect(textarea(form.body, 'answer-stepDownPlan')).toBe('');
  });

  it('authorised, the episode starts from the social care plan and its page shows it', async () => {
    const lee = await actorFor(s, 'lead-professional');
    const asked = await api.call('social-worker', 'POST', `/api/work-items/${cinId}/transitions`, {
      transitionId: 'request-step-down-transfer',
      payload: {
        stepDownPlan: 'Six-weekly TAF meetings led by early help.',
        ifConcernsRise: IF_RISE,
        stepDownMeetingMinutes: MINUTES,
        closureSummary: SUMMARY,
        leadProfessionalUserId: lee.userId,
      },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const id = z.object({ transitionRecordId: z.string() }).parse(asked.body).transitionRecordId;
    const decided = await api.call('eh-manager', 'POST', `/api/tray/${id}/decision`, {
      decision: 'authorise',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const episode = await s.database.db
      .selectFrom('work_items')
      .select('id')
      .where('workflow_id', '=', 'early-help-episode')
      .where('state', '=', 'assessment')
      .executeTakeFirstOrThrow();
    episodeId = episode.id;

    const page = await get(`/early-help/${episodeId}`, 'lead-professional');
    expect(page.statusCode, page.body).toBe(200);
    const text = unescape(page.body);
    expect(text).toContain('Started from the social care plan');
    expect(text).toContain(
      'Child and Family Assessment by Sam Socialworker (demo), started 2 September 2026, authorised 20 September 2026 by Tom Teammanager (demo).',
    );
    expect(text).toContain('Factors identified: ');
    expect(text).toContain(`The assessment found: ${FINDINGS}`);
    expect(text).toContain('Need (child in need plan): Food at home every day');
    expect(text).toContain('Outcome (child in need plan): Maisie eats breakfast before school');
    expect(text).toContain(
      'Action (child in need plan): Breakfast club, Larkfield, by 8 January 2027',
    );
    expect(text).toContain(STRENGTHS);
    expect(text).toContain('Lee Leadprof (demo)');

    const eha = await get(`/early-help/${episodeId}/assessment`, 'lead-professional');
    expect(eha.statusCode).toBe(200);
    expect(eha.body).toMatch(/value="cf-assessment" checked/);
    expect(unescape(textarea(eha.body, 'sourceNote'))).toMatch(/^Child and Family Assessment by/);
    expect(unescape(textarea(eha.body, 'strengths'))).toBe(STRENGTHS);
    expect(unescape(textarea(eha.body, 'needs'))).toContain(FINDINGS);
    expect(eha.body).toContain('This assessment starts from the social care record');
  });

  it('the step up starts from the latest new concerns recorded on the episode', async () => {
    const url = `/early-help/${episodeId}/new-concerns`;
    const raised = await postForm(
      url,
      url,
      {
        concerns: CONCERN,
        childProtection: 'yes',
        frontDoorPhoned: 'yes',
        'occurredAt-day': '7',
        'occurredAt-month': '12',
        'occurredAt-year': '2026',
      },
      'lead-professional',
    );
    expect(raised.statusCode, raised.body).toBe(303);
    const form = await get(
      `/work/${episodeId}/steps/request-step-up-to-social-care`,
      'lead-professional',
    );
    expect(form.statusCode, form.body).toBe(200);
    expect(unescape(textarea(form.body, 'answer-rationale'))).toBe(CONCERN);
  });

  it('closing starts from the closure summary and the plan if concerns rise', async () => {
    const form = await get(`/early-help/${episodeId}/close`, 'lead-professional');
    expect(form.statusCode, form.body).toBe(200);
    expect(unescape(textarea(form.body, 'summary'))).toBe(SUMMARY);
    expect(unescape(textarea(form.body, 'ifConcernsRise'))).toBe(IF_RISE);
    expect(textarea(form.body, 'whereToGetHelp')).toBe('');
  });
});
