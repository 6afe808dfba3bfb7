/** Pages for panels and hubs: their coming meetings, each meeting's agenda and allocations. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  addToAgenda,
  allocateLeadProfessional,
  listPanels,
  panelMeetingPage,
} from '../../use-cases/early-help/index.js';
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
      title: `${meeting.panel.name}: ${date}`,
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
    const v = values(asForm(request.body), ['episodeId', 'contactId', 'reason']);
    try {
      await addToAgenda(eh, request.ctx, panelId, date, {
        episodeId: v.episodeId,
        contactId: v.contactId,
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
}
