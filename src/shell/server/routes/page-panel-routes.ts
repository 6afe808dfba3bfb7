/**
 * Pages for panels and hubs: their coming meetings, each meeting's agenda and allocations, and
 * the panel's decision on work it hears, recorded as that work's own step.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  addToAgenda,
  allocateLeadProfessional,
  listPanels,
  panelMeetingPage,
  recordDecision,
} from '../../use-cases/early-help/index.js';
import { getWorkView, listLeadProfessionalCandidates } from '../../use-cases/work-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import {
  fieldErrors,
  formProblem,
  values,
  versionOf,
  type FormProblem,
} from './early-help-form.js';
import type { EarlyHelpPageContext } from './early-help-page-context.js';
import { asForm, field } from './form-values.js';
import { dayText } from '../date-text.js';
import { stepAnswers, stepProblem } from './step-form-post.js';
import { stepForm } from './work-step-fields.js';

/** The panel list, a meeting's page, and its agenda and allocation forms. */
export function registerPanelPages(app: FastifyInstance, pages: EarlyHelpPageContext): void {
  const { eh, csrf } = pages;

  app.get('/panels', async (request, reply) => {
    requireActor(request);
    const panels = await listPanels(eh, request.ctx, undefined);
    return reply.render('panel-list.njk', { title: 'Panels and hubs', panels });
  });

  const renderMeeting = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problem?: FormProblem,
    extra: Record<string, unknown> = {},
  ) => {
    const { panelId, date } = request.params as { panelId: string; date: string };
    const meeting = await panelMeetingPage(eh, request.ctx, panelId, date);
    return reply.status(problem?.status ?? 200).render('panel-meeting.njk', {
      title: `${meeting.panel.name}: ${dayText(date)}`,
      ...meeting,
      errors: problem?.errors ?? [],
      fieldErrors: fieldErrors(problem?.errors ?? []),
      saved: (request.query as { saved?: string }).saved,
      values: {},
      ...extra,
    });
  };

  app.get('/panels/:panelId/:date', async (request, reply) => {
    requireActor(request);
    return renderMeeting(request, reply);
  });

  app.post('/panels/:panelId/:date/agenda', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { panelId, date } = request.params as { panelId: string; date: string };
    const v = values(asForm(request.body), ['episodeId', 'contactId', 'workItemId', 'reason']);
    try {
      await addToAgenda(eh, request.ctx, panelId, date, {
        episodeId: v.episodeId,
        contactId: v.contactId,
        workItemId: v.workItemId,
        reason: v.reason ?? '',
      });
      return await reply.status(303).redirect(`/panels/${panelId}/${date}?saved=listed`);
    } catch (e) {
      const problem = formProblem(e, { subject: 'episodeId', date: 'episodeId' }, 'episodeId');
      return renderMeeting(request, reply, problem, { values: v });
    }
  });

  app.post('/panels/:panelId/:date/allocations', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { panelId, date } = request.params as { panelId: string; date: string };
    const form = asForm(request.body);
    const itemId = field(form, 'agendaItemId');
    try {
      await allocateLeadProfessional(eh, request.ctx, panelId, date, {
        agendaItemId: itemId,
        userId: field(form, 'userId'),
        note: field(form, 'note'),
        version: versionOf(form),
      });
      return await reply.status(303).redirect(`/panels/${panelId}/${date}?saved=allocated`);
    } catch (e) {
      const problem = formProblem(e, { userId: `userId-${itemId}` }, `userId-${itemId}`);
      return renderMeeting(request, reply, problem);
    }
  });

  type DecisionParams = { panelId: string; date: string; itemId: string; transitionId: string };

  /** The decision form: the work's step, built from the pack as on the work page. */
  const renderDecision = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    problem?: FormProblem & { code?: string | undefined },
  ) => {
    const { panelId, date, itemId, transitionId } = request.params as DecisionParams;
    const meeting = await panelMeetingPage(eh, request.ctx, panelId, date);
    const item = meeting.items.find((i) => i.id === itemId);
    const decision = meeting.decisionSteps[itemId]?.find((t) => t.id === transitionId);
    if (!item || !decision || !meeting.canCoordinate)
      return renderMeeting(request, reply, {
        status: 409,
        errors: [
          {
            text: 'That decision cannot be recorded here: choose a case on the agenda still waiting for the panel.',
            href: '#main-content',
          },
        ],
        missing: [],
      });
    const v = await getWorkView(request.session, item.subjectId);
    const pack = eh.packs.get(v.item.packId);
    const workflow = pack?.workflows.get(v.item.workflowId);
    const step = workflow?.transitions.find((t) => t.id === transitionId);
    if (!step) throw new Error(`step ${transitionId} is not in the pack`);
    const form = stepForm(step);
    const base = `/panels/${encodeURIComponent(panelId)}/${date}`;
    return reply.status(problem?.status ?? 200).render('work-step.njk', {
      title: step.name,
      v,
      step,
      form,
      canAuthorise: true,
      toStateName: workflow?.states.find((st) => st.id === step.to)?.name ?? step.to,
      startsName: step.starts ? pack?.workflows.get(step.starts.workflow)?.name : undefined,
      candidates: form.fields.some((f) => f.kind === 'user')
        ? await listLeadProfessionalCandidates(request.session)
        : [],
      values,
      sourcesById: Object.fromEntries((pack?.sources ?? []).map((src) => [src.id, src])),
      formAction: `${base}/decisions/${encodeURIComponent(itemId)}/${encodeURIComponent(transitionId)}`,
      backLink: { text: `Back to the ${meeting.panel.name}`, href: base },
      panelName: meeting.panel.name,
      meetingDate: date,
      errors: problem?.errors ?? [],
      fieldErrors: fieldErrors(problem?.errors ?? []),
      missing: problem?.missing ?? [],
      refusalCode: problem?.code,
    });
  };

  app.get('/panels/:panelId/:date/decisions/:itemId/:transitionId', async (request, reply) => {
    requireActor(request);
    return renderDecision(request, reply, {});
  });

  app.post(
    '/panels/:panelId/:date/decisions/:itemId/:transitionId',
    { preHandler: csrf },
    async (request, reply) => {
      requireActor(request);
      const { panelId, date, itemId, transitionId } = request.params as DecisionParams;
      const answers = stepAnswers(asForm(request.body));
      try {
        await recordDecision(eh, request.ctx, panelId, date, {
          agendaItemId: itemId,
          transitionId,
          payload: answers,
        });
        return await reply.status(303).redirect(`/panels/${panelId}/${date}?saved=decided`);
      } catch (e) {
        return renderDecision(request, reply, answers, stepProblem(e));
      }
    },
  );
}
