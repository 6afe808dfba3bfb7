/** Pages for the plan (outcomes, review date, SMART actions) and recording a TAF meeting. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  actionStatuses,
  distributionMethods,
  type DistributionMethod,
  type Recipient,
} from '../../use-cases/early-help-view-use-cases.js';
import {
  addPlanAction,
  changePlanAction,
  recordMeeting,
  updatePlan,
} from '../../use-cases/early-help/index.js';
import { listLeadProfessionalCandidates } from '../../use-cases/work-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { attendeesFrom, formProblem, lines, values, versionOf } from './early-help-form.js';
import type { EarlyHelpPageContext } from './early-help-page-context.js';
import {
  asForm,
  datePartsOf,
  datePartsValues,
  field,
  fields,
  formTokenKey,
  readDates,
} from './form-values.js';
import { once } from '../../use-cases/idempotency.js';

/** The plan page and its forms, and the record-a-meeting page. */
export function registerEarlyHelpPlanPages(
  app: FastifyInstance,
  pages: EarlyHelpPageContext,
): void {
  const { eh, csrf, idOf, renderEpisodePage } = pages;
  /** The plan page's context: action owners are picked from Baton, the family's team first. */
  /** The meeting form's context: attendees and recipients picked from Baton, the family's team first. */
  const meetingExtra =
    (
      request: FastifyRequest,
      v: Record<string, string | undefined>,
      picked: { attendeeUserIds: string[]; sentToUserIds: string[] } = {
        attendeeUserIds: [],
        sentToUserIds: [],
      },
    ) =>
    async (episode: { child: { id: string } }) => ({
      values: v,
      picked,
      methods: distributionMethods,
      candidates: await listLeadProfessionalCandidates(request.session, {
        childIds: [episode.child.id],
      }),
    });
  const planExtra =
    (request: FastifyRequest, more: Record<string, unknown> = {}) =>
    async (episode: { child: { id: string } }) => ({
      statuses: actionStatuses,
      candidates: await listLeadProfessionalCandidates(request.session, {
        childIds: [episode.child.id],
      }),
      ...more,
    });

  app.get('/early-help/:id/plan', async (request, reply) => {
    requireActor(request);
    return renderEpisodePage(
      request,
      reply,
      'early-help-plan.njk',
      'Early help plan',
      planExtra(request),
    );
  });

  app.post('/early-help/:id/plan', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const id = idOf(request);
    const form = asForm(request.body);
    const dates = readDates(form, { nextReviewDate: 'The date of the next review' });
    const v = { ...values(form, ['outcomes', 'version']), ...dates.typed };
    if (dates.errors.length > 0)
      return renderEpisodePage(
        request,
        reply,
        'early-help-plan.njk',
        'Early help plan',
        planExtra(request, { planValues: v }),
        { status: 400, errors: dates.errors, missing: [] },
      );
    try {
      await updatePlan(eh, request.ctx, id, {
        outcomes: lines(v.outcomes ?? ''),
        nextReviewDate: dates.iso.nextReviewDate,
        version: versionOf(form),
      });
      return await reply.status(303).redirect(`/early-help/${id}/plan?saved=plan`);
    } catch (e) {
      const problem = formProblem(e, {}, 'outcomes');
      return renderEpisodePage(
        request,
        reply,
        'early-help-plan.njk',
        'Early help plan',
        planExtra(request, { planValues: v }),
        problem,
      );
    }
  });

  const actionFields = ['outcome', 'action', 'ownerUserId', 'ownerName', 'ownerAgency'] as const;
  app.post('/early-help/:id/plan/actions', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const id = idOf(request);
    const form = asForm(request.body);
    const dates = readDates(form, { dueDate: 'The date the action is due' });
    const v = { ...values(form, actionFields), ...dates.typed };
    if (dates.errors.length > 0)
      return renderEpisodePage(
        request,
        reply,
        'early-help-plan.njk',
        'Early help plan',
        planExtra(request, { actionValues: v }),
        { status: 400, errors: dates.errors, missing: [] },
      );
    try {
      await once(
        request.session,
        { key: formTokenKey(form), route: 'POST /early-help/:id/plan/actions', request: null },
        201,
        (s) =>
          addPlanAction({ ...eh, db: s.db }, s.ctx, id, {
            outcome: v.outcome,
            action: v.action ?? '',
            // "Someone outside Baton" (or nobody picked) leaves the typed name and agency.
            ownerUserId: v.ownerUserId === 'outside' ? undefined : v.ownerUserId,
            ownerName: v.ownerName ?? '',
            ownerAgency: v.ownerAgency ?? '',
            dueDate: dates.iso.dueDate ?? '',
          }),
      );
      return await reply.status(303).redirect(`/early-help/${id}/plan?saved=action`);
    } catch (e) {
      const problem = formProblem(e, {}, 'action');
      return renderEpisodePage(
        request,
        reply,
        'early-help-plan.njk',
        'Early help plan',
        planExtra(request, { actionValues: v }),
        problem,
      );
    }
  });

  app.post(
    '/early-help/:id/plan/actions/:actionId',
    { preHandler: csrf },
    async (request, reply) => {
      requireActor(request);
      const id = idOf(request);
      const { actionId } = request.params as { actionId: string };
      const form = asForm(request.body);
      const status = field(form, 'status');
      try {
        await changePlanAction(eh, request.ctx, id, actionId, {
          status: (actionStatuses as readonly string[]).includes(status)
            ? (status as (typeof actionStatuses)[number])
            : undefined,
          version: versionOf(form) ?? 0,
        });
        return await reply.status(303).redirect(`/early-help/${id}/plan?saved=status`);
      } catch (e) {
        const problem = formProblem(e, {}, `status-${actionId}`);
        return renderEpisodePage(
          request,
          reply,
          'early-help-plan.njk',
          'Early help plan',
          planExtra(request),
          problem,
        );
      }
    },
  );

  // --- meetings

  const meetingFields = [
    'kind',
    'familyAttendees',
    'professionalAttendees',
    'apologies',
    'minutes',
    'decisions',
    'sentToFamily',
    'sentToPartners',
    'sentMethod',
  ] as const;

  app.get('/early-help/:id/meetings/new', async (request, reply) => {
    requireActor(request);
    return renderEpisodePage(
      request,
      reply,
      'early-help-meeting.njk',
      'Record a meeting',
      meetingExtra(request, {
        kind: 'taf',
        ...datePartsValues('heldOn', datePartsOf(request.ctx.now)),
        ...datePartsValues('sentOn', datePartsOf(request.ctx.now)),
      }),
    );
  });

  app.post('/early-help/:id/meetings/new', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const id = idOf(request);
    const form = asForm(request.body);
    const dates = readDates(form, {
      heldOn: 'The date of the meeting',
      sentOn: 'The date the minutes were sent',
    });
    const v = { ...values(form, meetingFields), ...dates.typed };
    const picked = {
      attendeeUserIds: fields(form, 'attendeeUserIds').filter((u) => u !== ''),
      sentToUserIds: fields(form, 'sentToUserIds').filter((u) => u !== ''),
    };
    const method: DistributionMethod = (distributionMethods as readonly string[]).includes(
      v.sentMethod ?? '',
    )
      ? (v.sentMethod as DistributionMethod)
      : 'email';
    const recipients: Recipient[] = [
      ...lines(v.sentToFamily ?? '').map((name) => ({ name, kind: 'family' as const, method })),
      ...picked.sentToUserIds.map((userId) => ({
        name: '',
        kind: 'partner' as const,
        method,
        userId,
      })),
      ...lines(v.sentToPartners ?? '').map((name) => ({ name, kind: 'partner' as const, method })),
    ];
    const kind =
      v.kind === 'review' || v.kind === 'new-concerns' || v.kind === 'other' ? v.kind : 'taf';
    if (dates.errors.length > 0)
      return renderEpisodePage(
        request,
        reply,
        'early-help-meeting.njk',
        'Record a meeting',
        meetingExtra(request, v, picked),
        { status: 400, errors: dates.errors, missing: [] },
      );
    try {
      await recordMeeting(eh, request.ctx, id, {
        kind,
        heldOn: dates.iso.heldOn ?? '',
        attendees: [
          ...attendeesFrom(v.familyAttendees ?? '', true),
          ...picked.attendeeUserIds.map((userId) => ({
            name: '',
            role: '',
            family: false,
            userId,
          })),
          ...attendeesFrom(v.professionalAttendees ?? '', false),
        ],
        apologies: lines(v.apologies ?? ''),
        minutes: v.minutes ?? '',
        decisions: lines(v.decisions ?? ''),
        distribution:
          recipients.length > 0 ? { sentOn: dates.iso.sentOn ?? '', recipients } : undefined,
      });
      return await reply.status(303).redirect(`/early-help/${id}?saved=meeting`);
    } catch (e) {
      const problem = formProblem(
        e,
        {
          attendees: 'familyAttendees',
          'distribution.sentOn': 'sentOn',
          'distribution.recipients': 'sentToFamily',
        },
        'heldOn',
      );
      return renderEpisodePage(
        request,
        reply,
        'early-help-meeting.njk',
        'Record a meeting',
        meetingExtra(request, v, picked),
        problem,
      );
    }
  });
}
