/** The authorisation tray: steps waiting for the reader to authorise or decline. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { listTray } from '../../use-cases/my-work-use-cases.js';
import { decideRequest } from '../../use-cases/work-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm, field } from './form-values.js';

const renderTray = async (
  request: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown> = {},
  status = 200,
) => {
  const items = await listTray(request.session);
  const done = (request.query as { done?: string }).done;
  return reply
    .status(status)
    .render('tray.njk', { title: 'Authorisation tray', items, done, ...extra });
};

/** GET /tray and the decision on one request, POST /tray/:id. */
export function registerTrayPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);

  app.get('/tray', async (request, reply) => {
    requireActor(request);
    return renderTray(request, reply);
  });

  app.post('/tray/:id', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const id = (request.params as { id: string }).id;
    const decision = field(form, 'decision');
    const note = field(form, 'note');
    const noteId = `note-${id}`;
    if (decision !== 'authorise' && decision !== 'decline') {
      return renderTray(
        request,
        reply,
        {
          errors: [{ text: 'Choose authorise or decline', href: `#${noteId}` }],
          values: { [id]: note },
        },
        400,
      );
    }
    try {
      await decideRequest(request.session, {
        transitionRecordId: id,
        decision,
        note,
      });
    } catch (e) {
      if (!isBatonError(e)) throw e;
      const values = { [id]: note };
      if (e.code === 'BATON_VALIDATION')
        return renderTray(
          request,
          reply,
          {
            errors: e.details.map((d) => ({ text: d.message, href: `#${noteId}` })),
            fieldErrors: { [id]: e.details[0]?.message ?? e.message },
            values,
          },
          400,
        );
      if (
        e.code === 'BATON_TRANSITION_REFUSED' ||
        e.code === 'BATON_TRANSITION_NOT_ALLOWED' ||
        e.code === 'BATON_STALE_EDIT'
      ) {
        const missing = (e.extra.missing ?? []) as { message: string }[];
        const texts = missing.length > 0 ? missing.map((m) => m.message) : [e.message];
        return renderTray(
          request,
          reply,
          { errors: texts.map((text) => ({ text, href: `#${noteId}` })), values },
          e.status,
        );
      }
      throw e;
    }
    return reply
      .status(303)
      .redirect(`/tray?done=${decision === 'authorise' ? 'authorised' : 'declined'}`);
  });
}
