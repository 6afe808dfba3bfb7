/**
 * Pre-proceedings (PLO) on every database (issue 16 §1/§2): a referral accepted for assessment,
 * a child in need plan; pre-proceedings begun under it by the social worker, the letter before
 * proceedings with a family group decision-making meeting offered, the first meeting and two
 * reviews, the decision to start care proceedings, the court application and the letter to
 * initiate them. Someone outside social care is refused (coded, audited); a stale form is refused;
 * the dates keep DfE's order. The 2026-27 census of the child carries the module and fails no rule;
 * the 2025-26 census never has it.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  censusChild,
  censusChildXml,
  censusPeriod,
  validateCensusChild,
} from '../../core/returns/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { censusFactsOf } from '../repositories/census-repository.js';
import { testDialects } from '../testing/test-databases.js';
import { walsallSocialCare } from '../testing/walsall-social-care.js';

const dialects = await testDialects();

const view = z.object({
  record: z.object({
    id: z.string(),
    version: z.number(),
    startedOn: z.string(),
    lbpSentOn: z.string().nullable(),
    fgdmOffered: z.boolean().nullable(),
    fgdmFacilitated: z.boolean().nullable(),
    meetings: z.array(z.object({ kind: z.string(), heldOn: z.string() })),
    outcome: z.string().nullable(),
    courtApplicationOn: z.string().nullable(),
    letterInitiatingOn: z.string().nullable(),
  }),
  mayRecord: z.boolean(),
});
const errorOf = (body: unknown) =>
  z
    .object({
      error: z.object({
        code: z.string(),
        details: z.array(z.object({ path: z.string() })).optional(),
      }),
    })
    .parse(body).error;

describe.each(dialects)('pre-proceedings on %s', (dialect) => {
  const { s, ok, next, authorisedStep, acceptedForAssessment, recordCensusDetails } =
    walsallSocialCare(dialect);

  it('records a PLO from the legal planning decision to the court application, and the census carries it', async () => {
    const { contactId, cf } = await acceptedForAssessment(
      { givenName: 'Perpetua', familyName: 'Loxley', dateOfBirth: '2018-03-21' },
      'Persistent neglect despite support; home conditions poor.',
    );
    const childId = z
      .object({ childId: z.string() })
      .parse(await ok('social-worker', 'GET', `/api/work-items/${cf}/record`)).childId;
    await recordCensusDetails(childId);
    s.advanceTo('2026-05-11T10:00:00.000Z');
    const a = z
      .object({ item: z.object({ version: z.number() }) })
      .parse(await ok('social-worker', 'GET', `/api/work-items/${cf}/record`));
    await ok('social-worker', 'PUT', `/api/work-items/${cf}/assessment`, {
      version: a.item.version,
      startDate: '2026-04-07',
      factors: ['2A'],
      findings: 'Neglect of basic care over two years.',
      primaryNeed: 'N1',
    });
    await authorisedStep(cf, 'cin-plan', { rationale: 'A child in need plan first.' });
    const cin = await next('social-worker', cf);

    // Who may begin: not a health visitor outside social care (coded and audited), and only on
    // open social care work on this child.
    s.advanceTo('2026-09-14T10:00:00.000Z');
    const list = z
      .object({ openWork: z.array(z.object({ id: z.string() })) })
      .parse(await ok('social-worker', 'GET', `/api/children/${childId}/pre-proceedings`));
    expect(list.openWork.map((w) => w.id)).toEqual([cin]);
    const outsider = await s.call('hv-demo', 'POST', `/api/children/${childId}/pre-proceedings`, {
      workItemId: cin,
      startedOn: '2026-09-09',
    });
    expect([403, 404]).toContain(outsider.status);
    const refusal = await s.server.database.db
      .selectFrom('audit_events')
      .select(['outcome'])
      .where('action', '=', 'child.pre-proceedings.start')
      .where('outcome', '=', 'refused')
      .executeTakeFirst();
    expect(refusal?.outcome).toBe('refused');
    const wrongWork = await s.call(
      'social-worker',
      'POST',
      `/api/children/${childId}/pre-proceedings`,
      { workItemId: contactId, startedOn: '2026-09-09' },
    );
    expect(errorOf(wrongWork.body).code).toBe('BATON_VALIDATION');
    const future = await s.call(
      'social-worker',
      'POST',
      `/api/children/${childId}/pre-proceedings`,
      {
        workItemId: cin,
        startedOn: '2026-09-15',
      },
    );
    expect(errorOf(future.body).details?.map((d) => d.path)).toEqual(['startedOn']);

    const started = z.object({ id: z.string(), version: z.number() }).parse(
      await ok('social-worker', 'POST', `/api/children/${childId}/pre-proceedings`, {
        workItemId: cin,
        startedOn: '2026-09-09',
      }),
    );
    const url = `/api/children/${childId}/pre-proceedings/${started.id}`;
    // The letter: rule 9007 asks whether it offered a family group decision-making meeting.
    const noOffer = await s.call('social-worker', 'PATCH', url, {
      version: started.version,
      lbpSentOn: '2026-09-14',
    });
    expect(errorOf(noOffer.body).details?.map((d) => d.path)).toEqual(['fgdmOffered']);
    let v = view.parse(
      await ok('social-worker', 'PATCH', url, {
        version: started.version,
        lbpSentOn: '2026-09-14',
        fgdmOffered: true,
      }),
    );
    // A stale form (the version before that save) is refused.
    const stale = await s.call('social-worker', 'PATCH', url, {
      version: started.version,
      fgdmFacilitated: true,
    });
    expect(errorOf(stale.body).code).toBe('BATON_STALE_EDIT');

    s.advanceTo('2026-12-18T10:00:00.000Z');
    for (const [kind, heldOn] of [
      ['initial', '2026-09-28'],
      ['review', '2026-10-26'],
      ['review', '2026-11-23'],
    ] as const)
      v = view.parse(
        await ok('team-manager', 'POST', `${url}/meetings`, {
          version: v.record.version,
          kind,
          heldOn,
        }),
      );
    // A review cannot come before the first meeting.
    const early = await s.call('social-worker', 'POST', `${url}/meetings`, {
      version: v.record.version,
      kind: 'review',
      heldOn: '2026-09-20',
    });
    expect(errorOf(early.body).details?.map((d) => d.path)).toEqual(['heldOn']);
    // The court application cannot precede the decision (rule 9012).
    const order = await s.call('social-worker', 'PATCH', url, {
      version: v.record.version,
      stepDecisionOn: '2026-12-01',
      outcome: 'B',
      courtApplicationOn: '2026-11-30',
    });
    expect(errorOf(order.body).details?.map((d) => d.path)).toEqual(['courtApplicationOn']);
    v = view.parse(
      await ok('social-worker', 'PATCH', url, {
        version: v.record.version,
        fgdmFacilitated: true,
        stepDecisionOn: '2026-12-01',
        outcome: 'B',
        courtApplicationOn: '2026-12-18',
        letterInitiatingOn: '2026-12-18',
      }),
    );
    expect(v.record).toMatchObject({
      lbpSentOn: '2026-09-14',
      fgdmOffered: true,
      fgdmFacilitated: true,
      outcome: 'B',
      courtApplicationOn: '2026-12-18',
    });
    expect(v.record.meetings.map((m) => m.kind)).toEqual(['initial', 'review', 'review']);
    expect(v.mayRecord).toBe(true);

    // Another child's id with this record: not found.
    const other = await s.call(
      'social-worker',
      'GET',
      `/api/children/${contactId}/pre-proceedings/${started.id}`,
    );
    expect([403, 404]).toContain(other.status);

    // Every read and write is in the audit trail.
    const actions = await s.server.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', started.id)
      .where('outcome', '=', 'allowed')
      .execute();
    expect(new Set(actions.map((x) => x.action))).toEqual(
      new Set([
        'child.pre-proceedings.record',
        'child.pre-proceedings.meeting',
        'child.pre-proceedings.read',
      ]),
    );

    // The census: the module in 2026-27, with nothing failing; never in 2025-26.
    const facts = await censusFactsOf(s.server.database.db, childId, loadPacks());
    if (facts === null) throw new Error('no census facts');
    const period = censusPeriod('2026-27');
    const child = censusChild(facts.record, facts.work, period);
    expect(child?.episodes[0]?.preProceedings).toEqual([
      {
        startDate: '2026-09-09',
        lbpSentDate: '2026-09-14',
        fgdmMeetingOffered: true,
        fgdmMeetingFacilitated: true,
        initialMeetingDate: '2026-09-28',
        reviewMeetingsCount: 2,
        stepDecisionDate: '2026-12-01',
        outcome: 'B',
        courtApplicationDate: '2026-12-18',
        letterInitiatingProceedingsDate: '2026-12-18',
      },
    ]);
    if (child === null) throw new Error('no census child');
    expect(validateCensusChild(child, period).filter((f) => f.severity === 'error')).toEqual([]);
    expect(censusChildXml(child, '2026-27')).toContain('<PPOutcome>B</PPOutcome>');
    expect(censusChildXml(child, '2025-26')).not.toContain('PreProceedingsandFGDM');
  }, 120_000);
});
