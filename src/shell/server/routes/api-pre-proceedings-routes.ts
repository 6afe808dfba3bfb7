/**
 * Pre-proceedings (PLO) over the API (issue 16 §1): begin pre-proceedings on the child's open
 * social care work, record what has happened since, record the first and review meetings, and
 * read them back. One zod schema per request (in the OpenAPI reference); each route calls one
 * use-case. The items and their census names are the national definitions
 * (src/core/returns/pre-proceedings-definitions.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PP_MEETING_KINDS, PP_OUTCOMES } from '../../../core/returns/index.js';
import {
  addPreProceedingsMeeting,
  getChildPreProceedings,
  getPreProceedings,
  recordPreProceedings,
  startPreProceedings,
} from '../../use-cases/pre-proceedings-use-cases.js';
import { once } from '../../use-cases/idempotency.js';
import { errorResponse, idempotencyHeaders, idempotencyKeyOf } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const tags = ['pre-proceedings'];
const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};
const recordParams = z.object({
  childId: z.string().min(1).max(100),
  id: z.string().min(1).max(100),
});
const childParams = z.object({ childId: z.string().min(1).max(100) });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('YYYY-MM-DD');
const version = z.number().int().min(1).describe('the record version you last read');

const startBody = z
  .object({
    workItemId: z.string().min(1).max(100).describe('the open social care work it begins under'),
    startedOn: isoDate.describe(
      'the legal planning decision to begin pre-proceedings (PPStartDate)',
    ),
  })
  .strict();
const recordBody = z
  .object({
    version,
    lbpSentOn: isoDate
      .nullable()
      .optional()
      .describe('letter before proceedings sent (LBPSentDate)'),
    fgdmOffered: z
      .boolean()
      .nullable()
      .optional()
      .describe('the letter offered a family group decision-making meeting (FGDMMeetingOffer)'),
    fgdmFacilitated: z
      .boolean()
      .nullable()
      .optional()
      .describe('a family group decision-making meeting was held (FGDMMeetingFac)'),
    stepDecisionOn: isoDate
      .nullable()
      .optional()
      .describe('the decision to step up or down (StepDecisionDate)'),
    outcome: z.enum(PP_OUTCOMES).nullable().optional().describe('A, B or C (PPOutcome, CS131)'),
    courtApplicationOn: isoDate
      .nullable()
      .optional()
      .describe('application to court for care proceedings (CourtAppDate)'),
    letterInitiatingOn: isoDate
      .nullable()
      .optional()
      .describe('letter to initiate care proceedings sent (LetterInitCPDate)'),
  })
  .strict();
const meetingBody = z
  .object({
    version,
    kind: z.enum(PP_MEETING_KINDS).describe('initial: the first meeting; review: a review meeting'),
    heldOn: isoDate,
  })
  .strict();

const recordSchema = z.object({
  id: z.string(),
  childId: z.string(),
  workItemId: z.string(),
  startedOn: z.string(),
  lbpSentOn: z.string().nullable(),
  fgdmOffered: z.boolean().nullable(),
  fgdmFacilitated: z.boolean().nullable(),
  meetings: z.array(
    z.object({ id: z.string(), kind: z.enum(PP_MEETING_KINDS), heldOn: z.string() }),
  ),
  stepDecisionOn: z.string().nullable(),
  outcome: z.enum(PP_OUTCOMES).nullable(),
  courtApplicationOn: z.string().nullable(),
  letterInitiatingOn: z.string().nullable(),
  version: z.number(),
  recordedAt: z.string(),
  updatedAt: z.string(),
});
const workSchema = z.object({ id: z.string(), name: z.string(), openedOn: z.string() });
const viewSchema = z.object({
  record: recordSchema,
  childName: z.string(),
  work: workSchema,
  mayRecord: z.boolean(),
});

/** Register the pre-proceedings API under /api. */
export function registerPreProceedingsApi(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/children/:childId/pre-proceedings',
    {
      schema: {
        tags,
        summary: "The child's pre-proceedings, and the open work they may begin under",
        params: childParams,
        response: {
          200: z.object({
            childId: z.string(),
            childName: z.string(),
            openWork: z.array(workSchema),
            records: z.array(recordSchema.extend({ workName: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return getChildPreProceedings(request.session, request.params.childId);
    },
  );

  api.post(
    '/children/:childId/pre-proceedings',
    {
      schema: {
        tags,
        summary: 'Begin pre-proceedings (the legal planning decision)',
        params: childParams,
        headers: idempotencyHeaders,
        body: startBody,
        response: { 201: recordSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const made = await once(
        request.session,
        {
          key: idempotencyKeyOf(request),
          route: 'POST /api/children/:childId/pre-proceedings',
          request: { params: request.params, body: request.body },
        },
        201,
        (s) => startPreProceedings(s, request.params.childId, request.body),
      );
      if (made.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(made.body);
    },
  );

  api.get(
    '/children/:childId/pre-proceedings/:id',
    {
      schema: {
        tags,
        summary: 'One period of pre-proceedings, with its meetings',
        params: recordParams,
        response: { 200: viewSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getPreProceedings(request.session, request.params.childId, request.params.id);
    },
  );

  api.patch(
    '/children/:childId/pre-proceedings/:id',
    {
      schema: {
        tags,
        summary: 'Record what has happened: letter, FGDM, decision and outcome, court application',
        description:
          'Only the items given change (null clears one). The dates must keep DfE’s order: the letter after the start, the court application on or after the decision, the letter to initiate proceedings on or after the application.',
        params: recordParams,
        body: recordBody,
        response: { 200: viewSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return recordPreProceedings(
        request.session,
        request.params.childId,
        request.params.id,
        request.body,
      );
    },
  );

  api.post(
    '/children/:childId/pre-proceedings/:id/meetings',
    {
      schema: {
        tags,
        summary: 'Record a pre-proceedings meeting: the first, or a review',
        params: recordParams,
        body: meetingBody,
        response: { 201: viewSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const view = await addPreProceedingsMeeting(
        request.session,
        request.params.childId,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(view);
    },
  );
}
