/**
 * Social care (issue 4): start the statutory work the pack lets a role start directly on a child's
 * record (s47 enquiries at any time, a Child and Family Assessment, a looked-after episode). Every
 * later step — outcomes, conferences, reviews, step-down transfers — is
 * `POST /api/work-items/{id}/transitions`, with what the pack requires in `payload`; a step whose
 * pack entry `starts` new work begins it in the same transaction (its id is in the old work's
 * `data.followedBy`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getWorkView } from '../../use-cases/work-use-cases.js';
import { startStatutoryWork } from '../../use-cases/social-care-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../api-schemas.js';
import { workItemSchema } from '../api-record-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const errors = errorResponses(400, 401, 403, 404, 409, 422);

const childParams = z.object({ childId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

const startBody = z
  .object({
    workflowId: z
      .string()
      .min(1)
      .max(100)
      .describe('a workflow whose `startedBy` includes your role, e.g. s47 or looked-after'),
    rationale: z.string().max(4000).describe('why the work starts now'),
  })
  .strict();

const linkSchema = z
  .object({ workItemId: z.string(), workflowName: z.string(), stateName: z.string() })
  .nullable();

const workViewSchema = z.object({
  item: workItemSchema,
  ownerAgencyName: z.string(),
  deadlines: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      due: z.string(),
      status: z.object({ state: z.string(), workingDaysLeft: z.number() }),
    }),
  ),
  metDeadlines: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        due: z.string(),
        metAt: z.string().describe('when the step that met it happened'),
        missed: z.boolean().describe('met after its due date (never re-based)'),
      }),
    )
    .describe('deadlines met, and whether on time'),
  steppedFrom: linkSchema,
  followedBy: linkSchema,
  nextSteps: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      to: z.string(),
      awaitsAuthorisationBy: z.array(z.string()),
      requires: z.array(z.object({ field: z.string(), label: z.string() })),
      guards: z.array(z.object({ guard: z.string(), text: z.string() })),
      starts: z.string().nullable().describe('the workflow this step starts, if any'),
    }),
  ),
  awaitingAuthorisation: z
    .object({ transitionRecordId: z.string(), transitionName: z.string() })
    .nullable(),
});

export function registerSocialCareApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.handle.db;

  api.post(
    '/children/:childId/work',
    {
      schema: {
        tags: ['work'],
        summary: 'Start statutory work on a child (where the pack lets your role start it)',
        description:
          "Starts a workflow of the deployment's pack whose `startedBy` includes your role; you become its allocated worker. 409 BATON_ALREADY_OPEN when the child already has that work open; 409 BATON_TRANSITION_NOT_ALLOWED when your role may not start it.",
        params: childParams,
        body: startBody,
        response: { 201: workItemSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const item = await startStatutoryWork(db, request.ctx, deps.packs, deps.config.packId, {
        childId: request.params.childId,
        ...request.body,
      });
      return reply.status(201).send(item);
    },
  );

  api.get(
    '/work-items/:id/view',
    {
      schema: {
        tags: ['work'],
        summary: 'A piece of work with its deadlines, links and the steps open to you',
        description:
          'What the work page shows: open deadlines with their status, the work it came from and the work that followed, and each next step with what it requires, its rules and who authorises it.',
        params: idParams,
        response: { 200: workViewSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      const v = await getWorkView(request.session, request.params.id);
      return {
        item: v.item,
        ownerAgencyName: v.ownerAgencyName,
        deadlines: v.deadlines,
        metDeadlines: v.metDeadlines,
        steppedFrom: v.steppedFrom,
        followedBy: v.followedBy,
        nextSteps: v.nextSteps.map((t) => ({
          id: t.id,
          name: t.name,
          to: t.to,
          awaitsAuthorisationBy: t.authorisedBy ?? [],
          requires: t.requires.map((r) => ({ field: r.field, label: r.label })),
          guards: t.guards.map((g) => ({ guard: g.guard, text: g.text })),
          starts: t.starts?.workflow ?? null,
        })),
        awaitingAuthorisation: v.awaiting
          ? { transitionRecordId: v.awaiting.id, transitionName: v.awaiting.transitionName }
          : null,
      };
    },
  );
}
