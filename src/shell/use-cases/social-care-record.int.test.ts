/**
 * Social care recording (issue 14 item 6, issue 16 §1) on every database: a referral accepted for
 * assessment; the assessment recorded (start, factors, findings, primary need) and authorised by
 * the manager; a child in need plan with its content, an action and a CIN review; visits (seen,
 * seen alone); the plan closed with its reason for closure. The census built from the record has
 * no validation errors for the child, and carries exactly what was recorded.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { censusChild, censusPeriod, validateCensusChild } from '../../core/returns/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { censusFactsOf } from '../repositories/census-repository.js';
import { testDialects } from '../testing/test-databases.js';
import { walsallSocialCare } from '../testing/walsall-social-care.js';

const dialects = await testDialects();

const record = z.object({
  item: z.object({ id: z.string(), version: z.number(), state: z.string() }),
  childId: z.string(),
  mayRecord: z.boolean(),
  mayAuthorise: z.boolean(),
  assessment: z.object({
    startDate: z.string().nullable(),
    factors: z.array(z.string()),
    primaryNeed: z.string().nullable(),
    authorisedOn: z.string().nullable(),
    authorisedBy: z.string().nullable(),
  }),
  cinPlan: z.object({
    startDate: z.string().nullable(),
    needs: z.array(z.string()),
    actions: z.array(z.object({ owner: z.string(), dueDate: z.string() })),
    reviews: z.array(z.object({ on: z.string() })),
    endDate: z.string().nullable(),
  }),
  closureReason: z.string().nullable(),
});
const errorCode = (body: unknown) =>
  z.object({ error: z.object({ code: z.string() }) }).parse(body).error.code;

describe.each(dialects)('social care recording on %s', (dialect) => {
  const { s, ok, next, authorisedStep, acceptedForAssessment, recordCensusDetails } =
    walsallSocialCare(dialect);
  const read = async (who: string, id: string) =>
    record.parse(await ok(who, 'GET', `/api/work-items/${id}/record`));

  it('records assessment → CIN plan → visits → closure, and the census for the child validates', async () => {
    const { cf } = await acceptedForAssessment(
      { givenName: 'Roswitha', familyName: 'Quayle', dateOfBirth: '2017-02-11' },
      'Mother’s low mood; the child is often late and hungry; shouting heard.',
    );
    let a = await read('social-worker', cf);
    expect(a.assessment).toMatchObject({ startDate: null, factors: [], primaryNeed: null });
    expect([a.mayRecord, a.mayAuthorise]).toEqual([true, false]);
    const childId = a.childId;
    // The child's census details, recorded once on the record.
    await recordCensusDetails(childId);

    // The assessment: "no factors identified" stands alone (rule 8869); dates not in the future.
    s.advanceTo('2026-04-20T10:00:00.000Z');
    const wrong = await s.call('social-worker', 'PUT', `/api/work-items/${cf}/assessment`, {
      version: a.item.version,
      startDate: '2026-04-21',
      factors: ['21', '4A'],
      findings: 'x',
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('factors');
    expect(JSON.stringify(wrong.body)).toContain('startDate');
    a = record.parse(
      await ok('social-worker', 'PUT', `/api/work-items/${cf}/assessment`, {
        version: a.item.version,
        startDate: '2026-04-07',
        factors: ['4A', '3A'],
        findings: 'Mother’s depression affects routines; domestic abuse by a former partner.',
        primaryNeed: 'N1',
      }),
    );
    expect(a.assessment).toMatchObject({ startDate: '2026-04-07', factors: ['4A', '3A'] });
    // Only a manager who authorises this work authorises the assessment.
    const notMine = await s.call(
      'social-worker',
      'POST',
      `/api/work-items/${cf}/assessment/authorisation`,
      { version: a.item.version, authorisedOn: '2026-04-20' },
    );
    expect(notMine.status).toBe(403);
    // The refusal is audited (it outlives the unit of work it ended).
    const refusal = await s.server.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'reason'])
      .where('action', '=', 'social-care.assessment.authorise')
      .where('object_id', '=', cf)
      .executeTakeFirst();
    expect(refusal).toEqual({ outcome: 'refused', reason: 'role may not authorise' });
    s.advanceTo('2026-05-11T10:00:00.000Z');
    a = record.parse(
      await ok('team-manager', 'POST', `/api/work-items/${cf}/assessment/authorisation`, {
        version: a.item.version,
        authorisedOn: '2026-05-11',
      }),
    );
    expect(a.assessment.authorisedOn).toBe('2026-05-11');
    expect(a.assessment.authorisedBy).not.toBeNull();
    // Authorised: the social worker can no longer change it.
    const late = await s.call('social-worker', 'PUT', `/api/work-items/${cf}/assessment`, {
      version: a.item.version,
      startDate: '2026-04-08',
      factors: ['4A'],
      findings: 'changed',
    });
    expect(errorCode(late.body)).toBe('BATON_TRANSITION_NOT_ALLOWED');
    await authorisedStep(cf, 'cin-plan', {
      rationale: 'A child in need plan: support for mother’s mental health and routines.',
    });

    // The child in need plan.
    const cin = await next('social-worker', cf);
    let p = await read('social-worker', cin);
    p = record.parse(
      await ok('social-worker', 'PUT', `/api/work-items/${cin}/cin-plan`, {
        version: p.item.version,
        startDate: '2026-05-11',
        needs: ['Regular meals and getting to school on time'],
        outcomes: ['Roswitha arrives at school on time every day'],
        nextReviewDate: '2026-07-06',
      }),
    );
    p = record.parse(
      await ok('social-worker', 'POST', `/api/work-items/${cin}/cin-plan/actions`, {
        version: p.item.version,
        action: 'Referral to the perinatal mental health team',
        owner: 'GP (demo surgery)',
        dueDate: '2026-05-25',
      }),
    );
    expect(p.cinPlan).toMatchObject({
      startDate: '2026-05-11',
      needs: ['Regular meals and getting to school on time'],
      actions: [{ owner: 'GP (demo surgery)', dueDate: '2026-05-25' }],
    });

    // Visits: seen alone is asked when the child was seen, with a reason when not alone.
    const noReason = await s.call('social-worker', 'POST', `/api/children/${childId}/visits`, {
      workItemId: cin,
      visitedOn: '2026-05-11',
      seen: true,
      seenAlone: 'no',
    });
    expect(noReason.status).toBe(400);
    await ok('social-worker', 'POST', `/api/children/${childId}/visits`, {
      workItemId: cin,
      visitedOn: '2026-05-11',
      seen: true,
      seenAlone: 'yes',
    });
    await ok('social-worker', 'POST', `/api/children/${childId}/visits`, {
      workItemId: cin,
      visitedOn: '2026-05-08',
      seen: false,
      reason: 'Nobody home; a card left.',
    });
    const visits = z
      .object({ visits: z.array(z.object({ visitedOn: z.string(), seen: z.boolean() })) })
      .parse(await ok('social-worker', 'GET', `/api/children/${childId}/visits`)).visits;
    expect(visits.map((v) => [v.visitedOn, v.seen])).toEqual([
      ['2026-05-11', true],
      ['2026-05-08', false],
    ]);

    // A CIN review, then the plan closes with its reason for closure (asked on the closing step).
    s.advanceTo('2026-07-06T10:00:00.000Z');
    await ok('social-worker', 'POST', `/api/work-items/${cin}/transitions`, {
      transitionId: 'cin-review',
      payload: { decision: 'Good progress; plan continues.' },
    });
    s.advanceTo('2026-09-07T10:00:00.000Z');
    const badReason = await s.call('social-worker', 'POST', `/api/work-items/${cin}/transitions`, {
      transitionId: 'close-to-universal',
      payload: { singleAgencySupport: 'School', ifNeedRises: 'Call us', closureReason: 'RC0' },
    });
    expect(badReason.status).toBe(400);
    await authorisedStep(cin, 'close-to-universal', {
      singleAgencySupport: 'The school’s pastoral support continues.',
      ifNeedRises: 'The school contacts the front door.',
      closureReason: 'RC7',
    });
    p = await read('social-worker', cin);
    expect(p.closureReason).toBe('RC7');
    expect(p.cinPlan.reviews.map((r) => r.on)).toEqual(['2026-07-06']);
    expect(p.cinPlan.endDate).toBe('2026-09-07');

    // The census as built from the record: what was recorded, and no errors for this child.
    const period = censusPeriod('2026-27');
    const facts = await censusFactsOf(s.server.database.db, childId, loadPacks());
    const child = facts === null ? null : censusChild(facts.record, facts.work, period);
    expect(child).not.toBeNull();
    const episode = child?.episodes[0];
    expect(child?.episodes).toHaveLength(1);
    expect(episode).toMatchObject({
      referralDate: '2026-04-06',
      referralSource: '3F',
      primaryNeed: 'N1',
      closureDate: '2026-09-07',
      closureReason: 'RC7',
      assessments: [
        {
          actualStartDate: '2026-04-07',
          authorisationDate: '2026-05-11',
          factors: ['4A', '3A'],
        },
      ],
      cinPlans: [{ startDate: '2026-05-11', endDate: '2026-09-07' }],
    });
    const failures = child === null ? [] : validateCensusChild(child, period);
    expect(failures.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
