/** The child record, consent ledger, information sharing, my work, the authorisation tray (issue 3) */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  breakGlass,
  listBreakGlassUses,
  reviewBreakGlass,
} from '../../use-cases/break-glass-use-cases.js';
import { getChildRecord, getTimeline } from '../../use-cases/child-record-use-cases.js';
import { listConsents, recordConsent } from '../../use-cases/consent-use-cases.js';
import { getMyWork, listTray, markNotificationRead } from '../../use-cases/my-work-use-cases.js';
import { listSharingDecisions, recordSharingDecision } from '../../use-cases/sharing-use-cases.js';
import {
  allocateWorker,
  decideRequest,
  getWorkItem,
  listWorkItemTransitions,
  requestTransition,
} from '../../use-cases/work-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../api-schemas.js';
import {
  allocationBody,
  breakGlassBody,
  breakGlassQuery,
  breakGlassUses,
  childRecordSchema,
  consentBody,
  consentList,
  consentView,
  idParams,
  myWorkQuery,
  myWorkSchema,
  sharingBody,
  sharingView,
  timelinePage,
  timelineQuery,
  transitionBody,
  transitionHistorySchema,
  transitionOutcomeSchema,
  trayDecisionBody,
  traySchema,
  workItemSchema,
  ruleCitationSchema,
} from '../api-record-schemas.js';
import { requireActor } from '../request-context-plugin.js';
import { registerSocialCareApi } from './api-social-care-routes.js';
import { registerSocialCareRecordApi } from './api-social-care-record-routes.js';
import { registerPreProceedingsApi } from './api-pre-proceedings-routes.js';
import { registerDisagreementApi } from './api-disagreement-routes.js';

const errors = errorResponses(400, 401, 403, 404, 409, 415, 422);

export function registerRecordApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/children/:id',
    {
      schema: {
        tags: ['children'],
        summary: "A child's record",
        description:
          'The child, related adults, identifiers, age, communication needs, the team around the child, consent, sharing decisions, work with its state and level, the current level (the highest among open work; null = universal), the lead professional, open deadlines and the first page of the timeline. Audited as child.read; refused (403, audited) without an involvement, unless emergency access was used.',
        params: idParams,
        response: { 200: childRecordSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getChildRecord(request.session, request.params.id);
    },
  );

  api.get(
    '/children/:id/timeline',
    {
      schema: {
        tags: ['children'],
        summary: "One page of a child's timeline, newest first",
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getTimeline(request.session, request.params.id, request.query);
    },
  );

  api.post(
    '/children/:id/break-glass',
    {
      schema: {
        tags: ['children'],
        summary: 'Emergency access to a child you do not work with',
        description:
          'Grants read and write access for 24 hours with a reason; the use is audited, put on the timeline and listed for team managers to review.',
        params: idParams,
        body: breakGlassBody,
        response: { 201: z.object({ childId: z.string(), granted: z.literal(true) }), ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      await breakGlass(request.session, request.params.id, request.body.reason);
      return reply.status(201).send({ childId: request.params.id, granted: true as const });
    },
  );

  api.get(
    '/break-glass',
    {
      schema: {
        tags: ['children'],
        summary: 'Uses of emergency access to review (team managers; auditors may look)',
        querystring: breakGlassQuery,
        response: { 200: breakGlassUses, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return listBreakGlassUses(request.session, {
        includeReviewed: request.query.includeReviewed === 'true',
      });
    },
  );

  api.post(
    '/break-glass/:id/review',
    {
      schema: {
        tags: ['children'],
        summary: 'Mark a use of emergency access as reviewed',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      await reviewBreakGlass(request.session, request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/children/:id/consents',
    {
      schema: {
        tags: ['consent'],
        summary: 'Record a consent decision (given, refused, not sought, withdrawn)',
        description:
          'The ledger is append-only: a withdrawal is a new record. Consent comes from a related adult with parental responsibility, or from the young person (12 or more, competent in your judgement); written consent needs a document reference; "not sought" needs one of the permitted reasons and the manager or safeguarding lead consulted (001 Consent; 004 §4).',
        params: idParams,
        body: consentBody,
        response: { 201: consentView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const saved = await recordConsent(request.session, request.params.id, request.body);
      return reply.status(201).send(saved);
    },
  );

  api.get(
    '/children/:id/consents',
    {
      schema: {
        tags: ['consent'],
        summary: "The child's consent ledger (newest first) and where each purpose stands now",
        params: idParams,
        response: { 200: consentList, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return listConsents(request.session, request.params.id);
    },
  );

  api.post(
    '/children/:id/sharing-decisions',
    {
      schema: {
        tags: ['consent'],
        summary: 'Record a decision to share, or not to share, information',
        description:
          'Seven golden rules (001 Appendix 2): what, with whom, for what purpose, the lawful basis, with consent or why without — and decisions not to share.',
        params: idParams,
        body: sharingBody,
        response: { 201: sharingView, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const saved = await recordSharingDecision(request.session, request.params.id, request.body);
      return reply.status(201).send(saved);
    },
  );

  api.get(
    '/children/:id/sharing-decisions',
    {
      schema: {
        tags: ['consent'],
        summary: "The child's information-sharing log, newest first",
        params: idParams,
        response: { 200: z.object({ decisions: z.array(sharingView) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { decisions: await listSharingDecisions(request.session, request.params.id) };
    },
  );

  api.get(
    '/my-work',
    {
      schema: {
        tags: ['work'],
        summary:
          "A page of my deadlines and my team's (25, soonest first), how many are overdue, due soon and later, and my newest notifications",
        querystring: myWorkQuery,
        response: { 200: myWorkSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getMyWork(request.session, request.query);
    },
  );

  api.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['work'],
        summary: 'Mark a notification as read',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      await markNotificationRead(request.session, request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/tray',
    {
      schema: {
        tags: ['work'],
        summary: 'Requests waiting for your authorisation',
        description:
          'Steps your role must authorise under the pack (authorisedBy), on work your agency owns: who asked, what they sent and what authorising would do.',
        response: { 200: traySchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listTray(request.session) };
    },
  );

  api.post(
    '/tray/:id/decision',
    {
      schema: {
        tags: ['work'],
        summary: 'Authorise or decline a request in the tray',
        description:
          'Authorising checks the rules again now and applies the step; declining needs a note and tells the requester.',
        params: idParams,
        body: trayDecisionBody,
        response: {
          200: z.object({
            status: z.enum(['applied', 'declined']),
            workItem: workItemSchema,
            occurredAt: z
              .string()
              .describe('when the step happened; its deadlines count from here'),
            citations: z.array(ruleCitationSchema),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      const outcome = await decideRequest(request.session, {
        transitionRecordId: request.params.id,
        decision: request.body.decision,
        note: request.body.note,
      });
      return {
        status:
          request.body.decision === 'authorise' ? ('applied' as const) : ('declined' as const),
        workItem: outcome.workItem,
        occurredAt: outcome.occurredAt,
        citations: outcome.citations,
      };
    },
  );

  api.get(
    '/work-items/:id',
    {
      schema: {
        tags: ['work'],
        summary: 'A piece of work (a contact, an early help episode…) and where it is',
        params: idParams,
        response: { 200: workItemSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getWorkItem(request.session, request.params.id);
    },
  );

  api.get(
    '/work-items/:id/transitions',
    {
      schema: {
        tags: ['work'],
        summary: 'The decision history of a piece of work',
        description: 'Who asked, who decided, the outcome and the policy pack id and version.',
        params: idParams,
        response: { 200: transitionHistorySchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        transitions: await listWorkItemTransitions(request.session, request.params.id),
      };
    },
  );

  api.post(
    '/work-items/:id/transitions',
    {
      schema: {
        tags: ['work'],
        summary: 'Take (or ask for) a step in the workflow',
        description:
          "201 when applied; 202 when it waits in a manager's tray; 422 BATON_TRANSITION_REFUSED with `missing` (rule, message, citation) when the pack's rules are not met; 409 when the version is stale or the step is not available.",
        params: idParams,
        body: transitionBody,
        response: { 201: transitionOutcomeSchema, 202: transitionOutcomeSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const outcome = await requestTransition(request.session, {
        workItemId: request.params.id,
        transitionId: request.body.transitionId,
        payload: request.body.payload,
        expectedVersion: request.body.version,
        occurredAt: request.body.occurredAt,
      });
      return reply.status(outcome.status === 'applied' ? 201 : 202).send(outcome);
    },
  );
  api.post(
    '/work-items/:id/allocation',
    {
      schema: {
        tags: ['work'],
        summary:
          "Allocate a worker to statutory work (a team manager, from the team's social workers)",
        description:
          'The worker leads the work, its open deadlines become theirs, they can see each child and are told (by email too, if they chose it), in one transaction. 403 for anyone but a team manager of the team holding the open statutory work; 400 for someone outside the team.',
        params: idParams,
        body: allocationBody,
        response: { 200: workItemSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return allocateWorker(request.session, request.params.id, {
        userId: request.body.userId,
        expectedVersion: request.body.version,
      });
    },
  );
  registerDisagreementApi(app, deps);
  registerSocialCareApi(app, deps);
  registerSocialCareRecordApi(app);
  registerPreProceedingsApi(app);
}
