/**
 * Early help scenarios from the seeds, through the JSON API on every database, each under the
 * authority's own pack (BATON_PACK): Stockport's practice examples (000 Annex (ii)), Walsall's
 * six-weekly reviews (002), Worcestershire's new concerns on an open case (004 Appendix 6) and
 * closure (004 Appendix 3). Names and people are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decideRequest } from '../repositories/index.js';
import { loadPacks } from '../policy/pack-files.js';
import {
  assessmentView,
  episodeSummary,
  episodeView,
  newConcernsResponse,
  stepResponse,
} from '../server/api-early-help-schemas.js';
import { testDialects } from '../testing/test-databases.js';
import { read, type ApiReply } from '../testing/api-client.js';
import { Scenario } from '../testing/scenario.js';

const dialects = await testDialects();

const apiError = z.object({
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
type Reply = ApiReply;
const err = (r: Reply) => read(apiError, r).error;
const episodeOf = (r: Reply) => read(stepResponse, r).episode;
const version = (r: Reply) => read(assessmentView, r).version;

const consent = (motherId: string, decision: 'given' | 'refused' = 'given') => ({
  decision,
  givenBy: 'parent-with-pr' as const,
  givenByName: 'Parent (demo)',
  givenByPersonId: motherId,
  method: 'verbal' as const,
});

const assessment = {
  family: 'Two parents and three children; grandparents nearby.',
  childVoice: '"I don\'t like it when the neighbours shout at us."',
  parentViews: 'Parents struggle to manage the children’s behaviour.',
  strengths: 'Parents asked for help; close to grandparents.',
  needs: 'Behaviour at home; anti-social behaviour in the neighbourhood.',
};

describe.each(dialects)('early help scenarios on %s', (dialect) => {
  describe('Stockport (000 Annex (ii), "Getting more help for children and families")', () => {
    const s = new Scenario('stockport', '2026-03-02T09:30:00.000Z');
    beforeAll(async () => {
      await s.start(dialect);
      await s.addUser('housing-officer', 'Hana Housing (demo)', 'housing', 'practitioner');
      await s.addUser('school-nurse', 'Nia Nurse (demo)', 'health', 'practitioner');
    });
    afterAll(async () => {
      await s.close();
    });

    it('"The early help assessment with consent": the housing officer leads an EHA and a Team Around the Family meeting agrees a plan', async () => {
      const { childId, motherId } = await s.child('housing-officer', {
        given: 'Rory',
        family: 'Exampleton',
        dateOfBirth: '2014-02-11',
      });
      const housing = await s.actor('housing-officer');
      // "The housing officer and the parent recognised the need to bring together these
      // conversations within an early help assessment": the housing officer is the lead.
      const opened = await s.call(
        'housing-officer',
        'POST',
        `/api/children/${childId}/early-help-episodes`,
        {
          consent: consent(motherId),
          leadProfessional: { userId: housing.userId, agreedWithFamily: true },
          reason: 'Parents struggling to manage the children’s behaviour; anti-social behaviour.',
        },
      );
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      const id = episodeOf(opened).id;
      const roles = await s.server.database.db
        .selectFrom('involvements')
        .select('role')
        .where('child_id', '=', childId)
        .where('user_id', '=', housing.userId)
        .execute();
      expect(roles.map((r) => r.role)).toContain('lead-professional');

      // "... to seek and share information with other key agencies working with the family,
      // namely education and health. The early help assessment and its findings was shared with the family"
      const draft = await s.call(
        'housing-officer',
        'PUT',
        `/api/early-help-episodes/${id}/assessment`,
        {
          ...assessment,
          otherAgencies: 'Both children’s schools; school nurse.',
          version: 0,
        },
      );
      expect(draft.status).toBe(200);
      const done = await s.call(
        'housing-officer',
        'POST',
        `/api/early-help-episodes/${id}/assessment/complete`,
        { planLevel: 3, version: version(draft) },
      );
      expect(episodeOf(done)).toMatchObject({ state: 'taf-plan', level: 3 });

      // "The housing officer, family, representative from each of the children's school and school
      // nurse attended the meeting. Together the family and professionals agreed a plan of support,
      // which included access to Stockport's RESPECT programme organised by the Targeted Youth
      // Prevention Team."
      const meeting = await s.call(
        'housing-officer',
        'POST',
        `/api/early-help-episodes/${id}/meetings`,
        {
          kind: 'taf',
          heldOn: '2026-03-02',
          attendees: [
            { name: 'Hana Housing (demo)', role: 'Housing officer, lead professional' },
            { name: 'Parent (demo)', role: 'Mother', family: true },
            { name: 'Secondary school representative (demo)', role: 'School' },
            { name: 'Primary school representative (demo)', role: 'School' },
            { name: 'Nia Nurse (demo)', role: 'School nurse' },
          ],
          minutes: 'The family and professionals agreed a plan of support.',
          decisions: ['Refer to the RESPECT programme (Targeted Youth Prevention Team)'],
          distribution: {
            sentOn: '2026-03-02',
            recipients: [
              { name: 'Parent (demo)', kind: 'family', method: 'by-hand' },
              { name: 'Nia Nurse (demo)', kind: 'partner', method: 'secure-email' },
            ],
          },
        },
      );
      expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
      const action = await s.call(
        'housing-officer',
        'POST',
        `/api/early-help-episodes/${id}/plan/actions`,
        {
          outcome: 'Calmer behaviour at home and in the neighbourhood',
          action: "Access to Stockport's RESPECT programme",
          ownerName: 'Targeted Youth Prevention Team (demo)',
          ownerAgency: 'Stockport Family (demo)',
          dueDate: '2026-04-10',
        },
      );
      expect(action.status).toBe(201);
      const view = await s.call('housing-officer', 'GET', `/api/early-help-episodes/${id}`);
      const seen = read(episodeView, view);
      expect(seen.meetings[0]?.attendees).toHaveLength(5);
      expect(seen.meetings[0]?.distribution.map((d) => d.recipientKind)).toEqual([
        'family',
        'partner',
      ]);
      expect(seen.plan.actions[0]).toMatchObject({
        action: "Access to Stockport's RESPECT programme",
        status: 'not-started',
      });
      // The EHA was completed well inside the 30 working days (001).
      expect(seen.deadlines.find((d) => d.timescaleId === 'eha-completion')).toMatchObject({
        due: '2026-04-15',
        state: 'met',
      });
    });

    it('"When consent for an EHA is not achieved": the episode cannot open, the refusal is recorded, the school nurse carries on', async () => {
      const { childId, motherId } = await s.child('school-nurse', {
        given: 'Tam',
        family: 'Sampleford',
        dateOfBirth: '2012-01-20',
      });
      // "Parents gave careful thought to the early help assessment, they decided that they did not
      // want to consent to EHA at that time ... with the ongoing support of the school nurse"
      const res = await s.call(
        'school-nurse',
        'POST',
        `/api/children/${childId}/early-help-episodes`,
        {
          consent: consent(motherId, 'refused'),
          leadProfessional: {
            name: 'Nia Nurse (demo)',
            agency: 'Millbrook Health Visiting Team (demo)',
            agreedWithFamily: true,
          },
          continuingSupport:
            'School nurse drop-ins continue; revisit an EHA when the parents are ready.',
        },
      );
      expect(res.status).toBe(422);
      expect(err(res).code).toBe('BATON_TRANSITION_REFUSED');
      expect(err(res).missing?.[0]).toMatchObject({
        rule: 'consentRecorded',
        message: expect.stringContaining('refused') as unknown,
      });
      const ledger = await s.server.database.db
        .selectFrom('consents')
        .select(['purpose', 'decision', 'notes'])
        .where('child_id', '=', childId)
        .execute();
      expect(ledger).toEqual([
        expect.objectContaining({
          purpose: 'early-help',
          decision: 'refused',
          notes: expect.stringContaining('School nurse drop-ins continue') as unknown,
        }),
      ]);
      const timeline = await s.server.database.db
        .selectFrom('child_timeline')
        .select(['kind', 'summary'])
        .where('child_id', '=', childId)
        .execute();
      expect(timeline).toEqual([
        expect.objectContaining({
          kind: 'early-help.consent-refused',
          summary: expect.stringContaining(
            'Nia Nurse (demo) continues single-agency support',
          ) as unknown,
        }),
      ]);
      const episodes = await s.call(
        'school-nurse',
        'GET',
        `/api/children/${childId}/early-help-episodes`,
      );
      expect(read(z.object({ episodes: z.array(episodeSummary) }), episodes).episodes).toEqual([]);
      // The refusal was audited as a refused step.
      const audit = await s.server.database.db
        .selectFrom('audit_events')
        .select(['action', 'outcome'])
        .where('object_id', '=', childId)
        .where('action', '=', 'early-help-episode.open')
        .execute();
      expect(audit).toEqual([{ action: 'early-help-episode.open', outcome: 'refused' }]);
    });
  });

  describe('Walsall six-weekly reviews (002 "How we support children in stepping down from a Child and Family Assessment")', () => {
    const s = new Scenario('walsall', '2026-03-02T09:30:00.000Z');
    beforeAll(async () => {
      await s.start(dialect);
    });
    afterAll(async () => {
      await s.close();
    });

    it('reviews the plan at six-weekly intervals: each review opens the next one six weeks on', async () => {
      const { childId, motherId } = await s.child('practitioner', {
        given: 'Wren',
        family: 'Walsalltest',
        dateOfBirth: '2017-07-07',
      });
      const lead = await s.actor('lead-professional');
      const opened = await s.call(
        'practitioner',
        'POST',
        `/api/children/${childId}/early-help-episodes`,
        {
          consent: consent(motherId),
          leadProfessional: { userId: lead.userId, agreedWithFamily: true },
        },
      );
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      expect(episodeOf(opened).packId).toBe('walsall');
      const id = episodeOf(opened).id;
      const draft = await s.call(
        'lead-professional',
        'PUT',
        `/api/early-help-episodes/${id}/assessment`,
        { ...assessment, version: 0 },
      );
      const done = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/assessment/complete`,
        {
          planLevel: 2,
          version: version(draft),
        },
      );
      // "The Lead Professional will need to review the support plan at six weekly intervals"
      expect(episodeOf(done).nextReviewDue).toBe('2026-04-13');

      s.advanceTo('2026-04-13T10:00:00.000Z');
      const first = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/reviews`,
        {
          reviewDate: '2026-04-13',
          outcome: 'positive-change',
          decision: 'continue',
          summary: 'Routines are settling; continue at level 2.',
        },
      );
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(episodeOf(first).reviews[0]).toMatchObject({
        plannedDate: '2026-04-13',
        broughtForwardReason: null,
        transitionId: 'review-continue-single-agency',
      });
      expect(episodeOf(first).nextReviewDue).toBe('2026-05-25');
      const reviewDeadlines = episodeOf(first).deadlines.filter(
        (d) => d.timescaleId === 'eh-review',
      );
      expect(
        reviewDeadlines.map((d: { due: string; metAt: string | null }) => [
          d.due,
          d.metAt !== null,
        ]),
      ).toEqual([
        ['2026-04-13', true],
        ['2026-05-25', false],
      ]);

      s.advanceTo('2026-05-26T10:00:00.000Z');
      const view = await s.call('lead-professional', 'GET', `/api/early-help-episodes/${id}`);
      expect(read(episodeView, view).deadlines.find((d) => d.due === '2026-05-25')?.state).toBe(
        'overdue',
      );
      const second = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/reviews`,
        {
          reviewDate: '2026-05-26',
          outcome: 'no-change',
          decision: 'amend',
          summary: 'One day late; plan amended to add a school action.',
        },
      );
      expect(episodeOf(second).nextReviewDue).toBe('2026-07-07');
    });

    it('a Child and Family Assessment stands in for the EHA after a step down (recorded and noted)', async () => {
      const { childId, motherId } = await s.child('practitioner', {
        given: 'Ash',
        family: 'Walsalltest',
        dateOfBirth: '2015-03-03',
      });
      const lead = await s.actor('lead-professional');
      const opened = await s.call(
        'practitioner',
        'POST',
        `/api/children/${childId}/early-help-episodes`,
        {
          consent: consent(motherId),
          leadProfessional: { userId: lead.userId, agreedWithFamily: true },
        },
      );
      const id = episodeOf(opened).id;
      const noNote = await s.call(
        'lead-professional',
        'PUT',
        `/api/early-help-episodes/${id}/assessment`,
        { assessmentSource: 'cf-assessment', version: 0 },
      );
      expect(noNote.status).toBe(400);
      const cf = await s.call(
        'lead-professional',
        'PUT',
        `/api/early-help-episodes/${id}/assessment`,
        {
          assessmentSource: 'cf-assessment',
          sourceNote:
            'Child and Family Assessment by the assessment team (demo), completed 2026-05-20',
          version: 0,
        },
      );
      expect(read(assessmentView, cf)).toMatchObject({
        source: 'cf-assessment',
        sourceNote: expect.stringContaining('Child and Family Assessment') as unknown,
      });
      const done = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/assessment/complete`,
        {
          planLevel: 3,
          version: version(cf),
        },
      );
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(episodeOf(done)).toMatchObject({
        state: 'taf-plan',
        assessment: { status: 'complete', source: 'cf-assessment' },
      });
    });
  });

  describe('Worcestershire (004 Appendix 6 and Appendix 3)', () => {
    const s = new Scenario('worcestershire', '2026-03-02T09:30:00.000Z');
    let id = '';
    beforeAll(async () => {
      await s.start(dialect);
      // The TFS Team Leader / EIFS Coordinator: a manager in the early help service that holds the case.
      await s.addUser('eh-team-leader', 'Tia Teamleader (demo)', 'early-help', 'team-manager');
      const { childId, motherId } = await s.child('practitioner', {
        given: 'Ivo',
        family: 'Worcestest',
        dateOfBirth: '2013-09-09',
      });
      const lead = await s.actor('lead-professional');
      const opened = await s.call(
        'practitioner',
        'POST',
        `/api/children/${childId}/early-help-episodes`,
        {
          consent: consent(motherId),
          leadProfessional: { userId: lead.userId, agreedWithFamily: true },
        },
      );
      id = episodeOf(opened).id;
      const draft = await s.call(
        'lead-professional',
        'PUT',
        `/api/early-help-episodes/${id}/assessment`,
        { ...assessment, version: 0 },
      );
      await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/assessment/complete`,
        {
          planLevel: 3,
          version: version(draft),
        },
      );
    });
    afterAll(async () => {
      await s.close();
    });

    it('reviews every 6-12 weeks: the pack sets twelve weeks as the longest interval (App. 3 "Review progress")', async () => {
      const view = await s.call('lead-professional', 'GET', `/api/early-help-episodes/${id}`);
      expect(read(episodeView, view)).toMatchObject({
        state: 'taf-plan',
        nextReviewDue: '2026-05-25',
      });
    });

    it('new concerns (not immediate child protection) are discussed with the team leader, who authorises an early help meeting within three days', async () => {
      // "Discuss concerns with allocated TFS Team Leader/ EIFS Coordinator who have line management
      // responsibilities (not lead worker as this is an escalation of risk)"
      const asked = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/new-concerns`,
        {
          concerns: 'Neighbours report shouting late at night; Ivo missed two days of school.',
          childProtection: false,
        },
      );
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);
      expect(read(newConcernsResponse, asked)).toMatchObject({
        status: 'awaiting-authorisation',
        meetingDue: null,
      });
      const request = await s.server.database.db
        .selectFrom('transitions')
        .select('id')
        .where('work_item_id', '=', id)
        .where('status', '=', 'awaiting-authorisation')
        .executeTakeFirstOrThrow();
      const manager = await s.actor('eh-team-leader');
      // The authorisation tray's own API belongs to the child record; decide here through the repository.
      await decideRequest(s.server.database.db, s.ctx(manager), loadPacks(), {
        transitionRecordId: request.id,
        decision: 'authorise',
      });
      await s.trace.step('eh-team-leader decideRequest authorise');
      const view = await s.call('lead-professional', 'GET', `/api/early-help-episodes/${id}`);
      // "An Early Help multi agency meeting is held with parents and professionals within three
      // days": three calendar days from Monday 2 March 2026 is Thursday 5 March, a working day.
      expect(
        read(episodeView, view).deadlines.find((d) => d.timescaleId === 'new-concerns-meeting'),
      ).toMatchObject({ due: '2026-03-05', metAt: null });

      // The team leader raising it applies it at once.
      const direct = await s.call(
        'eh-team-leader',
        'POST',
        `/api/early-help-episodes/${id}/new-concerns`,
        {
          concerns: 'School reports Ivo is withdrawn.',
          raisedByName: 'Class teacher (demo)',
          raisedByAgency: 'Larkfield Primary School (demo)',
          childProtection: false,
        },
      );
      expect(read(newConcernsResponse, direct)).toMatchObject({
        status: 'applied',
        meetingDue: '2026-03-05',
      });

      // The meeting "to address new concerns and revise EH plan" is the review that meets the deadline.
      s.advanceTo('2026-03-04T14:00:00.000Z');
      const review = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/reviews`,
        {
          reviewDate: '2026-03-04',
          outcome: 'deterioration',
          decision: 'amend',
          summary:
            'Met with parents and school; plan revised with evening routines and attendance support.',
          broughtForwardReason: 'New concerns (Appendix 6): meeting within three days',
        },
      );
      expect(review.status, JSON.stringify(review.body)).toBe(201);
      const concernsDeadline = episodeOf(review).deadlines.filter(
        (d) => d.timescaleId === 'new-concerns-meeting',
      );
      expect(concernsDeadline.every((d: { metAt: string | null }) => d.metAt !== null)).toBe(true);
    });

    it('an immediate child protection concern goes to the Family Front Door by phone, and the professional with the information keeps responsibility', async () => {
      const res = await s.call(
        'practitioner',
        'POST',
        `/api/early-help-episodes/${id}/new-concerns`,
        {
          concerns: 'Ivo disclosed being hit at home this morning.',
          childProtection: true,
          frontDoorPhoned: true,
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const raised = read(newConcernsResponse, res);
      expect(raised.status).toBe('front-door');
      // "telephone number: 01905 822666 or out of office hours emergency only 01905 768020"
      const numbers = raised.frontDoor.flatMap((c) => c.phones.map((p) => p.number));
      expect(numbers).toEqual(expect.arrayContaining(['01905 822666', '01905 768020']));
      // "This will remain your responsibility as you have the new information"
      const teacher = await s.actor('practitioner');
      expect(raised.concern).toMatchObject({
        childProtection: true,
        responsibleName: 'Priya Teacher (demo)',
        responsibleUserId: teacher.userId,
      });
      expect(raised.concern.frontDoorPhonedAt).not.toBeNull();
    });

    it('ends the plan only with where to get support and what to do if needs rise again ("End of the plan")', async () => {
      const bare = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/reviews`,
        {
          reviewDate: '2026-03-04',
          outcome: 'positive-change',
          decision: 'end-universal',
          summary: 'Needs met; universal services only.',
          broughtForwardReason: 'Family asked to end the plan',
        },
      );
      expect(bare.status).toBe(422);
      expect(err(bare).missing?.map((m) => m.rule)).toEqual([
        'requires:whereToGetHelp',
        'requires:ifConcernsRise',
      ]);
      expect(err(bare).missing?.[0]?.citation.source).toBe('wor-levels-of-need-2019');
      const ended = await s.call(
        'lead-professional',
        'POST',
        `/api/early-help-episodes/${id}/reviews`,
        {
          reviewDate: '2026-03-04',
          outcome: 'positive-change',
          decision: 'end-universal',
          summary: 'Needs met; universal services only.',
          broughtForwardReason: 'Family asked to end the plan',
          whereToGetHelp: 'School pastoral lead; the family hub.',
          ifConcernsRise:
            'Parents contact the school, who will discuss a new early help assessment.',
        },
      );
      expect(ended.status, JSON.stringify(ended.body)).toBe(201);
      expect(episodeOf(ended)).toMatchObject({
        state: 'closed',
        closure: {
          outcome: 'universal-services',
          whereToGetHelp: 'School pastoral lead; the family hub.',
        },
      });
    });
  });
});
