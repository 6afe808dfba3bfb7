/**
 * Webhook subscriptions for API clients (issue 15 §4): `webhooks:receive` opens them; each client
 * sees and changes only its own. Events are signed JSON with ids, never a child's details.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EVENT_TYPES,
  listClientWebhooks,
  subscribeWebhook,
  unsubscribeWebhook,
} from '../../use-cases/webhook-use-cases.js';
import { errorResponses } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const errors = errorResponses(400, 401, 403, 404, 415);
const tags = ['webhooks'];

const subscription = z.object({
  id: z.string(),
  name: z.string().describe('the client it belongs to'),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
});

/** Register GET, POST /api/webhooks and DELETE /api/webhooks/{id}. */
export function registerWebhookApi(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const config = { clientScope: 'webhooks:receive' as const };
  api.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Register an endpoint to receive signed events',
        description:
          'For API clients only. Baton POSTs each event as JSON `{id, type, createdAt, data}` (ids, never personal data) with `baton-event-id`, `baton-timestamp` and `baton-signature: v1=<hex HMAC-SHA256 of "timestamp.body">`; retried with back-off; drop repeats by event id. The signing secret is in this answer only. Events stop when the client is revoked, expires or loses the scope.',
        body: z
          .object({
            url: z.string().max(2000).describe('an http(s) URL'),
            events: z
              .array(z.enum([...EVENT_TYPES, '*']))
              .min(1)
              .describe('event types, or "*" for all'),
            secret: z
              .string()
              .min(16)
              .max(200)
              .optional()
              .describe('a secret you choose; default: a new one'),
          })
          .strict(),
        response: { 201: subscription.extend({ secret: z.string() }), ...errors },
      },
      config,
    },
    async (request, reply) => {
      requireActor(request);
      const added = await subscribeWebhook(request.session, request.client, request.body);
      return reply.status(201).send(added);
    },
  );
  api.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: "The calling client's webhook subscriptions",
        response: { 200: z.object({ webhooks: z.array(subscription) }), ...errors },
      },
      config,
    },
    async (request) => {
      requireActor(request);
      return { webhooks: await listClientWebhooks(request.session, request.client) };
    },
  );
  api.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: "Stop sending to one of the calling client's endpoints (its delivery log stays)",
        params: z.object({ id: z.string() }),
        response: { 204: z.null(), ...errors },
      },
      config,
    },
    async (request, reply) => {
      requireActor(request);
      await unsubscribeWebhook(request.session, request.client, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
