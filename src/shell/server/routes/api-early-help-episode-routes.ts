/** Early help API: opening an episode, listing and reading episodes, and the EHA. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listEpisodes, readEpisode } from '../../use-cases/early-help-view-use-cases.js';
import {
  completeAssessment,
  openEpisode,
  saveAssessment,
  type EarlyHelpDeps,
} from '../../use-cases/early-help/index.js';
import {
  assessmentBody,
  assessmentView,
  childIdParams,
  completeAssessmentBody,
  episodeIdParams,
  episodeListQuery,
  episodeSummary,
  episodeView,
  openEpisodeBody,
  stepResponse,
} from '../api-early-help-schemas.js';
import { idempotencyHeaders, idempotencyKeyOf } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';
import { once } from '../../use-cases/idempotency.js';
import { errors, tags } from './api-early-help-openapi.js';

/** Open an episode, list and read episodes, save and complete the assessment. */
export function registerEarlyHelpEpisodeApi(app: FastifyInstance, eh: EarlyHelpDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/children/:childId/early-help-episodes',
    {
      schema: {
        tags,
        summary: 'Open an early help episode (no front-door referral needed)',
        description:
          'Records the family’s consent (purpose early-help) and starts the pack’s early-help-episode workflow, then takes the open-episode step. Missing consent or lead professional answers 422 BATON_TRANSITION_REFUSED naming each rule and its citation; a refusal of consent is still recorded.',
        params: childIdParams,
        headers: idempotencyHeaders,
        body: openEpisodeBody,
        response: { 201: stepResponse, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const result = await once(
        request.session,
        {
          key: idempotencyKeyOf(request),
          route: 'POST /api/children/:childId/early-help-episodes',
          request: { params: request.params, body: request.body },
        },
        201,
        (s) => openEpisode({ ...eh, db: s.db }, s.ctx, request.params.childId, request.body),
      );
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result.body);
    },
  );

  api.get(
    '/children/:childId/early-help-episodes',
    {
      schema: {
        tags,
        summary: "A child's early help episodes",
        params: childIdParams,
        response: { 200: z.object({ episodes: z.array(episodeSummary) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        episodes: await listEpisodes(request.session, {
          childId: request.params.childId,
        }),
      };
    },
  );

  api.get(
    '/early-help-episodes',
    {
      schema: {
        tags,
        summary: 'Early help episodes you can see',
        querystring: episodeListQuery,
        response: { 200: z.object({ episodes: z.array(episodeSummary) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { episodes: await listEpisodes(request.session, request.query) };
    },
  );

  api.get(
    '/early-help-episodes/:id',
    {
      schema: {
        tags,
        summary: 'An early help episode: assessment, plan, meetings, reviews, deadlines',
        params: episodeIdParams,
        response: { 200: episodeView, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return readEpisode(request.session, request.params.id);
    },
  );

  api.put(
    '/early-help-episodes/:id/assessment',
    {
      schema: {
        tags,
        summary: 'Save the Early Help Assessment as a draft',
        params: episodeIdParams,
        body: assessmentBody,
        response: { 200: assessmentView, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      const { assessmentSource, version, ...fields } = request.body;
      return saveAssessment(
        eh,
        request.ctx,
        request.params.id,
        { source: assessmentSource, ...fields },
        version,
      );
    },
  );

  api.post(
    '/early-help-episodes/:id/assessment/complete',
    {
      schema: {
        tags,
        summary: 'Complete the EHA with a single-agency (level 2) or TAF (level 3) plan',
        params: episodeIdParams,
        body: completeAssessmentBody,
        response: { 200: stepResponse, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return completeAssessment(eh, request.ctx, request.params.id, request.body);
    },
  );
}
