/** Emergency ("break-glass") access: asking for it on a child's record, and reviewing its uses. */
import type { FastifyInstance } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import {
  breakGlass,
  listBreakGlassUses,
  reviewBreakGlass,
} from '../../use-cases/break-glass-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm, field } from './form-values.js';
import { idOf, pageErrors } from './record-page-context.js';

/** POST /children/:id/break-glass, and the review list at /break-glass. */
export function registerBreakGlassPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);

  app.post('/children/:id/break-glass', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const reason = field(asForm(request.body), 'reason');
    try {
      await breakGlass(request.session, idOf(request), reason);
    } catch (e) {
      if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
      return reply.status(400).render('child-forbidden.njk', {
        title: 'You do not have access to this child’s record',
        childId: idOf(request),
        offerBreakGlass: true,
        reason,
        ...pageErrors(e),
      });
    }
    return reply.status(303).redirect(`/children/${encodeURIComponent(idOf(request))}`);
  });

  app.get('/break-glass', async (request, reply) => {
    requireActor(request);
    const all = (request.query as { all?: string }).all === '1';
    const { uses, mayReview } = await listBreakGlassUses(request.session, {
      includeReviewed: all,
    });
    return reply.render('child-break-glass-uses.njk', {
      title: 'Emergency access to review',
      uses,
      mayReview,
      all,
    });
  });

  app.post('/break-glass/:id/review', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    await reviewBreakGlass(request.session, idOf(request));
    return reply.status(303).redirect('/break-glass');
  });
}
