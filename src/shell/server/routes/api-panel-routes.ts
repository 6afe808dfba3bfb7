/** Panels API: the pack's panels and hubs, their meetings, agendas, allocations and decisions. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addToAgenda,
  allocateLeadProfessional,
  listPanels,
  panelMeeting,
  panelMeetings,
  recordDecision,
  type EarlyHelpDeps,
} from '../../use-cases/early-help/index.js';
import {
  agendaBody,
  agendaItemView,
  allocationBody,
  panelMeetingParams,
  panelMeetingsQuery,
  panelDecisionBody,
  panelDecisionView,
  panelMeetingView,
  panelParams,
  panelsQuery,
  panelView,
} from '../api-early-help-schemas.js';
import { requireActor } from '../request-context-plugin.js';
import { errors, panelTags } from './api-early-help-openapi.js';

/** Panels, their meeting dates, a meeting's agenda, listing a case and allocating a lead. */
export function registerPanelApi(app: FastifyInstance, eh: EarlyHelpDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/panels',
    {
      schema: {
        tags: panelTags,
        summary: "The pack's panels and hubs with their next meetings",
        querystring: panelsQuery,
        response: { 200: z.object({ panels: z.array(panelView) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { panels: await listPanels(eh, request.ctx, request.query.pack) };
    },
  );

  api.get(
    '/panels/:panelId/meetings',
    {
      schema: {
        tags: panelTags,
        summary: "A panel's meeting dates from its cadence",
        params: panelParams,
        querystring: panelMeetingsQuery,
        response: { 200: panelView, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return panelMeetings(eh, request.ctx, request.params.panelId, request.query);
    },
  );

  api.get(
    '/panels/:panelId/meetings/:date',
    {
      schema: {
        tags: panelTags,
        summary: "One meeting's agenda",
        params: panelMeetingParams,
        response: { 200: panelMeetingView, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return panelMeeting(eh, request.ctx, request.params.panelId, request.params.date);
    },
  );

  api.post(
    '/panels/:panelId/meetings/:date/agenda',
    {
      schema: {
        tags: panelTags,
        summary:
          'Put an early help episode, a front-door contact or a piece of work waiting for the panel on the agenda',
        params: panelMeetingParams,
        body: agendaBody,
        response: { 201: agendaItemView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const item = await addToAgenda(
        eh,
        request.ctx,
        request.params.panelId,
        request.params.date,
        request.body,
      );
      return reply.status(201).send(item);
    },
  );

  api.post(
    '/panels/:panelId/meetings/:date/allocations',
    {
      schema: {
        tags: panelTags,
        summary: 'Allocate a lead professional at the meeting (they are notified)',
        params: panelMeetingParams,
        body: allocationBody,
        response: { 201: agendaItemView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const item = await allocateLeadProfessional(
        eh,
        request.ctx,
        request.params.panelId,
        request.params.date,
        request.body,
      );
      return reply.status(201).send(item);
    },
  );

  api.post(
    '/panels/:panelId/meetings/:date/decisions',
    {
      schema: {
        tags: panelTags,
        summary:
          "Record the panel's decision on a case it heard, as that work's own step (its guards and effects apply)",
        params: panelMeetingParams,
        body: panelDecisionBody,
        response: { 201: panelDecisionView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const decided = await recordDecision(
        eh,
        request.ctx,
        request.params.panelId,
        request.params.date,
        request.body,
      );
      return reply.status(201).send(decided);
    },
  );
}
