/**
 * Professional disagreement (issue 4): raise one about a decision on a child, and list a child's.
 * Each step (escalate, record a response, resolve) is taken through the generic
 * `POST /api/work-items/{id}/transitions`, with what the pack requires in `payload`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listDisagreements, raiseDisagreement } from '../../use-cases/disagreement-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../api-schemas.js';
import { workItemSchema } from '../api-record-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const errors = errorResponses(400, 401, 403, 404, 422);

const childParams = z.object({ childId: z.string().min(1).max(100) });

const disagreementBody = z
  .object({
    aboutWorkItemId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('the work the disagreement is about, e.g. the contact whose decision is disputed'),
    aboutTransitionId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('the decision record it is about (an id from the work item’s transition history)'),
    withWhomUserId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'the Baton user you disagree with (a manager whose decision it was): they are told',
      ),
    withWhom: z
      .string()
      .max(500)
      .default('')
      .describe(
        'the practitioner, team or agency you disagree with (filled in from withWhomUserId)',
      ),
    summary: z.string().max(4000).describe('what you disagree with and why'),
  })
  .strict();

export function registerDisagreementApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.handle.db;

  api.post(
    '/children/:childId/disagreements',
    {
      schema: {
        tags: ['disagreements'],
        summary: 'Raise a professional disagreement about a decision on a child',
        description:
          "Starts the pack's `disagreement` workflow (its escalation policy). Anyone who can see the child may raise one. It never changes or holds the work it is about. Take its steps with POST /api/work-items/{id}/transitions.",
        params: childParams,
        body: disagreementBody,
        response: { 201: workItemSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const item = await raiseDisagreement(db, request.ctx, deps.packs, deps.config.packId, {
        childId: request.params.childId,
        ...request.body,
      });
      return reply.status(201).send(item);
    },
  );

  api.get(
    '/children/:childId/disagreements',
    {
      schema: {
        tags: ['disagreements'],
        summary: "A child's professional disagreements, newest first",
        params: childParams,
        response: { 200: z.object({ disagreements: z.array(workItemSchema) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        disagreements: await listDisagreements(db, request.ctx, deps.packs, request.params.childId),
      };
    },
  );
}
