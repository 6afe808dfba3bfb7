/**
 * Social care recording over the API (issue 14 item 6, issue 16 §1): what is recorded on a piece
 * of statutory work (the assessment and its authorisation, the child in need plan and its
 * actions, the child protection plan's latest category of abuse) and visits to the child. One
 * zod schema per request; each route calls one use-case. The reason for closure is not here: it
 * is asked on the step that closes the work (`payload.closureReason` on
 * `POST /api/work-items/{id}/transitions`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ASSESSMENT_FACTORS,
  CATEGORY_OF_ABUSE,
  PRIMARY_NEED,
  SEEN_ALONE,
} from '../../../core/returns/index.js';
import {
  addCinPlanAction,
  authoriseAssessment,
  getSocialCareRecord,
  listChildVisits,
  recordAssessment,
  recordLatestCategory,
  recordVisit,
  saveCinPlan,
} from '../../use-cases/social-care-record/index.js';
import { errorResponses, idempotencyHeaders } from '../api-schemas.js';
import { answerCreated } from './api-create.js';
import { workItemSchema } from '../api-record-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const tags = ['social care recording'];
const errors = errorResponses(400, 401, 403, 404, 409, 422);
const idParams = z.object({ id: z.string().min(1).max(100) });
const childParams = z.object({ childId: z.string().min(1).max(100) });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('YYYY-MM-DD');
const codes = (set: readonly { code: string }[]) =>
  z.enum(set.map((c) => c.code) as [string, ...string[]]);
const version = z.number().int().min(0).describe('the work item version you last read');

const assessmentBody = z
  .object({
    version,
    startDate: isoDate.describe('when the assessment started (census N00159)'),
    factors: z
      .array(codes(ASSESSMENT_FACTORS))
      .max(50)
      .describe('DfE factors identified at assessment (N00181); "21" no factors, on its own'),
    findings: z.string().max(20_000).describe("the assessment's findings and analysis"),
    primaryNeed: codes(PRIMARY_NEED).nullable().optional().describe('N0–N9 (N00101)'),
  })
  .strict();
const authoriseBody = z
  .object({
    version,
    authorisedOn: isoDate.describe('the day the manager authorised it (N00160)'),
  })
  .strict();
const cinPlanBody = z
  .object({
    version,
    startDate: isoDate.describe('CIN plan start (N00689)'),
    needs: z.array(z.string().max(2000)).max(50).describe("the child's needs the plan meets"),
    outcomes: z.array(z.string().max(2000)).max(50).describe('what the plan should achieve'),
    nextReviewDate: isoDate.nullable().optional().describe('the next CIN review'),
  })
  .strict();
const actionBody = z
  .object({
    version,
    action: z.string().max(2000),
    owner: z.string().max(500).describe('who will do it (and their agency)'),
    dueDate: isoDate,
  })
  .strict();
const categoryBody = z
  .object({ version, latestCategory: codes(CATEGORY_OF_ABUSE).describe('N00114') })
  .strict();
const visitBody = z
  .object({
    workItemId: z.string().max(100).nullable().optional().describe('the work the visit was for'),
    visitedOn: isoDate,
    seen: z.boolean().describe('was the child seen'),
    seenAlone: z.enum(SEEN_ALONE).nullable().optional().describe('asked when the child was seen'),
    reason: z
      .string()
      .max(2000)
      .optional()
      .describe('why not seen, or not seen alone, or why seeing alone was not appropriate'),
    seenByUserId: z.string().max(100).nullable().optional().describe('a Baton user (default: you)'),
    seenByName: z.string().max(500).optional().describe('someone outside Baton'),
  })
  .strict();

const visitSchema = z.object({
  id: z.string(),
  childId: z.string(),
  workItemId: z.string().nullable(),
  visitedOn: z.string(),
  seen: z.boolean(),
  seenAlone: z.enum(SEEN_ALONE).nullable(),
  reason: z.string().nullable(),
  seenByName: z.string(),
  seenByUserId: z.string().nullable(),
  recordedAt: z.string(),
});
const reviewSchema = z.object({ on: z.string(), decision: z.string() });
const recordSchema = z.object({
  item: workItemSchema,
  childId: z.string().describe('the child the work was opened for'),
  childName: z.string(),
  children: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe(
      'every child the work is about (a family stepped up together), the one it was opened for first; visits are each child’s',
    ),
  mayRecord: z.boolean(),
  mayAuthorise: z.boolean(),
  assessment: z.object({
    startDate: z.string().nullable(),
    factors: z.array(z.string()),
    findings: z.string(),
    primaryNeed: z.string().nullable(),
    authorisedOn: z.string().nullable(),
    authorisedBy: z.string().nullable(),
  }),
  cinPlan: z.object({
    startDate: z.string().nullable(),
    needs: z.array(z.string()),
    outcomes: z.array(z.string()),
    actions: z.array(
      z.object({ id: z.string(), action: z.string(), owner: z.string(), dueDate: z.string() }),
    ),
    nextReviewDate: z.string().nullable(),
    reviews: z.array(reviewSchema).describe('the CIN review steps taken, when they happened'),
    endDate: z.string().nullable(),
  }),
  cpPlan: z.object({
    initialCategory: z.string().nullable(),
    latestCategory: z.string().nullable(),
    reviews: z.array(reviewSchema),
    endDate: z.string().nullable(),
  }),
  s47: z.object({
    strategyDiscussionOn: z.string().nullable(),
    icpcTarget: z.string().nullable(),
    icpcDate: z.string().nullable(),
    icpcNotRequired: z.boolean(),
  }),
  closureReason: z.string().nullable(),
  visits: z.array(visitSchema),
});

export function registerSocialCareRecordApi(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/work-items/:id/record',
    {
      schema: {
        tags,
        summary: 'What is recorded on a piece of social care work',
        description:
          'Assessment, s47, CP plan or CIN plan: the census items and content recorded on it, its reviews, the reason for closure and the visits to each child it is about.',
        params: idParams,
        response: { 200: recordSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getSocialCareRecord(request.session, request.params.id);
    },
  );

  api.put(
    '/work-items/:id/assessment',
    {
      schema: {
        tags,
        summary: 'Record the assessment: start, factors identified, findings, primary need',
        description:
          'On a Child and Family Assessment. Refused (409) once a manager has authorised it or it has closed.',
        params: idParams,
        body: assessmentBody,
        response: { 200: recordSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return recordAssessment(request.session, request.params.id, request.body);
    },
  );

  api.post(
    '/work-items/:id/assessment/authorisation',
    {
      schema: {
        tags,
        summary: 'Authorise the completed assessment (a manager who authorises this work)',
        params: idParams,
        body: authoriseBody,
        response: { 200: recordSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return authoriseAssessment(request.session, request.params.id, request.body);
    },
  );

  api.put(
    '/work-items/:id/cin-plan',
    {
      schema: {
        tags,
        summary: 'Record the child in need plan: start, needs, outcomes, next review',
        params: idParams,
        body: cinPlanBody,
        response: { 200: recordSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return saveCinPlan(request.session, request.params.id, request.body);
    },
  );

  api.post(
    '/work-items/:id/cin-plan/actions',
    {
      schema: {
        tags,
        summary: 'Add an action to the child in need plan: what, who, by when',
        params: idParams,
        body: actionBody,
        response: { 200: recordSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return addCinPlanAction(request.session, request.params.id, request.body);
    },
  );

  api.put(
    '/work-items/:id/cp-plan/latest-category',
    {
      schema: {
        tags,
        summary: "Record the child protection plan's latest category of abuse",
        params: idParams,
        body: categoryBody,
        response: { 200: recordSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return recordLatestCategory(request.session, request.params.id, request.body);
    },
  );

  api.post(
    '/children/:childId/visits',
    {
      schema: {
        tags,
        summary: 'Record a visit to the child: seen, seen alone, by whom',
        params: childParams,
        headers: idempotencyHeaders,
        body: visitBody,
        response: { 201: visitSchema, ...errors },
      },
    },
    async (request, reply) =>
      answerCreated(
        request,
        reply,
        'POST /api/children/:childId/visits',
        { params: request.params, body: request.body },
        (s) => recordVisit(s, request.params.childId, request.body),
      ),
  );

  api.get(
    '/children/:childId/visits',
    {
      schema: {
        tags,
        summary: "The child's visits, latest first",
        params: childParams,
        response: { 200: z.object({ visits: z.array(visitSchema) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { visits: await listChildVisits(request.session, request.params.childId) };
    },
  );
}
