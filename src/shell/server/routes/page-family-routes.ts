/** The household view (issue 14 §4): a family's children, adults and open work on one page. */
import type { FastifyInstance } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { mayUseBreakGlass } from '../../use-cases/break-glass-use-cases.js';
import { getFamily } from '../../use-cases/child-record-use-cases.js';
import { requireActor } from '../request-context-plugin.js';

/** `/children/{id}/family`: linked from the child record and the early help episode. */
export function registerFamilyPages(app: FastifyInstance): void {
  app.get('/children/:id/family', async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    try {
      const family = await getFamily(request.session, id);
      return await reply.render('child-family.njk', {
        title: `${family.child.name}’s family`,
        family,
      });
    } catch (e) {
      // As on the child record: a refusal offers emergency access, where the role has it.
      if (!isBatonError(e) || e.code !== 'BATON_FORBIDDEN') throw e;
      return reply.status(403).render('child-forbidden.njk', {
        title: 'You do not have access to this child’s record',
        childId: id,
        offerBreakGlass: mayUseBreakGlass(request.ctx.actor),
      });
    }
  });
}
