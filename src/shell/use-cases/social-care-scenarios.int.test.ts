/**
 * The seeds' social care case studies, start to finish through the JSON API, on every database,
 * each under its authority's pack: Stockport 000 ("Step up to more help" — Jonny; "Step down
 * across the model" — the sibling group; the 6-month-old's unexplained bruise) and Walsall 002
 * (the five children whose C&F assessment ends in a school-led early help plan; Family X from edge
 * of care; the five children from a CP plan through PLO to a CIN plan and early help). Every
 * person is invented; the steps and rules are the seeds'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { testDialects } from '../testing/test-databases.js';
import type { ApiReply } from '../testing/api-client.js';
import { Scenario } from '../testing/scenario.js';

const dialects = await testDialects();

const outcomeSchema = z.object({
  status: z.enum(['applied', 'awaiting-authorisation', 'declined']),
  transitionRecordId: z.string().optional(),
  workItem: z.object({
    id: z.string(),
    workflowId: z.string(),
    state: z.string(),
    version: z.number(),
    data: z.record(z.string(), z.unknown()),
  }),
});
const viewSchema = z.object({
  item: z.object({
    id: z.string(),
    workflowId: z.string(),
    state: z.string(),
    level: z.number().nullable(),
    ownerAgencyId: z.string(),
    leadProfessional: z.object({ name: z.string(), agency: z.string() }).nullable(),
    childIds: z.array(z.string()),
    final: z.boolean(),
  }),
  ownerAgencyName: z.string(),
  deadlines: z.array(z.object({ name: z.string(), due: z.string() })),
  steppedFrom: z.object({ workItemId: z.string() }).nullable(),
  followedBy: z.object({ workItemId: z.string(), workflowName: z.string() }).nullable(),
  awaitingAuthorisation: z.object({ transitionRecordId: z.string() }).nullable(),
});
const errorSchema = z.object({
  error: z.object({
    code: z.string(),
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
type View = z.infer<typeof viewSchema>;

const strategyDiscussion = {
  attendees: 'GP, health visitor, police, paediatrician, duty social worker',
  decision: 'Section 47 enquiries; a child protection medical today.',
};

/** A social care story: the scenario harness, with the steps of the social care journey. */
class Story extends Scenario {
  async consent(who: string, childId: string, purpose: string, motherId: string): Promise<void> {
    const r = await this.call(who, 'POST', `/api/children/${childId}/consents`, {
      purpose,
      decision: 'given',
      givenByKind: 'parent-with-pr',
      givenByPersonId: motherId,
      method: 'verbal',
      recordedOn: this.now.toISOString().slice(0, 10),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }

  async startWork(who: string, childId: string, workflowId: string): Promise<string> {
    const r = await this.call(who, 'POST', `/api/children/${childId}/work`, {
      workflowId,
      rationale: `Starting ${workflowId}.`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return z.object({ id: z.string() }).parse(r.body).id;
  }

  /** Take a step; expect it applied (201) or waiting in a tray (202). */
  async step(
    who: string,
    workItemId: string,
    transitionId: string,
    payload: Record<string, unknown> = {},
  ): Promise<z.infer<typeof outcomeSchema>> {
    const r = await this.call(who, 'POST', `/api/work-items/${workItemId}/transitions`, {
      transitionId,
      payload,
    });
    expect([201, 202], `${transitionId}: ${JSON.stringify(r.body)}`).toContain(r.status);
    return outcomeSchema.parse(r.body);
  }

  /** Take a step the rules refuse; answer the missing rules. */
  async refused(
    who: string,
    workItemId: string,
    transitionId: string,
    payload: Record<string, unknown> = {},
  ): Promise<{ rule: string; source: string }[]> {
    const r: ApiReply = await this.call(who, 'POST', `/api/work-items/${workItemId}/transitions`, {
      transitionId,
      payload,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    const e = errorSchema.parse(r.body).error;
    expect(e.code).toBe('BATON_TRANSITION_REFUSED');
    return (e.missing ?? []).map((m) => ({ rule: m.rule, source: m.citation.source }));
  }

  async decide(
    who: string,
    transitionRecordId: string,
    decision: 'authorise' | 'decline',
    note?: string,
  ) {
    const r = await this.call(who, 'POST', `/api/tray/${transitionRecordId}/decision`, {
      decision,
      ...(note ? { note } : {}),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return outcomeSchema.parse(r.body);
  }

  /** Take a step that waits in a tray, and have `authoriser` authorise it from their tray. */
  async stepAuthorised(
    who: string,
    authoriser: string,
    workItemId: string,
    transitionId: string,
    payload: Record<string, unknown> = {},
  ) {
    const asked = await this.step(who, workItemId, transitionId, payload);
    expect(asked.status).toBe('awaiting-authorisation');
    const tray = await this.call(authoriser, 'GET', '/api/tray');
    const items = z
      .object({ items: z.array(z.object({ transitionRecordId: z.string() })) })
      .parse(tray.body).items;
    expect(items.map((i) => i.transitionRecordId)).toContain(asked.transitionRecordId);
    return this.decide(authoriser, asked.transitionRecordId ?? '', 'authorise');
  }

  async view(who: string, workItemId: string): Promise<View> {
    const r = await this.call(who, 'GET', `/api/work-items/${workItemId}/view`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return viewSchema.parse(r.body);
  }

  /** The work a step started (the old work's `followedBy`). */
  async next(who: string, workItemId: string): Promise<View> {
    const followedBy = (await this.view(who, workItemId)).followedBy;
    expect(followedBy, 'the step should have started new work').not.toBeNull();
    return this.view(who, followedBy?.workItemId ?? '');
  }

  /** s47 enquiries started by the social worker, through a strategy discussion and ICPC to a CP plan. */
  async throughIcpcToPlan(childId: string, why: string, category: string): Promise<string> {
    const s47 = await this.startWork('social-worker', childId, 's47');
    await this.stepAuthorised(
      'social-worker',
      'team-manager',
      s47,
      'hold-strategy-discussion',
      strategyDiscussion,
    );
    await this.stepAuthorised('social-worker', 'team-manager', s47, 'complete-enquiry-icpc', {
      rationale: why,
    });
    await this.step('team-manager', s47, 'icpc-cp-plan', { chairIro: 'An IRO (demo)', category });
    return s47;
  }
}

describe.each(dialects)('social care case studies on %s', (dialect) => {
  describe('Stockport (000 "Step up to more help", "Step down across the model")', () => {
    const s = new Story('stockport', '2026-03-02T09:30:00.000Z');
    beforeAll(() => s.start(dialect));
    afterAll(() => s.close());

    it('Jonny: the school starts an EHA with consent, then route 2 steps him up to social care through two agreements', async () => {
      const { childIds, motherId } = await s.family('practitioner', 'Demoford', [
        { given: 'Jonny', dateOfBirth: '2020-01-15' },
      ]);
      const jonny = childIds[0] ?? '';
      const teacher = await s.actor('practitioner');
      // "the school agreed (with the parents' consent) to start an early help assessment (EHA)"
      const opened = await s.call(
        'practitioner',
        'POST',
        `/api/children/${jonny}/early-help-episodes`,
        {
          consent: {
            decision: 'given',
            givenBy: 'parent-with-pr',
            givenByName: 'Parent (demo)',
            givenByPersonId: motherId,
            method: 'verbal',
          },
          leadProfessional: { userId: teacher.userId, agreedWithFamily: true },
          reason: 'Parents ask for more respite, including an overnight short break.',
        },
      );
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      const episodeId = z.object({ episode: z.object({ id: z.string() }) }).parse(opened.body)
        .episode.id;

      // "again with the parents' consent a request to 'step up' to children's social care was made"
      const noConsent = await s.refused(
        'practitioner',
        episodeId,
        'request-step-up-to-social-care',
        {
          rationale: 'The EHA shows the profound impact of disability: more help is needed now.',
        },
      );
      expect(noConsent).toEqual([
        { rule: 'consentOrReasonNotSought', source: 'stk-step-up-step-down' },
      ]);
      await s.consent('practitioner', jonny, 'front-door-referral', motherId);
      // First the delegated person in the school (the designated safeguarding lead) agrees...
      const agreed = await s.stepAuthorised(
        'practitioner',
        'dsl',
        episodeId,
        'request-step-up-to-social-care',
        {
          rationale: 'The EHA shows the profound impact of disability: more help is needed now.',
        },
      );
      expect(agreed.workItem.state).toBe('step-up-agreed');
      // ...then the social care team manager authorises it from social care's tray.
      const stepped = await s.stepAuthorised(
        'practitioner',
        'team-manager',
        episodeId,
        'authorise-step-up-to-social-care',
        {
          rationale: 'EHA attached; the Children with Disability Team to assess.',
        },
      );
      expect(stepped.workItem.state).toBe('stepped-up-to-social-care');
      const assessment = await s.next('team-manager', episodeId);
      expect(assessment.item).toMatchObject({
        workflowId: 'cf-assessment',
        state: 'in-progress',
        level: 4,
      });
      expect(assessment.item.ownerAgencyId).toBe(await s.agencyId('childrens-social-care'));
      // Working Together 2023: the assessment within 45 working days of the referral.
      expect(assessment.deadlines.map((d) => [d.name, d.due])).toEqual([
        ['Child and Family Assessment', '2026-05-07'],
      ]);
      expect(assessment.steppedFrom?.workItemId).toBe(episodeId);
    });

    it('the sibling group: CP plan → CIN/TAC plan led by the social worker → a school-led TAC, the transfer refused until consent is recorded', async () => {
      s.advanceTo('2026-03-02T09:30:00.000Z');
      const { childIds, motherId } = await s.family('dsl', 'Samplewood', [
        { given: 'Ada', dateOfBirth: '2012-04-01' },
      ]);
      const child = childIds[0] ?? '';
      const s47 = await s.throughIcpcToPlan(
        child,
        'Disclosure of sexual abuse by the oldest child.',
        'sexual',
      );
      const cp = await s.next('social-worker', s47);
      expect(cp.item.workflowId).toBe('cp-plan');

      // "The CP plan ended after 6 months ... 'step down' to a s17 child in need plan"
      s.advanceTo('2026-09-01T10:00:00.000Z');
      await s.stepAuthorised('social-worker', 'team-manager', cp.item.id, 'discharge-to-cin', {
        reviewConference: 'Review conference, 1 September 2026',
        leadProfessionalName: 'The allocated social worker',
        leadProfessionalAgency: 'Locality social work team',
        nextTacMeeting: '2026-09-22',
      });
      const cin = await s.next('social-worker', cp.item.id);
      expect(cin.item).toMatchObject({ workflowId: 'cin-plan', state: 'active', level: 4 });
      // 001 "Step Down from a Child Protection Plan": the next TAC meeting within 4 weeks.
      expect(cin.deadlines.map((d) => [d.name, d.due])).toEqual([
        ['First TAC meeting after a child protection plan ends', '2026-09-29'],
      ]);
      await s.step('social-worker', cin.item.id, 'cin-review', {
        decision: 'Plan continues under s17.',
      });
      expect((await s.view('social-worker', cin.item.id)).deadlines).toEqual([]);

      // "3 months later at a TAC meeting ... The children's school was identified as the new lead professional"
      s.advanceTo('2026-12-01T10:00:00.000Z');
      await s.step('social-worker', cin.item.id, 'step-down-tac-meeting', {
        minutes: 'Parents agree to a TAF plan; the school will lead.',
      });
      const dsl = await s.actor('dsl');
      const transfer = {
        leadProfessionalUserId: dsl.userId,
        stepDownPlan: 'TAC meetings every six weeks, led by the school.',
        ifConcernsRise: 'The school calls the MASSH the same day.',
        stepDownMeetingMinutes: 'Minutes of the step-down TAC meeting, 1 December 2026.',
        closureSummary: 'Risks reduced and sustained; parents safeguard effectively.',
      };
      // "If consent is not given ... the transfer request will be refused and returned"
      const refused = await s.refused(
        'social-worker',
        cin.item.id,
        'request-step-down-transfer-partner',
        transfer,
      );
      expect(refused).toEqual([{ rule: 'consentRecorded', source: 'stk-step-up-step-down' }]);
      await s.consent('social-worker', child, 'step-down-transfer', motherId);
      // A partner agency lead professional: the MASSH operational lead (a social care manager) authorises.
      const done = await s.stepAuthorised(
        'social-worker',
        'team-manager',
        cin.item.id,
        'request-step-down-transfer-partner',
        transfer,
      );
      expect(done.workItem.state).toBe('closed-to-early-help');
      const episode = await s.next('dsl', cin.item.id);
      expect(episode.item).toMatchObject({
        workflowId: 'early-help-episode',
        state: 'assessment',
        ownerAgencyId: dsl.agencyId,
        leadProfessional: { name: dsl.displayName },
      });
      // 001: "The assessment should be completed within 30 working days of the step down".
      // 25 and 28 December and 1 January are bank holidays.
      expect(episode.deadlines.map((d) => d.due)).toEqual(['2027-01-15']);
    });

    it('the 6-month-old with an unexplained bruise: GP contact → strategy discussion → s47 → no further action', async () => {
      s.advanceTo('2026-03-02T09:30:00.000Z');
      const contact = await s.call(
        'hv-demo',
        'POST',
        '/api/contacts',
        twoParentContact(
          { givenName: 'Baby', familyName: 'Babbington', dateOfBirth: '2025-09-01' },
          {
            concerns: 'Bruise on the inner thigh of an immobile 6-month-old; no explanation given.',
            referrerLevel: 4,
            urgency: 'immediate',
          },
        ),
      );
      expect(contact.status, JSON.stringify(contact.body)).toBe(201);
      const contactId = z.object({ workItemId: z.string() }).parse(contact.body).workItemId;
      const decided = await s.step('team-manager', contactId, 'decide-strategy-discussion', {
        rationale: 'Bruising protocol for immobile babies: strategy discussion today.',
      });
      expect(decided.status).toBe('applied');
      const s47 = await s.next('social-worker', contactId);
      expect(s47.item).toMatchObject({ workflowId: 's47', state: 'strategy-discussion-due' });
      await s.stepAuthorised(
        'social-worker',
        'team-manager',
        s47.item.id,
        'hold-strategy-discussion',
        strategyDiscussion,
      );
      const icpc = await s.view('social-worker', s47.item.id);
      // Working Together 2023: the ICPC within 15 working days of the strategy discussion.
      expect(icpc.deadlines.map((d) => d.due)).toEqual(['2026-03-23']);
      // "The s47 investigation concluded no further action."
      await s.stepAuthorised('social-worker', 'team-manager', s47.item.id, 'nfa', {
        rationale:
          'The car seat belt explains the bruise (paediatrician); the health visitor continues.',
      });
      const closed = await s.view('social-worker', s47.item.id);
      expect(closed.item).toMatchObject({ state: 'closed-nfa', final: true });
      expect(closed.deadlines).toEqual([]);
    });
  });

  describe('Walsall (002 case studies)', () => {
    const s = new Story('walsall', '2026-03-02T09:30:00.000Z');
    beforeAll(() => s.start(dialect));
    afterAll(() => s.close());

    it('five children: a C&F assessment ends in an early help plan led by the school (the assessment replaces the EHA)', async () => {
      const { childIds, motherId } = await s.family('dsl', 'Fivefold', [
        { given: 'One', dateOfBirth: '2015-01-10' },
        { given: 'Two', dateOfBirth: '2016-02-10' },
        { given: 'Three', dateOfBirth: '2017-03-10' },
        { given: 'Four', dateOfBirth: '2018-04-10' },
        { given: 'Five', dateOfBirth: '2019-05-10' },
      ]);
      const dsl = await s.actor('dsl');
      for (const child of childIds) {
        const cf = await s.startWork('social-worker', child, 'cf-assessment');
        await s.consent('social-worker', child, 'step-down-transfer', motherId);
        await s.stepAuthorised(
          'social-worker',
          'team-manager',
          cf,
          'step-down-to-early-help-plan',
          {
            rationale: 'Parents need to understand the children’s needs; a parenting course.',
            leadProfessionalUserId: dsl.userId,
          },
        );
        const plan = await s.next('dsl', cf);
        expect(plan.item).toMatchObject({
          workflowId: 'early-help-episode',
          state: 'taf-plan',
          level: 3,
          ownerAgencyId: dsl.agencyId,
        });
        // Six-weekly reviews from the step down.
        expect(plan.deadlines.map((d) => d.due)).toEqual(['2026-04-13']);
      }
    });

    it('Family X: from a CIN plan with the Edge of Care Team to early help, the team staying up to 4 weeks', async () => {
      s.advanceTo('2026-03-02T09:30:00.000Z');
      const { childIds, motherId } = await s.family('dsl', 'Xample', [
        { given: 'Xan', dateOfBirth: '2014-06-01' },
      ]);
      const child = childIds[0] ?? '';
      const cf = await s.startWork('social-worker', child, 'cf-assessment');
      await s.stepAuthorised('social-worker', 'team-manager', cf, 'cin-plan', {
        rationale:
          'Poor home conditions and school attendance: a CIN plan with the Edge of Care Team.',
      });
      const cin = await s.next('social-worker', cf);
      // "After eight weeks of intensive support ... stepped down into Early Help with the 0-19
      // family Support team taking the Lead Professional role"
      s.advanceTo('2026-04-27T09:30:00.000Z');
      // "it was agreed by all professionals that the family had made positive progress": the
      // CIN review every step down to early help needs first (002, stepping down from a Child
      // Protection Plan: "at least one Child in Need review meeting").
      await s.step('social-worker', cin.item.id, 'cin-review', {
        decision: 'All professionals agree the family has made positive progress: step down.',
      });
      await s.consent('social-worker', child, 'step-down-transfer', motherId);
      const lead = await s.actor('lead-professional');
      await s.stepAuthorised(
        'social-worker',
        'team-manager',
        cin.item.id,
        'close-to-early-help-from-edge-of-care',
        {
          interventionPlans: 'Edge of Care intervention plans shared with the 0-19 team.',
          leadProfessionalUserId: lead.userId,
        },
      );
      const plan = await s.next('lead-professional', cin.item.id);
      expect(plan.item).toMatchObject({ workflowId: 'early-help-episode', state: 'taf-plan' });
      expect(plan.deadlines.map((d) => [d.name, d.due])).toEqual([
        ['Edge of Care Team hands over fully', '2026-05-25'],
        ['Early help plan review', '2026-06-08'],
      ]);
      await s.step('lead-professional', plan.item.id, 'edge-of-care-handover-complete');
      expect(
        (await s.view('lead-professional', plan.item.id)).deadlines.map((d) => d.name),
      ).toEqual(['Early help plan review']);
    });

    it('five children from a CP plan through PLO to a 6-month CIN plan, then early help led by the children’s centre after a CIN review', async () => {
      s.advanceTo('2026-03-02T09:30:00.000Z');
      const { childIds, motherId } = await s.family('dsl', 'Plover', [
        { given: 'Pat', dateOfBirth: '2013-07-07' },
      ]);
      const child = childIds[0] ?? '';
      const s47 = await s.throughIcpcToPlan(
        child,
        'Chastisement, drug misuse, missed health appointments.',
        'multiple',
      );
      const cp = await s.next('social-worker', s47);
      s.advanceTo('2026-05-26T10:00:00.000Z');
      await s.step('team-manager', cp.item.id, 'review-conference-continue', {
        decision: 'A PLO meeting gives parents 8 weeks to evidence improvement.',
      });
      // "at the review child protection conference the children were delisted with a
      // recommendation that the case was stepped down to a CIN plan for 6 month period"
      s.advanceTo('2026-09-01T10:00:00.000Z');
      await s.step('team-manager', cp.item.id, 'discharge-to-cin', {
        reviewConference: 'Review conference, 1 September 2026: significant progress under PLO.',
      });
      const cin = await s.next('social-worker', cp.item.id);
      expect(cin.item.workflowId).toBe('cin-plan');
      await s.consent('social-worker', child, 'step-down-transfer', motherId);
      const stepDown = {
        rationale: 'Improvements made and sustained.',
        leadProfessionalName: 'Children’s centre worker (demo)',
        leadProfessionalAgency: 'Children’s centre (demo)',
      };
      // 002: "only once the ongoing positive change ... has been confirmed through at least one
      // Child in Need review meeting".
      expect(await s.refused('team-manager', cin.item.id, 'close-to-early-help', stepDown)).toEqual(
        [{ rule: 'eventHappened', source: 'wal-step-up-step-down' }],
      );
      s.advanceTo('2027-03-01T10:00:00.000Z');
      await s.step('social-worker', cin.item.id, 'cin-review', {
        decision: 'Improvements sustained for six months: step down to early help.',
      });
      await s.step('team-manager', cin.item.id, 'close-to-early-help', stepDown);
      const plan = await s.next('team-manager', cin.item.id);
      expect(plan.item).toMatchObject({
        workflowId: 'early-help-episode',
        state: 'taf-plan',
        ownerAgencyId: await s.agencyId('early-help'),
        leadProfessional: { name: 'Children’s centre worker (demo)' },
      });
    });
  });
});
