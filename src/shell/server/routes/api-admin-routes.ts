/** The administration API (issue 15 §1): administrators only; every change audited. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import * as admin from '../../use-cases/admin-use-cases.js';
import { outboxStates } from '../../use-cases/admin-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import {
  agencyBody,
  agencySchema,
  grantResponse,
  linkSignInBody,
  pendingGrantSchema,
  roleBody,
  roleSchema,
  signInLinkResponse,
  teamBody,
  teamSchema,
  userBody,
  userSchema,
} from '../api-admin-schemas.js';
import { errorResponses, sessionResponse } from '../api-schemas.js';
import { requireActor, setSessionCookie } from '../request-context-plugin.js';
import { signInLimit } from '../sign-in-limit.js';

const errors = errorResponses(400, 401, 403, 404, 409, 410, 415, 429);
const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['administration'];

const outboxSummarySchema = z.object({
  counts: z.object({ queued: z.number(), sent: z.number(), failed: z.number() }),
  retried: z.number().describe('messages delivered after more than one attempt'),
  messages: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(['email', 'webhook']),
      eventType: z.string(),
      eventId: z.string().describe('the id the receiver sees, to drop a repeat'),
      recipient: z.string(),
      state: z.enum(outboxStates),
      attempts: z.number(),
      createdAt: z.string(),
      nextAttemptAt: z.string(),
      sentAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});

export function registerAdminApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/admin/agencies',
    {
      schema: {
        tags,
        summary: 'Every agency with its teams',
        response: { 200: z.object({ agencies: z.array(agencySchema) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { agencies: await admin.listAgencies(request.session) };
    },
  );

  api.post(
    '/admin/agencies',
    {
      schema: {
        tags,
        summary: 'Add an agency',
        body: agencyBody,
        response: { 201: agencySchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      return reply.status(201).send(await admin.addAgency(request.session, request.body));
    },
  );

  api.post(
    '/admin/agencies/:id/teams',
    {
      schema: {
        tags,
        summary: 'Add a team within an agency',
        params: idParams,
        body: teamBody,
        response: { 201: teamSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const team = await admin.addTeam(request.session, {
        agencyId: request.params.id,
        name: request.body.name,
      });
      return reply.status(201).send(team);
    },
  );

  api.get(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'Users, with their roles and the roles waiting for approval',
        querystring: z.object({ agencyId: z.string().max(100).optional() }),
        response: { 200: z.object({ users: z.array(userSchema) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { users: await admin.listUsers(request.session, request.query) };
    },
  );

  api.get(
    '/admin/outbox',
    {
      schema: {
        tags,
        summary:
          'The outbox: emails and webhook events queued, sent and failed (with why), newest first',
        querystring: z.object({
          state: z.enum(outboxStates).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: outboxSummarySchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return admin.listOutbox(request.session, request.query);
    },
  );

  api.post(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'Add a user (practice roles wait for a second administrator)',
        body: userBody,
        response: { 201: userSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      return reply.status(201).send(await admin.addUser(request.session, request.body));
    },
  );

  api.get(
    '/admin/users/:id',
    {
      schema: {
        tags,
        summary: 'One user',
        params: idParams,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return admin.getUser(request.session, request.params.id);
    },
  );

  api.post(
    '/admin/users/:id/roles',
    {
      schema: {
        tags,
        summary: 'Give a role: at once, or pending a second administrator for a practice role',
        params: idParams,
        body: roleBody,
        response: { 200: grantResponse, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return admin.grantRole(request.session, request.params.id, request.body.role);
    },
  );

  api.delete(
    '/admin/users/:id/roles/:role',
    {
      schema: {
        tags,
        summary: 'Take a role away (from the user’s next request)',
        // Checked after signing in, so that nobody learns the role names without an account.
        params: z.object({ id: z.string().min(1).max(100), role: z.string().max(60) }),
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      const role = roleSchema.safeParse(request.params.role);
      if (!role.success)
        throw new BatonError('BATON_VALIDATION', {
          details: [{ path: 'role', message: `Choose one of ${roleSchema.options.join(', ')}` }],
        });
      return admin.removeRole(request.session, request.params.id, role.data);
    },
  );

  for (const [path, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const)
    api.post(
      `/admin/users/:id/${path}`,
      {
        schema: {
          tags,
          summary: active
            ? 'Make a user active again'
            : 'Deactivate a user: their sessions end and their next request is refused',
          params: idParams,
          response: { 200: userSchema, ...errors },
        },
      },
      async (request) => {
        requireActor(request);
        return admin.setUserActive(request.session, request.params.id, active);
      },
    );

  api.post(
    '/admin/users/:id/sign-in-links',
    {
      schema: {
        tags,
        summary: 'A one-time link for the user to choose a password (valid 72 hours)',
        params: idParams,
        response: { 201: signInLinkResponse, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const link = await admin.issueSignInLink(request.session, request.params.id);
      return reply
        .status(201)
        .send({ ...link, path: `/sign-in/link/${encodeURIComponent(link.token)}` });
    },
  );

  api.get(
    '/admin/role-grants',
    {
      schema: {
        tags,
        summary: 'Roles waiting for a second administrator',
        response: { 200: z.object({ grants: z.array(pendingGrantSchema) }), ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return { grants: await admin.listPendingGrants(request.session) };
    },
  );

  for (const decision of ['approve', 'refuse'] as const)
    api.post(
      `/admin/role-grants/:id/${decision}`,
      {
        schema: {
          tags,
          summary:
            decision === 'approve'
              ? 'Approve a pending role (a second administrator: not who asked, not who receives it)'
              : 'Refuse a pending role',
          params: idParams,
          response: { 200: userSchema, ...errors },
        },
      },
      async (request) => {
        requireActor(request);
        return admin.decideGrant(request.session, request.params.id, decision);
      },
    );

  api.post(
    '/session/link',
    {
      schema: {
        tags: ['session'],
        summary: 'Choose a password with a one-time link and sign in (sets the session cookie)',
        body: linkSignInBody,
        response: { 200: sessionResponse, ...errors },
      },
      preHandler: signInLimit(deps.config.signInLimit),
    },
    async (request, reply) => {
      const { token, actor } = await admin.useSignInLink(
        request.session,
        request.body.token,
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
}
