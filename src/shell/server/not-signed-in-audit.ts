/**
 * A request refused because nobody is signed in is audited like any other refusal: probing a
 * child's record anonymously left no trace. One hook for every route, so none can forget it. The
 * object is the child when the route names one, otherwise the route itself.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { isBatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { appendAudit } from '../repositories/index.js';

/** The child a route is about: `:childId`, or `:id` under /children/. */
function childOf(request: FastifyRequest): string | undefined {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const url = request.routeOptions.url ?? '';
  const id = typeof params.childId === 'string' ? params.childId : undefined;
  if (id !== undefined) return id;
  return /(^|\/)children\/:id(\/|$)/.test(url) && typeof params.id === 'string'
    ? params.id
    : undefined;
}

/** Install the hook (onError runs before the error handler turns the error into a response). */
export function installNotSignedInAudit(app: FastifyInstance, db: Kysely<Database>): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!isBatonError(error) || error.code !== 'BATON_NOT_SIGNED_IN') return;
    const childId = childOf(request);
    await appendAudit(db, request.ctx, {
      action: 'request.not-signed-in',
      outcome: 'refused',
      objectType: childId === undefined ? 'route' : 'child',
      objectId: childId ?? `${request.method} ${request.routeOptions.url ?? ''}`,
      reason: 'BATON_NOT_SIGNED_IN',
    });
  });
}
