/** The one way an API route answers a create: 201, once per Idempotency-Key. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { once } from '../../use-cases/idempotency.js';
import { idempotencyKeyOf } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';

/**
 * Run the create `work` (one use-case) for a signed-in actor under the request's Idempotency-Key,
 * and answer 201 with what it made. The same key and request again answer what the first did,
 * marked `idempotent-replayed`; the key with another request is refused (BATON_IDEMPOTENCY_CONFLICT).
 * `route` and `body` identify the request the key was first used for.
 */
export async function answerCreated<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  body: unknown,
  work: Parameters<typeof once<T>>[3],
): Promise<FastifyReply> {
  requireActor(request);
  const result = await once(
    request.session,
    { key: idempotencyKeyOf(request), route, request: body },
    201,
    work,
  );
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.status(201).send(result.body);
}
