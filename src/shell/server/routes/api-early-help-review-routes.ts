/** Early help API: reviews, closing the episode, stepping up or down, and new concerns. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  changeLevel,
  closeEpisode,
  raiseNewConcerns,
  recordReview,
  type EarlyHelpDeps,
} from '../../use-cases/early-help/index.js';
import {
  closeBody,
  episodeIdParams,
  levelChangeBody,
  newConcernsBody,
  newConcernsResponse,
  reviewBody,
  stepResponse,
} from '../api-early-help-schemas.js';
import { requireActor } from '../request-context-plugin.js';
import { errors, tags } from './api-early-help-openapi.js';

/** Reviews, closure, step up and down, and new concerns on an open case. */
export function registerEarlyHelpReviewApi(app: FastifyInstance, eh: EarlyHelpDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/early-help-episodes/:id/reviews',
    {
      schema: {
        tags,
        summary: 'Record a review: outcome and decision (the journey takes the matching step)',
        description:
          'continue/amend → review-continue; end → close-* (needs whereToGetHelp and ifConcernsRise); step-up → step-up-to-taf; step-down → step-down-to-single-agency; reassess → reassess. A review before the planned date needs broughtForwardReason.',
        params: episodeIdParams,
        body: reviewBody,
        response: { 201: stepResponse, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const result = await recordReview(eh, request.ctx, request.params.id, request.body);
      return reply.status(201).send(result);
    },
  );

  api.post(
    '/early-help-episodes/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the episode (where to get help later; what to do if concerns rise)',
        params: episodeIdParams,
        body: closeBody,
        response: { 200: stepResponse, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return closeEpisode(eh, request.ctx, request.params.id, request.body);
    },
  );

  api.post(
    '/early-help-episodes/:id/step-up',
    {
      schema: {
        tags,
        summary: 'Step up from a single-agency plan (level 2) to a TAF plan (level 3)',
        params: episodeIdParams,
        body: levelChangeBody,
        response: { 200: stepResponse, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return changeLevel(eh, request.ctx, request.params.id, 'up', request.body);
    },
  );

  api.post(
    '/early-help-episodes/:id/step-down',
    {
      schema: {
        tags,
        summary: 'Step down from a TAF plan (level 3) to a single-agency plan (level 2)',
        params: episodeIdParams,
        body: levelChangeBody,
        response: { 200: stepResponse, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return changeLevel(eh, request.ctx, request.params.id, 'down', request.body);
    },
  );

  api.post(
    '/early-help-episodes/:id/new-concerns',
    {
      schema: {
        tags,
        summary: 'Raise new concerns on an open early help case',
        description:
          'A child protection concern is telephoned to the front door (its numbers are returned) and the professional with the information keeps responsibility; otherwise the pack’s new-concerns step opens the multi-agency meeting deadline.',
        params: episodeIdParams,
        body: newConcernsBody,
        response: { 201: newConcernsResponse, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const result = await raiseNewConcerns(eh, request.ctx, request.params.id, request.body);
      return reply.status(201).send(result);
    },
  );
}
