/** Early help API: the plan and its SMART actions, meetings, and who the plan and minutes went to. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  addPlanAction,
  changeMeeting,
  changePlanAction,
  recordDistribution,
  recordMeeting,
  updatePlan,
  type EarlyHelpDeps,
} from '../../use-cases/early-help/index.js';
import {
  actionBody,
  actionParams,
  actionPatchBody,
  actionView,
  distributionBody,
  episodeIdParams,
  episodeView,
  meetingBody,
  meetingParams,
  meetingPatchBody,
  planBody,
} from '../api-early-help-schemas.js';
import { idempotencyHeaders, idempotencyKeyOf } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';
import { once } from '../../use-cases/idempotency.js';
import { errors, tags } from './api-early-help-openapi.js';

/** The plan, its actions, meetings and distribution. */
export function registerEarlyHelpPlanApi(app: FastifyInstance, eh: EarlyHelpDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.put(
    '/early-help-episodes/:id/plan',
    {
      schema: {
        tags,
        summary: "Set the plan's outcomes and the date of its next review",
        params: episodeIdParams,
        body: planBody,
        response: { 200: episodeView, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return updatePlan(eh, request.ctx, request.params.id, request.body);
    },
  );

  api.post(
    '/early-help-episodes/:id/plan/actions',
    {
      schema: {
        tags,
        summary: 'Add a SMART action to the plan',
        params: episodeIdParams,
        headers: idempotencyHeaders,
        body: actionBody,
        response: { 201: actionView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const action = await once(
        request.session,
        {
          key: idempotencyKeyOf(request),
          route: 'POST /api/early-help-episodes/:id/plan/actions',
          request: { params: request.params, body: request.body },
        },
        201,
        (s) => addPlanAction({ ...eh, db: s.db }, s.ctx, request.params.id, request.body),
      );
      if (action.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(action.body);
    },
  );

  api.patch(
    '/early-help-episodes/:id/plan/actions/:actionId',
    {
      schema: {
        tags,
        summary: "Change an action's status or details",
        params: actionParams,
        body: actionPatchBody,
        response: { 200: actionView, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return changePlanAction(
        eh,
        request.ctx,
        request.params.id,
        request.params.actionId,
        request.body,
      );
    },
  );

  api.post(
    '/early-help-episodes/:id/meetings',
    {
      schema: {
        tags,
        summary: 'Record a Team Around the Family meeting (and to whom the minutes went)',
        params: episodeIdParams,
        headers: idempotencyHeaders,
        body: meetingBody,
        response: { 201: episodeView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const episode = await once(
        request.session,
        {
          key: idempotencyKeyOf(request),
          route: 'POST /api/early-help-episodes/:id/meetings',
          request: { params: request.params, body: request.body },
        },
        201,
        (s) => recordMeeting({ ...eh, db: s.db }, s.ctx, request.params.id, request.body),
      );
      if (episode.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(episode.body);
    },
  );

  api.patch(
    '/early-help-episodes/:id/meetings/:meetingId',
    {
      schema: {
        tags,
        summary: "Correct a meeting's record",
        params: meetingParams,
        body: meetingPatchBody,
        response: { 200: episodeView, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return changeMeeting(
        eh,
        request.ctx,
        request.params.id,
        request.params.meetingId,
        request.body,
      );
    },
  );

  api.post(
    '/early-help-episodes/:id/distributions',
    {
      schema: {
        tags,
        summary: 'Record that the plan or minutes were sent to the family and partners',
        params: episodeIdParams,
        body: distributionBody,
        response: { 201: episodeView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const episode = await recordDistribution(eh, request.ctx, request.params.id, request.body);
      return reply.status(201).send(episode);
    },
  );
}
