/** The JSON API. Thin: parse (zod), call one use-case or repository, answer. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { toCsv } from '../../../core/export/index.js';
import { findPack, packDetail, packSummary } from '../../policy/pack-views.js';
import { searchAudit } from '../../use-cases/audit-use-cases.js';
import { getCheck, judgeCheck } from '../../use-cases/check-review-use-cases.js';
import { signIn, signOut } from '../../use-cases/sign-in-use-cases.js';
import { runAndRecordCheck } from '../../use-cases/threshold-check-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import {
  auditEventSchema,
  auditQuerySchema,
  errorResponse,
  errorResponses,
  judgementBody,
  packDetailSchema,
  packSummarySchema,
  sessionResponse,
  signInBody,
  storedCheckSchema,
  thresholdCheckBody,
} from '../api-schemas.js';
import { clearSessionCookie, requireActor, setSessionCookie } from '../request-context-plugin.js';
import { signInLimit } from '../sign-in-limit.js';
import { registerAccountApi } from './api-account-routes.js';
import { registerAdminApi } from './api-admin-routes.js';
import { registerEarlyHelpApi } from './api-early-help-routes.js';
import { registerFrontDoorApi } from './api-front-door-routes.js';
import { registerPeopleApi } from './api-people-routes.js';
import { registerRecordApi } from './api-record-routes.js';
import { registerReturnsApi } from './api-returns-routes.js';
import { registerWebhookApi } from './api-webhook-routes.js';

const errors = errorResponses(400, 401, 403, 404, 409, 415, 429);
const idParams = z.object({ id: z.string().min(1).max(100) });

export const registerApiRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (
  app: FastifyInstance,
  { deps },
) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.handle.db;

  // Cookie-authenticated JSON only: a cross-site form cannot send application/json without a
  // CORS preflight, which Baton never grants. This is the API's CSRF defence.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'DELETE')
      return;
    const type = request.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/json'))
      throw new BatonError('BATON_UNSUPPORTED_MEDIA_TYPE');
  });

  // Every update names the version it read (issue 13 finding 11): a PUT or PATCH without one
  // would overwrite whatever is stored. Checked here for every such route, before its schema, so
  // the answer is one coded error that says what to send. Signed-out callers get their 401 first.
  app.addHook('preValidation', async (request) => {
    if (request.method !== 'PUT' && request.method !== 'PATCH') return;
    if (!request.ctx.actor) return;
    const body: unknown = request.body;
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && !('version' in body))
      throw new BatonError('BATON_VERSION_REQUIRED');
  });

  api.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in (sets the session cookie)',
        body: signInBody,
        response: { 200: sessionResponse, ...errors },
      },
      preHandler: signInLimit(deps.config.signInLimit),
    },
    async (request, reply) => {
      if (!deps.config.passwordSignIn) throw new BatonError('BATON_PASSWORD_SIGN_IN_OFF');
      const { token, actor } = await signIn(
        request.session,
        request.body.username,
        request.body.password,
        deps.config.sessionLifetimes,
      );
      setSessionCookie(reply, token, deps.config.cookieSecure);
      return {
        user: {
          id: actor.userId,
          username: actor.username,
          displayName: actor.displayName,
          agencyId: actor.agencyId,
          agencyKind: actor.agencyKind,
          roles: [...actor.roles],
        },
      };
    },
  );

  api.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.sessionToken !== null) await signOut(request.session, request.sessionToken);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/policy-packs',
    {
      schema: {
        tags: ['policy'],
        summary: 'List the loaded policy packs',
        response: { 200: z.object({ packs: z.array(packSummarySchema) }) },
      },
    },
    async () => {
      return { packs: [...deps.packs.values()].map(packSummary) };
    },
  );

  api.get(
    '/policy-packs/:packId',
    {
      schema: {
        tags: ['policy'],
        summary: 'One policy pack: a flat list of indicators, and its workflows with their steps',
        params: z.object({ packId: z.string().max(100) }),
        response: { 200: packDetailSchema, 404: errorResponse },
      },
    },
    async (request) => packDetail(findPack(deps.packs, request.params.packId)),
  );

  api.post(
    '/threshold-checks',
    {
      schema: {
        tags: ['threshold'],
        summary: "Check a child's level of need and record the check",
        description:
          'Evaluates the chosen indicators against the pack and records the check (with the pack id and version) as a decision of the signed-in practitioner.',
        body: thresholdCheckBody,
        response: { 201: storedCheckSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const check = await runAndRecordCheck(db, request.ctx, deps.packs, request.body);
      return reply.status(201).send(check);
    },
  );

  api.get(
    '/threshold-checks/:id',
    {
      schema: {
        tags: ['threshold'],
        summary: 'A recorded check',
        params: idParams,
        response: { 200: storedCheckSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getCheck(request.session, request.params.id);
    },
  );

  api.put(
    '/threshold-checks/:id/judgement',
    {
      schema: {
        tags: ['threshold'],
        summary: "Record the practitioner's own level",
        params: idParams,
        body: judgementBody,
        response: { 200: storedCheckSchema, ...errors, 422: errorResponse },
      },
    },
    async (request) => {
      requireActor(request);
      const { level, reason, version } = request.body;
      return judgeCheck(request.session, request.params.id, {
        level,
        reason,
        expectedVersion: version,
      });
    },
  );

  api.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (auditors and administrators)',
        querystring: auditQuerySchema,
        response: { 200: z.object({ events: z.array(auditEventSchema) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { events: await searchAudit(request.session, request.query) };
    },
  );

  api.get(
    '/audit-events.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail search as CSV, for auditors (formula cells neutralised)',
        querystring: auditQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const events = await searchAudit(request.session, request.query);
      const csv = toCsv(
        [
          'seq',
          'at',
          'action',
          'outcome',
          'objectType',
          'objectId',
          'actorUserId',
          'actorAgencyId',
          'actorRoles',
          'reason',
          'requestId',
        ],
        events.map((e) => [
          e.seq,
          e.at,
          e.action,
          e.outcome,
          e.objectType,
          e.objectId,
          e.actorUserId,
          e.actorAgencyId,
          e.actorRoles.join(' '),
          e.reason,
          e.requestId,
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="baton-audit-events.csv"')
        .send(csv);
    },
  );

  registerPeopleApi(app);
  registerFrontDoorApi(app, deps);
  registerEarlyHelpApi(app, deps);
  registerRecordApi(app, deps);
  registerAdminApi(app, deps);
  registerReturnsApi(app);
  registerAccountApi(app);
  registerWebhookApi(app);
};
