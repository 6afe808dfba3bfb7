/** The front door: contacts, MASH enquiries, triage and decisions (issue 3) */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  addMashRequest,
  answerMashRequest,
  getContact,
  listTriage,
  recordContactConsent,
} from '../../use-cases/triage-use-cases.js';
import { createContact, decideOnContact } from '../../use-cases/contact-use-cases.js';
import { once } from '../../use-cases/idempotency.js';
import type { AppDeps } from '../app-deps.js';
import {
  contactBody,
  contactConsentBody,
  contactReceiptSchema,
  contactViewSchema,
  decisionBody,
  decisionResponse,
  mashAnswerBody,
  mashAnswerParams,
  mashRequestBody,
  triageSchema,
  workItemParams,
} from '../api-front-door-schemas.js';
import { errorResponse, idempotencyHeaders, idempotencyKeyOf } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  415: errorResponse,
  422: errorResponse,
};
const tags = ['front door'];

export function registerFrontDoorApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.handle.db;

  api.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Make a contact to the front door',
        description:
          "Every child in the family and both parents (001); consent given, refused with why, or not sought with the reason and who was consulted (004 §4); the referrer's level sets priority (001). Written in one transaction with the people, relationships, consent, the referrer's involvement and the `contact` work item. Send an `Idempotency-Key` header to make retries safe: the same key and body answer the first contact; the same key with another body is refused (422 BATON_IDEMPOTENCY_CONFLICT).",
        headers: idempotencyHeaders,
        body: contactBody,
        response: { 201: contactReceiptSchema, ...errors },
      },
      config: { clientScope: 'contacts:create' },
    },
    async (request, reply) => {
      requireActor(request);
      const result = await once(
        request.session,
        { key: idempotencyKeyOf(request), route: 'POST /api/contacts', request: request.body },
        201,
        (s) => createContact(s.db, s.ctx, s.packs, s.packId, request.body),
      );
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result.body);
    },
  );

  api.get(
    '/contacts/:workItemId',
    {
      schema: {
        tags,
        summary: 'A contact: children, parents, consent, concerns, MASH requests and decisions',
        params: workItemParams,
        response: { 200: contactViewSchema, ...errors },
      },
      // A partner's system reads back the contacts it made, as its agency may (access policy).
      config: { clientScope: 'contacts:create' },
    },
    async (request) => {
      requireActor(request);
      return getContact(request.session, request.params.workItemId);
    },
  );

  api.get(
    '/triage',
    {
      schema: {
        tags,
        summary: "The front door's tray: open contacts by priority, with the decision due",
        response: { 200: triageSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listTriage(request.session) };
    },
  );

  api.post(
    '/contacts/:workItemId/mash-requests',
    {
      schema: {
        tags,
        summary: 'Ask a partner agency for information (MASH enquiry)',
        params: workItemParams,
        body: mashRequestBody,
        response: { 201: contactViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const { agency, question, version } = request.body;
      const view = await addMashRequest(request.session, request.params.workItemId, {
        agency,
        question,
        expectedVersion: version,
      });
      return reply.status(201).send(view);
    },
  );

  api.post(
    '/contacts/:workItemId/mash-requests/:requestId/answer',
    {
      schema: {
        tags,
        summary: "Record a partner agency's answer to a MASH request",
        params: mashAnswerParams,
        body: mashAnswerBody,
        response: { 200: contactViewSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return answerMashRequest(
        request.session,
        request.params.workItemId,
        request.params.requestId,
        { answer: request.body.answer, expectedVersion: request.body.version },
      );
    },
  );

  api.post(
    '/contacts/:workItemId/consents',
    {
      schema: {
        tags,
        summary: 'Record consent the front door obtains while triaging, for every child',
        params: workItemParams,
        body: contactConsentBody,
        response: { 201: contactViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const b = request.body;
      const view = await recordContactConsent(request.session, request.params.workItemId, {
        purpose: b.purpose,
        decision: b.decision,
        givenByPersonId: b.givenByPersonId ?? null,
        method: b.method ?? null,
        notSoughtReason: b.notSoughtReason ?? null,
        consulted: b.consulted ?? null,
        notes: b.notes ?? null,
      });
      return reply.status(201).send(view);
    },
  );

  api.post(
    '/contacts/:workItemId/decision',
    {
      schema: {
        tags,
        summary: "Decide on a contact with one of the pack's outcomes",
        description:
          "A team manager's decision is applied; a front-door worker's waits for a team manager to authorise it (status awaiting-authorisation). A decision the pack's rules refuse answers 422 BATON_TRANSITION_REFUSED with `missing`: each rule, what is missing and its citation. The referrer is told the outcome and why.",
        params: workItemParams,
        body: decisionBody,
        response: { 200: decisionResponse, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return decideOnContact(db, request.ctx, deps.packs, request.params.workItemId, request.body);
    },
  );
}
