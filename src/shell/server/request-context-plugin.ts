/**
 * Builds the RequestContext once per request (actor from the session cookie, request id,
 * remote address, the time) so routes never touch sessions or clocks themselves.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Actor } from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import {
  actorForSession,
  appendAudit,
  clientForToken,
  type ClientScope,
  type RequestContext,
  type SessionLifetimes,
} from '../repositories/index.js';
import { Session } from '../session/index.js';

export const SESSION_COOKIE = 'baton_session';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    /** The per-request session every use-case is given (access, audit, one unit of work). */
    session: Session;
    sessionToken: string | null;
    /** The API client a bearer token names (null for people and the anonymous). */
    client: { clientId: string; name: string; scopes: readonly ClientScope[] } | null;
  }
  interface FastifyContextConfig {
    /** The one scope an API client needs to call this route; routes without one refuse clients. */
    clientScope?: ClientScope;
  }
}

export interface ContextOptions {
  db: Kysely<Database>;
  clock: () => Date;
  packs: ReadonlyMap<string, ResolvedPack>;
  /** The deployment's pack, for new work. */
  packId: string;
  /** Idle timeout for sessions (the absolute one is fixed at sign-in). */
  sessions?: Pick<SessionLifetimes, 'idleMinutes'>;
}

export const requestContextPlugin = fp<ContextOptions>(
  (app: FastifyInstance, opts: ContextOptions, done: () => void) => {
    app.decorateRequest('ctx', null as unknown as RequestContext);
    app.decorateRequest('session', null as unknown as Session);
    app.decorateRequest('sessionToken', null);
    app.decorateRequest('client', null);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      const now = opts.clock().toISOString();
      const bearer = request.url.startsWith('/api/') ? bearerToken(request) : undefined;
      if (bearer !== undefined) return clientRequest(request, bearer, now);
      const token = request.cookies[SESSION_COOKIE] ?? null;
      const actor =
        token !== null && token !== ''
          ? await actorForSession(opts.db, token, now, opts.sessions)
          : null;
      request.sessionToken = actor ? token : null;
      setContext(request, actor, now);
    });

    const setContext = (request: FastifyRequest, actor: Actor | null, now: string) => {
      request.ctx = { actor, requestId: request.id, remoteAddress: request.ip, now };
      request.session = new Session({
        db: opts.db,
        ctx: request.ctx,
        packs: opts.packs,
        packId: opts.packId,
      });
    };

    // Another system, with its API token: the client's service user is the actor, and the route
    // must name a scope the client has. Both refusals are audited.
    const clientRequest = async (request: FastifyRequest, token: string, now: string) => {
      const client = await clientForToken(opts.db, token, now);
      setContext(request, client?.actor ?? null, now);
      if (!client) {
        await appendAudit(opts.db, request.ctx, {
          action: 'api-client.token',
          outcome: 'refused',
          reason: 'unknown, revoked or expired API token',
        });
        throw new BatonError('BATON_CLIENT_TOKEN_INVALID');
      }
      request.client = { clientId: client.clientId, name: client.name, scopes: client.scopes };
      const needed = request.routeOptions.config.clientScope;
      if (needed === undefined || !client.scopes.includes(needed)) {
        await appendAudit(opts.db, request.ctx, {
          action: 'api-client.scope',
          outcome: 'refused',
          objectType: 'api-client',
          objectId: client.clientId,
          reason: `${request.method} ${request.routeOptions.url ?? 'unknown route'} needs ${needed ?? 'a person signed in'}`,
        });
        throw new BatonError('BATON_CLIENT_SCOPE');
      }
    };
    done();
  },
  { name: 'baton-request-context' },
);

/** The token of an `Authorization: Bearer …` header; an empty string for any other scheme. */
function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  return /^Bearer +(\S+)$/i.exec(header)?.[1] ?? '';
}

/** The signed-in actor, or a BATON_NOT_SIGNED_IN error (pages turn it into a redirect). */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.ctx.actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return request.ctx.actor;
}

/**
 * Set the session cookie: HttpOnly, SameSite=Lax, Secure when configured. No Max-Age: the server
 * ends the session (idle and absolute timeouts), and the browser forgets it when it closes.
 */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
